#include "audit/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace tg::audit {
namespace {

uint32_t toPort(std::string_view s) {
  uint32_t port = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  return ec == std::errc{} && end == s.data() + s.size() && port <= 65535 ? port : 0;
}

// The destination port: the upstream cluster's (`inbound|8080||`, `outbound|8080||host`), else the
// address the request went to.
uint32_t destinationPort(const LogRecord& r, Direction d) {
  std::string_view c = r.upstreamCluster;
  if (size_t bar = c.find('|'); bar != std::string_view::npos) {
    c.remove_prefix(bar + 1);
    if (uint32_t p = toPort(c.substr(0, c.find('|')))) return p;
  }
  std::string_view address = d == Direction::Inbound ? r.downstreamLocalAddress : r.upstreamHost;
  size_t colon = address.rfind(':');
  return colon == std::string_view::npos ? 0 : toPort(address.substr(colon + 1));
}

std::string_view withoutQuery(std::string_view path) { return path.substr(0, path.find('?')); }

// The names a new group (DeniedGroup, Alert) shows for its two parties; a shared service has no
// tenant.
template <typename Group>
void nameParties(Group& g, const Party& from, const Party& to) {
  g.src = from.name;
  g.dst = to.name;
  g.srcTenant = *from.tenant;
  if (to.tenant) g.dstTenant = *to.tenant;
}

std::string trimZ(std::string s) {
  if (s.ends_with('Z') || s.ends_with('z')) s.pop_back();
  return s;
}

template <typename Map, typename T>
std::vector<T> byCountDescending(Map& groups) {
  std::vector<T> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  std::stable_sort(out.begin(), out.end(), [](const T& a, const T& b) {
    if (a.seen.count != b.seen.count) return a.seen.count > b.seen.count;
    return std::tie(a.src, a.dst) < std::tie(b.src, b.dst);
  });
  return out;
}

}  // namespace

void Seen::add(std::string_view time) {
  ++count;
  if (time.empty()) return;
  if (first.empty() || time < first) first = time;
  if (last.empty() || time > last) last = time;
}

ReportBuilder::ReportBuilder(Attribution& attribution, const DeclaredFlows& declared, const AuditOptions& options)
    : attribution_(attribution), declared_(declared), options_(options), since_(trimZ(options.since)),
      until_(trimZ(options.until)) {}

bool ReportBuilder::inWindow(std::string_view time) const {
  if (time.empty()) return true;  // nothing to filter on
  if (!since_.empty() && time < since_) return false;
  return until_.empty() || time < until_;
}

DayCounts* ReportBuilder::day(std::string_view time) {
  if (time.size() < 10) return nullptr;
  std::string_view date = time.substr(0, 10);
  auto it = days_.find(date);
  if (it == days_.end()) it = days_.emplace(std::string(date), DayCounts{std::string(date)}).first;
  return &it->second;
}

void ReportBuilder::error(std::string_view file, uint64_t line, std::string_view message) {
  result_.inputError = true;
  if (line) ++result_.summary.malformed;
  if (!line || result_.errors.size() < options_.maxReportedErrors)
    result_.errors.push_back({std::string(file), line, std::string(message)});
}

void ReportBuilder::add(const LogRecord& r) {
  AuditSummary& s = result_.summary;
  ++s.entries;
  if (!inWindow(r.startTime)) {
    ++s.outsideWindow;
    return;
  }
  Outcome o = classify(r);
  if (o.verdict == Verdict::ClientCopy) {
    ++s.clientCopies;
    return;
  }
  Attribution::Id src = attribution_.source(r, o.direction);
  if (src == Attribution::kUnknown) {
    ++s.unattributedSource;
    return;
  }
  Attribution::Id dst = attribution_.destination(r, o.direction);
  if (dst == Attribution::kUnknown) {
    ++s.unattributedDestination;
    return;
  }
  const Party& from = attribution_.party(src);
  const Party& to = attribution_.party(dst);
  if (from.tenant && to.shared) {
    addSharedUse(r, o, src, dst);
    return;
  }
  if (!from.tenant || !to.tenant) {
    ++s.notBetweenTenants;
    return;
  }
  if (*from.tenant == *to.tenant) {
    ++s.sameTenant;
    return;
  }
  ++s.crossTenant;
  DayCounts* d = day(r.startTime);
  if (d) ++d->crossTenant;
  if (o.verdict == Verdict::Allowed) addAllowed(r, o, src, dst, d);
  else addDenied(r, o, src, dst, d);
}

void ReportBuilder::addDenied(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst, DayCounts* d) {
  ++result_.summary.crossTenantDenied;
  if (d) ++d->denied;
  bool network = o.verdict == Verdict::DeniedNetwork;
  std::string what(network ? r.responseFlags : o.rbac->matched);
  auto [it, added] = denied_.try_emplace({src, dst, network, what});
  DeniedGroup& g = it->second;
  if (added) {
    nameParties(g, attribution_.party(src), attribution_.party(dst));
    g.layer = network ? "network" : "authorization";
    if (network) g.flags = what;
    else if (!o.rbac->name.empty()) {
      g.policy = fmt::format("{}/{}", o.rbac->ns, o.rbac->name);
      g.rule = o.rbac->rule;
    } else {
      g.policy = what;
    }
  }
  g.seen.add(r.startTime);

  if (r.path.empty()) return;
  std::string_view path = withoutQuery(r.path);
  if (auto p = deniedPaths_.find(std::string(path)); p != deniedPaths_.end()) ++p->second;
  else if (deniedPaths_.size() < options_.maxTrackedPaths) deniedPaths_.emplace(path, 1);
  else ++result_.summary.otherDeniedPaths;
}

void ReportBuilder::addAllowed(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst, DayCounts* d) {
  uint32_t port = destinationPort(r, o.direction);
  if (declared_.declares(attribution_.party(src), attribution_.party(dst), port, r.method, r.path)) {
    ++result_.summary.crossTenantDeclared;
    return;
  }
  addAlert(r, src, dst, port, d);
}

void ReportBuilder::addSharedUse(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst) {
  ++result_.summary.sharedServiceRequests;
  if (o.verdict != Verdict::Allowed) return;  // the service's policy held
  uint32_t port = destinationPort(r, o.direction);
  if (!declared_.allowsSharedUse(attribution_.party(src), attribution_.party(dst), port, r.method, r.path))
    addAlert(r, src, dst, port, day(r.startTime));
}

void ReportBuilder::addAlert(const LogRecord& r, Attribution::Id src, Attribution::Id dst, uint32_t port, DayCounts* d) {
  ++result_.summary.alerts;
  if (d) ++d->alerts;
  auto [it, added] = alerts_.try_emplace({src, dst, port});
  Alert& a = it->second;
  if (added) {
    const Party& to = attribution_.party(dst);
    nameParties(a, attribution_.party(src), to);
    if (to.shared) a.sharedService = to.shared->name;
    a.port = port;
    a.example = r.method.empty() ? fmt::format("TCP connection, response flags {}", r.responseFlags.empty() ? "-" : r.responseFlags)
                                 : fmt::format("{} {} -> {}", r.method, r.path, r.responseCode);
  }
  a.seen.add(r.startTime);
}

AuditResult ReportBuilder::finish() && {
  result_.denied = byCountDescending<decltype(denied_), DeniedGroup>(denied_);
  result_.alerts = byCountDescending<decltype(alerts_), Alert>(alerts_);
  for (auto& [path, count] : deniedPaths_) result_.topDeniedPaths.push_back({path, count});
  std::sort(result_.topDeniedPaths.begin(), result_.topDeniedPaths.end(),
            [](const PathCount& a, const PathCount& b) { return a.count != b.count ? a.count > b.count : a.path < b.path; });
  if (result_.topDeniedPaths.size() > options_.topPaths) result_.topDeniedPaths.resize(options_.topPaths);
  for (auto& [date, counts] : days_) result_.days.push_back(counts);
  return std::move(result_);
}

}  // namespace tg::audit
