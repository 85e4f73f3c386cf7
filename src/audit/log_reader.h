// Reads one log input line by line: a file, `-` for stdin, gzip or not. A plain regular file is
// mapped and read in place (no copy), and the pages already read are given back as it goes;
// anything else goes through zlib in large blocks (zlib passes plain data through unchanged).
// Lines from `kubectl logs --prefix` lose their `[pod/NAME/CONTAINER] ` prefix, which names the
// logging pod. Memory is one block (or the window of pages not yet given back) plus the longest
// line.
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
  bool nextMapped(LogLine& line);
  // Strips the line ending and prefix; `end` is where the readable bytes after the line stop.
  void finish(const char* start, size_t length, const char* end, LogLine& line);

  struct GzClose {
    void operator()(gzFile f) const { gzclose(f); }
  };
  struct Mapping {
    const char* data = nullptr;
    size_t size = 0, released = 0;  // bytes before `released` are given back
    ~Mapping();
  };
  std::unique_ptr<gzFile_s, GzClose> file_;
  std::unique_ptr<Mapping> map_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // unread bytes
  bool eof_ = false;
  uint64_t lineNumber_ = 0;
  std::string error_;
};

}  // namespace tg::audit
