// A random log of known requests between the fixture's workloads: the expected groups and alerts
// are counted here from the generated requests, not from the log, and compared with runAudit.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <random>

#include "audit/audit.h"
#include "load/loader.h"

namespace tg::audit {
namespace {

struct Known {
  const char* name;
  const char* tenant;  // "" for the shared service
  const char* ip;
  const char* sa;
};

const Known kWorkloads[] = {
    {"tenant-acme/frontend[Deployment]", "acme", "10.1.0.10", "tenant-acme/sa/frontend"},
    {"tenant-acme/api[Deployment]", "acme", "10.1.0.20", "tenant-acme/sa/api"},
    {"tenant-globex/api[Deployment]", "globex", "10.2.0.20", "tenant-globex/sa/api"},
    {"tenant-globex/billing[StatefulSet]", "globex", "10.2.0.30", "tenant-globex/sa/billing"},
    {"tenant-initech/reports[DaemonSet]", "initech", "10.3.0.10", "tenant-initech/sa/reports"},
    {"shared-services/log-collector[Deployment]", "", "10.9.0.5", "shared-services/sa/log-collector"},
};

enum class Kind { Allow, DenyPolicy, DenyNone, Network };

struct Expected {
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> groups;  // src, dst, policy or flags
  std::map<std::pair<std::string, std::string>, uint64_t> alerts;
  uint64_t declared = 0, sameTenant = 0, notBetweenTenants = 0, sharedServiceRequests = 0;
};

// Writes `n` requests as Istio JSON lines and counts what audit must report.
Expected generate(const std::string& path, int n) {
  std::mt19937 rng(7);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  std::ofstream out(path);
  Expected e;
  for (int i = 0; i < n; ++i) {
    const Known& src = kWorkloads[pick(6)];
    const Known& dst = kWorkloads[pick(6)];
    Kind kind = static_cast<Kind>(pick(4));
    const char* method = pick(2) ? "GET" : "POST";
    const char* path = pick(2) ? "/v1/catalog/items" : "/admin/users";
    std::string policy = pick(2) ? "deny-cross-tenant" : "deny-admin";
    std::string time = fmt::format("2026-11-0{}T{:02}:{:02}:{:02}.{:03}Z", 2 + pick(3), pick(24), pick(60), pick(60), pick(1000));
    std::string peer = pick(2) ? fmt::format(R"("downstream_peer_uri_san":"spiffe://cluster.local/ns/{}",)", src.sa) : "";
    int code = kind == Kind::Allow ? 200 : kind == Kind::Network ? 503 : 403;
    std::string details = kind == Kind::Allow      ? "via_upstream"
                          : kind == Kind::DenyNone ? "rbac_access_denied_matched_policy[none]"
                          : kind == Kind::Network  ? "upstream_reset_before_response_started{connection_failure}"
                                                   : fmt::format("rbac_access_denied_matched_policy[ns[istio-system]-policy[{}]-rule[1]]", policy);
    if (kind == Kind::Network)
      out << fmt::format(R"({{"start_time":"{}","method":"{}","path":"{}","response_code":503,"response_flags":"UF,URX",)"
                         R"("response_code_details":"{}","upstream_cluster":"outbound|8080||x.y.svc.cluster.local",)"
                         R"("upstream_host":"{}:8080","downstream_remote_address":"{}:40000","downstream_local_address":"10.96.0.9:8080"}})",
                         time, method, path, details, dst.ip, src.ip)
          << "\n";
    else
      out << fmt::format(R"({{"start_time":"{}","method":"{}","path":"{}","response_code":{},"response_flags":"-",{})"
                         R"("response_code_details":"{}","upstream_cluster":"inbound|8080||","upstream_host":null,)"
                         R"("downstream_local_address":"{}:8080","downstream_remote_address":"{}:40000","bytes_sent":1}})",
                         time, method, path, code, peer, details, dst.ip, src.ip)
          << "\n";

    if (!*src.tenant) ++e.notBetweenTenants;
    else if (!*dst.tenant) {  // the log collector: declared for POST /logs/ingest, never generated
      ++e.sharedServiceRequests;
      if (kind == Kind::Allow) ++e.alerts[{src.name, dst.name}];
    } else if (std::string(src.tenant) == dst.tenant) ++e.sameTenant;
    else if (kind == Kind::Allow) {
      bool declared = std::string(src.name) == "tenant-acme/frontend[Deployment]" &&
                      std::string(dst.name) == "tenant-globex/api[Deployment]" && std::string(method) == "GET" &&
                      std::string(path).starts_with("/v1/catalog/");
      if (declared) ++e.declared;
      else ++e.alerts[{src.name, dst.name}];
    } else {
      std::string what = kind == Kind::Network ? "UF,URX" : kind == Kind::DenyNone ? "none" : "istio-system/" + policy;
      ++e.groups[{src.name, dst.name, what}];
    }
  }
  return e;
}

TEST(AuditGenerated, GroupsAndAlertsMatchTheGeneratedRequests) {
  char tmpl[] = "/tmp/tg-audit-gen-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  std::string log = dir + "/gen.jsonl";
  Expected e = generate(log, 20000);

  std::string source = TG_SOURCE_DIR;
  load::LoadResult input = load::loadPaths({source + "/tests/data/audit/cluster.yaml"});
  std::vector<tenant::SpecError> errors;
  auto spec = tenant::loadSpec(source + "/tests/data/audit/tenantguard.yaml", errors);
  ASSERT_TRUE(spec);
  tenant::addSpecNamespaces(*spec, input.cluster);
  tenant::Tenancy tenancy = tenant::fromSpec(*spec, input.cluster);
  AuditResult r = runAudit({log}, input.cluster, tenancy, {});

  EXPECT_FALSE(r.inputError);
  EXPECT_EQ(r.summary.entries, 20000u);
  EXPECT_EQ(r.summary.crossTenantDeclared, e.declared);
  EXPECT_EQ(r.summary.sameTenant, e.sameTenant);
  EXPECT_EQ(r.summary.notBetweenTenants, e.notBetweenTenants);
  EXPECT_EQ(r.summary.sharedServiceRequests, e.sharedServiceRequests);
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> groups;
  for (const auto& g : r.denied) groups[{g.src, g.dst, g.layer == "network" ? g.flags : g.policy}] += g.seen.count;
  EXPECT_EQ(groups, e.groups);
  std::map<std::pair<std::string, std::string>, uint64_t> alerts;
  for (const auto& a : r.alerts) alerts[{a.src, a.dst}] += a.seen.count;
  EXPECT_EQ(alerts, e.alerts);
  EXPECT_FALSE(e.alerts.empty());

  // The same log gzip-compressed gives the same report.
  std::system(("gzip -k '" + log + "'").c_str());
  AuditResult packed = runAudit({log + ".gz"}, input.cluster, tenancy, {});
  EXPECT_EQ(packed.summary.crossTenantDenied, r.summary.crossTenantDenied);
  EXPECT_EQ(packed.summary.alerts, r.summary.alerts);
  EXPECT_EQ(packed.denied.size(), r.denied.size());
  std::system(("rm -rf '" + dir + "'").c_str());
}

}  // namespace
}  // namespace tg::audit
