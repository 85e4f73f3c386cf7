#include "layers/mesh/namespace_names.h"

#include <algorithm>

namespace tg::layers::mesh {

NamespaceNames::NamespaceNames(const std::vector<model::Namespace>& namespaces) {
  sorted_.reserve(namespaces.size());
  for (size_t i = 0; i < namespaces.size(); ++i) sorted_.emplace_back(namespaces[i].meta.name, static_cast<uint32_t>(i));
  std::sort(sorted_.begin(), sorted_.end());
}

void NamespaceNames::named(std::string_view name, std::vector<uint32_t>& out) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair<std::string_view, uint32_t>{name, 0});
  for (; it != sorted_.end() && it->first == name; ++it) out.push_back(it->second);
}

void NamespaceNames::withPrefix(std::string_view prefix, std::vector<uint32_t>& out) const {
  auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::pair<std::string_view, uint32_t>{prefix, 0});
  for (; it != sorted_.end() && it->first.substr(0, prefix.size()) == prefix; ++it) out.push_back(it->second);
}

// Suffix patterns on namespaces are rare: a scan.
void NamespaceNames::withSuffix(std::string_view suffix, std::vector<uint32_t>& out) const {
  for (const auto& [name, id] : sorted_)
    if (name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix) out.push_back(id);
}

void NamespaceNames::all(std::vector<uint32_t>& out) const {
  for (const auto& entry : sorted_) out.push_back(entry.second);
}

}  // namespace tg::layers::mesh
