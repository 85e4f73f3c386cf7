// What both transports call: takes the policy in force, decides, and records the decision
// (metrics, and one JSON line per deny — per allow too with `logAllows`). Never throws: any
// exception becomes a deny (fail closed).
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "authz_server/decision.h"
#include "authz_server/metrics.h"

namespace tg::authz {

// One JSON object per line; thread-safe. The default sink is stderr.
class DecisionLog {
 public:
  using Sink = std::function<void(const std::string& line)>;
  explicit DecisionLog(bool logAllows = false, Sink sink = {});

  bool logAllows() const { return logAllows_; }
  void write(const std::string& line);  // appends '\n'
  void decision(Transport t, const CheckInput& in, const Decision& d, std::chrono::nanoseconds latency);

 private:
  bool logAllows_;
  Sink sink_;
  std::mutex mu_;
};

class Authorizer {
 public:
  using PolicySource = std::function<std::shared_ptr<const Policy>()>;
  Authorizer(PolicySource policy, Metrics& metrics, DecisionLog& log)
      : policy_(std::move(policy)), metrics_(metrics), log_(log) {}

  // `start` is when the transport began handling the request (for the latency histogram).
  Decision check(Transport t, const CheckInput& in, std::chrono::steady_clock::time_point start) noexcept;
  // For transports that found the request malformed before it could be decided.
  Decision reject(Transport t, const CheckInput& in, Decision d, std::chrono::steady_clock::time_point start) noexcept;

  Metrics& metrics() { return metrics_; }

 private:
  void record(Transport t, const CheckInput& in, const Decision& d, std::chrono::steady_clock::time_point start) noexcept;

  PolicySource policy_;
  Metrics& metrics_;
  DecisionLog& log_;
};

}  // namespace tg::authz
