#include "authz_server/decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tg::authz {
namespace {

// ASCII only, as host names and trust domains are (and without a locale lookup per character).
char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lowerAscii(c);
  return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view lowerB) {
  return a.size() == lowerB.size() &&
         std::equal(a.begin(), a.end(), lowerB.begin(), [](char x, char y) { return lowerAscii(x) == y; });
}

bool isDnsLabel(std::string_view l) {
  if (l.empty() || l.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!alnum(l.front()) || !alnum(l.back())) return false;
  return std::all_of(l.begin(), l.end(), [&](char c) { return alnum(c) || c == '-'; });
}

bool isToken(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '!' ||
           c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '^' ||
           c == '`' || c == '|' || c == '~';
  });
}

bool anyMatch(const std::vector<layers::mesh::StringPattern>& ps, const std::string& v) {
  if (ps.empty()) return true;
  return std::any_of(ps.begin(), ps.end(), [&](const auto& p) { return p.matches(v); });
}

std::vector<layers::mesh::StringPattern> patterns(const std::vector<std::string>& texts) {
  std::vector<layers::mesh::StringPattern> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.emplace_back(t);
  return out;
}

}  // namespace

const char* reasonCode(Reason r) {
  switch (r) {
    case Reason::Allowed: return "allowed";
    case Reason::MissingIdentity: return "missing-identity";
    case Reason::BadIdentity: return "bad-identity";
    case Reason::ForeignTrustDomain: return "foreign-trust-domain";
    case Reason::UnknownTenant: return "unknown-tenant";
    case Reason::UnknownHost: return "unknown-host";
    case Reason::DestinationMismatch: return "destination-mismatch";
    case Reason::NotAllowed: return "not-allowed";
    case Reason::Malformed: return "malformed-request";
    case Reason::InternalError: return "internal-error";
  }
  return "internal-error";
}

Decision Decision::deny(Reason r, std::string detail) {
  Decision d;
  d.allowed = false;
  d.reason = r;
  d.detail = std::move(detail);
  return d;
}

Policy::Policy(const tenant::Spec& spec, uint64_t generation)
    : trustDomain_(lower(spec.trustDomain)), specName_(spec.name), generation_(generation) {
  for (const auto& t : spec.tenants) {
    tenantNames_.push_back(t.name);
    for (const auto& ns : t.namespaces) tenantByNamespace_.emplace(ns, t.name);
  }
  for (const auto& ss : spec.sharedServices) {
    Service s;
    s.name = ss.name;
    s.ns = ss.ns;
    s.id = ss.ns + "/" + ss.name;
    s.identityHeader = lower(ss.tenantIdentityHeader);
    for (const auto& a : ss.allow) {
      Rule r;
      for (const auto& t : a.tenants) {
        if (t == "*") r.anyTenant = true;
        else r.tenants.push_back(t);
      }
      r.methods = patterns(a.methods);
      r.paths = patterns(a.paths);
      s.rules.push_back(std::move(r));
    }
    services_.emplace(lower(ss.name) + "." + lower(ss.ns), std::move(s));
  }
}

const std::string* Policy::tenantOf(std::string_view ns) const {
  auto it = tenantByNamespace_.find(ns);
  return it == tenantByNamespace_.end() ? nullptr : &it->second;
}

const Policy::Service* Policy::service(std::string_view key) const {
  auto it = services_.find(key);
  return it == services_.end() ? nullptr : &it->second;
}

bool parseSpiffeId(std::string_view p, SpiffeId& out) {
  constexpr std::string_view kScheme = "spiffe://";
  if (p.size() > 2048 || p.substr(0, kScheme.size()) != kScheme) return false;
  p.remove_prefix(kScheme.size());
  // Exactly TD/ns/NS/sa/SA: five non-empty segments, nothing before or after.
  std::string_view parts[5];
  for (size_t i = 0; i < 5; ++i) {
    size_t slash = p.find('/');
    if ((slash == std::string_view::npos) != (i == 4)) return false;
    parts[i] = p.substr(0, slash);
    if (parts[i].empty()) return false;
    if (i < 4) p.remove_prefix(slash + 1);
  }
  if (parts[1] != "ns" || parts[3] != "sa") return false;
  out = {parts[0], parts[2], parts[4]};
  return true;
}

bool parseServiceHost(std::string_view host, ServiceHost& out) {
  if (host.empty() || host.size() > 253 + 6) return false;
  std::string h = lower(host);
  if (h.front() == '[') return false;  // IPv6 literal
  if (auto colon = h.rfind(':'); colon != std::string::npos) {
    std::string_view port = std::string_view(h).substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    unsigned long n = std::stoul(std::string(port));
    if (n == 0 || n > 65535) return false;
    h.resize(colon);
  }
  if (!h.empty() && h.back() == '.') h.pop_back();
  // Every label a DNS label; the first two are name and namespace, a third must be "svc".
  std::string_view labels[2];
  size_t count = 0;
  for (std::string_view rest = h;; ++count) {
    auto dot = rest.find('.');
    std::string_view label = rest.substr(0, dot);
    if (!isDnsLabel(label) || (count == 2 && label != "svc")) return false;
    if (count < 2) labels[count] = label;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  if (count < 1) return false;
  out.name = std::string(labels[0]);
  out.ns = std::string(labels[1]);
  out.key = out.name + "." + out.ns;
  return true;
}

bool isNormalizedPath(std::string_view p) {
  if (p.empty() || p.front() != '/') return false;
  for (size_t i = 0; i < p.size(); ++i) {
    auto u = static_cast<unsigned char>(p[i]);
    if (u <= 0x20 || u >= 0x7f || p[i] == '\\' || p[i] == '#') return false;
    if (p[i] == '%') {
      if (i + 2 >= p.size() || !std::isxdigit(static_cast<unsigned char>(p[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(p[i + 2])))
        return false;
      char a = p[i + 1], b = static_cast<char>(std::tolower(static_cast<unsigned char>(p[i + 2])));
      if ((a == '2' && (b == 'e' || b == 'f')) || (a == '5' && b == 'c')) return false;
    }
  }
  // Dot segments: "/." or "/.." followed by '/' or the end.
  size_t i = 0;
  while ((i = p.find("/.", i)) != std::string_view::npos) {
    size_t j = i + 2;
    if (j < p.size() && p[j] == '.') ++j;
    if (j == p.size() || p[j] == '/') return false;
    i += 2;
  }
  return true;
}

Decision decide(const Policy& policy, const CheckInput& in) {
  if (in.principal.empty()) return Decision::deny(Reason::MissingIdentity, "no verified peer identity (mTLS)");
  SpiffeId id;
  if (!parseSpiffeId(in.principal, id))
    return Decision::deny(Reason::BadIdentity, "peer identity is not spiffe://TRUST_DOMAIN/ns/NS/sa/SA");
  if (!equalsIgnoringCase(id.trustDomain, policy.trustDomain()))
    return Decision::deny(Reason::ForeignTrustDomain,
                          fmt::format("trust domain `{}` is not `{}`", id.trustDomain, policy.trustDomain()));
  const std::string* tenant = policy.tenantOf(id.ns);
  if (!tenant) return Decision::deny(Reason::UnknownTenant, fmt::format("namespace `{}` belongs to no tenant", id.ns));

  auto withTenant = [&](Decision d) {
    d.tenant = *tenant;
    return d;
  };
  if (!isToken(in.method)) return withTenant(Decision::deny(Reason::Malformed, "missing or invalid method"));
  std::string_view path = in.path.substr(0, in.path.find('?'));
  if (!isNormalizedPath(path)) return withTenant(Decision::deny(Reason::Malformed, "missing or non-normalized path"));

  ServiceHost host;
  if (!parseServiceHost(in.host, host))
    return withTenant(Decision::deny(Reason::UnknownHost, "host is not SERVICE.NAMESPACE[.svc...]"));
  const Policy::Service* svc = policy.service(host.key);
  if (!svc)
    return withTenant(Decision::deny(Reason::UnknownHost,
                                     fmt::format("`{}.{}` is not a shared service of the spec", host.name, host.ns)));
  auto withService = [&](Decision d) {
    d.tenant = *tenant;
    d.service = svc->id;
    return d;
  };

  if (!in.destinationPrincipal.empty()) {
    SpiffeId dest;
    if (!parseSpiffeId(in.destinationPrincipal, dest) || !equalsIgnoringCase(dest.trustDomain, policy.trustDomain()) ||
        dest.ns != svc->ns)
      return withService(Decision::deny(
          Reason::DestinationMismatch,
          fmt::format("the asking proxy ({}) is not in namespace `{}`", in.destinationPrincipal, svc->ns)));
  }

  std::string method(in.method), pathText(path);
  for (const auto& rule : svc->rules) {
    bool tenantOk = rule.anyTenant || std::find(rule.tenants.begin(), rule.tenants.end(), *tenant) != rule.tenants.end();
    if (!tenantOk || !anyMatch(rule.methods, method) || !anyMatch(rule.paths, pathText)) continue;
    Decision d;
    d.allowed = true;
    d.reason = Reason::Allowed;
    d.tenant = *tenant;
    d.service = svc->id;
    d.headerName = svc->identityHeader;
    if (!d.headerName.empty()) d.headerValue = *tenant;
    return d;
  }
  return withService(Decision::deny(
      Reason::NotAllowed, fmt::format("tenant `{}` may not {} {} on {}", *tenant, in.method, pathText, svc->id)));
}

}  // namespace tg::authz
