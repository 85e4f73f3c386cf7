// Istio's JSON access-log encoding (`accessLogEncoding: JSON`, or a Telemetry/EnvoyFilter JSON
// format): one object per line. Read with simdjson On-Demand, which visits the keys in order and
// skips the values audit does not need without building anything.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "audit/log_record.h"

namespace tg::audit {

class JsonLogParser {
 public:
  // `line` must be followed by simdjson::SIMDJSON_PADDING readable bytes (`capacity` counts the
  // readable bytes from line.data()). Returns null on success, else what is wrong with the line.
  // `out` views the line and this parser until the next call.
  const char* parse(std::string_view line, size_t capacity, LogRecord& out);

 private:
  simdjson::ondemand::parser parser_;
};

}  // namespace tg::audit
