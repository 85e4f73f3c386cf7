#include "model/object.h"

namespace tg::model {

const std::string& Source::path() const {
  static const std::string kNone = "<unknown>";
  return file ? *file : kNone;
}

std::string Source::str() const { return path() + ":" + std::to_string(line); }

std::string ObjectMeta::qualifiedName() const { return ns.empty() ? name : ns + "/" + name; }

}  // namespace tg::model
