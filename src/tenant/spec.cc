#include "tenant/spec.h"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "load/fields.h"
#include "load/parse.h"

namespace tg::tenant {
namespace {

using load::DecodeError;
using load::Node;

std::vector<uint32_t> readPorts(const Node* n) {
  std::vector<uint32_t> out;
  if (!n) return out;
  if (!n->isSequence()) throw DecodeError(n->line(), "`ports` must be a list of port numbers");
  for (const Node& p : n->items()) out.push_back(load::toPort(p, "ports"));
  return out;
}

// "TENANT/WORKLOAD" with WORKLOAD possibly "*"; a bare "TENANT" means every workload.
std::pair<std::string, std::string> splitEndpoint(const Node& n, std::string_view what) {
  std::string s = load::scalarText(n, what);
  auto slash = s.find('/');
  if (slash == std::string::npos) return {s, "*"};
  return {s.substr(0, slash), s.substr(slash + 1)};
}

Tenant readTenant(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "tenants entries must be mappings");
  Tenant t;
  t.line = n.line();
  t.name = load::reqString(n, "name");
  t.namespaces = load::stringList(n.get("namespaces"), "namespaces");
  if (t.namespaces.empty()) throw DecodeError(n.line(), fmt::format("tenant `{}` has no namespaces", t.name));
  if (const Node* q = load::optMapping(n, "quota"))
    t.quota = Quota{load::optString(*q, "cpu").value_or(""), load::optString(*q, "memory").value_or(""),
                    load::optString(*q, "pods").value_or("")};
  t.admins = load::stringList(n.get("admins"), "admins");
  if (const Node* audit = load::optSequence(n, "audit")) {
    for (const Node& a : audit->items()) {
      if (!a.isMapping()) throw DecodeError(a.line(), "audit entries must be mappings");
      AuditRule rule;
      rule.line = a.line();
      rule.selector = load::stringMap(a.get("selector"), "selector");
      rule.paths = load::stringList(a.get("paths"), "paths");
      if (rule.paths.empty()) throw DecodeError(a.line(), "audit entry without `paths`");
      t.audit.push_back(std::move(rule));
    }
  }
  return t;
}

SharedService readSharedService(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "sharedServices entries must be mappings");
  SharedService s;
  s.line = n.line();
  s.name = load::reqString(n, "name");
  s.ns = load::reqString(n, "namespace");
  s.selector = load::stringMap(n.get("selector"), "selector");
  s.ports = readPorts(n.get("ports"));
  s.tenantIdentityHeader = load::optString(n, "tenantIdentityHeader").value_or("");
  if (const Node* allow = load::optSequence(n, "allow")) {
    for (const Node& a : allow->items()) {
      if (!a.isMapping()) throw DecodeError(a.line(), "allow entries must be mappings");
      SharedServiceAllow rule;
      rule.line = a.line();
      rule.tenants = load::stringList(a.get("tenants"), "tenants");
      rule.methods = load::stringList(a.get("methods"), "methods");
      rule.paths = load::stringList(a.get("paths"), "paths");
      if (rule.tenants.empty()) throw DecodeError(a.line(), "allow entry without `tenants`");
      s.allow.push_back(std::move(rule));
    }
  }
  return s;
}

Flow readFlow(const Node& n) {
  if (!n.isMapping()) throw DecodeError(n.line(), "flows entries must be mappings");
  Flow f;
  f.line = n.line();
  const Node* from = n.get("from");
  const Node* to = n.get("to");
  if (!from || !to) throw DecodeError(n.line(), "a flow needs `from` and `to`");
  std::tie(f.fromTenant, f.fromWorkload) = splitEndpoint(*from, "from");
  std::tie(f.toTenant, f.toWorkload) = splitEndpoint(*to, "to");
  f.ports = readPorts(n.get("ports"));
  f.methods = load::stringList(n.get("methods"), "methods");
  f.paths = load::stringList(n.get("paths"), "paths");
  return f;
}

// Cross-references: every name a spec uses must be declared, and namespaces belong to one tenant.
void validate(const Spec& s, std::vector<SpecError>& errors) {
  std::set<std::string> tenantNames;
  std::map<std::string, std::string> nsOwner;
  for (const Tenant& t : s.tenants) {
    if (!tenantNames.insert(t.name).second)
      errors.push_back({s.file, t.line, fmt::format("tenant `{}` is declared twice", t.name)});
    for (const auto& ns : t.namespaces) {
      auto [it, fresh] = nsOwner.emplace(ns, t.name);
      if (!fresh)
        errors.push_back({s.file, t.line, fmt::format("namespace `{}` belongs to tenants `{}` and `{}`", ns, it->second, t.name)});
    }
  }
  for (const SharedService& ss : s.sharedServices) {
    if (nsOwner.count(ss.ns))
      errors.push_back({s.file, ss.line, fmt::format("shared service `{}` is in tenant namespace `{}`", ss.name, ss.ns)});
    for (const auto& a : ss.allow)
      for (const auto& t : a.tenants)
        if (t != "*" && !tenantNames.count(t))
          errors.push_back({s.file, a.line, fmt::format("unknown tenant `{}`", t)});
  }
  for (const Flow& f : s.flows)
    for (const auto& t : {f.fromTenant, f.toTenant})
      if (!tenantNames.count(t)) errors.push_back({s.file, f.line, fmt::format("unknown tenant `{}`", t)});
}

}  // namespace

const Tenant* Spec::findTenant(const std::string& n) const {
  for (const Tenant& t : tenants)
    if (t.name == n) return &t;
  return nullptr;
}

std::optional<Spec> parseSpec(const std::string& name, std::string_view text, std::vector<SpecError>& errors) {
  load::ParsedText parsed = load::parseYaml(text);
  for (const auto& e : parsed.errors) errors.push_back({name, e.line, e.message});
  if (!errors.empty()) return std::nullopt;
  if (parsed.documents.size() != 1) {
    errors.push_back({name, 1, "a spec file holds exactly one TenantIsolation document"});
    return std::nullopt;
  }
  const Node& doc = parsed.documents.front();
  Spec s;
  s.file = name;
  try {
    if (!doc.isMapping()) throw DecodeError(doc.line(), "the spec must be a mapping");
    std::string kind = load::optString(doc, "kind").value_or("");
    if (kind != "TenantIsolation") throw DecodeError(doc.line(), "expected `kind: TenantIsolation`");
    if (const Node* md = load::optMapping(doc, "metadata")) s.name = load::optString(*md, "name").value_or("");
    const Node& spec = load::reqMapping(doc, "spec");
    s.trustDomain = load::optString(spec, "trustDomain").value_or(s.trustDomain);
    s.rootNamespace = load::optString(spec, "rootNamespace").value_or(s.rootNamespace);
    if (const Node* api = load::optMapping(spec, "apiServer")) {
      ApiServer a;
      a.cidr = load::reqString(*api, "cidr");
      if (!net::parseCidr(a.cidr)) throw DecodeError(api->line(), fmt::format("`{}` is not a CIDR", a.cidr));
      if (const Node* p = api->get("port")) a.port = load::toPort(*p, "port");
      s.apiServer = a;
    }
    if (const Node* ts = load::optSequence(spec, "tenants"))
      for (const Node& t : ts->items()) s.tenants.push_back(readTenant(t));
    if (s.tenants.empty()) throw DecodeError(spec.line(), "the spec declares no tenants");
    if (const Node* ss = load::optSequence(spec, "sharedServices"))
      for (const Node& x : ss->items()) s.sharedServices.push_back(readSharedService(x));
    if (const Node* fs = load::optSequence(spec, "flows"))
      for (const Node& f : fs->items()) s.flows.push_back(readFlow(f));
  } catch (const DecodeError& e) {
    errors.push_back({name, e.line(), e.what()});
    return std::nullopt;
  }
  validate(s, errors);
  if (!errors.empty()) return std::nullopt;
  return s;
}

std::optional<Spec> loadSpec(const std::string& path, std::vector<SpecError>& errors) {
  std::ifstream in(path);
  if (!in) {
    errors.push_back({path, 0, "cannot read spec file"});
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parseSpec(path, ss.str(), errors);
}

}  // namespace tg::tenant
