// Tenant identity for shared services: the header named by `tenantIdentityHeader` is set by the
// service's own proxy from the verified peer certificate, never taken from the client.
//
// Why the reference article's Lua filter fails open: `uriSanPeerCertificate()` returns a table
// (one entry per URI SAN), so `headers():add(name, table)` raises a Lua error; Envoy logs it and
// the request continues without the header. And `add()` appends: a client that sends its own
// `x-tenant-identity` keeps it, and the service reads the forged value. It was also inserted
// before the router only, after the filters (RBAC, ext_authz) that may read the header.
//
// Here the filter is the first HTTP filter of the inbound listener: it removes the header from
// every request, then sets it with `replace()` from the first URI SAN of a validated peer
// certificate, and only when that SAN is a SPIFFE identity of the mesh's trust domain in a
// tenant namespace. The value is the tenant's name, as the external authorizer sets it.
#include <fmt/format.h>

#include "authz_server/deployment.h"
#include "generate/parts.h"

namespace tg::generate {
namespace {

// A Lua pattern matching `text` literally.
std::string luaLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("^$()%.[]*+-?").find(c) != std::string_view::npos) out += '%';
    out += c;
  }
  return out;
}

std::string luaCode(const tenant::Spec& spec, const std::string& header) {
  std::string tenants;
  for (const auto& t : spec.tenants)
    for (const auto& ns : t.namespaces) tenants += fmt::format("  [\"{}\"] = \"{}\",\n", ns, t.name);
  return fmt::format(R"(-- tenantguard: the tenant comes from the verified peer certificate, never from the client.
local tenants = {{
{}}}
function envoy_on_request(handle)
  handle:headers():remove("{}")
  local ssl = handle:streamInfo():downstreamSslConnection()
  if ssl == nil or not ssl:peerCertificateValidated() then return end
  local sans = ssl:uriSanPeerCertificate()
  if sans == nil or sans[1] == nil then return end
  local ns = string.match(sans[1], "^spiffe://{}/ns/([^/]+)/sa/[^/]+$")
  local tenant = ns and tenants[ns]
  if tenant ~= nil then
    handle:headers():replace("{}", tenant)
  end
end
)",
                     tenants, header, luaLiteral(spec.trustDomain), header);
}

Json envoyFilter(const tenant::Spec& spec, const tenant::SharedService& s) {
  Json ef = object("networking.istio.io/v1alpha3", "EnvoyFilter", s.name + "-tenant-identity", s.ns);
  Json labels = Json::object();
  for (const auto& [k, v] : s.selector) labels[k] = v;
  Json patch{
      {"applyTo", "HTTP_FILTER"},
      {"match",
       {{"context", "SIDECAR_INBOUND"},
        {"listener", {{"filterChain", {{"filter", {{"name", "envoy.filters.network.http_connection_manager"}}}}}}}}},
      // First in the chain: before RBAC (AuthorizationPolicy), ext_authz and the router.
      {"patch",
       {{"operation", "INSERT_FIRST"},
        {"value",
         {{"name", "tenantguard.tenant-identity"},
          {"typed_config",
           {{"@type", "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua"},
            {"inlineCode", luaCode(spec, s.tenantIdentityHeader)}}}}}}}};
  ef["spec"] = Json{{"workloadSelector", {{"labels", labels}}}, {"configPatches", Json::array({patch})}};
  return ef;
}

}  // namespace

void addIdentityFilters(const tenant::Spec& spec, Bundle& b) {
  for (const tenant::SharedService& s : spec.sharedServices)
    if (!s.tenantIdentityHeader.empty()) b.add(envoyFilter(spec, s));
}

void addExternalAuthorizer(const tenant::Spec& spec, const std::string& specText, Bundle& b) {
  authz::DeploymentOptions options;
  options.specText = specText;
  for (Json& o : authz::deploymentObjects(spec, options)) b.add(std::move(o));
}

}  // namespace tg::generate
