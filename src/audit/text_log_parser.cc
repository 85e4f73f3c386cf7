#include "audit/text_log_parser.h"

#include <algorithm>
#include <charconv>

namespace tg::audit {
namespace {

// Takes fields from either end of the line. The user agent is the only field that can hold
// spaces and unescaped quotes, so the fields after it are read from the right and it is what
// remains in the middle.
class Fields {
 public:
  explicit Fields(std::string_view s) : s_(s) {}

  bool word(std::string_view& out) {
    trim();
    if (s_.empty() || s_.front() == '"') return false;
    size_t end = std::min(s_.find(' '), s_.size());
    out = s_.substr(0, end);
    s_.remove_prefix(end);
    return true;
  }
  bool quoted(std::string_view& out) {
    trim();
    size_t close = s_.size() < 2 || s_.front() != '"' ? std::string_view::npos : s_.find('"', 1);
    if (close == std::string_view::npos) return false;
    out = s_.substr(1, close - 1);
    s_.remove_prefix(close + 1);
    return true;
  }
  bool bracketed(std::string_view& out) {
    size_t close = s_.starts_with('[') ? s_.find(']') : std::string_view::npos;
    if (close == std::string_view::npos) return false;
    out = s_.substr(1, close - 1);
    s_.remove_prefix(close + 1);
    return true;
  }
  bool lastWord(std::string_view& out) {
    trim();
    if (s_.empty() || s_.back() == '"') return false;
    size_t space = s_.rfind(' ');
    size_t start = space == std::string_view::npos ? 0 : space + 1;
    out = s_.substr(start);
    s_.remove_suffix(s_.size() - start);
    return true;
  }
  bool lastQuoted(std::string_view& out) {
    trim();
    size_t open = s_.size() < 2 || s_.back() != '"' ? std::string_view::npos : s_.rfind('"', s_.size() - 2);
    if (open == std::string_view::npos) return false;
    out = s_.substr(open + 1, s_.size() - open - 2);
    s_.remove_suffix(s_.size() - open);
    return true;
  }
  std::string_view rest() {
    trim();
    return s_;
  }

 private:
  void trim() {
    while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
    while (!s_.empty() && s_.back() == ' ') s_.remove_suffix(1);
  }
  std::string_view s_;
};

// From the right: UPSTREAM_CLUSTER UPSTREAM_LOCAL DOWNSTREAM_LOCAL DOWNSTREAM_REMOTE, then
// REQUESTED_SERVER_NAME and ROUTE_NAME when the format has them.
const char* parseTail(Fields& f, LogRecord& out) {
  std::string_view words[6];
  int n = 0;
  while (n < 6 && f.lastWord(words[n])) ++n;
  if (n < 4) return "missing upstream cluster or addresses at the end of the line";
  std::string_view* targets[] = {&out.upstreamCluster, nullptr, &out.downstreamLocalAddress, &out.downstreamRemoteAddress,
                                 &out.requestedServerName};
  for (int i = 0; i < n && i < 5; ++i)  // words[] is right to left
    if (targets[i]) *targets[i] = words[n - 1 - i];
  std::string_view requestId;
  if (!f.lastQuoted(out.upstreamHost) || !f.lastQuoted(out.authority) || !f.lastQuoted(requestId))
    return "missing quoted request id, authority or upstream host";
  return nullptr;
}

}  // namespace

const char* parseTextLogLine(std::string_view line, LogRecord& out) {
  out.clear();
  Fields f(line);
  std::string_view request, code, ignored;
  if (!f.bracketed(out.startTime)) return "no [START_TIME] at the start of the line";
  if (!f.quoted(request)) return "no quoted \"METHOD PATH PROTOCOL\" after the start time";
  size_t firstSpace = request.find(' '), lastSpace = request.rfind(' ');
  if (firstSpace == std::string_view::npos || lastSpace == firstSpace) return "the request is not \"METHOD PATH PROTOCOL\"";
  out.method = logged(request.substr(0, firstSpace));
  out.path = logged(request.substr(firstSpace + 1, lastSpace - firstSpace - 1));

  if (!f.word(code)) return "no response code";
  if (code != "-") {
    auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), out.responseCode);
    if (ec != std::errc{} || end != code.data() + code.size()) return "the response code is not a number";
  }
  if (!f.word(out.responseFlags) || !f.word(out.responseCodeDetails) || !f.word(out.connectionTerminationDetails))
    return "missing response flags or details";
  if (!f.quoted(ignored)) return "no quoted upstream transport failure reason";
  for (int i = 0; i < 4; ++i)  // bytes received, bytes sent, duration, upstream service time
    if (!f.word(ignored)) return "missing byte counts or durations";
  if (!f.quoted(ignored)) return "no quoted x-forwarded-for";
  if (const char* e = parseTail(f, out)) return e;
  std::string_view userAgent = f.rest();
  if (userAgent.size() < 2 || userAgent.front() != '"' || userAgent.back() != '"') return "no quoted user agent";

  for (std::string_view* v : {&out.responseFlags, &out.responseCodeDetails, &out.connectionTerminationDetails,
                              &out.authority, &out.upstreamHost, &out.upstreamCluster, &out.downstreamLocalAddress,
                              &out.downstreamRemoteAddress, &out.requestedServerName})
    *v = logged(*v);
  return nullptr;
}

}  // namespace tg::audit
