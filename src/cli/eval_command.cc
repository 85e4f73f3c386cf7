// `tenantguard eval PATH... --src NS/NAME|IP --dst NS/NAME|IP --port P [--protocol TCP]`
#include <fmt/format.h>

#include <charconv>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "layers/network/network_layer.h"
#include "report/eval_report.h"
#include "verify/flow_evaluation.h"

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

}  // namespace

void addEvalCommand(CLI::App& app, int& exitCode) {
  struct Options {
    std::vector<std::string> paths;
    std::string src, dst, port, protocol = "TCP", format = "text";
  };
  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("eval", "decide one flow and explain it layer by layer");
  cmd->add_option("paths", opts->paths, "manifest files, directories, or - for stdin")->required();
  cmd->add_option("--src", opts->src, "source: NS/NAME or an IP address")->required();
  cmd->add_option("--dst", opts->dst, "destination: NS/NAME or an IP address")->required();
  cmd->add_option("--port", opts->port, "destination port number or name")->required();
  cmd->add_option("--protocol", opts->protocol, "TCP|UDP|SCTP");
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
    layers::network::NetworkLayer network(input.cluster);
    verify::FlowEvaluation e;
    e.src = src->name();
    e.dst = dst->name();
    e.protocol = *proto;
    e.port = *port;
    e.layers.push_back({"network", network.verdict(*src, *dst, *proto, *port)});
    std::cout << (opts->format == "json" ? report::renderEvalJson(e) : report::renderEvalText(e));
    exitCode = inputError ? kExitInputError : kExitOk;
  });
}

}  // namespace tg::cli
