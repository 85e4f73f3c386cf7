#include "authz_server/spec_reloader.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <fstream>
#include <sstream>

namespace tg::authz {

namespace {

std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(ss).str();
}

}  // namespace

SpecReloader::SpecReloader(std::string path, LogFn log, ReloadFn onReload)
    : path_(std::move(path)), log_(std::move(log)), onReload_(std::move(onReload)) {}

SpecReloader::~SpecReloader() { stop(); }

uint64_t SpecReloader::generation() const {
  auto p = current();
  return p ? p->generation() : 0;
}

bool SpecReloader::loadInitial(std::vector<tenant::SpecError>& errors) {
  std::lock_guard lock(reloadMu_);
  lastText_ = readFile(path_);
  if (!lastText_) {
    errors.push_back({path_, 0, "cannot read spec file"});
    return false;
  }
  std::optional<tenant::Spec> spec = tenant::parseSpec(path_, *lastText_, errors);
  if (!spec) return false;
  generation_ = 1;
  current_.store(std::make_shared<const Policy>(*spec, generation_), std::memory_order_release);
  return true;
}

bool SpecReloader::reloadNow(const char* trigger) {
  std::optional<std::string> text = readFile(path_);
  std::lock_guard lock(reloadMu_);
  return apply(std::move(text), trigger);
}

bool SpecReloader::pollOnce() {
  std::optional<std::string> text = readFile(path_);
  std::lock_guard lock(reloadMu_);
  if (text == lastText_) return false;
  return apply(std::move(text), "file-change");
}

bool SpecReloader::apply(std::optional<std::string> text, const char* trigger) {
  lastText_ = text;
  std::vector<tenant::SpecError> errors;
  std::optional<tenant::Spec> spec;
  if (!text) {
    errors.push_back({path_, 0, "cannot read spec file"});
  } else {
    try {
      spec = tenant::parseSpec(path_, *text, errors);
    } catch (const std::exception& e) {
      errors.push_back({path_, 0, std::string("unexpected error: ") + e.what()});
    }
  }
  nlohmann::ordered_json line{{"event", "spec-reload"}, {"trigger", trigger}, {"file", path_}};
  if (!spec) {
    line["result"] = "rejected";
    line["generation"] = generation_;
    nlohmann::ordered_json errs = nlohmann::ordered_json::array();
    for (const auto& e : errors) errs.push_back(std::to_string(e.line) + ": " + e.message);
    line["errors"] = errs;
    if (log_) log_(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (onReload_) onReload_(false, generation_);
    return false;
  }
  ++generation_;
  current_.store(std::make_shared<const Policy>(*spec, generation_), std::memory_order_release);
  line["result"] = "applied";
  line["generation"] = generation_;
  line["tenants"] = spec->tenants.size();
  line["sharedServices"] = spec->sharedServices.size();
  if (log_) log_(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (onReload_) onReload_(true, generation_);
  return true;
}

void SpecReloader::start(std::chrono::milliseconds interval) {
  stop();
  {
    std::lock_guard lock(pollMu_);
    stopping_ = false;
  }
  poller_ = std::thread([this, interval] {
    std::unique_lock lock(pollMu_);
    while (!pollCv_.wait_for(lock, interval, [this] { return stopping_; })) {
      lock.unlock();
      try {
        pollOnce();
      } catch (...) {
        // A reload that throws leaves the old policy in force; the next poll tries again.
      }
      lock.lock();
    }
  });
}

void SpecReloader::stop() {
  {
    std::lock_guard lock(pollMu_);
    stopping_ = true;
  }
  pollCv_.notify_all();
  if (poller_.joinable()) poller_.join();
}

}  // namespace tg::authz
