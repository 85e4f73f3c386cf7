// One flat JSON object written field by field: what a decision log line needs on the request path,
// without building a document first. Strings are escaped as JSON requires and bytes that are not
// UTF-8 become U+FFFD, so the line is valid JSON whatever the request carried.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tg::authz {

class JsonLine {
 public:
  JsonLine& field(std::string_view key, std::string_view value);
  // The value cut to its first `maxBytes` bytes, "..." appended when cut (fields from requests).
  JsonLine& field(std::string_view key, std::string_view value, size_t maxBytes);
  JsonLine& field(std::string_view key, int64_t value);

  // The object, closed.
  std::string finish() &&;

 private:
  void key(std::string_view k);
  void string(std::string_view s, std::string_view suffix = {});

  std::string out_ = "{";
};

}  // namespace tg::authz
