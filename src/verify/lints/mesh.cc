// Mesh lints. The identity layer only isolates when every tenant workload is in the mesh with
// STRICT mTLS (TG020, TG021); identity-based DENY rules are bypassed by plaintext where it is
// not STRICT (TG022); HTTP-only fields silently change meaning on TCP ports (TG023); and some
// conditions can never hold (TG024) or name things that do not exist (TG026).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "verify/lints/authz_fields.h"
#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

using model::AuthorizationPolicy;
using model::AuthzAction;
using model::AuthzField;

// TCP ports a workload serves; a workload that names none is checked on one port.
std::vector<uint32_t> servedPorts(const model::Workload& w) {
  std::vector<uint32_t> ports;
  for (const auto& cp : w.ports)
    if (cp.protocol == net::Protocol::TCP) ports.push_back(cp.port);
  if (ports.empty()) ports.push_back(net::kMinPort);
  return ports;
}

// "TD/ns/NS/sa/SA" (a trailing `*` allowed on SA) → NS; empty when the namespace is not fixed.
std::string principalNamespace(const std::string& p) {
  auto ns = p.find("/ns/");
  if (ns == std::string::npos) return "";
  auto sa = p.find("/sa/", ns + 4);
  if (sa == std::string::npos) return "";
  std::string name = p.substr(ns + 4, sa - ns - 4);
  return name.find('*') == std::string::npos ? name : "";
}

const AuthzField* field(const model::AuthzSource& s, const std::string& name, bool negated) {
  for (const auto& f : s.fields)
    if (f.name == name && f.negated == negated) return &f;
  return nullptr;
}

void lintMtls(const LintContext& ctx, const model::Workload& w, std::vector<Finding>& out) {
  const auto& membership = ctx.layers.mesh().membership(w);
  if (!membership.inMesh()) {
    out.push_back(makeFinding("TG021", fmt::format("{} is outside the mesh ({})", w.displayName(), membership.reason), w.meta, ""));
    return;
  }
  for (uint32_t port : servedPorts(w)) {
    auto eff = ctx.layers.mtls().effectiveMode(w, port);
    if (eff.mode == model::MtlsMode::Strict) continue;
    model::ObjectMeta where = w.meta;
    if (eff.decidedBy) where.where = eff.decidedBy->where;
    out.push_back(makeFinding("TG020",
                              fmt::format("{} accepts plaintext on port {}: effective mTLS is {} ({})", w.displayName(), port,
                                          model::mtlsModeName(eff.mode), eff.scope),
                              where, ""));
    return;  // one finding per workload
  }
}

// TG022: a DENY that matches on identity does not match a plaintext peer.
void lintPlaintextBypass(const LintContext& ctx, const AuthorizationPolicy& p, std::vector<Finding>& out) {
  if (p.action != AuthzAction::Deny) return;
  uint32_t line = 0;
  for (const auto& rule : p.rules) {
    for (const auto& src : rule.from)
      for (const auto& f : src.fields)
        if (isIdentityField(f) && !f.negated && !line) line = f.line;
    for (const auto& c : rule.when)
      if (isIdentityKey(c.key) && !c.values.empty() && !line) line = c.line;
  }
  if (!line) return;
  for (const model::Workload& w : ctx.cluster.workloads) {
    if (!ctx.layers.mesh().membership(w).inMesh()) continue;  // no proxy enforces anything (TG021)
    auto applies = ctx.layers.authz().policiesFor(w);
    if (std::find(applies.begin(), applies.end(), &p) == applies.end()) continue;
    for (uint32_t port : servedPorts(w)) {
      auto eff = ctx.layers.mtls().effectiveMode(w, port);
      if (eff.mode == model::MtlsMode::Strict) continue;
      out.push_back(makeFinding(
          "TG022",
          fmt::format("DENY {}/{} matches on peer identity, but {} accepts plaintext on port {} ({}): a plaintext client "
                      "is not denied",
                      p.meta.ns, p.meta.name, w.displayName(), port, model::mtlsModeName(eff.mode)),
          at(p.meta, line), ""));
      return;
    }
  }
}

// TG023: HTTP-only fields where the destination port is plain TCP, or where no Service names the
// protocol (Istio then detects it, and the fields apply only to what it sees as HTTP).
void lintHttpOnTcp(const LintContext& ctx, const AuthorizationPolicy& p, std::vector<Finding>& out) {
  uint32_t line = firstHttpOnlyLine(p);
  if (!line) return;
  for (const model::Workload& w : ctx.cluster.workloads) {
    if (!ctx.layers.mesh().membership(w).inMesh()) continue;
    auto applies = ctx.layers.authz().policiesFor(w);
    if (std::find(applies.begin(), applies.end(), &p) == applies.end()) continue;
    for (uint32_t port : servedPorts(w)) {
      auto proto = ctx.layers.mesh().protocolOf(w, port);
      if (proto.http && proto.declared) continue;
      const char* effect = p.action == AuthzAction::Allow ? "the ALLOW rule is dropped there (nothing is allowed by it)"
                                                          : "the condition is dropped there (the rule matches more)";
      std::string where = proto.http ? fmt::format("no Service declares the protocol of {} port {}: Istio detects it, so "
                                                   "they apply only to traffic seen as HTTP; for any other, {}",
                                                   w.displayName(), port, effect)
                                     : fmt::format("{} port {} is TCP ({}): {}", w.displayName(), port, proto.why, effect);
      out.push_back(makeFinding("TG023",
                                fmt::format("{} {}/{} uses HTTP-only fields, but {}", model::authzActionName(p.action),
                                            p.meta.ns, p.meta.name, where),
                                at(p.meta, line), ""));
      return;
    }
  }
}

// TG024: principals pinned to namespaces that the same source excludes (or does not include).
void lintDeadConditions(const AuthorizationPolicy& p, std::vector<Finding>& out) {
  for (const auto& rule : p.rules)
    for (const auto& src : rule.from) {
      const AuthzField* principals = field(src, "principals", false);
      if (!principals) continue;
      std::set<std::string> pinned;
      for (const auto& v : principals->values) {
        std::string ns = principalNamespace(v);
        if (ns.empty()) return;  // some principal's namespace is open: the rule can match
        pinned.insert(ns);
      }
      const AuthzField* notNs = field(src, "namespaces", true);
      const AuthzField* ns = field(src, "namespaces", false);
      bool excluded = notNs && std::all_of(pinned.begin(), pinned.end(), [&](const std::string& n) {
                        return std::find(notNs->values.begin(), notNs->values.end(), n) != notNs->values.end();
                      });
      bool disjoint = ns && std::none_of(pinned.begin(), pinned.end(), [&](const std::string& n) {
                        return std::find(ns->values.begin(), ns->values.end(), n) != ns->values.end();
                      });
      if (!excluded && !disjoint) continue;
      out.push_back(makeFinding(
          "TG024",
          fmt::format("{} {}/{}: a source whose principals are all in namespace(s) {} can never satisfy its {} — this source "
                      "never matches",
                      model::authzActionName(p.action), p.meta.ns, p.meta.name, fmt::join(pinned, ", "),
                      excluded ? "notNamespaces" : "namespaces"),
          at(p.meta, src.line), ""));
    }
}

// TG026: policies that select nothing, and names of namespaces that do not exist.
void lintDanglingReferences(const LintContext& ctx, const AuthorizationPolicy& p, std::vector<Finding>& out) {
  if (!p.selector.empty() && !p.hasTargetRef) {
    bool any = false;
    for (const model::Workload& w : ctx.cluster.workloads) {
      auto applies = ctx.layers.authz().policiesFor(w);
      any = any || std::find(applies.begin(), applies.end(), &p) != applies.end();
    }
    if (!any)
      out.push_back(makeFinding("TG026", fmt::format("AuthorizationPolicy {}/{} selects no workload", p.meta.ns, p.meta.name),
                                p.meta, ""));
  }
  for (const auto& rule : p.rules)
    for (const auto& src : rule.from)
      for (const auto& f : src.fields) {
        std::vector<std::string> names;
        if (f.name == "namespaces")
          for (const auto& v : f.values)
            if (v.find('*') == std::string::npos) names.push_back(v);
        if (f.name == "principals")
          for (const auto& v : f.values)
            if (auto ns = principalNamespace(v); !ns.empty()) names.push_back(ns);
        for (const auto& n : names)
          if (!ctx.cluster.findNamespace(n)) {
            out.push_back(makeFinding("TG026",
                                      fmt::format("AuthorizationPolicy {}/{} names namespace {}, which does not exist", p.meta.ns,
                                                  p.meta.name, n),
                                      at(p.meta, f.line), ""));
            return;
          }
      }
}

}  // namespace

void lintMesh(const LintContext& ctx, std::vector<Finding>& out) {
  for (const model::Workload& w : ctx.cluster.workloads)
    if (ctx.isTenantNamespace(w.meta.ns)) lintMtls(ctx, w, out);
  for (const AuthorizationPolicy& p : ctx.cluster.authorizationPolicies) {
    lintPlaintextBypass(ctx, p, out);
    lintHttpOnTcp(ctx, p, out);
    lintDeadConditions(p, out);
    lintDanglingReferences(ctx, p, out);
  }
}

}  // namespace tg::verify::lints
