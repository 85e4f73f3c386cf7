// NamespaceNames: the cluster's namespaces by name, for finding the few that an identity pattern
// (a principal, namespace or service-account pattern of an AuthorizationPolicy) singles out.
//
//   NamespaceNames names(cluster.namespaces);
//   names.withPrefix("team-", ids);   // appends the positions of team-a, team-b, ...
//
// Ids are positions in the list the index was built from. Appending the same id twice is allowed;
// callers sort and deduplicate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/namespace.h"

namespace tg::layers::mesh {

class NamespaceNames {
 public:
  explicit NamespaceNames(const std::vector<model::Namespace>& namespaces);

  void named(std::string_view name, std::vector<uint32_t>& out) const;
  void withPrefix(std::string_view prefix, std::vector<uint32_t>& out) const;
  void withSuffix(std::string_view suffix, std::vector<uint32_t>& out) const;
  void all(std::vector<uint32_t>& out) const;

 private:
  std::vector<std::pair<std::string_view, uint32_t>> sorted_;  // by name
};

}  // namespace tg::layers::mesh
