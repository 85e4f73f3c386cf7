// `tenantguard eval PATH... --src NS/NAME|IP --dst NS/NAME|IP --port P [--protocol TCP]
//  [--method M] [--path P] [--header K=V]... [--root-namespace NS] [--trust-domain TD]`
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "layers/network/network_layer.h"
#include "report/eval_report.h"
#include "verify/evaluate_flow.h"
#include "verify/flow_evaluation.h"
#include "verify/layer_stack.h"

namespace tg::cli {
namespace {

// NS/NAME names a workload; an IP address is the pod that has it, or the outside world.
std::optional<layers::Endpoint> resolveEndpoint(const model::Cluster& cluster, const std::string& text,
                                                std::string& error) {
  if (auto ip = net::parseIp(text)) {
    for (const model::Workload& w : cluster.workloads)
      if (w.podIps.contains(*ip)) return layers::Endpoint::ofWorkload(w, cluster.findNamespace(w.meta.ns));
    return layers::Endpoint::external(net::IpSet(*ip, *ip));
  }
  auto slash = text.find('/');
  if (slash == std::string::npos) {
    error = fmt::format("`{}` is neither NS/NAME nor an IP address", text);
    return std::nullopt;
  }
  std::string ns = text.substr(0, slash), name = text.substr(slash + 1);
  if (const model::Workload* w = cluster.findWorkload(ns, name))
    return layers::Endpoint::ofWorkload(*w, cluster.findNamespace(ns));
  error = fmt::format("no workload `{}` in the input", text);
  return std::nullopt;
}

std::optional<uint32_t> resolvePort(const std::string& text, net::Protocol proto, const layers::Endpoint& dst,
                                    std::string& error) {
  uint32_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && p == text.data() + text.size()) {
    if (n >= net::kMinPort && n <= net::kMaxPort) return n;
    error = fmt::format("port {} is out of range 1-65535", text);
    return std::nullopt;
  }
  if (dst.workload)
    for (const auto& cp : dst.workload->ports)
      if (cp.name == text && cp.protocol == proto) return cp.port;
  error = fmt::format("port name `{}` ({}) is not a container port of {}", text, net::protocolName(proto), dst.name());
  return std::nullopt;
}

// The HTTP request described by --method, --path, --header; none when no flag is given.
std::optional<layers::mesh::HttpRequest> buildRequest(const std::string& method, const std::string& path,
                                                      const std::vector<std::string>& headers, std::string& error) {
  if (method.empty() && path.empty() && headers.empty()) return std::nullopt;
  layers::mesh::HttpRequest r;
  if (!method.empty()) r.method = method;
  if (!path.empty()) r.path = path;
  for (const std::string& h : headers) {
    auto eq = h.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = fmt::format("--header `{}` is not K=V", h);
      return std::nullopt;
    }
    std::string key = h.substr(0, eq);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = h.substr(eq + 1);
    if (key == "host" || key == ":authority") r.host = value;
    r.headers[key] = value;
  }
  return r;
}

}  // namespace

void addEvalCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> paths;
    std::string src, dst, port, protocol = "TCP", format = "text";
    std::string method, path, rootNamespace, trustDomain;
    std::vector<std::string> headers;
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("eval", "decide one flow and explain it layer by layer");
  cmd->add_option("paths", opts->paths, "manifest files, directories, or - for stdin")->required();
  cmd->add_option("--src", opts->src, "source: NS/NAME or an IP address")->required();
  cmd->add_option("--dst", opts->dst, "destination: NS/NAME or an IP address")->required();
  cmd->add_option("--port", opts->port, "destination port number or name")->required();
  cmd->add_option("--protocol", opts->protocol, "TCP|UDP|SCTP");
  cmd->add_option("--method", opts->method, "HTTP request method (with --path and --header: one concrete request)");
  cmd->add_option("--path", opts->path, "HTTP request path");
  cmd->add_option("--header", opts->headers, "HTTP request header K=V (repeatable; host=... sets the Host)");
  cmd->add_option("--root-namespace", opts->rootNamespace, "Istio root namespace (default: mesh config, else istio-system)");
  cmd->add_option("--trust-domain", opts->trustDomain, "Istio trust domain (default: mesh config, else cluster.local)");
  cmd->add_option("-o,--output", opts->format, "text|json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([opts, &exitCode] {
    bool inputError = false;
    load::LoadResult input = loadInput(opts->paths, inputError);
    auto proto = net::parseProtocol(opts->protocol);
    if (!proto) {
      printError(fmt::format("unknown protocol `{}`", opts->protocol));
      exitCode = kExitInputError;
      return;
    }
    std::string error;
    auto src = resolveEndpoint(input.cluster, opts->src, error);
    auto dst = src ? resolveEndpoint(input.cluster, opts->dst, error) : std::nullopt;
    auto port = dst ? resolvePort(opts->port, *proto, *dst, error) : std::nullopt;
    if (!port) {
      printError(error);
      exitCode = kExitInputError;
      return;
    }
    auto request = buildRequest(opts->method, opts->path, opts->headers, error);
    if (!error.empty()) {
      printError(error);
      exitCode = kExitInputError;
      return;
    }
    layers::mesh::MeshOptions mesh;
    if (!opts->rootNamespace.empty()) mesh.rootNamespace = opts->rootNamespace;
    if (!opts->trustDomain.empty()) mesh.trustDomain = opts->trustDomain;
    verify::LayerStack stack(input.cluster, mesh);
    verify::FlowEvaluation e =
        verify::evaluateFlow(stack, *src, *dst, *proto, *port, request ? &*request : nullptr);
    std::cout << (opts->format == "json" ? report::renderEvalJson(e) : report::renderEvalText(e));
    exitCode = inputError ? kExitInputError : kExitOk;
  });
}

}  // namespace tg::cli
