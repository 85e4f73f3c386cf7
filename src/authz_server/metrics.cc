#include "authz_server/metrics.h"

#include <fmt/format.h>

namespace tg::authz {
namespace {

// Label values are tenant names and fixed codes; escape anyway (\\, \", \n).
std::string escapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

}  // namespace

const char* transportName(Transport t) { return t == Transport::Grpc ? "grpc" : "http"; }

void Metrics::recordDecision(Transport t, const Decision& d, std::chrono::nanoseconds latency) {
  {
    std::lock_guard lock(mu_);
    auto it = decisions_.find(d.tenant);
    if (it == decisions_.end()) it = decisions_.emplace(d.tenant, TenantCounts{}).first;
    ++it->second[static_cast<size_t>(t)][d.allowed];
  }
  if (!d.allowed) denials_[static_cast<size_t>(d.reason)].fetch_add(1, std::memory_order_relaxed);
  Histogram& h = latency_[static_cast<size_t>(t)];
  double seconds = std::chrono::duration<double>(latency).count();
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  h.buckets[b].fetch_add(1, std::memory_order_relaxed);
  h.count.fetch_add(1, std::memory_order_relaxed);
  h.sumNanos.fetch_add(static_cast<uint64_t>(latency.count() > 0 ? latency.count() : 0), std::memory_order_relaxed);
}

void Metrics::recordReload(bool ok) { (ok ? reloadsOk_ : reloadsRejected_).fetch_add(1, std::memory_order_relaxed); }

uint64_t Metrics::decisions(Transport t, bool allowed, const std::string& tenant) const {
  std::lock_guard lock(mu_);
  auto it = decisions_.find(tenant);
  return it == decisions_.end() ? 0 : it->second[static_cast<size_t>(t)][allowed];
}

std::string Metrics::renderPrometheus() const {
  std::string out;
  out += "# HELP tenantguard_authz_decisions_total Authorization decisions by transport, result and caller tenant.\n";
  out += "# TYPE tenantguard_authz_decisions_total counter\n";
  {
    std::lock_guard lock(mu_);
    for (const auto& [tenant, counts] : decisions_)
      for (size_t t = 0; t < counts.size(); ++t)
        for (size_t allowed = 0; allowed < 2; ++allowed)
          if (uint64_t n = counts[t][allowed])
            out += fmt::format("tenantguard_authz_decisions_total{{transport=\"{}\",result=\"{}\",tenant=\"{}\"}} {}\n",
                               transportName(static_cast<Transport>(t)), allowed ? "allow" : "deny",
                               escapeLabel(tenant), n);
  }
  out += "# HELP tenantguard_authz_denials_total Denied checks by reason.\n";
  out += "# TYPE tenantguard_authz_denials_total counter\n";
  for (size_t r = 1; r < kReasonCount; ++r)
    out += fmt::format("tenantguard_authz_denials_total{{reason=\"{}\"}} {}\n", reasonCode(static_cast<Reason>(r)),
                       denials_[r].load(std::memory_order_relaxed));
  out += "# HELP tenantguard_authz_check_duration_seconds Time to decide one check, transport decoding included.\n";
  out += "# TYPE tenantguard_authz_check_duration_seconds histogram\n";
  for (int t = 0; t < 2; ++t) {
    const Histogram& h = latency_[t];
    const char* name = transportName(static_cast<Transport>(t));
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b].load(std::memory_order_relaxed);
      out += fmt::format("tenantguard_authz_check_duration_seconds_bucket{{transport=\"{}\",le=\"{}\"}} {}\n", name,
                         kBuckets[b], cumulative);
    }
    cumulative += h.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    out += fmt::format("tenantguard_authz_check_duration_seconds_bucket{{transport=\"{}\",le=\"+Inf\"}} {}\n", name,
                       cumulative);
    out += fmt::format("tenantguard_authz_check_duration_seconds_sum{{transport=\"{}\"}} {:.9f}\n", name,
                       static_cast<double>(h.sumNanos.load(std::memory_order_relaxed)) / 1e9);
    out += fmt::format("tenantguard_authz_check_duration_seconds_count{{transport=\"{}\"}} {}\n", name,
                       h.count.load(std::memory_order_relaxed));
  }
  out += "# HELP tenantguard_authz_spec_reloads_total Spec reloads: applied (ok) or refused because invalid (rejected).\n";
  out += "# TYPE tenantguard_authz_spec_reloads_total counter\n";
  out += fmt::format("tenantguard_authz_spec_reloads_total{{result=\"ok\"}} {}\n", reloadsOk_.load());
  out += fmt::format("tenantguard_authz_spec_reloads_total{{result=\"rejected\"}} {}\n", reloadsRejected_.load());
  out += "# HELP tenantguard_authz_spec_generation Generation of the spec in force (1 = loaded at start).\n";
  out += "# TYPE tenantguard_authz_spec_generation gauge\n";
  out += fmt::format("tenantguard_authz_spec_generation {}\n", generation_.load());
  return out;
}

}  // namespace tg::authz
