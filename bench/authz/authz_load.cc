// Closed-loop load client for `tenantguard serve-authz`, loopback only, bounded in time.
//
//   authz_load --mode grpc --target 127.0.0.1:9000 --seconds 5 --concurrency 32 --connections 8
//   authz_load --mode http --target 127.0.0.1:8000 --seconds 5 --concurrency 16
//
// Every request is a check Envoy would send for a shared service of bench/authz/tenantguard.yaml:
// nine in ten are allowed (tenant acme, POST /logs/ingest), one in ten denied (tenant globex,
// DELETE /logs/ingest). Each answer is verified (status and identity header), so a wrong
// decision counts as an error. Prints one JSON object: requests, errors, throughput, latency
// percentiles (per request, send to answer).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <absl/synchronization/mutex.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "envoy/service/auth/v3/external_auth.grpc.pb.h"

namespace {

namespace pb = envoy::service::auth::v3;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string mode = "grpc";
  std::string target = "127.0.0.1:9000";
  double seconds = 5;
  int concurrency = 32;     // requests in flight (HTTP: connections)
  int connections = 1;      // gRPC connections (each a proxy's), the in-flight requests spread over them
  int threads = 1;          // gRPC client threads, each with its own completion queue and connections
  int deadlineMillis = 200;  // gRPC deadline of each check
  int denyEvery = 10;
};

constexpr const char* kHost = "log-collector.shared-services.svc.cluster.local:8080";
const std::string kAllowPrincipal = "spiffe://cluster.local/ns/tenant-acme/sa/web";
const std::string kDenyPrincipal = "spiffe://cluster.local/ns/tenant-globex/sa/web";

struct Stats {
  std::vector<uint32_t> latencyNanos;
  uint64_t errors = 0;
  std::string firstError;
  void error(const std::string& what) {
    if (errors++ == 0) firstError = what;
  }
};

// ---- gRPC: async unary calls over `connections` channels, `concurrency` in flight in all ----
//
// The client shares the machine with the server, so every microsecond it spends is one the server
// does not get: each thread drives its channels from one completion queue, the two requests are
// serialized once (a generic stub sends the bytes as they are), and call slots are reused.

constexpr const char* kCheckMethod = "/envoy.service.auth.v3.Authorization/Check";
using CheckStub = grpc::TemplatedGenericStub<grpc::ByteBuffer, pb::CheckResponse>;

pb::CheckRequest makeRequest(bool allow) {
  pb::CheckRequest r;
  auto* attrs = r.mutable_attributes();
  attrs->mutable_source()->set_principal(allow ? kAllowPrincipal : kDenyPrincipal);
  attrs->mutable_destination()->set_principal("spiffe://cluster.local/ns/shared-services/sa/log-collector");
  auto* http = attrs->mutable_request()->mutable_http();
  http->set_method(allow ? "POST" : "DELETE");
  http->set_path("/logs/ingest");
  http->set_host(kHost);
  auto& h = *http->mutable_headers();
  h[":authority"] = kHost;
  h[":method"] = http->method();
  h[":path"] = "/logs/ingest";
  h["content-type"] = "application/json";
  h["user-agent"] = "authz-load";
  h["x-request-id"] = "0b6f2c1e-5d4a-4f7b-9c1e-2a3b4c5d6e7f";
  return r;
}

grpc::ByteBuffer serialized(const pb::CheckRequest& request) {
  grpc::ByteBuffer buffer;
  bool ownBuffer = false;
  grpc::GenericSerialize<grpc::ProtoBufferWriter, pb::CheckRequest>(request, &buffer, &ownBuffer);
  return buffer;
}

// One request in flight: re-armed with a fresh context (a ClientContext serves one call) as soon
// as its answer is in.
struct CallSlot {
  CheckStub* stub = nullptr;
  std::optional<grpc::ClientContext> ctx;
  pb::CheckResponse response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<pb::CheckResponse>> reader;
  Clock::time_point start;
  bool allow = true;
};

// Drives `channels` connections (distinct channel indexes) with `inFlight` calls spread over them.
void grpcWorker(const Options& o, int firstChannel, int channels, int inFlight, Clock::time_point deadline,
                Stats& stats) {
  std::vector<std::unique_ptr<CheckStub>> stubs;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("tenantguard.bench.channel", firstChannel + i);  // a distinct channel: its own connection
    // No retry buffering, no channelz bookkeeping, no optional filters: a proxy's client pays none of it.
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    args.SetInt(GRPC_ARG_ENABLE_CHANNELZ, 0);
    args.SetInt(GRPC_ARG_MINIMAL_STACK, 1);
    stubs.push_back(std::make_unique<CheckStub>(grpc::CreateCustomChannel(o.target, grpc::InsecureChannelCredentials(), args)));
  }
  grpc::CompletionQueue cq;
  const grpc::ByteBuffer allowReq = serialized(makeRequest(true)), denyReq = serialized(makeRequest(false));
  std::vector<CallSlot> slots(static_cast<size_t>(inFlight));
  uint64_t sent = 0;
  auto issue = [&](CallSlot& slot) {
    slot.allow = o.denyEvery <= 0 || (sent++ % o.denyEvery) != 0;
    slot.ctx.emplace();
    // Envoy's ext_authz filter sends its timeout (200 ms by default) as the call's deadline.
    slot.ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(o.deadlineMillis));
    slot.start = Clock::now();
    slot.reader = slot.stub->PrepareUnaryCall(&*slot.ctx, kCheckMethod, slot.allow ? allowReq : denyReq, &cq);
    slot.reader->StartCall();
    slot.reader->Finish(&slot.response, &slot.status, &slot);
  };
  for (size_t i = 0; i < slots.size(); ++i) {
    slots[i].stub = stubs[i % stubs.size()].get();
    issue(slots[i]);
  }
  size_t pending = slots.size();
  void* tag = nullptr;
  bool ok = false;
  while (pending > 0 && cq.Next(&tag, &ok)) {
    auto& slot = *static_cast<CallSlot*>(tag);
    auto now = Clock::now();
    if (!ok || !slot.status.ok()) {
      stats.error("grpc: " + slot.status.error_message());
    } else {
      bool allowed = slot.response.status().code() == 0;
      if (allowed != slot.allow) stats.error("grpc: wrong decision");
      else if (allowed && (slot.response.ok_response().headers_size() != 1 ||
                           slot.response.ok_response().headers(0).header().value() != "acme"))
        stats.error("grpc: no identity header");
      else
        stats.latencyNanos.push_back(static_cast<uint32_t>(
            std::min<int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - slot.start).count(), UINT32_MAX)));
    }
    if (now < deadline) issue(slot);
    else --pending;
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

// ---- HTTP: one keep-alive connection per worker thread, blocking ----

bool splitTarget(const std::string& target, std::string& host, int& port) {
  auto colon = target.rfind(':');
  if (colon == std::string::npos) return false;
  host = target.substr(0, colon);
  port = std::atoi(target.c_str() + colon + 1);
  return port > 0;
}

int connectTo(const std::string& host, int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string httpRequest(bool allow) {
  std::string xfcc = "By=spiffe://cluster.local/ns/shared-services/sa/log-collector;"
                     "Hash=468ed33be74eee6556d90c0149c1309e9ba61d6425303443c0748a02dd8de688;Subject=\"\";URI=" +
                     (allow ? kAllowPrincipal : kDenyPrincipal);
  return std::string(allow ? "POST" : "DELETE") + " /logs/ingest HTTP/1.1\r\nHost: " + kHost +
         "\r\nx-forwarded-client-cert: " + xfcc +
         "\r\nx-request-id: 0b6f2c1e-5d4a-4f7b-9c1e-2a3b4c5d6e7f\r\nContent-Length: 0\r\n\r\n";
}

// Reads one response; returns the status code (0 on error) and whether the identity header is acme.
int readResponse(int fd, std::string& buffer, bool& identityAcme) {
  identityAcme = false;
  size_t headerEnd;
  while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string head = buffer.substr(0, headerEnd);
  int status = head.size() > 12 ? std::atoi(head.c_str() + 9) : 0;
  size_t length = 0;
  for (size_t pos = head.find("\r\n"); pos != std::string::npos; pos = head.find("\r\n", pos + 2)) {
    std::string line = head.substr(pos + 2, head.find("\r\n", pos + 2) - pos - 2);
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("content-length:", 0) == 0) length = std::strtoul(line.c_str() + 15, nullptr, 10);
    if (lower == "x-tenant-identity: acme") identityAcme = true;
  }
  size_t total = headerEnd + 4 + length;
  while (buffer.size() < total) {
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  buffer.erase(0, total);
  return status;
}

void httpWorker(const Options& o, Clock::time_point deadline, Stats& stats) {
  std::string host;
  int port = 0;
  if (!splitTarget(o.target, host, port)) {
    stats.error("bad target");
    return;
  }
  int fd = connectTo(host, port);
  if (fd < 0) {
    stats.error("cannot connect");
    return;
  }
  const std::string allowReq = httpRequest(true), denyReq = httpRequest(false);
  std::string buffer;
  for (uint64_t i = 0; Clock::now() < deadline; ++i) {
    bool allow = o.denyEvery <= 0 || (i % o.denyEvery) != 0;
    const std::string& req = allow ? allowReq : denyReq;
    auto start = Clock::now();
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
      stats.error("http: send failed");
      break;
    }
    bool acme = false;
    int status = readResponse(fd, buffer, acme);
    auto end = Clock::now();
    if (status == 0) {
      stats.error("http: no response");
      break;
    }
    if ((status == 200) != allow || (allow && !acme)) {
      stats.error("http: wrong decision " + std::to_string(status));
      continue;
    }
    stats.latencyNanos.push_back(static_cast<uint32_t>(
        std::min<int64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count(), UINT32_MAX)));
  }
  ::close(fd);
}

double percentile(const std::vector<uint32_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t i = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)] / 1000.0;  // microseconds
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--mode") o.mode = v;
    else if (k == "--target") o.target = v;
    else if (k == "--seconds") o.seconds = std::atof(v.c_str());
    else if (k == "--concurrency") o.concurrency = std::atoi(v.c_str());
    else if (k == "--connections") o.connections = std::atoi(v.c_str());
    else if (k == "--threads") o.threads = std::atoi(v.c_str());
    else if (k == "--deadline-ms") o.deadlineMillis = std::atoi(v.c_str());
    else if (k == "--deny-every") o.denyEvery = std::atoi(v.c_str());
    else {
      std::fprintf(stderr, "authz_load: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if ((o.mode != "grpc" && o.mode != "http") || o.seconds <= 0 || o.seconds > 120 || o.concurrency < 1 ||
      o.concurrency > 1024 || o.threads < 1 || o.threads > 64 || o.connections < o.threads ||
      o.connections > o.concurrency || o.deadlineMillis < 1) {
    std::fprintf(stderr,
                 "authz_load: --mode grpc|http, --seconds (0,120], --concurrency 1..1024, --threads 1..64,\n"
                 "  --connections threads..concurrency, --deadline-ms >= 1\n");
    return 2;
  }
  // As in the server: Debian's abseil checks every mutex lock for deadlock cycles unless told not to.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  int workers = o.mode == "grpc" ? o.threads : o.concurrency;
  std::vector<Stats> stats(static_cast<size_t>(workers));
  for (auto& s : stats) s.latencyNanos.reserve(static_cast<size_t>(o.seconds * 100000 / workers) + 1024);
  auto start = Clock::now();
  auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) {
    if (o.mode == "grpc") {
      // Thread i takes its share of the connections, and of the calls in flight.
      int firstChannel = o.connections * i / workers, channels = o.connections * (i + 1) / workers - firstChannel;
      int inFlight = o.concurrency * (i + 1) / workers - o.concurrency * i / workers;
      threads.emplace_back([&o, firstChannel, channels, inFlight, deadline, &stats, i] {
        grpcWorker(o, firstChannel, channels, std::max(inFlight, channels), deadline, stats[static_cast<size_t>(i)]);
      });
    } else {
      threads.emplace_back([&o, deadline, &stats, i] { httpWorker(o, deadline, stats[static_cast<size_t>(i)]); });
    }
  }
  for (auto& t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<uint32_t> all;
  uint64_t errors = 0;
  std::string firstError;
  for (auto& s : stats) {
    all.insert(all.end(), s.latencyNanos.begin(), s.latencyNanos.end());
    errors += s.errors;
    if (firstError.empty()) firstError = s.firstError;
  }
  std::sort(all.begin(), all.end());
  std::printf(
      "{\"mode\":\"%s\",\"concurrency\":%d,\"connections\":%d,\"threads\":%d,\"seconds\":%.2f,\"requests\":%zu,\"errors\":%llu,"
      "\"rps\":%.0f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,\"first_error\":\"%s\"}\n",
      o.mode.c_str(), o.concurrency, o.mode == "grpc" ? o.connections : o.concurrency,
      o.mode == "grpc" ? o.threads : o.concurrency, elapsed, all.size(),
      static_cast<unsigned long long>(errors), static_cast<double>(all.size()) / elapsed, percentile(all, 0.50),
      percentile(all, 0.90), percentile(all, 0.99), all.empty() ? 0.0 : all.back() / 1000.0, firstError.c_str());
  return errors == 0 && !all.empty() ? 0 : 1;
}
