// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1).
#include <fmt/format.h>

#include "load/decode_label_selector.h"
#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {
namespace {

model::AnpPodSet readPodSet(const Node& n, std::string_view what) {
  model::AnpPodSet s;
  if (const Node* ns = n.get("namespaces"); ns && !ns->isNull()) {
    s.namespaceSelector = readLabelSelector(*ns);
    return s;
  }
  if (const Node* pods = optMapping(n, "pods")) {
    if (const Node* ns = pods->get("namespaceSelector")) s.namespaceSelector = readLabelSelector(*ns);
    s.podSelector = readLabelSelector(pods->get("podSelector") ? *pods->get("podSelector") : Node::mapping({}, pods->line()));
    return s;
  }
  throw DecodeError(n.line(), fmt::format("{} needs `namespaces` or `pods`", what));
}

model::AnpPeer readPeer(const Node& n, bool egress, DecodeContext& ctx) {
  if (!n.isMapping()) throw DecodeError(n.line(), "peer must be a mapping");
  model::AnpPeer p;
  p.line = n.line();
  if (n.get("namespaces") || n.get("pods")) p.pods = readPodSet(n, "peer");
  if (const Node* nodes = n.get("nodes"); nodes && !nodes->isNull()) {
    if (!egress) throw DecodeError(n.line(), "`nodes` peers are only allowed in egress rules");
    p.nodes = readLabelSelector(*nodes);
  }
  if (const Node* nets = optSequence(n, "networks")) {
    if (!egress) throw DecodeError(n.line(), "`networks` peers are only allowed in egress rules");
    for (const Node& c : nets->items()) {
      std::string cidr = scalarText(c, "networks");
      auto set = net::parseCidr(cidr);
      if (!set || cidr.find('/') == std::string::npos)
        throw DecodeError(c.line(), fmt::format("`{}` is not a CIDR", cidr));
      p.networks.push_back(cidr);
      p.networkAddresses.add(*set);
    }
  }
  if (!p.pods && !p.nodes && p.networks.empty())
    throw DecodeError(n.line(), "peer needs namespaces, pods, nodes or networks");
  return p;
}

model::AnpPort readPort(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "ports entries must be mappings");
  model::AnpPort p;
  p.line = n.line();
  if (const Node* num = optMapping(n, "portNumber")) {
    p.kind = model::AnpPort::Kind::Number;
    p.protocol = protocolField(*num);
    const Node* port = num->get("port");
    if (!port) throw DecodeError(num->line(), "portNumber without `port`");
    p.start = p.end = toPort(*port, "port");
  } else if (const Node* range = optMapping(n, "portRange")) {
    p.kind = model::AnpPort::Kind::Range;
    p.protocol = protocolField(*range);
    const Node* start = range->get("start");
    const Node* end = range->get("end");
    if (!start || !end) throw DecodeError(range->line(), "portRange needs `start` and `end`");
    p.start = toPort(*start, "start");
    p.end = toPort(*end, "end");
    if (p.end < p.start) throw DecodeError(range->line(), "portRange `end` is below `start`");
  } else if (auto name = optString(n, "namedPort")) {
    p.kind = model::AnpPort::Kind::Named;
    p.name = *name;
  } else {
    throw DecodeError(n.line(), "port needs portNumber, portRange or namedPort");
  }
  return p;
}

std::vector<model::AnpRule> readRules(const Node& spec, bool egress, bool baseline, DecodeContext& ctx) {
  std::vector<model::AnpRule> rules;
  const Node* list = optSequence(spec, egress ? "egress" : "ingress");
  if (!list) return rules;
  for (const Node& r : list->items()) {
    if (!r.isMapping()) throw DecodeError(r.line(), "rules must be mappings");
    model::AnpRule rule;
    rule.line = r.line();
    rule.name = optString(r, "name").value_or("");
    rule.action = reqString(r, "action");
    bool known = rule.action == "Allow" || rule.action == "Deny" || (!baseline && rule.action == "Pass");
    if (!known) throw DecodeError(r.line(), fmt::format("unknown action `{}`", rule.action));
    if (const Node* peers = optSequence(r, egress ? "to" : "from"))
      for (const Node& p : peers->items()) rule.peers.push_back(readPeer(p, egress, ctx));
    if (rule.peers.empty())  // the API requires at least one peer; such a rule matches nothing
      ctx.report(r.line(), fmt::format("rule `{}` has no peers and matches nothing", rule.name));
    if (const Node* ports = optSequence(r, "ports")) {
      rule.ports.emplace();
      for (const Node& p : ports->items()) rule.ports->push_back(readPort(p));
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

void decodeAdminNetworkPolicy(const Node& object, DecodeContext& ctx) {
  model::AdminNetworkPolicy p;
  p.meta = ctx.meta(object);
  p.meta.ns.clear();  // cluster-scoped
  p.baseline = p.meta.kind == "BaselineAdminNetworkPolicy";
  if (p.meta.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", p.meta.kind));
  if (p.baseline && p.meta.name != "default")
    throw DecodeError(object.line(), "a BaselineAdminNetworkPolicy must be named `default`");
  const Node& spec = reqMapping(object, "spec");
  if (!p.baseline) {
    auto prio = optInt(spec, "priority");
    if (!prio) throw DecodeError(spec.line(), "AdminNetworkPolicy without `priority`");
    if (*prio < 0 || *prio > 1000) throw DecodeError(spec.line(), "`priority` must be 0-1000");
    p.priority = static_cast<int>(*prio);
  }
  p.subject = readPodSet(reqMapping(spec, "subject"), "subject");
  p.ingress = readRules(spec, false, p.baseline, ctx);
  p.egress = readRules(spec, true, p.baseline, ctx);
  ctx.cluster.adminNetworkPolicies.push_back(std::move(p));
}

}  // namespace tg::load
