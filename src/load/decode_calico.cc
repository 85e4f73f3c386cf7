// Calico objects: projectcalico.org/v3 and crd.projectcalico.org/v1 (the same spec).
// NetworkPolicy, GlobalNetworkPolicy, Tier, NetworkSet, GlobalNetworkSet, Profile; Staged* variants
// are recognised and counted only (WorkloadEndpoint: decode_workload_endpoint.cc). A selector that does not parse is a DecodeError on its line.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "load/decoders.h"
#include "load/fields.h"
#include "model/calico.h"

namespace tg::load {
namespace {

namespace sel = selector::calico;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<sel::Selector> readSelector(const Node& parent, std::string_view key,
                                          sel::Scope scope = sel::Scope::Endpoint) {
  const Node* n = parent.get(key);
  if (!n || n->isNull()) return std::nullopt;
  std::string text = scalarText(*n, key);
  auto r = sel::Selector::parse(text, scope);
  if (!r) throw DecodeError(n->line(), fmt::format("`{}: {}` is not a Calico selector: {}", key, text, r.error().str()));
  return r.selector();
}

std::optional<double> readOrder(const Node& parent) {
  const Node* n = parent.get("order");
  if (!n || n->isNull()) return std::nullopt;
  std::string t = scalarText(*n, "order");
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v))
    throw DecodeError(n->line(), fmt::format("`order` must be a number, not `{}`", t));
  return v;
}

// Protocol names Calico accepts, or a number 1-255.
uint32_t readProtocol(const Node& n, std::string_view key) {
  if (auto v = parseInteger(n)) {
    if (*v < 1 || *v > 255) throw DecodeError(n.line(), fmt::format("`{}` number must be 1-255", key));
    return static_cast<uint32_t>(*v);
  }
  std::string t = lower(scalarText(n, key));
  if (t == "tcp") return net::kIanaTcp;
  if (t == "udp") return net::kIanaUdp;
  if (t == "sctp") return net::kIanaSctp;
  if (t == "icmp") return net::kIanaIcmp;
  if (t == "icmpv6") return net::kIanaIcmpv6;
  if (t == "udplite") return 136;
  throw DecodeError(n.line(), fmt::format("unknown `{}` `{}` (TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or 1-255)", key,
                                          n.text()));
}

uint32_t portNumber(const Node& n, std::string_view text, std::string_view key) {
  char* end = nullptr;
  std::string t(text);
  long v = std::strtol(t.c_str(), &end, 10);
  if (t.empty() || end != t.c_str() + t.size() || v < 0 || v > 65535)
    throw DecodeError(n.line(), fmt::format("`{}` entry `{}`: port must be 0-65535", key, n.text()));
  return static_cast<uint32_t>(v);
}

std::vector<model::CalicoPort> readPorts(const Node& parent, std::string_view key) {
  std::vector<model::CalicoPort> out;
  const Node* list = optSequence(parent, key);
  if (!list) return out;
  for (const Node& n : list->items()) {
    std::string t = scalarText(n, key);
    model::CalicoPort p;
    bool digits = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (auto colon = t.find(':'); colon != std::string::npos) {
      p.first = portNumber(n, std::string_view(t).substr(0, colon), key);
      p.last = portNumber(n, std::string_view(t).substr(colon + 1), key);
      if (p.last < p.first) throw DecodeError(n.line(), fmt::format("`{}` range `{}` ends before it starts", key, t));
    } else if (digits) {
      p.first = p.last = portNumber(n, t, key);
    } else if (t.empty()) {
      throw DecodeError(n.line(), fmt::format("empty `{}` entry", key));
    } else {
      p.name = t;
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::optional<net::IpSet> readNets(const Node& parent, std::string_view key, std::vector<std::string>& text) {
  const Node* list = optSequence(parent, key);
  if (!list) return std::nullopt;
  net::IpSet all;
  for (const Node& n : list->items()) {
    std::string t = scalarText(n, key);
    auto cidr = net::parseCidr(t);
    if (!cidr) throw DecodeError(n.line(), fmt::format("`{}` entry `{}` is not a CIDR", key, t));
    all.add(*cidr);
    text.push_back(std::move(t));
  }
  return all;
}

model::CalicoEntityRule readEntity(const Node& rule, std::string_view key) {
  model::CalicoEntityRule e;
  const Node* n = optMapping(rule, key);
  if (!n) return e;
  e.line = n->line();
  e.nets = readNets(*n, "nets", e.netsText);
  e.notNets = readNets(*n, "notNets", e.notNetsText);
  e.selector = readSelector(*n, "selector");
  e.notSelector = readSelector(*n, "notSelector");
  e.namespaceSelector = readSelector(*n, "namespaceSelector", sel::Scope::Namespace);
  e.ports = readPorts(*n, "ports");
  e.notPorts = readPorts(*n, "notPorts");
  if (const Node* sa = optMapping(*n, "serviceAccounts")) {
    model::CalicoServiceAccountMatch m;
    m.names = stringList(sa->get("names"), "names");
    m.selector = readSelector(*sa, "selector");
    e.serviceAccounts = std::move(m);
  }
  return e;
}

model::CalicoAction readAction(const Node& rule) {
  const Node* n = rule.get("action");
  if (!n || n->isNull()) throw DecodeError(rule.line(), "Calico rule without `action`");
  std::string t = lower(scalarText(*n, "action"));
  if (t == "allow") return model::CalicoAction::Allow;
  if (t == "deny") return model::CalicoAction::Deny;
  if (t == "log") return model::CalicoAction::Log;
  if (t == "pass") return model::CalicoAction::Pass;
  throw DecodeError(n->line(), fmt::format("unknown action `{}` (Allow, Deny, Log or Pass)", n->text()));
}

bool portProtocol(std::optional<uint32_t> p) {
  return p && (*p == net::kIanaTcp || *p == net::kIanaUdp || *p == net::kIanaSctp || *p == 136);
}

model::CalicoRule readRule(const Node& n, std::vector<model::CalicoUnmodelled>& unmodelled) {
  if (!n.isMapping()) throw DecodeError(n.line(), "Calico rules must be mappings");
  model::CalicoRule r;
  r.line = n.line();
  r.action = readAction(n);
  if (const Node* p = n.get("protocol"); p && !p->isNull()) r.protocol = readProtocol(*p, "protocol");
  if (const Node* p = n.get("notProtocol"); p && !p->isNull()) r.notProtocol = readProtocol(*p, "notProtocol");
  r.icmp = optMapping(n, "icmp") || optMapping(n, "notICMP");
  if (auto v = optInt(n, "ipVersion")) {
    if (*v != 4 && *v != 6) throw DecodeError(n.get("ipVersion")->line(), "`ipVersion` must be 4 or 6");
    r.ipVersion = static_cast<int>(*v);
  }
  r.http = optMapping(n, "http") != nullptr;
  r.source = readEntity(n, "source");
  r.destination = readEntity(n, "destination");
  for (const auto* e : {&r.source, &r.destination})
    if ((!e->ports.empty() || !e->notPorts.empty()) && !portProtocol(r.protocol))
      throw DecodeError(e->line, "`ports`/`notPorts` need `protocol` TCP, UDP, SCTP or UDPLite");

  // What the layer cannot evaluate exactly; it assumes the permissive outcome (see calico_policy.cc).
  if (r.icmp) unmodelled.push_back({r.line, "icmp/notICMP type and code (matched as the whole protocol)"});
  if (r.http) unmodelled.push_back({r.line, "http match (application layer)"});
  if (!r.source.ports.empty() || !r.source.notPorts.empty())
    unmodelled.push_back({r.source.line, "source ports (client ports are not modelled)"});
  if (r.protocol == 136u && (!r.destination.ports.empty() || !r.destination.notPorts.empty()))
    unmodelled.push_back({r.destination.line, "UDPLite ports (matched as the whole protocol)"});
  return r;
}

std::vector<model::CalicoRule> readRules(const Node& spec, std::string_view key,
                                         std::vector<model::CalicoUnmodelled>& unmodelled) {
  std::vector<model::CalicoRule> out;
  if (const Node* list = optSequence(spec, key))
    for (const Node& r : list->items()) out.push_back(readRule(r, unmodelled));
  return out;
}

void decodePolicy(const Node& object, DecodeContext& ctx, bool global) {
  model::CalicoPolicy p;
  p.meta = ctx.meta(object);
  p.global = global;
  if (p.meta.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", ctx.kind));
  if (global) p.meta.ns.clear();
  else if (p.meta.ns.empty()) p.meta.ns = DecodeContext::kDefaultNamespace;
  const Node* spec = optMapping(object, "spec");
  if (!spec) throw DecodeError(object.line(), fmt::format("{} without spec", ctx.kind));

  if (auto t = optString(*spec, "tier"); t && !t->empty()) p.tier = *t;
  p.order = readOrder(*spec);
  if (auto s = readSelector(*spec, "selector")) p.selector = *s;
  p.serviceAccountSelector = readSelector(*spec, "serviceAccountSelector");
  if (global) p.namespaceSelector = readSelector(*spec, "namespaceSelector", sel::Scope::Namespace);
  p.hostEndpointsOnly = optBool(*spec, "doNotTrack").value_or(false) || optBool(*spec, "preDNAT").value_or(false);
  if (p.hostEndpointsOnly)
    p.unmodelled.push_back({spec->line(), "doNotTrack/preDNAT policy (host endpoints only; not applied to pods)"});
  p.ingressRules = readRules(*spec, "ingress", p.unmodelled);
  p.egressRules = readRules(*spec, "egress", p.unmodelled);

  if (const Node* types = optSequence(*spec, "types")) {
    for (const Node& t : types->items()) {
      std::string v = scalarText(t, "types");
      if (v == "Ingress") p.ingress = true;
      else if (v == "Egress") p.egress = true;
      else throw DecodeError(t.line(), fmt::format("unknown type `{}` (Ingress or Egress)", v));
    }
  } else {
    // Calico's defaulting when `types` is absent: Egress when the policy has egress rules;
    // Ingress when it has ingress rules, and also when it has no egress rules (so a policy with
    // no rules at all is an ingress policy, like a Kubernetes NetworkPolicy).
    p.egress = !p.egressRules.empty();
    p.ingress = !p.ingressRules.empty() || p.egressRules.empty();
  }
  ctx.cluster.calico.policies.push_back(std::move(p));
}

void decodeTier(const Node& object, DecodeContext& ctx) {
  model::CalicoTier t;
  t.meta = ctx.meta(object);
  t.meta.ns.clear();
  if (t.meta.name.empty()) throw DecodeError(object.line(), "Tier without metadata.name");
  if (const Node* spec = optMapping(object, "spec")) {
    t.order = readOrder(*spec);
    if (auto a = optString(*spec, "defaultAction")) {
      std::string v = lower(*a);
      if (v == "pass") t.defaultPass = true;
      else if (v != "deny")
        throw DecodeError(spec->get("defaultAction")->line(), fmt::format("unknown defaultAction `{}` (Deny or Pass)", *a));
    }
  }
  ctx.cluster.calico.tiers.push_back(std::move(t));
}

void decodeNetworkSet(const Node& object, DecodeContext& ctx, bool global) {
  model::CalicoNetworkSet s;
  s.meta = ctx.meta(object);
  s.global = global;
  if (s.meta.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", ctx.kind));
  if (global) s.meta.ns.clear();
  else if (s.meta.ns.empty()) s.meta.ns = DecodeContext::kDefaultNamespace;
  if (const Node* spec = optMapping(object, "spec"))
    if (auto nets = readNets(*spec, "nets", s.netsText)) s.nets = *nets;
  ctx.cluster.calico.networkSets.push_back(std::move(s));
}

// A Profile: labelsToApply and its rules (which have no `types`: both directions always apply).
void decodeProfile(const Node& object, DecodeContext& ctx) {
  model::CalicoProfile p;
  p.meta = ctx.meta(object);
  p.meta.ns.clear();
  if (p.meta.name.empty()) throw DecodeError(object.line(), "Profile without metadata.name");
  if (const Node* spec = optMapping(object, "spec")) {
    p.labelsToApply = stringMap(spec->get("labelsToApply"), "labelsToApply");
    p.ingressRules = readRules(*spec, "ingress", p.unmodelled);
    p.egressRules = readRules(*spec, "egress", p.unmodelled);
  }
  ctx.cluster.calico.profiles.push_back(std::move(p));
}

}  // namespace

void decodeCalico(const Node& object, DecodeContext& ctx) {
  const std::string& kind = ctx.kind;
  if (kind.rfind("Staged", 0) == 0) {  // StagedNetworkPolicy, StagedGlobalNetworkPolicy, ...
    ++ctx.cluster.calico.staged[kind];
    return;
  }
  if (kind == "NetworkPolicy") return decodePolicy(object, ctx, false);
  if (kind == "GlobalNetworkPolicy") return decodePolicy(object, ctx, true);
  if (kind == "Tier") return decodeTier(object, ctx);
  if (kind == "NetworkSet") return decodeNetworkSet(object, ctx, false);
  if (kind == "GlobalNetworkSet") return decodeNetworkSet(object, ctx, true);
  if (kind == "Profile") return decodeProfile(object, ctx);
  throw DecodeError(object.line(), fmt::format("tenantguard does not decode Calico kind {}", kind));
}

}  // namespace tg::load
