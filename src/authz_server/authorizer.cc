#include "authz_server/authorizer.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <ctime>
#include <exception>

namespace tg::authz {
namespace {

// Log fields come from the request: cap them so one request cannot flood the log.
std::string capped(std::string_view s, size_t max = 256) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, max)) + "...";
}

std::string utcNow() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", tm, static_cast<int>(ms));
}

}  // namespace

DecisionLog::DecisionLog(bool logAllows, Sink sink) : logAllows_(logAllows), sink_(std::move(sink)) {}

void DecisionLog::write(const std::string& line) {
  std::lock_guard lock(mu_);
  if (sink_) {
    sink_(line);
    return;
  }
  std::string out = line + "\n";
  std::fwrite(out.data(), 1, out.size(), stderr);
}

void DecisionLog::decision(Transport t, const CheckInput& in, const Decision& d, std::chrono::nanoseconds latency) {
  if (d.allowed && !logAllows_) return;
  nlohmann::ordered_json j{
      {"time", utcNow()},
      {"event", "decision"},
      {"decision", d.allowed ? "allow" : "deny"},
      {"reason", reasonCode(d.reason)},
      {"transport", transportName(t)},
      {"tenant", d.tenant},
      {"principal", capped(in.principal)},
      {"service", d.service},
      {"method", capped(in.method, 32)},
      {"path", capped(in.path)},
      {"host", capped(in.host)},
      {"latencyUs", std::chrono::duration_cast<std::chrono::microseconds>(latency).count()},
  };
  if (!d.allowed) j["detail"] = capped(d.detail, 512);
  write(j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

Decision Authorizer::check(Transport t, const CheckInput& in, std::chrono::steady_clock::time_point start) noexcept {
  Decision d;
  try {
    std::shared_ptr<const Policy> policy = policy_();
    if (!policy) d = Decision::deny(Reason::InternalError, "no spec loaded");
    else d = decide(*policy, in);
  } catch (const std::exception& e) {
    d = Decision::deny(Reason::InternalError, std::string("exception: ") + e.what());
  } catch (...) {
    d = Decision::deny(Reason::InternalError, "unknown exception");
  }
  record(t, in, d, start);
  return d;
}

Decision Authorizer::reject(Transport t, const CheckInput& in, Decision d,
                            std::chrono::steady_clock::time_point start) noexcept {
  if (d.allowed) d = Decision::deny(Reason::InternalError, "reject() called with an allow");
  record(t, in, d, start);
  return d;
}

void Authorizer::record(Transport t, const CheckInput& in, const Decision& d,
                        std::chrono::steady_clock::time_point start) noexcept {
  try {
    auto latency = std::chrono::steady_clock::now() - start;
    metrics_.recordDecision(t, d, latency);
    log_.decision(t, in, d, latency);
  } catch (...) {
    // Recording must never turn a decision around; a failed log line is dropped.
  }
}

}  // namespace tg::authz
