// What every model object carries: identity, labels, and where it was declared.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace tg::model {

using Labels = std::map<std::string, std::string>;

// A place in the input: file and 1-based line. `file` is shared by all objects of one file.
struct Source {
  std::shared_ptr<const std::string> file;
  uint32_t line = 0;

  const std::string& path() const;
  std::string str() const;  // "file:line"
};

struct ObjectMeta {
  std::string apiVersion;
  std::string kind;
  std::string ns;  // empty for cluster-scoped objects
  std::string name;
  Labels labels;
  Labels annotations;
  std::string creationTimestamp;  // RFC 3339 text; compares in time order
  Source where;

  // "ns/name" or "name".
  std::string qualifiedName() const;
};

}  // namespace tg::model
