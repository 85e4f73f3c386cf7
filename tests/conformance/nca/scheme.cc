#include "scheme.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "load/fields.h"
#include "load/parse.h"

namespace tg::conformance::nca {
namespace fs = std::filesystem;

namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A path entry is a string or a list of strings.
InputList readInputList(const load::Node& parent, std::string_view key, const fs::path& base) {
  const load::Node* n = parent.get(key);
  if (!n || n->isNull()) return std::nullopt;
  std::vector<std::string> entries;
  if (n->isScalar()) entries.emplace_back(n->text());
  else entries = load::stringList(n, key);
  std::vector<InputPath> out;
  for (std::string e : entries) {
    InputPath p;
    if (endsWith(e, "**")) {
      p.recursive = true;
      e.resize(e.size() - 2);
    }
    p.path = (base / e).lexically_normal();
    out.push_back(std::move(p));
  }
  return out;
}

InputLists readInputLists(const load::Node& n, const fs::path& base) {
  InputLists l;
  l.namespaceList = readInputList(n, "namespaceList", base);
  l.podList = readInputList(n, "podList", base);
  l.resourceList = readInputList(n, "resourceList", base);
  l.networkPolicyList = readInputList(n, "networkPolicyList", base);
  return l;
}

std::optional<ConnectivityQuery> readQuery(const load::Node& q, const fs::path& base) {
  const load::Node* configs = q.get("connectivityMap");
  if (!configs) return std::nullopt;
  auto expected = load::optString(q, "expectedOutput");
  if (!expected || !endsWith(*expected, ".txt")) return std::nullopt;
  ConnectivityQuery query;
  query.name = load::reqString(q, "name");
  query.configs = load::stringList(configs, "connectivityMap");
  query.expectedOutput = (base / *expected).lexically_normal();
  if (const load::Node* oc = q.get("outputConfiguration"); oc && oc->isMapping()) {
    std::string format = load::optString(*oc, "outputFormat").value_or("txt");
    if (format == "txt_no_fw_rules") query.format = OutputFormat::Connlist;
    else if (format != "txt") return std::nullopt;
  }
  return query;
}

}  // namespace

const NetworkConfig* Scheme::findConfig(std::string_view name) const {
  for (const NetworkConfig& c : configs)
    if (c.name == name) return &c;
  return nullptr;
}

Scheme readScheme(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw SchemeError(fmt::format("{}: cannot read", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  load::ParsedText parsed = load::parseYaml(text.str());
  if (!parsed.errors.empty())
    throw SchemeError(fmt::format("{}:{}: {}", file.string(), parsed.errors[0].line, parsed.errors[0].message));
  if (parsed.documents.size() != 1 || !parsed.documents[0].isMapping())
    throw SchemeError(fmt::format("{}: a scheme is one mapping", file.string()));
  const load::Node& root = parsed.documents[0];
  const fs::path base = file.parent_path();

  Scheme s;
  s.file = file;
  try {
    s.global = readInputLists(root, base);
    if (const load::Node* list = load::optSequence(root, "networkConfigList"))
      for (const load::Node& c : list->items()) {
        if (!c.isMapping()) throw load::DecodeError(c.line(), "networkConfigList entries must be mappings");
        s.configs.push_back({load::reqString(c, "name"), readInputLists(c, base)});
      }
    if (const load::Node* list = load::optSequence(root, "queries"))
      for (const load::Node& q : list->items()) {
        if (!q.isMapping()) throw load::DecodeError(q.line(), "queries entries must be mappings");
        if (auto query = readQuery(q, base)) s.queries.push_back(std::move(*query));
      }
  } catch (const load::DecodeError& e) {
    throw SchemeError(fmt::format("{}:{}: {}", file.string(), e.line(), e.what()));
  }
  return s;
}

std::vector<fs::path> findSchemes(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && endsWith(e.path().filename().string(), "-scheme.yaml")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace tg::conformance::nca
