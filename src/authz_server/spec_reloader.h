// The tenant spec in force, reloaded atomically.
//
// `current()` hands out a shared_ptr to an immutable Policy: a request keeps the policy it
// started with even if a reload happens meanwhile. A reload (SIGHUP via `reloadNow()`, or the
// poller finding the file's content changed) parses and validates the new text first; an invalid
// spec is rejected with a log line and the old policy stays in force. The poller compares
// content, not only mtime: two rewrites within one timestamp tick, or a rename that reuses an
// inode number, are still seen. (Spec files are small; one read per poll is cheap.)
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "authz_server/decision.h"
#include "tenant/spec.h"

namespace tg::authz {

class SpecReloader {
 public:
  using LogFn = std::function<void(const std::string& jsonLine)>;
  // Called after each reload attempt: applied (true) or rejected (false).
  using ReloadFn = std::function<void(bool applied, uint64_t generation)>;

  SpecReloader(std::string path, LogFn log, ReloadFn onReload = {});
  ~SpecReloader();
  SpecReloader(const SpecReloader&) = delete;
  SpecReloader& operator=(const SpecReloader&) = delete;

  // The first load; false (with `errors`) when the spec is invalid. Generation 1 on success.
  bool loadInitial(std::vector<tenant::SpecError>& errors);

  std::shared_ptr<const Policy> current() const { return current_.load(std::memory_order_acquire); }
  uint64_t generation() const;

  // Reads the file now; true when a new policy was swapped in.
  bool reloadNow(const char* trigger = "signal");
  // Reloads when the file's content differs from the last one read (or it appeared/vanished).
  bool pollOnce();

  // Background poller, every `interval`; stopped by stop() or the destructor.
  void start(std::chrono::milliseconds interval);
  void stop();

 private:
  bool apply(std::optional<std::string> text, const char* trigger);  // reloadMu_ held

  std::string path_;
  LogFn log_;
  ReloadFn onReload_;
  std::atomic<std::shared_ptr<const Policy>> current_;
  std::mutex reloadMu_;  // one reload at a time
  std::optional<std::string> lastText_;  // nullopt: the file could not be read
  uint64_t generation_ = 0;  // guarded by reloadMu_

  std::mutex pollMu_;
  std::condition_variable pollCv_;
  bool stopping_ = false;
  std::thread poller_;
};

}  // namespace tg::authz
