// Conformance: Calico's own selector parser tables (../shared/conformance/calico-selectors/).
//
//   calico_selectors_harness [calico-selectors.json] [summary-file]
//
// Without arguments it reads the suite and writes the summary where the build configured them.
//
// Checks every `selectorTests` entry (each label set in `matches` must match, each in
// `nonMatches` must not), that every `badSelectors` string is rejected, and that every
// `canonicalisation` input prints as its canonical form. Prints each failure by name and ends
// with `N passed, M failed`; exits 0 only when nothing failed. No case is excluded.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "selector/calico/selector.h"

#ifndef TG_CALICO_SELECTORS_JSON
#define TG_CALICO_SELECTORS_JSON "calico-selectors.json"
#endif
#ifndef TG_CALICO_SELECTORS_SUMMARY
#define TG_CALICO_SELECTORS_SUMMARY ""
#endif

namespace {

using tg::selector::calico::Selector;

struct Tally {
  int passed = 0;
  int failed = 0;

  void check(bool ok, const std::string& name, const std::string& detail) {
    if (ok) {
      ++passed;
      return;
    }
    ++failed;
    std::cout << "FAIL " << name << ": " << detail << "\n";
  }
};

tg::model::Labels labelsOf(const nlohmann::json& j) {
  tg::model::Labels out;
  for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = it.value().get<std::string>();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : TG_CALICO_SELECTORS_JSON;
  std::string summaryPath = argc > 2 ? argv[2] : TG_CALICO_SELECTORS_SUMMARY;
  std::ifstream in(path);
  if (!in) {
    std::cerr << "calico_selectors_harness: cannot read " << path << "\n";
    return 2;
  }
  nlohmann::json suite;
  try {
    suite = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "calico_selectors_harness: " << path << ": " << e.what() << "\n";
    return 2;
  }

  Tally t;
  const auto& tests = suite.at("selectorTests");
  for (size_t i = 0; i < tests.size(); ++i) {
    const std::string sel = tests[i].at("selector").get<std::string>();
    const std::string name = fmt::format("selectorTests[{}] {:?}", i, sel);
    auto r = Selector::parse(sel);
    if (!r) {
      t.check(false, name, "rejected: " + r.error().str());
      continue;
    }
    const auto& yes = tests[i].at("matches");
    for (size_t k = 0; k < yes.size(); ++k)
      t.check(r.selector().matches(labelsOf(yes[k])), fmt::format("{} matches[{}]", name, k),
              "should match " + yes[k].dump());
    const auto& no = tests[i].at("nonMatches");
    for (size_t k = 0; k < no.size(); ++k)
      t.check(!r.selector().matches(labelsOf(no[k])), fmt::format("{} nonMatches[{}]", name, k),
              "should not match " + no[k].dump());
  }

  const auto& bad = suite.at("badSelectors");
  for (size_t i = 0; i < bad.size(); ++i) {
    const std::string sel = bad[i].get<std::string>();
    auto r = Selector::parse(sel);
    t.check(!r, fmt::format("badSelectors[{}] {:?}", i, sel), r ? "accepted as " + r.selector().str() : "");
  }

  const auto& canon = suite.at("canonicalisation");
  for (size_t i = 0; i < canon.size(); ++i) {
    const std::string input = canon[i].at("input").get<std::string>();
    const std::string want = canon[i].at("canonical").get<std::string>();
    const std::string name = fmt::format("canonicalisation[{}] {:?}", i, input);
    auto r = Selector::parse(input);
    if (!r) {
      t.check(false, name, "rejected: " + r.error().str());
      continue;
    }
    std::string got = r.selector().str();
    t.check(got == want, name, fmt::format("printed {:?}, want {:?}", got, want));
  }

  std::string summary = fmt::format("{} passed, {} failed", t.passed, t.failed);
  std::cout << summary << "\n";
  if (!summaryPath.empty()) {
    std::ofstream out(summaryPath);
    out << summary << "\n";
  }
  return t.failed == 0 ? 0 : 1;
}
