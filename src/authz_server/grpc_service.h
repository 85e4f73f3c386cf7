// gRPC transport: `envoy.service.auth.v3.Authorization/Check`, the API of Envoy's ext_authz
// filter (and of Istio's `envoyExtAuthzGrpc` extension provider).
//
// The caller identity is `attributes.source.principal` (what the proxy verified); the host is
// `attributes.request.http.host`. Every answer is a gRPC OK carrying the decision: an allow sets
// status code 0 and `ok_response.headers` (the identity header, append=false); a deny sets status
// PERMISSION_DENIED and `denied_response` (HTTP 403, short reason in the body). A gRPC error would
// let a proxy configured with failure_mode_allow through, so none is ever returned for a request.
#pragma once

#include <memory>
#include <string>

#include "authz_server/authorizer.h"

namespace envoy::service::auth::v3 {
class CheckRequest;
class CheckResponse;
}  // namespace envoy::service::auth::v3

namespace tg::authz {

// Limits on what one check may carry; above them the request is denied as malformed. Envoy's
// own defaults (100 headers, 60 KiB) stay below them.
inline constexpr size_t kMaxRequestHeaders = 256;
inline constexpr size_t kMaxRequestHeaderBytes = 96 * 1024;

// The decision for one CheckRequest, transport decoding included (used by the service and tests).
void handleCheck(Authorizer& authorizer, const envoy::service::auth::v3::CheckRequest& request,
                 envoy::service::auth::v3::CheckResponse& response);

// The asynchronous gRPC API: `threads` threads, each with its own completion queue, decide
// checks inline (a decision is a few microseconds; no hand-off to another thread).
//
// Default thread count: one per two CPUs. gRPC's poller (epoll1) lets one thread wait in
// epoll at a time and wakes another to take over each time it returns with events, so every
// thread beyond the first costs a context switch per wake-up. On 2 CPUs (loopback, client on the
// same machine) a second thread raised the server's CPU per check by about a third (~25 to ~37 µs
// over one connection, ~32 to ~38 µs over eight) while one thread alone answered ~40,000 checks/s;
// the other CPUs are left to the proxies and the HTTP transport.
class GrpcAuthzServer {
 public:
  explicit GrpcAuthzServer(Authorizer& authorizer, size_t threads = 0);  // 0: one per two CPUs
  ~GrpcAuthzServer();

  // `address` is HOST:PORT (port 0: any free port). False with `error` when it cannot listen.
  bool start(const std::string& address, std::string& error);
  int port() const { return port_; }
  // Stops accepting, lets in-flight calls finish (up to `graceMillis`), then cancels the rest.
  void shutdown(int graceMillis = 2000);

 private:
  struct Impl;
  Authorizer& authorizer_;
  size_t threads_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace tg::authz
