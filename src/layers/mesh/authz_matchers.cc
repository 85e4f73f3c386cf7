#include "layers/mesh/authz_matchers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tg::layers::mesh {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool anyMatches(const std::vector<StringPattern>& ps, const std::string& v) {
  return std::any_of(ps.begin(), ps.end(), [&](const StringPattern& p) { return p.matches(v); });
}

std::vector<std::string> texts(const std::vector<StringPattern>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.text());
  return out;
}

// The path Envoy matches: without query string or fragment.
std::string pathOnly(const std::string& p) { return p.substr(0, p.find_first_of("?#")); }

// "host:port" also matches a pattern written without the port.
std::string hostOnly(const std::string& h) {
  if (!h.empty() && h.front() == '[') return h.substr(0, h.find(']') + 1);
  auto colon = h.rfind(':');
  return colon == std::string::npos ? h : h.substr(0, colon);
}

std::vector<std::string> segments(const std::string& p) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// `{*}` is one whole non-empty segment; `{**}` (last) is one or more segments.
bool templateMatches(const std::string& pattern, const std::string& path) {
  std::vector<std::string> ps = segments(pattern), vs = segments(path);
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i] == "{**}") return i < vs.size() && !vs[i].empty();
    if (i >= vs.size()) return false;
    if (ps[i] == "{*}" ? vs[i].empty() : ps[i] != vs[i]) return false;
  }
  return ps.size() == vs.size();
}

}  // namespace

std::string joinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += "|";
    out += v.empty() ? "\"\"" : v;
  }
  return out;
}

StringPattern::StringPattern(std::string pattern, bool ignoreCase) : text_(std::move(pattern)), ignoreCase_(ignoreCase) {
  const std::string& t = text_;
  if (t.find("{*}") != std::string::npos || t.find("{**}") != std::string::npos) {
    kind_ = Kind::Template;  // Istio path templates
    value_ = t;
  } else if (t == "*") {
    kind_ = Kind::Present;
  } else if (!t.empty() && t.back() == '*') {
    kind_ = Kind::Prefix;
    value_ = t.substr(0, t.size() - 1);
  } else if (!t.empty() && t.front() == '*') {
    kind_ = Kind::Suffix;
    value_ = t.substr(1);
  } else {
    value_ = t;
  }
  if (ignoreCase_) value_ = lower(value_);
}

bool StringPattern::matches(const std::string& raw) const {
  std::string v = ignoreCase_ ? lower(raw) : raw;
  switch (kind_) {
    case Kind::Present: return !v.empty();
    case Kind::Exact: return v == value_;
    case Kind::Prefix: return v.size() >= value_.size() && v.compare(0, value_.size(), value_) == 0;
    case Kind::Suffix:
      return v.size() >= value_.size() && v.compare(v.size() - value_.size(), value_.size(), value_) == 0;
    case Kind::Template: return templateMatches(value_, v);
  }
  return false;
}

PeerReach StringPattern::reachOverPrefix(const std::string& prefix) const {
  if (ignoreCase_) return PeerReach::Varies;
  bool startsWithPrefix = value_.compare(0, prefix.size(), prefix) == 0;
  switch (kind_) {
    case Kind::Present: return PeerReach::All;
    case Kind::Exact: return startsWithPrefix && value_.size() > prefix.size() ? PeerReach::Varies : PeerReach::None;
    case Kind::Prefix:
      if (prefix.compare(0, value_.size(), value_) == 0) return PeerReach::All;  // value_ is a prefix of prefix
      return startsWithPrefix ? PeerReach::Varies : PeerReach::None;
    default: return PeerReach::Varies;
  }
}

void StringPattern::singledOutAfter(std::string_view head, const NamespaceNames& names, std::vector<uint32_t>& out) const {
  // Suffixes, templates and case-insensitive patterns answer Varies, and `*` All, whatever the
  // namespace; an exact or prefix value can only name the namespaces its text goes on with.
  if (ignoreCase_ || (kind_ != Kind::Exact && kind_ != Kind::Prefix)) return;
  if (value_.compare(0, head.size(), head) != 0) return;  // None (or All, for a prefix of head) throughout
  std::string_view rest = std::string_view(value_).substr(head.size());
  if (rest.empty()) return;
  size_t slash = rest.find('/');
  if (slash != std::string_view::npos) names.named(rest.substr(0, slash), out);
  else names.withPrefix(rest, out);
}

void StringPattern::singledOutNames(const NamespaceNames& names, std::vector<uint32_t>& out) const {
  if (ignoreCase_) return names.all(out);
  switch (kind_) {
    case Kind::Present: return;  // every name is non-empty
    case Kind::Exact: return names.named(value_, out);
    case Kind::Prefix: return names.withPrefix(value_, out);
    case Kind::Suffix: return names.withSuffix(value_, out);
    case Kind::Template: return names.all(out);
  }
}

namespace {

// One leaf over values that all start with `prefix`.
void leafReach(const std::vector<StringPattern>& patterns, const std::string& prefix, std::string& sig) {
  PeerReach r = PeerReach::None;
  for (const StringPattern& p : patterns) r = anyOf(r, p.reachOverPrefix(prefix));
  sig += static_cast<char>(r);
}

}  // namespace

void PrincipalMatcher::sourceReach(const SourceScope& scope, std::string& sig) const {
  leafReach(patterns_, scope.trustDomain + "/ns/" + scope.ns + "/sa/", sig);
}

void NamespaceMatcher::sourceReach(const SourceScope& scope, std::string& sig) const {
  sig += static_cast<char>(anyMatches(patterns_, scope.ns) ? PeerReach::All : PeerReach::None);
}

void ServiceAccountMatcher::sourceReach(const SourceScope& scope, std::string& sig) const {
  leafReach(patterns_, scope.ns + "/", sig);
}

void PrincipalMatcher::singledOut(const NamespaceNames& names, std::string_view td, std::vector<uint32_t>& out) const {
  std::string head = std::string(td) + "/ns/";
  for (const StringPattern& p : patterns_) p.singledOutAfter(head, names, out);
}

void NamespaceMatcher::singledOut(const NamespaceNames& names, std::string_view, std::vector<uint32_t>& out) const {
  for (const StringPattern& p : patterns_) p.singledOutNames(names, out);
}

void ServiceAccountMatcher::singledOut(const NamespaceNames& names, std::string_view, std::vector<uint32_t>& out) const {
  for (const StringPattern& p : patterns_) p.singledOutAfter("", names, out);
}

Cond AndMatcher::matches(const FlowFacts& f) const {
  std::vector<Cond> parts;
  for (const auto& p : parts_) {
    Cond c = p->matches(f);
    if (c.isFalse()) return c;
    parts.push_back(std::move(c));
  }
  return Cond::all(std::move(parts));
}

Cond OrMatcher::matches(const FlowFacts& f) const {
  std::vector<Cond> parts;
  for (const auto& p : parts_) {
    Cond c = p->matches(f);
    if (c.isTrue()) return c;
    parts.push_back(std::move(c));
  }
  return Cond::any(std::move(parts));
}

Cond PrincipalMatcher::matches(const FlowFacts& f) const {
  return Cond::of(f.mtls && anyMatches(patterns_, f.principal));
}

Cond NamespaceMatcher::matches(const FlowFacts& f) const { return Cond::of(f.mtls && anyMatches(patterns_, f.ns)); }

Cond ServiceAccountMatcher::matches(const FlowFacts& f) const {
  return Cond::of(f.mtls && anyMatches(patterns_, f.ns + "/" + f.serviceAccount));
}

Cond IpMatcher::matches(const FlowFacts& f) const {
  const net::IpSet& have = which_ == Which::Destination ? f.destinationIps : f.sourceIps;
  const char* what = which_ == Which::Source ? "source IP" : which_ == Which::Remote ? "remote IP" : "destination IP";
  if (!have.empty()) {
    if (addresses_.covers(have)) return Cond::truth();
    if (addresses_.intersect(have).empty()) return Cond::falsity();
  }
  // Unknown addresses, or some of the endpoint's addresses in the block and some not.
  return Cond::atom(fmt::format("{} in {}", what, text_), fmt::format("{} not in {}", what, text_));
}

Cond PortMatcher::matches(const FlowFacts& f) const {
  return Cond::of(std::find(ports_.begin(), ports_.end(), f.port) != ports_.end());
}

Cond RequestMatcher::matches(const FlowFacts& f) const {
  if (f.request) {
    const HttpRequest& r = *f.request;
    switch (attr_) {
      case Attribute::Method: return Cond::of(anyMatches(patterns_, r.method));
      case Attribute::Path: return Cond::of(anyMatches(patterns_, pathOnly(r.path)));
      case Attribute::Host:
        if (r.host) return Cond::of(anyMatches(patterns_, *r.host) || anyMatches(patterns_, hostOnly(*r.host)));
        break;  // the request leaves the host open
      case Attribute::Header: {
        auto it = r.headers.find(header_);
        return Cond::of(it != r.headers.end() && anyMatches(patterns_, it->second));
      }
    }
  }
  std::string values = joinValues(texts(patterns_));
  switch (attr_) {
    case Attribute::Method: return Cond::atom("method " + values, "method not " + values);
    case Attribute::Path: return Cond::atom("path " + values, "path not " + values);
    case Attribute::Host: return Cond::atom("host " + values, "host not " + values);
    case Attribute::Header:
      return Cond::atom(fmt::format("header {}: {}", header_, values),
                        fmt::format("header {} absent or not {}", header_, values));
  }
  return Cond::truth();
}

Cond OpenMatcher::matches(const FlowFacts&) const {
  std::string v = joinValues(values_);
  return Cond::atom(fmt::format("{} {}", attribute_, v), fmt::format("{} not {}", attribute_, v));
}

}  // namespace tg::layers::mesh
