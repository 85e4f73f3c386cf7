#include "config_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "document_text.h"
#include "live_sim.h"
#include "load/parse.h"

namespace tg::conformance::nca {
namespace fs = std::filesystem;

namespace {

enum class Purpose { Namespaces, Pods, Policies };

// The kinds NCA takes for each purpose (TopologyObjectsFinder, PoliciesFinder). NCA does not read
// PeerAuthentication (it does not model mTLS), so neither does the harness.
constexpr std::array kPodKinds{
    "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController",
    "WorkloadEndpoint", "HostEndpoint", "NetworkSet", "GlobalNetworkSet",
    "Service", "ServiceEntry",  // services are read with the pods
};
constexpr std::array kPolicyKinds{
    "NetworkPolicy", "GlobalNetworkPolicy", "Profile",         // Kubernetes, Calico
    "AuthorizationPolicy", "Sidecar", "Gateway", "VirtualService",  // Istio
    "Ingress",
};

template <size_t N>
bool contains(const std::array<const char*, N>& kinds, std::string_view kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string textField(const load::Node& n, std::string_view key) {
  const load::Node* v = n.get(key);
  return v && v->isScalar() ? std::string(v->text()) : std::string();
}

std::string metadataField(const load::Node& n, std::string_view key) {
  const load::Node* md = n.get("metadata");
  return md ? textField(*md, key) : std::string();
}

// NCA's policy type names (as used in `config/Type/ns/name`) → kind and apiVersion group.
struct PolicyType {
  std::string_view ncaName;
  std::string_view kind;
  std::string_view groupPart;  // a substring of the apiVersion; empty: any
};
constexpr std::array kPolicyTypes{
    PolicyType{"K8sNetworkPolicy", "NetworkPolicy", "networking.k8s.io"},
    PolicyType{"CalicoNetworkPolicy", "NetworkPolicy", "projectcalico.org"},
    PolicyType{"CalicoGlobalNetworkPolicy", "GlobalNetworkPolicy", ""},
    PolicyType{"CalicoProfile", "Profile", ""},
    PolicyType{"IstioAuthorizationPolicy", "AuthorizationPolicy", ""},
    PolicyType{"IstioSidecar", "Sidecar", ""},
    PolicyType{"K8sIngress", "Ingress", ""},
};

const PolicyType* findPolicyType(std::string_view ncaName) {
  for (const PolicyType& t : kPolicyTypes)
    if (t.ncaName == ncaName) return &t;
  return nullptr;
}

bool matchesPolicyRef(const PolicyRef& ref, std::string_view kind, std::string_view apiVersion, const load::Node& doc) {
  if (!ref.kind.empty()) {
    const PolicyType* t = findPolicyType(ref.kind);
    if (t) {
      if (kind != t->kind || apiVersion.find(t->groupPart) == std::string_view::npos) return false;
    } else if (kind != ref.kind) {
      return false;
    }
  }
  if (!ref.ns.empty()) {
    std::string ns = metadataField(doc, "namespace");
    if ((ns.empty() ? "default" : ns) != ref.ns) return false;
  }
  return metadataField(doc, "name") == ref.name;
}

// One input file, parsed once per config.
struct ParsedFile {
  fs::path path;
  load::ParsedText parsed;
};

// Documents picked from files (a list document holds only the items picked).
using Picked = std::vector<std::pair<const ParsedFile*, load::Node>>;

class DocumentPicker {
 public:
  explicit DocumentPicker(const PolicyRef* only) : only_(only) {}

  // The documents of `files` that NCA reads for `purpose`: whole objects, or lists cut down to
  // the items it reads.
  Picked pick(const std::vector<const ParsedFile*>& files, Purpose purpose) {
    Picked out;
    for (const ParsedFile* f : files)
      for (const load::Node& doc : f->parsed.documents) {
        if (!doc.isMapping()) continue;
        std::string kind = textField(doc, "kind");
        const load::Node* items = doc.get("items");
        if (endsWith(kind, "List") && items && items->isSequence()) {
          // Items of a typed list (`PodList`) may leave out their kind: it is the list's.
          std::string itemKind = kind == "List" ? "" : kind.substr(0, kind.size() - 4);
          std::string listApi = textField(doc, "apiVersion");
          // The cut list is a copy of the document's fields with `items` narrowed; its nodes
          // live in the picker's arena, as long as what it picked.
          std::vector<load::Node> kept;
          for (const load::Node& item : items->items()) {
            if (!item.isMapping()) continue;
            std::string k = textField(item, "kind");
            if (k.empty()) k = itemKind;
            std::string api = textField(item, "apiVersion");
            if (wanted(purpose, k, api.empty() ? listApi : api, item)) kept.push_back(item);
          }
          if (kept.empty()) continue;
          std::vector<load::Field> fields(doc.fields().begin(), doc.fields().end());
          for (load::Field& field : fields)
            if (field.key == "items") {
              field.value = load::Node::sequence(arena_.copy<load::Node>(kept), items->line());
              break;
            }
          out.emplace_back(f, load::Node::mapping(arena_.copy<load::Field>(fields), doc.line()));
        } else if (wanted(purpose, kind, textField(doc, "apiVersion"), doc)) {
          out.emplace_back(f, doc);
        }
      }
    return out;
  }

  bool policyFound() const { return policyFound_; }

 private:
  bool wanted(Purpose purpose, std::string_view kind, std::string_view apiVersion, const load::Node& doc) {
    switch (purpose) {
      case Purpose::Namespaces: return kind == "Namespace";
      case Purpose::Pods: return contains(kPodKinds, kind);
      case Purpose::Policies:
        if (!contains(kPolicyKinds, kind)) return false;
        if (!only_) return true;
        if (!matchesPolicyRef(*only_, kind, apiVersion, doc)) return false;
        policyFound_ = true;
        return true;
    }
    return false;
  }

  const PolicyRef* only_;
  bool policyFound_ = false;
  load::Arena arena_;  // lists cut down to what was picked
};

bool isManifestFile(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

// The files of an input list: files as given; directories without their subdirectories unless
// written `dir/**`.
std::vector<fs::path> filesOf(const std::vector<InputPath>& list, std::vector<load::Diagnostic>& diags) {
  std::vector<fs::path> out;
  for (const InputPath& in : list) {
    std::error_code ec;
    if (!fs::is_directory(in.path, ec)) {
      if (!fs::exists(in.path, ec)) diags.push_back({in.path.string(), 0, "input path does not exist"});
      else out.push_back(in.path);
      continue;
    }
    std::vector<fs::path> files;
    if (in.recursive) {
      for (const auto& e : fs::recursive_directory_iterator(in.path, ec))
        if (e.is_regular_file() && isManifestFile(e.path())) files.push_back(e.path());
    } else {
      for (const auto& e : fs::directory_iterator(in.path, ec))
        if (e.is_regular_file() && isManifestFile(e.path())) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

class FileCache {
 public:
  explicit FileCache(std::vector<load::Diagnostic>& diags) : diags_(diags) {}

  std::vector<const ParsedFile*> get(const InputList& list) {
    std::vector<const ParsedFile*> out;
    if (!list) return out;
    for (const fs::path& p : filesOf(*list, diags_)) out.push_back(&parse(p));
    return out;
  }

 private:
  const ParsedFile& parse(const fs::path& p) {
    auto it = files_.find(p);
    if (it != files_.end()) return it->second;
    ParsedFile f{p, {}};
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    f.parsed = p.extension() == ".json" ? load::parseJson(text.str()) : load::parseYaml(text.str());
    for (const load::ParseError& e : f.parsed.errors) diags_.push_back({p.string(), e.line, e.message});
    return files_.emplace(p, std::move(f)).first->second;
  }

  std::vector<load::Diagnostic>& diags_;
  std::map<fs::path, ParsedFile> files_;
};

// The kinds of the picked objects (list items count by their own kind, or their list's).
std::set<std::string> kindsOf(const Picked& picked) {
  std::set<std::string> out;
  for (const auto& [file, doc] : picked) {
    std::string kind = textField(doc, "kind");
    const load::Node* items = doc.get("items");
    if (!endsWith(kind, "List") || !items) {
      out.insert(kind);
      continue;
    }
    for (const load::Node& item : items->items()) {
      std::string k = textField(item, "kind");
      out.insert(k.empty() ? kind.substr(0, kind.size() - 4) : k);
    }
  }
  return out;
}

}  // namespace

ConfigRef parseConfigRef(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = text.find('/', start)) != std::string::npos; start = slash + 1)
    parts.push_back(text.substr(start, slash - start));
  parts.push_back(text.substr(start));

  ConfigRef ref{parts[0], std::nullopt};
  if (parts.size() == 1) return ref;
  PolicyRef p;
  p.config = parts[0];
  p.name = parts.back();
  if (parts.size() == 4) {
    p.kind = parts[1];
    p.ns = parts[2];
  } else if (parts.size() == 3) {
    if (findPolicyType(parts[1])) p.kind = parts[1];
    else p.ns = parts[1];
  }
  ref.policy = std::move(p);
  return ref;
}

LoadedConfig loadConfig(const Scheme& scheme, const ConfigRef& ref) {
  const NetworkConfig* config = scheme.findConfig(ref.config);
  if (!config) throw SchemeError(fmt::format("{}: no network config `{}`", scheme.file.string(), ref.config));

  LoadedConfig out;
  std::vector<load::Diagnostic> diags;
  FileCache files(diags);
  DocumentPicker picker(ref.policy ? &*ref.policy : nullptr);

  auto pickTopology = [&](const InputLists& lists, Picked& namespaces, Picked& pods) {
    const InputList& nsList = lists.namespaceList ? lists.namespaceList : lists.resourceList;
    const InputList& podList = lists.podList ? lists.podList : lists.resourceList;
    namespaces = picker.pick(files.get(nsList), Purpose::Namespaces);
    pods = picker.pick(files.get(podList), Purpose::Pods);
  };

  Picked namespaces, pods;
  pickTopology(config->inputs, namespaces, pods);
  const bool specificNs = config->inputs.namespaceList.has_value();
  const bool specificPods = config->inputs.podList.has_value();
  // NCA creates the namespace of every pod it reads, so pods imply namespaces.
  const bool foundPods = !pods.empty();
  const bool foundNs = !namespaces.empty() || foundPods;
  if (!(foundPods || (specificPods && (specificNs || foundNs)))) {
    Picked globalNs, globalPods;
    pickTopology(scheme.global, globalNs, globalPods);
    if (foundNs) {
      pods = std::move(globalPods);  // only namespaces found: pods from the global topology
    } else if (specificPods) {
      namespaces = std::move(globalNs);  // an empty pod list: namespaces from the global topology
    } else {
      namespaces = std::move(globalNs);
      pods = std::move(globalPods);
    }
  }

  const InputList& policyList =
      config->inputs.networkPolicyList ? config->inputs.networkPolicyList : config->inputs.resourceList;
  Picked policies = picker.pick(files.get(policyList), Purpose::Policies);
  out.policyFound = !ref.policy || picker.policyFound();

  auto loadAll = [&](const std::vector<LiveSimDocument>& standIns) {
    load::Loader loader;
    for (const Picked* group : {&namespaces, &pods}) {
      for (const auto& [file, doc] : *group) loader.addText(file->path.string(), documentText(doc));
    }
    for (const LiveSimDocument& d : standIns) loader.addText(d.name, d.text);
    for (const auto& [file, doc] : policies) loader.addText(file->path.string(), documentText(doc));
    return std::move(loader).finish();
  };
  out.load = loadAll({});
  // Like NCA, a second reading with the stand-ins for referenced pods the input lacks.
  std::vector<LiveSimDocument> standIns = liveSimDocuments(out.load.cluster);
  if (!standIns.empty()) {
    out.load = loadAll(standIns);
    for (const LiveSimDocument& d : standIns) out.liveSimPods.push_back(d.pod);
  }
  out.load.diagnostics.insert(out.load.diagnostics.begin(), diags.begin(), diags.end());
  out.topologyKinds = kindsOf(namespaces);
  out.topologyKinds.merge(kindsOf(pods));
  out.policyKinds = kindsOf(policies);
  return out;
}

}  // namespace tg::conformance::nca
