#include "authz_server/http_service.h"

#include <httplib.h>

#include <chrono>
#include <exception>

#include "authz_server/grpc_service.h"  // header limits, shared by both transports
#include "authz_server/xfcc.h"

namespace tg::authz {
namespace {

constexpr const char* kXfcc = "x-forwarded-client-cert";

void denyResponse(httplib::Response& res, Reason r) {
  res.status = 403;
  res.headers.clear();
  res.set_content(std::string("denied: ") + reasonCode(r) + "\n", "text/plain");
}

void handle(Authorizer& authorizer, const httplib::Request& req, httplib::Response& res) {
  auto start = std::chrono::steady_clock::now();
  CheckInput in;
  in.method = req.method;
  in.path = req.target;
  std::string host, xfcc, peerUri, peerBy;
  Decision d;

  bool bodyAnnounced = !req.body.empty() || req.has_header("Transfer-Encoding") ||
                       (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
  size_t bytes = 0;
  for (const auto& [k, v] : req.headers) bytes += k.size() + v.size();
  size_t hosts = req.get_header_value_count("Host");
  if (hosts == 1) {
    host = req.get_header_value("Host");
    in.host = host;
  }
  if (req.headers.size() > kMaxRequestHeaders || bytes > kMaxRequestHeaderBytes) {
    d = authorizer.reject(Transport::Http, in, Decision::deny(Reason::Malformed, "too many or too large headers"), start);
  } else if (hosts > 1) {
    d = authorizer.reject(Transport::Http, in, Decision::deny(Reason::Malformed, "more than one Host header"), start);
  } else if (bodyAnnounced) {
    // The pre-routing handler runs before httplib reads a body: judge by the headers.
    d = authorizer.reject(Transport::Http, in, Decision::deny(Reason::Malformed, "a check request has no body"), start);
  } else {
    size_t n = req.get_header_value_count(kXfcc);
    for (size_t i = 0; i < n; ++i) {
      if (i) xfcc += ',';
      xfcc += req.get_header_value(kXfcc, i);
    }
    std::string error;
    if (n > 0) {
      if (auto peer = verifiedPeer(xfcc, error)) {
        peerUri = std::move(peer->uri);
        peerBy = std::move(peer->by);
        in.principal = peerUri;
        in.destinationPrincipal = peerBy;
      }
    }
    if (!error.empty()) d = authorizer.reject(Transport::Http, in, Decision::deny(Reason::Malformed, error), start);
    else d = authorizer.check(Transport::Http, in, start);
  }

  if (!d.allowed) {
    denyResponse(res, d.reason);
    // An unread body would be taken for the next request on this connection: close it.
    if (bodyAnnounced) res.set_header("Connection", "close");
    return;
  }
  res.status = 200;
  if (!d.headerName.empty()) res.set_header(d.headerName.c_str(), d.headerValue);
}

}  // namespace

bool parseListenAddress(const std::string& address, std::string& host, int& port) {
  std::string portText;
  if (!address.empty() && address.front() == '[') {
    auto close = address.find(']');
    if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':') return false;
    host = address.substr(1, close - 1);
    portText = address.substr(close + 2);
  } else {
    auto colon = address.rfind(':');
    if (colon == std::string::npos) return false;
    host = address.substr(0, colon);
    portText = address.substr(colon + 1);
  }
  if (host.empty() || portText.empty() || portText.size() > 5) return false;
  for (char c : portText)
    if (c < '0' || c > '9') return false;
  port = std::stoi(portText);
  return port <= 65535;
}

namespace {

// Binds and serves on a background thread; port 0 picks a free port.
bool bindAndServe(httplib::Server& server, const std::string& address, int& port, std::thread& thread,
                  std::string& error) {
  std::string host;
  int wanted = 0;
  if (!parseListenAddress(address, host, wanted)) {
    error = "invalid listen address `" + address + "` (expected HOST:PORT)";
    return false;
  }
  if (wanted == 0) {
    port = server.bind_to_any_port(host);
    if (port <= 0) {
      error = "cannot listen on " + address;
      return false;
    }
  } else {
    if (!server.bind_to_port(host, wanted)) {
      error = "cannot listen on " + address;
      return false;
    }
    port = wanted;
  }
  thread = std::thread([&server] { server.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs: wait for it (bounded) so stop() always works.
  for (int i = 0; i < 5000 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (!server.is_running()) {
    error = "the server on " + address + " did not start";
    server.stop();
    thread.join();
    return false;
  }
  return true;
}

}  // namespace

HttpAuthzServer::HttpAuthzServer(Authorizer& authorizer, size_t threads)
    : authorizer_(authorizer), threads_(threads == 0 ? 1 : threads) {}

HttpAuthzServer::~HttpAuthzServer() { stop(); }

bool HttpAuthzServer::start(const std::string& address, std::string& error) {
  server_ = std::make_unique<httplib::Server>();
  size_t threads = threads_;
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(1u << 30);
  // Short enough that a stop (SIGTERM) is not held up long by idle proxy connections.
  server_->set_keep_alive_timeout(10);
  server_->set_read_timeout(10, 0);
  server_->set_payload_max_length(64 * 1024);
  Authorizer& authorizer = authorizer_;
  server_->set_pre_routing_handler([&authorizer](const httplib::Request& req, httplib::Response& res) {
    try {
      handle(authorizer, req, res);
    } catch (...) {
      denyResponse(res, Reason::InternalError);
    }
    return httplib::Server::HandlerResponse::Handled;
  });
  // httplib answers 500 to an exception escaping a handler; keep it a deny.
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    denyResponse(res, Reason::InternalError);
  });
  return bindAndServe(*server_, address, port_, thread_, error);
}

void HttpAuthzServer::stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

OpsServer::OpsServer(Metrics& metrics, const std::atomic<bool>& ready) : metrics_(metrics), ready_(ready) {}

OpsServer::~OpsServer() { stop(); }

bool OpsServer::start(const std::string& address, std::string& error) {
  server_ = std::make_unique<httplib::Server>();
  server_->new_task_queue = [] { return new httplib::ThreadPool(4); };
  server_->set_keep_alive_max_count(100);
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  server_->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
    bool ready = ready_.load();
    res.status = ready ? 200 : 503;
    res.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
  });
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.renderPrometheus(), "text/plain; version=0.0.4");
  });
  return bindAndServe(*server_, address, port_, thread_, error);
}

void OpsServer::stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace tg::authz
