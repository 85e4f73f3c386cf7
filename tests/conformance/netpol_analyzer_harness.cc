// Runs np-guard/netpol-analyzer's connlist cases (../shared/conformance/netpol-analyzer/cases)
// through tenantguard's connectivity and compares the lines as sets.
//
//   netpol_analyzer_harness CASES_DIR [SUMMARY_FILE]
//
// Prints every failing case with a few differing lines and ends with `N passed, M failed`.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "layers/network/network_layer.h"
#include "load/loader.h"
#include "report/connectivity_report.h"
#include "verify/connectivity.h"

namespace fs = std::filesystem;

namespace {

// Cases left out, each with the reason. None so far: every case runs.
const std::map<std::string, std::string> kExcluded = {};

std::set<std::string> readLines(std::istream& in) {
  std::set<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) out.insert(line);
  }
  return out;
}

// netpol-analyzer does not model IPv6 (it warns and drops IPv6 ipBlocks and networks), so lines
// whose external peer is an IPv6 range have no counterpart in its output.
bool isIpv6ExternalLine(const std::string& line) {
  auto pos = line.find("[External]");
  if (pos == std::string::npos) return false;
  auto space = line.rfind(' ', pos);
  size_t start = space == std::string::npos ? 0 : space + 1;
  std::string peer = line.substr(start, pos - start);
  return peer.find(':') != std::string::npos;
}

std::set<std::string> tenantguardLines(const fs::path& input) {
  tg::load::LoadResult r = tg::load::loadPaths({input.string()});
  // netpol-analyzer treats hostNetwork pods as ordinary pods that policies select; Kubernetes
  // does not (DESIGN §2), and neither does tenantguard by default. To compare everything else in
  // these cases, the harness loads them as netpol-analyzer reads them.
  for (auto& w : r.cluster.workloads) w.hostNetwork = false;
  tg::layers::network::NetworkLayer network(r.cluster);
  std::istringstream text(tg::report::renderConnectivity(tg::verify::computeConnectivity(r.cluster, network), "txt"));
  std::set<std::string> lines = readLines(text);
  std::erase_if(lines, isIpv6ExternalLine);
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: netpol_analyzer_harness CASES_DIR [SUMMARY_FILE]\n";
    return 2;
  }
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(argv[1]))
    if (e.is_directory()) cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());

  int passed = 0, failed = 0;
  for (const fs::path& c : cases) {
    std::string name = c.filename().string();
    if (auto ex = kExcluded.find(name); ex != kExcluded.end()) {
      std::cout << "excluded " << name << ": " << ex->second << "\n";
      continue;
    }
    std::ifstream expectedFile(c / "expected_connlist.txt");
    std::set<std::string> expected = readLines(expectedFile);
    std::set<std::string> got = tenantguardLines(c / "input");
    if (got == expected) {
      ++passed;
      continue;
    }
    ++failed;
    std::vector<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(), std::back_inserter(missing));
    std::set_difference(got.begin(), got.end(), expected.begin(), expected.end(), std::back_inserter(extra));
    std::cout << "FAIL " << name << ": " << missing.size() << " expected lines missing, " << extra.size()
              << " unexpected\n";
    for (size_t i = 0; i < std::min<size_t>(3, missing.size()); ++i) std::cout << "  - " << missing[i] << "\n";
    for (size_t i = 0; i < std::min<size_t>(3, extra.size()); ++i) std::cout << "  + " << extra[i] << "\n";
  }
  std::string summary = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  std::cout << "netpol-analyzer: " << summary << " (" << kExcluded.size() << " excluded)\n" << summary << "\n";
  if (argc > 2) std::ofstream(argv[2]) << "netpol-analyzer: " << summary << " (" << kExcluded.size() << " excluded)\n";
  return failed == 0 ? 0 : 1;
}
