#include "audit/log_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tg::audit {
namespace {

constexpr size_t kBlock = 4 << 20;
constexpr size_t kReleaseEvery = 32 << 20;  // mapped bytes read before they are given back

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

LogReader::Mapping::~Mapping() {
  if (data) munmap(const_cast<char*>(data), size);
}

bool LogReader::open(const std::string& path, std::string& error) {
  int fd = path == "-" ? dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  begin_ = end_ = 0;
  eof_ = false;
  lineNumber_ = 0;
  struct stat st {};
  unsigned char magic[2] = {0, 0};
  if (path != "-" && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && pread(fd, magic, 2, 0) == 2 &&
      !(magic[0] == 0x1f && magic[1] == 0x8b)) {
    void* p = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      ::close(fd);
      madvise(p, static_cast<size_t>(st.st_size), MADV_SEQUENTIAL);
      map_ = std::make_unique<Mapping>();
      map_->data = static_cast<const char*>(p);
      map_->size = static_cast<size_t>(st.st_size);
      return true;
    }
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

void LogReader::finish(const char* start, size_t length, const char* end, LogLine& line) {
  std::string_view text(start, length);
  if (text.ends_with('\r')) text.remove_suffix(1);
  line.pod = takeKubectlPrefix(text);
  line.text = text;
  line.number = ++lineNumber_;
  line.capacity = static_cast<size_t>(end - text.data());
}

bool LogReader::nextMapped(LogLine& line) {
  Mapping& m = *map_;
  // The previous line has been used: give back the pages before it, a large step at a time.
  if (begin_ - m.released >= kReleaseEvery) {
    size_t upTo = begin_ & ~static_cast<size_t>(sysconf(_SC_PAGESIZE) - 1);
    madvise(const_cast<char*>(m.data) + m.released, upTo - m.released, MADV_DONTNEED);
    m.released = upTo;
  }
  if (begin_ >= m.size) return false;
  const char* start = m.data + begin_;
  const char* nl = static_cast<const char*>(std::memchr(start, '\n', m.size - begin_));
  size_t length = nl ? static_cast<size_t>(nl - start) : m.size - begin_;
  begin_ += length + (nl ? 1 : 0);
  if (m.data + m.size - start >= static_cast<std::ptrdiff_t>(length + kLinePadding)) {
    finish(start, length, m.data + m.size, line);
    return true;
  }
  // Near the end of the file the mapping has no room for the padding: copy the line.
  buffer_.assign(start, start + length);
  buffer_.resize(length + kLinePadding);
  finish(buffer_.data(), length, buffer_.data() + buffer_.size(), line);
  return true;
}

bool LogReader::next(LogLine& line) {
  if (map_) return nextMapped(line);
  const char* nl = nullptr;
  while (!(nl = static_cast<const char*>(std::memchr(buffer_.data() + begin_, '\n', end_ - begin_)))) {
    if (!fill()) break;
  }
  if (!nl && begin_ == end_) return false;
  const char* start = buffer_.data() + begin_;
  size_t length = nl ? static_cast<size_t>(nl - start) : end_ - begin_;
  begin_ += nl ? length + 1 : length;  // the last line may lack its newline
  finish(start, length, buffer_.data() + buffer_.size(), line);
  return true;
}

}  // namespace tg::audit
