// TG025: the tenant identity header that shared services trust must come from the verified peer
// certificate, never from the client. The reference article's Lua filter fails twice: `add()`
// appends, so a client-sent header survives, and uriSanPeerCertificate() returns a table, so
// add(name, table) raises and the request goes on without the header. A policy condition on the
// header is only as good as whatever set it.
#include <fmt/format.h>

#include <regex>
#include <set>

#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

std::set<std::string> identityHeaders(const LintContext& ctx) {
  std::set<std::string> out;
  if (ctx.tenancy.spec)
    for (const auto& s : ctx.tenancy.spec->sharedServices)
      if (!s.tenantIdentityHeader.empty()) out.insert(s.tenantIdentityHeader);
  if (out.empty()) out.insert("x-tenant-identity");
  return out;
}

bool calls(const std::string& code, const std::string& method, const std::string& header) {
  std::regex re(":" + method + "\\(\\s*[\"']" + header + "[\"']", std::regex::icase);
  return std::regex_search(code, re);
}

}  // namespace

void lintIdentityHeader(const LintContext& ctx, std::vector<Finding>& out) {
  auto headers = identityHeaders(ctx);
  for (const model::EnvoyFilter& f : ctx.cluster.envoyFilters)
    for (const model::LuaCode& lua : f.lua)
      for (const auto& h : headers) {
        if (!calls(lua.code, "add", h)) continue;
        bool removedFirst = calls(lua.code, "remove", h);
        bool sanTable = lua.code.find("uriSanPeerCertificate()") != std::string::npos &&
                        lua.code.find("uriSanPeerCertificate()[") == std::string::npos;
        std::string why = removedFirst ? "" : "add() appends, so a value the client sent survives";
        if (sanTable) why += std::string(why.empty() ? "" : "; ") + "uriSanPeerCertificate() returns a table, so add() fails and the request goes on without the header (fail open)";
        if (why.empty()) continue;
        out.push_back(makeFinding("TG025",
                                  fmt::format("EnvoyFilter {}/{} sets {} with add(): {}", f.meta.ns, f.meta.name, h, why),
                                  at(f.meta, lua.line), ""));
      }
  for (const model::AuthorizationPolicy& p : ctx.cluster.authorizationPolicies)
    for (const auto& rule : p.rules)
      for (const auto& c : rule.when)
        for (const auto& h : headers)
          if (c.key == "request.headers[" + h + "]") {
            out.push_back(makeFinding(
                "TG025",
                fmt::format("{} {}/{} decides on request header {}, which the client controls unless every proxy replaces "
                            "it before authorization",
                            model::authzActionName(p.action), p.meta.ns, p.meta.name, h),
                at(p.meta, c.line), ""));
          }
}

}  // namespace tg::verify::lints
