// The audit result and how entries add up to it. Memory grows with the number of distinct
// groups (source, destination, policy), alerts, days and, up to a cap, denied paths; never with
// the number of lines.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "audit/attribution.h"
#include "audit/declared_flows.h"
#include "audit/outcome.h"

namespace tg::audit {

struct AuditOptions {
  // Entries with start_time in [since, until) count; RFC 3339 UTC or a date, compared as text
  // (Envoy logs START_TIME in UTC). Empty: unbounded. Entries without a start time always count.
  std::string since, until;
  size_t topPaths = 10;
  size_t maxTrackedPaths = 10000;  // distinct denied paths counted; the rest as "other paths"
  size_t maxReportedErrors = 10;   // malformed lines listed; all are counted
};

// How often and when: first and last start_time (text, so they order like time).
struct Seen {
  uint64_t count = 0;
  std::string first, last;

  void add(std::string_view time);
};

struct DeniedGroup {
  std::string src, dst, srcTenant, dstTenant;
  std::string layer;    // authorization | network
  std::string policy;   // "tenant-b/deny-others", "none" (no ALLOW policy matched), or as logged
  int rule = -1;        // the policy's rule index, when logged
  std::string flags;    // network: Envoy's response flags (UF, URX)
  Seen seen;
};

// A cross-tenant request that reached its destination and that the spec does not declare; or a
// tenant's request to a shared service beyond the service's declared ports, methods and paths.
struct Alert {
  std::string src, dst, srcTenant, dstTenant;  // dstTenant is empty for a shared service
  std::string sharedService;                   // the spec's name for it, else empty
  uint32_t port = 0;
  std::string example;  // the first such request: METHOD PATH -> CODE
  Seen seen;
};

struct PathCount {
  std::string path;
  uint64_t count = 0;
};

struct DayCounts {
  std::string day;  // YYYY-MM-DD (UTC)
  uint64_t crossTenant = 0, denied = 0, alerts = 0;
};

struct InputError {
  std::string file;
  uint64_t line = 0;  // 0: the input as a whole
  std::string message;
};

struct AuditSummary {
  uint64_t inputs = 0, lines = 0, entries = 0;
  uint64_t malformed = 0, proxyMessages = 0, outsideWindow = 0;
  uint64_t clientCopies = 0;  // outbound entries of requests the destination's proxy logged
  uint64_t unattributedSource = 0, unattributedDestination = 0;
  uint64_t sameTenant = 0, notBetweenTenants = 0;  // platform, or a shared service's own calls
  uint64_t sharedServiceRequests = 0;              // from tenants, alerts included
  uint64_t crossTenant = 0, crossTenantDenied = 0, crossTenantDeclared = 0, alerts = 0;
  uint64_t otherDeniedPaths = 0;  // denied requests on paths beyond maxTrackedPaths
};

struct AuditResult {
  AuditSummary summary;
  std::vector<DeniedGroup> denied;  // most frequent first
  std::vector<Alert> alerts;        // most frequent first
  std::vector<PathCount> topDeniedPaths;
  std::vector<DayCounts> days;      // in order
  std::vector<InputError> errors;   // the first maxReportedErrors malformed lines, unreadable inputs
  bool inputError = false;          // any malformed line or unreadable input

  bool hasAlerts() const { return !alerts.empty(); }
};

class ReportBuilder {
 public:
  ReportBuilder(Attribution& attribution, const DeclaredFlows& declared, const AuditOptions& options);

  void add(const LogRecord& r);
  void error(std::string_view file, uint64_t line, std::string_view message);
  AuditSummary& summary() { return result_.summary; }
  AuditResult finish() &&;

 private:
  bool inWindow(std::string_view time) const;
  DayCounts* day(std::string_view time);
  void addDenied(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst, DayCounts* d);
  void addAllowed(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst, DayCounts* d);
  void addSharedUse(const LogRecord& r, const Outcome& o, Attribution::Id src, Attribution::Id dst);
  void addAlert(const LogRecord& r, Attribution::Id src, Attribution::Id dst, uint32_t port, DayCounts* d);

  Attribution& attribution_;
  const DeclaredFlows& declared_;
  const AuditOptions& options_;
  std::string since_, until_;  // without a trailing Z, so that fractions of seconds compare right
  AuditResult result_;
  // (source, destination, layer, what denied it)
  std::map<std::tuple<Attribution::Id, Attribution::Id, bool, std::string>, DeniedGroup> denied_;
  std::map<std::tuple<Attribution::Id, Attribution::Id, uint32_t>, Alert> alerts_;
  std::unordered_map<std::string, uint64_t> deniedPaths_;
  std::map<std::string, DayCounts, std::less<>> days_;
};

}  // namespace tg::audit
