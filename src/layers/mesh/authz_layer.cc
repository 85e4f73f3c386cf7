#include "layers/mesh/authz_layer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tg::layers::mesh {

const char* authzOutcomeName(AuthzOutcome o) {
  switch (o) {
    case AuthzOutcome::NotApplicable: return "not-applicable";
    case AuthzOutcome::AllowAll: return "allow-all";
    case AuthzOutcome::DenyAll: return "deny-all";
    case AuthzOutcome::Conditional: return "conditional";
  }
  return "?";
}

Verdict AuthzResult::verdict() const {
  Verdict v;
  switch (outcome) {
    case AuthzOutcome::NotApplicable: v.verdict = VerdictKind::NotApplicable; break;
    case AuthzOutcome::DenyAll: v.verdict = VerdictKind::Deny; break;
    case AuthzOutcome::AllowAll:
    case AuthzOutcome::Conditional: v.verdict = VerdictKind::Allow; break;
  }
  v.decidedBy = decidedBy;
  v.reason = reason;
  for (const std::string& n : notModelled) v.reason += "; not modelled: " + n;
  return v;
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool subset(const model::Labels& selector, const model::Labels& labels) {
  for (const auto& [k, v] : selector) {
    auto it = labels.find(k);
    if (it == labels.end() || it->second != v) return false;
  }
  return true;
}

std::string policyName(const model::AuthorizationPolicy& p) { return p.meta.ns + "/" + p.meta.name; }

std::optional<uint32_t> portNumber(const std::string& s) {
  uint32_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || n < net::kMinPort || n > net::kMaxPort) return std::nullopt;
  return n;
}

bool identityField(const std::string& name) {
  return name == "principals" || name == "namespaces" || name == "serviceAccounts" || name == "source.principal" ||
         name == "source.namespace" || name == "source.serviceAccount";
}

bool httpOnlyField(const std::string& name) {
  return name == "requestPrincipals" || name == "hosts" || name == "methods" || name == "paths" ||
         name.rfind("request.headers[", 0) == 0 || name.rfind("request.auth.", 0) == 0 ||
         name.rfind("experimental.", 0) == 0;
}

// Builds matchers for one policy; collects the ports and addresses it names.
class Compiler {
 public:
  Compiler(const MeshConfig& config, std::vector<uint32_t>& ports, std::vector<net::IpSet>& cuts)
      : config_(config), ports_(ports), cuts_(cuts) {}

  // `name` is a Source/Operation field (without `not`) or a `when` key.
  MatcherPtr leaf(const std::string& name, const std::vector<std::string>& values) {
    if (name == "principals" || name == "source.principal") return std::make_unique<PrincipalMatcher>(principals(values));
    if (name == "namespaces" || name == "source.namespace") return std::make_unique<NamespaceMatcher>(patterns(values));
    if (name == "serviceAccounts" || name == "source.serviceAccount")
      return std::make_unique<ServiceAccountMatcher>(patterns(values));
    if (name == "ipBlocks" || name == "source.ip") return ip(IpMatcher::Which::Source, values);
    if (name == "remoteIpBlocks" || name == "remote.ip") return ip(IpMatcher::Which::Remote, values);
    if (name == "destination.ip") return ip(IpMatcher::Which::Destination, values);
    if (name == "ports" || name == "destination.port") {
      std::vector<uint32_t> ps;
      for (const auto& v : values)
        if (auto n = portNumber(v)) ps.push_back(*n), ports_.push_back(*n);
      return std::make_unique<PortMatcher>(std::move(ps));
    }
    using A = RequestMatcher::Attribute;
    if (name == "methods") return std::make_unique<RequestMatcher>(A::Method, patterns(values));
    if (name == "paths") return std::make_unique<RequestMatcher>(A::Path, patterns(values));
    if (name == "hosts") return std::make_unique<RequestMatcher>(A::Host, patterns(values, true));
    if (name.rfind("request.headers[", 0) == 0) {
      std::string header = lower(name.substr(16, name.size() - 17));
      return std::make_unique<RequestMatcher>(A::Header, patterns(values), header);
    }
    if (name == "requestPrincipals") return std::make_unique<OpenMatcher>("JWT principal", values);
    if (name == "connection.sni") return std::make_unique<OpenMatcher>("SNI", values);
    return std::make_unique<OpenMatcher>(name, values);  // request.auth.*, experimental.*
  }

 private:
  static std::vector<StringPattern> patterns(const std::vector<std::string>& values, bool ignoreCase = false) {
    std::vector<StringPattern> out;
    for (const auto& v : values) out.emplace_back(v, ignoreCase);
    return out;
  }

  // A principal written with `cluster.local`, the trust domain or an alias matches under the trust
  // domain and every alias.
  std::vector<StringPattern> principals(const std::vector<std::string>& values) const {
    std::vector<std::string> domains{config_.trustDomain};
    for (const auto& a : config_.trustDomainAliases) domains.push_back(a);
    std::vector<std::string> out;
    for (const std::string& v : values) {
      out.push_back(v);
      auto slash = v.find('/');
      if (slash == std::string::npos) continue;
      std::string td = v.substr(0, slash);
      bool local = td == "cluster.local" || std::find(domains.begin(), domains.end(), td) != domains.end();
      if (!local) continue;
      for (const auto& d : domains) out.push_back(d + v.substr(slash));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return patterns(out);
  }

  MatcherPtr ip(IpMatcher::Which which, const std::vector<std::string>& values) {
    net::IpSet all;
    for (const auto& v : values)
      if (auto c = net::parseCidr(v)) all.add(*c);
    if (which != IpMatcher::Which::Destination) cuts_.push_back(all);
    return std::make_unique<IpMatcher>(which, std::move(all), joinValues(values));
  }

  const MeshConfig& config_;
  std::vector<uint32_t>& ports_;
  std::vector<net::IpSet>& cuts_;
};

MatcherPtr allOf(std::vector<MatcherPtr> parts) {
  if (parts.empty()) return std::make_unique<AnyMatcher>();
  if (parts.size() == 1) return std::move(parts.front());
  return std::make_unique<AndMatcher>(std::move(parts));
}

MatcherPtr anyOf(std::vector<MatcherPtr> parts) {
  if (parts.size() == 1) return std::move(parts.front());
  return std::make_unique<OrMatcher>(std::move(parts));
}

}  // namespace

struct CompiledRule {
  int index = 0;
  Ref ref;
  MatcherPtr matcher;
};

struct Variant {
  std::vector<CompiledRule> rules;
  std::vector<std::string> notes;  // rules dropped or widened for HTTP-only fields on TCP
};

struct AuthzLayer::Compiled {
  const model::AuthorizationPolicy* policy = nullptr;
  Ref ref;
  Variant http, tcp;
  bool usesIdentity = false;
  std::vector<uint32_t> ports;
  std::vector<net::IpSet> cuts;
};

namespace {

// One rule for an HTTP or a TCP port; null when the rule is dropped.
MatcherPtr compileRule(const model::AuthzRule& rule, bool allowLike, bool http, Compiler& c,
                       std::vector<std::string>& droppedFields, bool& dropRule) {
  auto field = [&](const std::string& name, bool negated, const std::vector<std::string>& values,
                   std::vector<MatcherPtr>& into) {
    if (!http && httpOnlyField(name)) {
      if (allowLike) dropRule = true;
      if (name.find('.') != std::string::npos) droppedFields.push_back(fmt::format("`when` {}", name));
      else if (negated) droppedFields.push_back("not" + std::string(1, static_cast<char>(std::toupper(name[0]))) + name.substr(1));
      else droppedFields.push_back(name);
      return;
    }
    MatcherPtr m = c.leaf(name, values);
    into.push_back(negated ? std::make_unique<NotMatcher>(std::move(m)) : std::move(m));
  };
  std::vector<MatcherPtr> parts;
  if (!rule.from.empty()) {
    std::vector<MatcherPtr> sources;
    for (const auto& s : rule.from) {
      std::vector<MatcherPtr> fields;
      for (const auto& f : s.fields) field(f.name, f.negated, f.values, fields);
      sources.push_back(allOf(std::move(fields)));
    }
    parts.push_back(anyOf(std::move(sources)));
  }
  if (!rule.to.empty()) {
    std::vector<MatcherPtr> ops;
    for (const auto& o : rule.to) {
      std::vector<MatcherPtr> fields;
      for (const auto& f : o.fields) field(f.name, f.negated, f.values, fields);
      ops.push_back(allOf(std::move(fields)));
    }
    parts.push_back(anyOf(std::move(ops)));
  }
  for (const auto& w : rule.when) {
    if (!w.values.empty()) field(w.key, false, w.values, parts);
    if (!w.notValues.empty()) field(w.key, true, w.notValues, parts);
  }
  if (dropRule) return nullptr;
  return allOf(std::move(parts));
}

Variant compileVariant(const model::AuthorizationPolicy& p, bool http, Compiler& c, const Ref& base) {
  Variant v;
  bool allowLike = p.action == model::AuthzAction::Allow || p.action == model::AuthzAction::Custom;
  for (size_t i = 0; i < p.rules.size(); ++i) {
    std::vector<std::string> dropped;
    bool dropRule = false;
    MatcherPtr m = compileRule(p.rules[i], allowLike, http, c, dropped, dropRule);
    std::sort(dropped.begin(), dropped.end());
    dropped.erase(std::unique(dropped.begin(), dropped.end()), dropped.end());
    std::string fields;
    for (const auto& d : dropped) fields += (fields.empty() ? "" : ", ") + d;
    if (!m) {
      v.notes.push_back(fmt::format("{} {} rule {} uses HTTP-only {} on a TCP port: the rule is dropped",
                                    model::authzActionName(p.action), policyName(p), i, fields));
      continue;
    }
    if (!dropped.empty())
      v.notes.push_back(fmt::format("{} {} rule {} uses HTTP-only {} on a TCP port: ignored, the rule widens",
                                    model::authzActionName(p.action), policyName(p), i, fields));
    Ref r = base;
    r.rule = static_cast<int>(i);
    if (p.rules[i].line) r.where.line = p.rules[i].line;
    v.rules.push_back({static_cast<int>(i), std::move(r), std::move(m)});
  }
  return v;
}

}  // namespace

AuthzLayer::AuthzLayer(const MeshContext& mesh, const MtlsLayer& mtls, const Exclusion* exclusion)
    : mesh_(mesh), mtls_(mtls), exclusion_(exclusion) {
  std::vector<const model::AuthorizationPolicy*> ps;
  for (const auto& p : mesh.cluster().authorizationPolicies) ps.push_back(&p);
  std::sort(ps.begin(), ps.end(), [](const auto* a, const auto* b) {
    return std::tie(a->meta.ns, a->meta.name) < std::tie(b->meta.ns, b->meta.name);
  });
  for (const model::AuthorizationPolicy* p : ps) {
    auto c = std::make_unique<Compiled>();
    c->policy = p;
    c->ref = Ref{"AuthorizationPolicy", p->meta.ns, p->meta.name, -1, model::authzActionName(p->action), p->meta.where};
    Compiler compiler(mesh.config(), c->ports, c->cuts);
    c->http = compileVariant(*p, true, compiler, c->ref);
    std::vector<uint32_t> ignoredPorts;
    std::vector<net::IpSet> ignoredCuts;
    Compiler again(mesh.config(), ignoredPorts, ignoredCuts);
    c->tcp = compileVariant(*p, false, again, c->ref);
    for (const auto& r : p->rules) {
      for (const auto& s : r.from)
        for (const auto& f : s.fields) c->usesIdentity |= identityField(f.name);
      for (const auto& w : r.when) c->usesIdentity |= identityField(w.key);
    }
    std::sort(c->ports.begin(), c->ports.end());
    c->ports.erase(std::unique(c->ports.begin(), c->ports.end()), c->ports.end());
    compiled_.push_back(std::move(c));
  }
  for (size_t i = 0; i < compiled_.size(); ++i) {
    auto [it, fresh] = range_.try_emplace(compiled_[i]->policy->meta.ns, i, i + 1);
    if (!fresh) it->second.second = i + 1;
  }
}

std::vector<const AuthzLayer::Compiled*> AuthzLayer::candidates(const model::Workload& w) const {
  std::vector<std::pair<size_t, size_t>> ranges;
  const std::string& root = mesh_.config().rootNamespace;
  for (const std::string* ns : {&root, &w.meta.ns}) {
    auto it = range_.find(*ns);
    if (it != range_.end() && (ranges.empty() || ranges.front() != it->second)) ranges.push_back(it->second);
  }
  std::sort(ranges.begin(), ranges.end());
  std::vector<const Compiled*> out;
  for (auto [begin, end] : ranges)
    for (size_t i = begin; i < end; ++i)
      if (!exclusion_ || !exclusion_->excludes(compiled_[i]->ref)) out.push_back(compiled_[i].get());
  return out;
}

AuthzLayer::~AuthzLayer() = default;

std::vector<const model::AuthorizationPolicy*> AuthzLayer::policiesFor(const model::Workload& w) const {
  std::vector<const model::AuthorizationPolicy*> out;
  for (const Compiled* c : candidates(w)) {
    const auto& p = *c->policy;
    if (!p.hasTargetRef && subset(p.selector, w.podLabels)) out.push_back(&p);
  }
  return out;
}

AuthzLayer::SourceLens AuthzLayer::sourceLens(const model::Workload& dst) const {
  SourceLens lens;
  for (const Compiled* c : candidates(dst)) {
    if (c->policy->hasTargetRef || !subset(c->policy->selector, dst.podLabels)) continue;
    for (const Variant* v : {&c->http, &c->tcp})
      for (const CompiledRule& r : v->rules)
        if (r.matcher) lens.push_back(r.matcher.get());
    lens.push_back(nullptr);
  }
  return lens;
}

void AuthzLayer::sourceSignature(const SourceLens& lens, const SourceScope& scope, std::string& sig) {
  for (const Matcher* m : lens) {
    if (m) m->sourceReach(scope, sig);
    else sig += '|';
  }
}

void AuthzLayer::singledOut(const SourceLens& lens, const NamespaceNames& names, std::string_view trustDomain,
                            std::vector<uint32_t>& out) {
  for (const Matcher* m : lens)
    if (m) m->singledOut(names, trustDomain, out);
}

std::vector<uint32_t> AuthzLayer::distinctPorts(const model::Workload& w) const {
  std::vector<uint32_t> out = mesh_.servicePorts(w);  // HTTP or TCP, per Service port
  for (const Compiled* c : candidates(w)) {
    const auto& p = *c->policy;
    if (!p.hasTargetRef && subset(p.selector, w.podLabels))
      out.insert(out.end(), c->ports.begin(), c->ports.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<net::IpSet> AuthzLayer::addressCuts() const {
  std::vector<net::IpSet> out;
  for (const auto& c : compiled_) out.insert(out.end(), c->cuts.begin(), c->cuts.end());
  return out;
}

AuthzResult AuthzLayer::evaluate(const Endpoint& src, const Endpoint& dst, net::Protocol p, uint32_t port,
                                 const HttpRequest* request) const {
  AuthzResult r;
  PeerSecurity sec = mtls_.security(src, dst, p, port);
  if (!sec.applicable) {
    r.reason = sec.reason + ": no proxy enforces AuthorizationPolicy";
    return r;
  }
  const model::Workload& w = *dst.workload;
  const Membership& dm = mesh_.membership(dst);
  bool ambient = dm.dataplane == Dataplane::Ambient;

  FlowFacts f;
  f.mtls = sec.mtls;
  if (f.mtls && src.workload) {
    f.principal = mesh_.principalOf(*src.workload);
    f.ns = src.workload->meta.ns;
    f.serviceAccount = src.workload->serviceAccount;
  }
  f.sourceIps = src.addresses;
  f.destinationIps = dst.addresses;
  f.port = port;
  std::vector<std::string> notes;
  if (ambient) {
    f.http = false;  // ztunnel enforces L4 only
    notes.push_back("ambient destination: ztunnel enforces L4 attributes only (HTTP-only fields handled as on a TCP port)");
    if (!dm.waypoint.empty())
      r.notModelled.push_back(fmt::format("waypoint `{}` and the policies attached to it by targetRefs", dm.waypoint));
  }
  PortProtocol proto = ambient ? PortProtocol{} : mesh_.protocolOf(w, port);
  if (!ambient) {
    f.http = proto.http;
    notes.push_back(proto.why);
  }
  if (f.http) f.request = request;
  else if (request) notes.push_back("the HTTP request is not visible on a TCP port and is ignored");

  // Applicable policies, and those that select the workload but are not enforced here.
  std::vector<const Compiled*> applicable;
  for (const Compiled* c : candidates(w)) {
    const auto& pol = *c->policy;
    if (!subset(pol.selector, w.podLabels)) continue;
    if (pol.hasTargetRef) {
      notes.push_back(fmt::format("{} has targetRefs and is not enforced by {}", policyName(pol),
                                  ambient ? "ztunnel" : "the sidecar"));
      continue;
    }
    applicable.push_back(c);
  }

  struct Hit {
    const Ref* ref;
    Cond cond;
  };
  std::vector<Hit> custom, deny, allow;
  std::vector<const Compiled*> allowPolicies, denyPolicies;
  bool identityPolicies = false;
  for (const Compiled* c : applicable) {
    const auto& pol = *c->policy;
    const Variant& v = f.http ? c->http : c->tcp;
    identityPolicies |= c->usesIdentity;
    if (pol.action == model::AuthzAction::Audit) continue;  // never decides
    if (pol.action == model::AuthzAction::Custom) {
      if (ambient) {
        r.notModelled.push_back(fmt::format("CUSTOM {} at ztunnel", policyName(pol)));
        continue;
      }
      if (!mesh_.config().hasProvider(pol.provider)) {
        custom.push_back({&c->ref, Cond::truth()});
        notes.push_back(fmt::format("CUSTOM {} names provider `{}`, which the mesh config does not define: deny all",
                                    policyName(pol), pol.provider));
        continue;
      }
      std::vector<Cond> m;
      for (const auto& rule : v.rules) m.push_back(rule.matcher->matches(f));
      if (!Cond::any(std::move(m)).isFalse())
        r.notModelled.push_back(fmt::format("the decision of external authorizer `{}` (CUSTOM {}), assumed to allow",
                                            pol.provider, policyName(pol)));
      continue;
    }
    notes.insert(notes.end(), v.notes.begin(), v.notes.end());
    if (pol.action == model::AuthzAction::Allow) allowPolicies.push_back(c);
    else denyPolicies.push_back(c);
    auto& into = pol.action == model::AuthzAction::Deny ? deny : allow;
    for (const auto& rule : v.rules) {
      Cond m = rule.matcher->matches(f);
      if (!m.isFalse()) into.push_back({&rule.ref, std::move(m)});
    }
  }
  if (!f.mtls && identityPolicies)
    notes.push_back("the peer is plaintext (no mTLS): principals, namespaces and serviceAccounts never match, "
                    "their not* forms always do");

  auto anyOfHits = [](const std::vector<Hit>& hits) {
    std::vector<Cond> cs;
    for (const Hit& h : hits) cs.push_back(h.cond);
    return Cond::any(std::move(cs));
  };
  Cond customDeny = anyOfHits(custom);
  Cond denied = anyOfHits(deny);
  Cond allowed = allowPolicies.empty() ? Cond::truth() : anyOfHits(allow);
  r.allowed = Cond::all({customDeny.negate(), denied.negate(), allowed});

  auto policiesText = [&] {
    std::string s;
    for (const Compiled* c : allowPolicies) s += (s.empty() ? "" : ", ") + policyName(*c->policy);
    return s;
  };
  auto addRefs = [&](const std::vector<Hit>& hits, bool onlyTrue) {
    for (const Hit& h : hits)
      if (!onlyTrue || h.cond.isTrue()) r.decidedBy.push_back(*h.ref);
  };
  auto refName = [](const Ref& ref) {
    return ref.rule >= 0 ? fmt::format("{} {}/{} rule {}", ref.section, ref.ns, ref.name, ref.rule)
                         : fmt::format("{} {}/{}", ref.section, ref.ns, ref.name);
  };

  if (r.allowed.isTrue()) {
    r.outcome = AuthzOutcome::AllowAll;
    r.summary = "allow-all";
    if (applicable.empty()) {
      r.reason = fmt::format("no AuthorizationPolicy applies to {}", dst.name());
    } else if (allowPolicies.empty()) {
      std::string denies;
      for (const Compiled* c : denyPolicies) {
        denies += (denies.empty() ? "" : ", ") + policyName(*c->policy);
        r.decidedBy.push_back(c->ref);
      }
      r.reason = denies.empty() ? "no ALLOW policy applies"
                                : fmt::format("no DENY rule matches (DENY policies that apply: {}) and no ALLOW policy applies", denies);
    } else {
      addRefs(allow, true);
      r.reason = "allowed by " + refName(r.decidedBy.front());
    }
  } else if (r.allowed.isFalse()) {
    r.outcome = AuthzOutcome::DenyAll;
    r.summary = "deny-all";
    if (customDeny.isTrue()) {
      addRefs(custom, true);
      r.reason = "denied by " + refName(r.decidedBy.front());
    } else if (denied.isTrue()) {
      addRefs(deny, true);
      r.reason = "denied by " + refName(r.decidedBy.front());
      if (r.decidedBy.size() > 1) r.reason += fmt::format(" (and {} more DENY rules)", r.decidedBy.size() - 1);
    } else if (allowed.isFalse()) {
      for (const Compiled* c : allowPolicies) r.decidedBy.push_back(c->ref);
      r.reason = fmt::format("no ALLOW rule matches; ALLOW policies that apply: {}", policiesText());
    } else {
      addRefs(deny, false);
      for (const Compiled* c : allowPolicies) r.decidedBy.push_back(c->ref);
      r.reason = fmt::format("every request matches a DENY rule or no ALLOW rule (ALLOW policies that apply: {})",
                             policiesText());
    }
  } else {
    r.outcome = AuthzOutcome::Conditional;
    Cond inverse = r.allowed.negate();
    // Prefer the shorter reading: "only when A" or "all except when B".
    std::string only = r.allowed.str(), except = inverse.str();
    r.summary = except.size() < only.size() && except.rfind("not ", 0) != 0 ? "all except when " + except
                                                                            : "only when " + only;
    addRefs(custom, false);
    addRefs(deny, false);
    addRefs(allow, false);
    r.reason = "conditional: " + r.summary;
  }
  for (const std::string& n : notes)
    if (!n.empty()) r.reason += "; " + n;
  return r;
}

}  // namespace tg::layers::mesh
