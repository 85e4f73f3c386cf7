// Reading network-config-analyzer scheme files (`*-scheme.yaml`): where each network config takes
// its topology and policies from, and the connectivityMap queries this harness checks.
//
//   namespaceList / podList / resourceList        global topology (files or directories)
//   networkConfigList: [{name, namespaceList?, podList?, resourceList?, networkPolicyList?}]
//   queries: [{name, connectivityMap: [config, ...], expectedOutput, outputConfiguration}]
//
// Paths are relative to the scheme file. A directory is read without its subdirectories unless
// the entry ends in `**`, as NCA does.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tg::conformance::nca {

struct InputPath {
  std::filesystem::path path;
  bool recursive = false;  // written `dir/**`
};

// Absent (nullopt) and given-but-empty are different to NCA: a given list overrides the
// fallbacks even when it is empty.
using InputList = std::optional<std::vector<InputPath>>;

struct InputLists {
  InputList namespaceList;
  InputList podList;
  InputList resourceList;
  InputList networkPolicyList;  // only in network configs
};

struct NetworkConfig {
  std::string name;
  InputLists inputs;
};

enum class OutputFormat {
  FwRules,    // `txt` (NCA's default): fw-rules
  Connlist,   // `txt_no_fw_rules`: one `SRC => DST : CONN` line per peer pair
};

struct ConnectivityQuery {
  std::string name;
  // Each entry is a config name, or `config/[kind/][namespace/]policy` for one of its policies.
  std::vector<std::string> configs;
  std::filesystem::path expectedOutput;
  OutputFormat format = OutputFormat::FwRules;
};

struct Scheme {
  std::filesystem::path file;
  InputLists global;  // namespaceList, podList, resourceList
  std::vector<NetworkConfig> configs;
  // Only connectivityMap queries whose expectedOutput is a `.txt` file.
  std::vector<ConnectivityQuery> queries;

  const NetworkConfig* findConfig(std::string_view name) const;
};

class SchemeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws SchemeError when the file is not a readable scheme.
Scheme readScheme(const std::filesystem::path& file);

// Every `*-scheme.yaml` under `dir`, sorted.
std::vector<std::filesystem::path> findSchemes(const std::filesystem::path& dir);

}  // namespace tg::conformance::nca
