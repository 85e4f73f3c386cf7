// `tenantguard serve-authz --spec FILE [--grpc ADDR:PORT] [--http ADDR:PORT] [--metrics ADDR:PORT]
//  [--log-allows] [--poll-interval MS] [--http-threads N] [--grpc-threads N]`
//
// An Envoy external authorizer for shared services (src/authz_server/): it allows a request only
// when the caller's verified identity belongs to a tenant the shared service accepts for that
// method and path, and then sets the service's tenant identity header. Fail closed. SIGHUP or a
// change of the spec file reloads the spec; SIGINT/SIGTERM stop the server.
#include <pthread.h>
#include <signal.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <memory>

#include "authz_server/authorizer.h"
#include "authz_server/grpc_service.h"
#include "authz_server/http_service.h"
#include "authz_server/metrics.h"
#include "authz_server/spec_reloader.h"
#include "cli/commands.h"
#include "cli/common.h"

namespace tg::cli {

void addServeAuthzCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::string spec, grpc, http, metrics;
    bool logAllows = false;
    int pollMillis = 1000;
    size_t httpThreads = 64;
    size_t grpcThreads = 0;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve-authz",
                                     "Envoy external authorizer: verified tenant identity to shared services, fail-closed");
  cmd->add_option("--spec", opts->spec, "tenant spec (tenantguard.yaml); reloaded on SIGHUP and when it changes")
      ->required();
  cmd->add_option("--grpc", opts->grpc, "serve envoy.service.auth.v3.Authorization on ADDR:PORT");
  cmd->add_option("--http", opts->http, "serve Envoy's HTTP ext_authz protocol on ADDR:PORT");
  cmd->add_option("--metrics", opts->metrics, "serve /metrics, /healthz and /readyz on ADDR:PORT");
  cmd->add_flag("--log-allows", opts->logAllows, "log allowed requests too (denials are always logged)");
  cmd->add_option("--poll-interval", opts->pollMillis, "how often to look for a changed spec file, in ms")
      ->check(CLI::Range(50, 3600000));
  cmd->add_option("--http-threads", opts->httpThreads, "HTTP worker threads (one per open connection)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--grpc-threads", opts->grpcThreads, "gRPC completion-queue threads (0: one per two CPUs)")
      ->check(CLI::Range(0, 256));
  cmd->callback([opts, &exitCode] {
    if (opts->grpc.empty() && opts->http.empty()) {
      printError("serve-authz: give --grpc ADDR:PORT, --http ADDR:PORT or both");
      exitCode = kExitInputError;
      return;
    }
    // Signals are taken by this thread with sigwait; every thread started below inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGHUP);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    signal(SIGPIPE, SIG_IGN);

    authz::DecisionLog log(opts->logAllows);
    authz::Metrics metrics;
    authz::SpecReloader reloader(
        opts->spec, [&log](const std::string& line) { log.write(line); },
        [&metrics](bool applied, uint64_t generation) {
          metrics.recordReload(applied);
          metrics.setGeneration(generation);
        });
    std::vector<tenant::SpecError> errors;
    if (!reloader.loadInitial(errors)) {
      for (const auto& e : errors) printError(fmt::format("{}:{}: {}", e.file, e.line, e.message));
      exitCode = kExitInputError;
      return;
    }
    metrics.setGeneration(reloader.generation());

    authz::Authorizer authorizer([&reloader] { return reloader.current(); }, metrics, log);
    std::atomic<bool> ready{false};
    authz::GrpcAuthzServer grpcServer(authorizer, opts->grpcThreads);
    authz::HttpAuthzServer httpServer(authorizer, opts->httpThreads);
    authz::OpsServer opsServer(metrics, ready);
    nlohmann::ordered_json listening{{"event", "listening"}, {"spec", opts->spec}, {"generation", reloader.generation()}};
    std::string error;
    auto hostOf = [](const std::string& address) { return address.substr(0, address.rfind(':')); };
    if (!opts->grpc.empty()) {
      if (!grpcServer.start(opts->grpc, error)) {
        printError("serve-authz: " + error);
        exitCode = kExitInputError;
        return;
      }
      listening["grpc"] = fmt::format("{}:{}", hostOf(opts->grpc), grpcServer.port());
    }
    if (!opts->http.empty()) {
      if (!httpServer.start(opts->http, error)) {
        printError("serve-authz: " + error);
        exitCode = kExitInputError;
        return;
      }
      listening["http"] = fmt::format("{}:{}", hostOf(opts->http), httpServer.port());
    }
    if (!opts->metrics.empty()) {
      if (!opsServer.start(opts->metrics, error)) {
        printError("serve-authz: " + error);
        exitCode = kExitInputError;
        return;
      }
      listening["metrics"] = fmt::format("{}:{}", hostOf(opts->metrics), opsServer.port());
    }
    reloader.start(std::chrono::milliseconds(opts->pollMillis));
    ready = true;
    log.write(listening.dump());

    while (true) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        reloader.reloadNow("SIGHUP");
        continue;
      }
      break;  // SIGINT, SIGTERM
    }
    ready = false;
    reloader.stop();
    grpcServer.shutdown();
    httpServer.stop();
    opsServer.stop();
    log.write(nlohmann::ordered_json{{"event", "stopped"}}.dump());
    exitCode = kExitOk;
  });
}

}  // namespace tg::cli
