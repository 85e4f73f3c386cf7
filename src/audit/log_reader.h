// Reads one log input line by line in large blocks: a file, `-` for stdin, gzip or not (zlib
// reads plain files through unchanged). Lines from `kubectl logs --prefix` lose their
// `[pod/NAME/CONTAINER] ` prefix, which names the logging pod. Memory is one block plus the
// longest line.
#pragma once

#include <zlib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tg::audit {

struct LogLine {
  std::string_view text;  // without the prefix and the line ending
  std::string_view pod;   // from the kubectl prefix, else empty
  uint64_t number = 0;    // 1-based
  size_t capacity = 0;    // readable bytes from text.data(), at least text.size() + kLinePadding
};

class LogReader {
 public:
  // Readable bytes guaranteed after every line, for parsers that read ahead (simdjson).
  static constexpr size_t kLinePadding = 64;

  LogReader() = default;
  LogReader(const LogReader&) = delete;
  LogReader& operator=(const LogReader&) = delete;

  // Opens `path` (`-`: standard input); false with `error` set when it cannot be opened.
  bool open(const std::string& path, std::string& error);
  // The next line; false at the end of the input or on a read error (then error() is set).
  bool next(LogLine& line);
  const std::string& error() const { return error_; }

 private:
  bool fill();

  struct GzClose {
    void operator()(gzFile f) const { gzclose(f); }
  };
  std::unique_ptr<gzFile_s, GzClose> file_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes
  bool eof_ = false;
  uint64_t lineNumber_ = 0;
  std::string error_;
};

}  // namespace tg::audit
