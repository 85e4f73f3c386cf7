#include "authz_server/json_line.h"

#include <fmt/format.h>

#include <iterator>

namespace tg::authz {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence (RFC 3629) starting s[i] (a byte >= 0x80), 0 if none.
size_t utf8Length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0; };
  unsigned char c = at(0), c1 = at(1);
  if (c >= 0xC2 && c <= 0xDF) return continuation(c1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    // E0 needs A0..BF second (no overlong form), ED needs 80..9F (no surrogates).
    bool second = c == 0xE0 ? c1 >= 0xA0 && c1 <= 0xBF : c == 0xED ? c1 >= 0x80 && c1 <= 0x9F : continuation(c1);
    return second && continuation(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    // F0 needs 90..BF second (no overlong form), F4 needs 80..8F (nothing above U+10FFFF).
    bool second = c == 0xF0 ? c1 >= 0x90 && c1 <= 0xBF : c == 0xF4 ? c1 >= 0x80 && c1 <= 0x8F : continuation(c1);
    return second && continuation(at(2)) && continuation(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void JsonLine::key(std::string_view k) {
  if (out_.size() > 1) out_ += ',';
  string(k);
  out_ += ':';
}

void JsonLine::string(std::string_view s, std::string_view suffix) {
  out_ += '"';
  for (size_t i = 0; i < s.size();) {
    // Printable ASCII other than '"' and '\\' goes in as it is, a run at a time.
    auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
    size_t run = i;
    while (run < s.size() && plain(static_cast<unsigned char>(s[run]))) ++run;
    out_.append(s.substr(i, run - i));
    if ((i = run) == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8Length(s, i);
      if (n == 0) {
        out_ += "\xEF\xBF\xBD";  // U+FFFD for the stray byte; go on with the next one
        ++i;
      } else {
        out_.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: fmt::format_to(std::back_inserter(out_), "\\u{:04x}", c);  // the other control characters
    }
    ++i;
  }
  out_ += suffix;
  out_ += '"';
}

JsonLine& JsonLine::field(std::string_view k, std::string_view value) {
  key(k);
  string(value);
  return *this;
}

JsonLine& JsonLine::field(std::string_view k, std::string_view value, size_t maxBytes) {
  key(k);
  if (value.size() <= maxBytes) string(value);
  else string(value.substr(0, maxBytes), "...");
  return *this;
}

JsonLine& JsonLine::field(std::string_view k, int64_t value) {
  key(k);
  fmt::format_to(std::back_inserter(out_), "{}", value);
  return *this;
}

std::string JsonLine::finish() && {
  out_ += '}';
  return std::move(out_);
}

}  // namespace tg::authz
