// HTTP transport: Envoy's HTTP ext_authz protocol (Istio's `envoyExtAuthzHttp` provider). The
// proxy repeats the original request line (method and path) and the headers it was told to
// include; it sends no body. 200 allows, and the response's identity header is copied upstream
// (`headersToUpstreamOnAllow`), replacing the client's; 403 denies. No 5xx is ever sent for a
// request, since a proxy configured with failure_mode_allow would let it through.
//
// The caller identity is the URI of the LAST element of x-forwarded-client-cert (the one the
// sidecar appended for the certificate it verified); earlier elements are the client's own
// words. Several x-forwarded-client-cert headers are joined with ',' first. This holds only
// when the shared service accepts mTLS only (STRICT): for a plaintext connection the sidecar
// forwards the client's header unchanged. The gRPC transport has no such dependency.
//
// A second server, OpsServer, answers /healthz, /readyz and /metrics. It is never the check
// port: there any 200 would be an allow.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "authz_server/authorizer.h"

namespace httplib {
class Server;
}

namespace tg::authz {

// "HOST:PORT" or "[V6]:PORT"; port 0 means any free port.
bool parseListenAddress(const std::string& address, std::string& host, int& port);

class HttpAuthzServer {
 public:
  explicit HttpAuthzServer(Authorizer& authorizer, size_t threads = 64);
  ~HttpAuthzServer();

  bool start(const std::string& address, std::string& error);
  int port() const { return port_; }
  void stop();

 private:
  Authorizer& authorizer_;
  size_t threads_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

class OpsServer {
 public:
  // `ready` is read on each /readyz; `metrics` is rendered on each /metrics.
  OpsServer(Metrics& metrics, const std::atomic<bool>& ready);
  ~OpsServer();

  bool start(const std::string& address, std::string& error);
  int port() const { return port_; }
  void stop();

 private:
  Metrics& metrics_;
  const std::atomic<bool>& ready_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace tg::authz
