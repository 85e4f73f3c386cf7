// audit's line parsers on arbitrary bytes: each input is split into lines that go through the
// line classifier, the JSON or text parser, the RBAC details parser and the verdict, as the
// reader hands them over (each line followed by padding).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "audit/json_log_parser.h"
#include "audit/line_kind.h"
#include "audit/log_reader.h"
#include "audit/outcome.h"
#include "audit/text_log_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static tg::audit::JsonLogParser json;
  std::vector<char> buffer(data, data + size);
  buffer.resize(size + tg::audit::LogReader::kLinePadding, ' ');
  std::string_view all(buffer.data(), size);
  size_t start = 0;
  while (start <= size) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = size;
    std::string_view line = all.substr(start, end - start);
    tg::audit::LogRecord r;
    const char* problem = "";
    switch (tg::audit::kindOf(line)) {
      case tg::audit::LineKind::Json: problem = json.parse(line, buffer.size() - start, r); break;
      case tg::audit::LineKind::Text: problem = tg::audit::parseTextLogLine(line, r); break;
      default: break;
    }
    if (!problem) (void)tg::audit::classify(r);
    start = end + 1;
  }
  return 0;
}
