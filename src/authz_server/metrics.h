// Prometheus metrics of serve-authz, rendered in the text exposition format (version 0.0.4):
//
//   tenantguard_authz_decisions_total{transport,result,tenant}   counter
//   tenantguard_authz_denials_total{reason}                      counter
//   tenantguard_authz_check_duration_seconds{transport}          histogram
//   tenantguard_authz_spec_reloads_total{result}                 counter (ok / rejected)
//   tenantguard_authz_spec_generation                            gauge
//
// Thread-safe; recording a decision takes one short lock (the per-tenant counters) and a few
// relaxed atomic increments.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "authz_server/decision.h"

namespace tg::authz {

enum class Transport { Grpc, Http };
const char* transportName(Transport t);  // "grpc", "http"

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 10> kBuckets{0.00005, 0.0001, 0.00025, 0.0005, 0.001,
                                                   0.0025, 0.005,   0.01,    0.05,   0.25};

  void recordDecision(Transport t, const Decision& d, std::chrono::nanoseconds latency);
  void recordReload(bool ok);
  void setGeneration(uint64_t g) { generation_.store(g, std::memory_order_relaxed); }

  uint64_t decisions(Transport t, bool allowed, const std::string& tenant) const;
  uint64_t denials(Reason r) const { return denials_[static_cast<size_t>(r)].load(); }

  std::string renderPrometheus() const;

 private:
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // not cumulative
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sumNanos{0};
  };

  // Counts of one tenant, by transport and result.
  using TenantCounts = std::array<std::array<uint64_t, 2>, 2>;  // [transport][allowed]

  mutable std::mutex mu_;
  std::map<std::string, TenantCounts, std::less<>> decisions_;  // by tenant; found without a copy of the name
  std::array<std::atomic<uint64_t>, kReasonCount> denials_{};
  std::array<Histogram, 2> latency_;
  std::atomic<uint64_t> reloadsOk_{0}, reloadsRejected_{0};
  std::atomic<uint64_t> generation_{0};
};

}  // namespace tg::authz
