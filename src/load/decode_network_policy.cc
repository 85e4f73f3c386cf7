// Kubernetes NetworkPolicy (networking.k8s.io/v1).
#include <fmt/format.h>

#include "load/decode_label_selector.h"
#include "load/decoders.h"
#include "load/fields.h"

namespace tg::load {
namespace {

model::IpBlock readIpBlock(const Node& n) {
  model::IpBlock b;
  b.cidr = reqString(n, "cidr");
  auto cidr = net::parseCidr(b.cidr);
  if (!cidr || b.cidr.find('/') == std::string::npos)
    throw DecodeError(n.line(), fmt::format("ipBlock.cidr `{}` is not a CIDR", b.cidr));
  b.addresses = *cidr;
  b.except = stringList(n.get("except"), "except");
  for (const std::string& e : b.except) {
    auto ex = net::parseCidr(e);
    if (!ex) throw DecodeError(n.line(), fmt::format("ipBlock.except `{}` is not a CIDR", e));
    b.addresses = b.addresses.minus(*ex);
  }
  return b;
}

model::NetworkPolicyPeer readPeer(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "peer must be a mapping");
  model::NetworkPolicyPeer p;
  p.line = n.line();
  if (const Node* s = n.get("podSelector"); s && !s->isNull()) p.podSelector = readLabelSelector(*s);
  if (const Node* s = n.get("namespaceSelector"); s && !s->isNull()) p.namespaceSelector = readLabelSelector(*s);
  if (const Node* b = optMapping(n, "ipBlock")) p.ipBlock = readIpBlock(*b);
  if (p.ipBlock && (p.podSelector || p.namespaceSelector))
    throw DecodeError(n.line(), "a peer may not combine ipBlock with podSelector or namespaceSelector");
  if (!p.ipBlock && !p.podSelector && !p.namespaceSelector)
    throw DecodeError(n.line(), "peer needs podSelector, namespaceSelector or ipBlock");
  return p;
}

model::PolicyPort readPort(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "ports entries must be mappings");
  model::PolicyPort p;
  p.line = n.line();
  p.protocol = protocolField(n);
  if (const Node* port = n.get("port"); port && !port->isNull()) {
    if (parseInteger(*port)) p.number = toPort(*port, "port");
    else p.name = scalarText(*port, "port");
  }
  if (const Node* end = n.get("endPort"); end && !end->isNull()) {
    if (!p.number) throw DecodeError(end->line(), "endPort needs a numeric port");
    uint32_t e = toPort(*end, "endPort");
    if (e < *p.number) throw DecodeError(end->line(), "endPort must not be below port");
    p.endPort = e;
  }
  return p;
}

std::vector<model::NetworkPolicyRule> readRules(const Node& spec, std::string_view key, std::string_view peersKey) {
  std::vector<model::NetworkPolicyRule> rules;
  const Node* list = optSequence(spec, key);
  if (!list) return rules;
  for (const Node& r : list->items()) {
    model::NetworkPolicyRule rule;
    rule.line = r.line();
    if (r.isNull()) {  // `- {}` written as an empty item
      rules.push_back(std::move(rule));
      continue;
    }
    if (!r.isMapping()) throw DecodeError(r.line(), fmt::format("{} rules must be mappings", key));
    if (const Node* peers = optSequence(r, peersKey))
      for (const Node& p : peers->items()) rule.peers.push_back(readPeer(p));
    if (const Node* ports = optSequence(r, "ports"))
      for (const Node& p : ports->items()) rule.ports.push_back(readPort(p));
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace

void decodeNetworkPolicy(const Node& object, DecodeContext& ctx) {
  model::NetworkPolicy np;
  np.meta = ctx.meta(object);
  if (np.meta.name.empty()) throw DecodeError(object.line(), "NetworkPolicy without metadata.name");
  if (np.meta.ns.empty()) np.meta.ns = DecodeContext::kDefaultNamespace;
  const Node* spec = optMapping(object, "spec");
  if (!spec) throw DecodeError(object.line(), "NetworkPolicy without spec");
  // An absent podSelector decodes as the empty selector (all pods), as the API client does.
  if (const Node* sel = spec->get("podSelector")) np.podSelector = readLabelSelector(*sel);
  np.ingress = readRules(*spec, "ingress", "from");
  np.egress = readRules(*spec, "egress", "to");
  if (const Node* types = optSequence(*spec, "policyTypes")) {
    np.ingressIsolation = np.egressIsolation = false;
    for (const Node& t : types->items()) {
      std::string v = scalarText(t, "policyTypes");
      if (v == "Ingress") np.ingressIsolation = true;
      else if (v == "Egress") np.egressIsolation = true;
      else throw DecodeError(t.line(), fmt::format("unknown policyType `{}`", v));
    }
  } else {
    // Inferred: Ingress always, Egress when the policy has egress rules.
    np.ingressIsolation = true;
    np.egressIsolation = !np.egress.empty();
  }
  ctx.cluster.networkPolicies.push_back(std::move(np));
}

}  // namespace tg::load
