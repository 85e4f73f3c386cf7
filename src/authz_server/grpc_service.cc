#include "authz_server/grpc_service.h"

#include <absl/synchronization/mutex.h>
#include <google/protobuf/arena.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "envoy/service/auth/v3/external_auth.grpc.pb.h"

namespace tg::authz {
namespace {

namespace pb = envoy::service::auth::v3;

constexpr int kGrpcOk = 0;
constexpr int kGrpcPermissionDenied = 7;

void fillResponse(const Decision& d, pb::CheckResponse& response) {
  response.Clear();
  if (d.allowed) {
    response.mutable_status()->set_code(kGrpcOk);
    pb::OkHttpResponse* ok = response.mutable_ok_response();
    if (!d.headerName.empty()) {
      auto* option = ok->add_headers();
      option->mutable_header()->set_key(d.headerName);
      option->mutable_header()->set_value(d.headerValue);
      option->mutable_append()->set_value(false);
    }
    return;
  }
  response.mutable_status()->set_code(kGrpcPermissionDenied);
  response.mutable_status()->set_message(reasonCode(d.reason));
  pb::DeniedHttpResponse* denied = response.mutable_denied_response();
  denied->mutable_status()->set_code(envoy::type::v3::Forbidden);
  denied->set_body(std::string("denied: ") + reasonCode(d.reason) + "\n");
}

// A CheckRequest beyond the header limits, or without host, is malformed.
bool headersWithinLimits(const pb::AttributeContext::HttpRequest& http) {
  if (static_cast<size_t>(http.headers_size()) > kMaxRequestHeaders) return false;
  size_t bytes = 0;
  for (const auto& [k, v] : http.headers()) bytes += k.size() + v.size();
  return bytes <= kMaxRequestHeaderBytes;
}

}  // namespace

void handleCheck(Authorizer& authorizer, const pb::CheckRequest& request, pb::CheckResponse& response) {
  auto start = std::chrono::steady_clock::now();
  CheckInput in;
  Decision d;
  try {
    const pb::AttributeContext& attrs = request.attributes();
    const pb::AttributeContext::HttpRequest& http = attrs.request().http();
    in.principal = attrs.source().principal();
    in.destinationPrincipal = attrs.destination().principal();
    in.method = http.method();
    in.path = http.path();
    in.host = http.host();
    if (in.host.empty()) {
      auto it = http.headers().find(":authority");
      if (it != http.headers().end()) in.host = it->second;
    }
    if (!headersWithinLimits(http))
      d = authorizer.reject(Transport::Grpc, in, Decision::deny(Reason::Malformed, "too many or too large headers"),
                            start);
    else
      d = authorizer.check(Transport::Grpc, in, start);
  } catch (const std::exception& e) {
    d = authorizer.reject(Transport::Grpc, in, Decision::deny(Reason::InternalError, e.what()), start);
  } catch (...) {
    d = authorizer.reject(Transport::Grpc, in, Decision::deny(Reason::InternalError, "unknown exception"), start);
  }
  fillResponse(d, response);
}

namespace {

// One Check call in the asynchronous API: requested, then decided and answered, then deleted.
class Call {
 public:
  Call(pb::Authorization::AsyncService& service, grpc::ServerCompletionQueue& cq, Authorizer& authorizer)
      : service_(service),
        cq_(cq),
        authorizer_(authorizer),
        arena_(arenaBlock_.data(), arenaBlock_.size()),
        request_(*google::protobuf::Arena::CreateMessage<pb::CheckRequest>(&arena_)),
        response_(*google::protobuf::Arena::CreateMessage<pb::CheckResponse>(&arena_)),
        responder_(&ctx_) {
    service_.RequestCheck(&ctx_, &request_, &responder_, &cq_, &cq_, this);
  }

  // `ok` is false when the server is shutting down (for a pending request) or the call broke.
  void proceed(bool ok) {
    if (state_ == State::Requested) {
      if (!ok) {
        delete this;
        return;
      }
      new Call(service_, cq_, authorizer_);  // keep one request pending on this queue
      try {
        handleCheck(authorizer_, request_, response_);
      } catch (...) {
        response_.Clear();
        response_.mutable_status()->set_code(kGrpcPermissionDenied);
        response_.mutable_status()->set_message(reasonCode(Reason::InternalError));
      }
      state_ = State::Answered;
      responder_.Finish(response_, grpc::Status::OK, this);
      return;
    }
    delete this;  // answered (or the client went away)
  }

 private:
  enum class State { Requested, Answered };
  pb::Authorization::AsyncService& service_;
  grpc::ServerCompletionQueue& cq_;
  Authorizer& authorizer_;
  grpc::ServerContext ctx_;
  // The request and the response live in an arena that starts in the call itself: parsing a
  // check takes no malloc per sub-message or header-map node (only strings longer than 15 bytes
  // still get their own), and nothing is freed piecemeal. A check with six headers uses ~1.9 KB.
  alignas(std::max_align_t) std::array<char, 4096> arenaBlock_;
  google::protobuf::Arena arena_;
  pb::CheckRequest& request_;
  pb::CheckResponse& response_;
  grpc::ServerAsyncResponseWriter<pb::CheckResponse> responder_;
  State state_ = State::Requested;
};

}  // namespace

struct GrpcAuthzServer::Impl {
  pb::Authorization::AsyncService service;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> queues;
  std::unique_ptr<grpc::Server> server;
  std::vector<std::thread> threads;
};

GrpcAuthzServer::GrpcAuthzServer(Authorizer& authorizer, size_t threads)
    : authorizer_(authorizer),
      threads_(threads ? threads : std::max<size_t>(1, std::thread::hardware_concurrency() / 2)) {}

GrpcAuthzServer::~GrpcAuthzServer() { shutdown(0); }

bool GrpcAuthzServer::start(const std::string& address, std::string& error) {
  // Debian's abseil is built with mutex deadlock detection on: a cycle-graph update on every
  // lock of gRPC's mutexes (~4% of the server's CPU under load). Nothing here relies on it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  auto impl = std::make_unique<Impl>();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&impl->service);
  builder.SetMaxReceiveMessageSize(4 << 20);
  builder.SetMaxSendMessageSize(1 << 20);
  for (size_t i = 0; i < threads_; ++i) impl->queues.push_back(builder.AddCompletionQueue());
  impl->server = builder.BuildAndStart();
  if (!impl->server || port_ == 0) {
    error = "cannot listen for gRPC on " + address;
    if (impl->server) impl->server->Shutdown();
    for (auto& q : impl->queues) {
      q->Shutdown();
      void* tag;
      bool ok;
      while (q->Next(&tag, &ok)) {
      }
    }
    port_ = 0;
    return false;
  }
  // A few requests pending per queue, so bursts do not wait for a re-request.
  for (auto& q : impl->queues)
    for (int i = 0; i < 16; ++i) new Call(impl->service, *q, authorizer_);
  for (auto& q : impl->queues) {
    grpc::ServerCompletionQueue* cq = q.get();
    impl->threads.emplace_back([cq] {
      void* tag = nullptr;
      bool ok = false;
      while (cq->Next(&tag, &ok)) static_cast<Call*>(tag)->proceed(ok);
    });
  }
  impl_ = std::move(impl);
  return true;
}

void GrpcAuthzServer::shutdown(int graceMillis) {
  if (!impl_) return;
  impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(graceMillis));
  // After Server::Shutdown no new call arrives; the queues drain (pending requests come back
  // with ok=false and are deleted) and each thread's Next returns false.
  for (auto& q : impl_->queues) q->Shutdown();
  for (auto& t : impl_->threads) t.join();
  impl_.reset();
}

}  // namespace tg::authz
