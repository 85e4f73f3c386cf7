// Bundle: the objects `generate` emits, in the order they must be applied, and the two ways of
// writing them out: one YAML stream, or a directory (one file per namespace, `cluster/` for
// cluster-scoped objects by kind, and a kustomization.yaml listing them in apply order).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "generate/yaml_writer.h"

namespace tg::generate {

inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedBy = "tenantguard";

struct Bundle {
  std::string title;         // first comment line of every file
  std::vector<Json> objects;  // apply order

  // Appends the object, labelled as managed by tenantguard (so `kubectl get -l` finds all of it).
  void add(Json object);
};

std::string renderStream(const Bundle& bundle);

// Relative path → file content, including kustomization.yaml.
std::map<std::string, std::string> renderFiles(const Bundle& bundle);

}  // namespace tg::generate
