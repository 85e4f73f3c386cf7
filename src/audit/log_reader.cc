#include "audit/log_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tg::audit {
namespace {

constexpr size_t kBlock = 4 << 20;

// `[pod/NAME/CONTAINER] ` from `kubectl logs --prefix`; the pod name, or empty.
std::string_view takeKubectlPrefix(std::string_view& line) {
  if (!line.starts_with("[pod/")) return {};
  size_t close = line.find("] ");
  if (close == std::string_view::npos) return {};
  std::string_view inside = line.substr(5, close - 5);
  size_t slash = inside.find('/');
  line.remove_prefix(close + 2);
  return inside.substr(0, slash);
}

}  // namespace

bool LogReader::open(const std::string& path, std::string& error) {
  int fd = path == "-" ? dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  gzFile f = gzdopen(fd, "rb");
  if (!f) {
    ::close(fd);
    error = "cannot read it";
    return false;
  }
  gzbuffer(f, 1 << 20);
  file_.reset(f);
  buffer_.resize(kBlock + kLinePadding);
  begin_ = end_ = 0;
  eof_ = false;
  lineNumber_ = 0;
  return true;
}

// Moves the unread tail to the front and reads more after it; grows the buffer when one line
// fills it.
bool LogReader::fill() {
  if (eof_) return false;
  std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  size_t room = buffer_.size() - kLinePadding;
  if (end_ == room) buffer_.resize(2 * room + kLinePadding);
  room = buffer_.size() - kLinePadding;
  int n = gzread(file_.get(), buffer_.data() + end_, static_cast<unsigned>(room - end_));
  if (n < 0) {
    int code = 0;
    error_ = gzerror(file_.get(), &code);
    eof_ = true;
    return false;
  }
  if (n == 0) eof_ = true;
  end_ += static_cast<size_t>(n);
  return n > 0;
}

bool LogReader::next(LogLine& line) {
  const char* nl = nullptr;
  while (!(nl = static_cast<const char*>(std::memchr(buffer_.data() + begin_, '\n', end_ - begin_)))) {
    if (!fill()) break;
  }
  if (!nl && begin_ == end_) return false;
  const char* start = buffer_.data() + begin_;
  size_t length = nl ? static_cast<size_t>(nl - start) : end_ - begin_;
  begin_ += nl ? length + 1 : length;  // the last line may lack its newline
  std::string_view text(start, length);
  if (text.ends_with('\r')) text.remove_suffix(1);
  line.pod = takeKubectlPrefix(text);
  line.text = text;
  line.number = ++lineNumber_;
  line.capacity = static_cast<size_t>(buffer_.data() + buffer_.size() - text.data());
  return true;
}

}  // namespace tg::audit
