#include "audit/line_kind.h"

namespace tg::audit {

LineKind kindOf(std::string_view line) {
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) return LineKind::Blank;
  line.remove_prefix(start);
  if (line.front() == '{') return LineKind::Json;
  if (line.front() == '[') {
    size_t close = line.find(']');
    if (close == std::string_view::npos) return LineKind::Unknown;
    std::string_view after = line.substr(close + 1);
    if (after.starts_with(" \"")) return LineKind::Text;
    if (after.starts_with('[')) return LineKind::ProxyMessage;
    return LineKind::Unknown;
  }
  size_t tab = line.find('\t');
  if (line.front() >= '0' && line.front() <= '9' && tab != std::string_view::npos && tab < 40) return LineKind::ProxyMessage;
  return LineKind::Unknown;
}

}  // namespace tg::audit
