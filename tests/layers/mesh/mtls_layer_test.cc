#include "layers/mesh/mtls_layer.h"

#include <gtest/gtest.h>

#include "mesh_fixture.h"

namespace tg::testing {
namespace {

using layers::VerdictKind;
using model::MtlsMode;

// tenant-b/api is in the mesh; tenant-a/meshed has a sidecar; legacy/old has none.
std::string base() {
  return nsYaml("istio-system") + nsYaml("tenant-a", kInjected) + nsYaml("tenant-b", kInjected) + nsYaml("legacy") +
         workloadYaml("tenant-a", "meshed") + workloadYaml("tenant-b", "api") + workloadYaml("legacy", "old");
}

std::string pa(const std::string& ns, const std::string& name, const std::string& mode,
               const std::string& extra = "", const std::string& created = "") {
  std::string y = "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: " + name +
                  "\n  namespace: " + ns + "\n";
  if (!created.empty()) y += "  creationTimestamp: \"" + created + "\"\n";
  y += "spec:\n";
  if (!mode.empty()) y += "  mtls:\n    mode: " + mode + "\n";
  return y + extra + "---\n";
}

TEST(MtlsLayer, DefaultIsPermissiveAndPlaintextIsAccepted) {
  MeshFixture f(base());
  auto v = f.mtls(f.ep("legacy", "old"), f.ep("tenant-b", "api"), 8080);
  EXPECT_EQ(v.verdict, VerdictKind::Allow);
  EXPECT_TRUE(v.decidedBy.empty());
  auto s = f.mtls().security(f.ep("legacy", "old"), f.ep("tenant-b", "api"), net::Protocol::TCP, 8080);
  EXPECT_FALSE(s.mtls);
  EXPECT_EQ(s.destination.mode, MtlsMode::Permissive);
  auto meshed = f.mtls().security(f.ep("tenant-a", "meshed"), f.ep("tenant-b", "api"), net::Protocol::TCP, 8080);
  EXPECT_TRUE(meshed.mtls);
}

TEST(MtlsLayer, MeshStrictRefusesPlaintextAndExternal) {
  MeshFixture f(base() + pa("istio-system", "default", "STRICT"));
  auto v = f.mtls(f.ep("legacy", "old"), f.ep("tenant-b", "api"), 8080);
  EXPECT_EQ(v.verdict, VerdictKind::Deny);
  ASSERT_EQ(v.decidedBy.size(), 1u);
  EXPECT_EQ(v.decidedBy[0].name, "default");
  EXPECT_EQ(v.decidedBy[0].ns, "istio-system");
  EXPECT_GT(v.decidedBy[0].where.line, 0u);
  EXPECT_EQ(f.mtls(MeshFixture::external("8.8.8.8"), f.ep("tenant-b", "api"), 8080).verdict, VerdictKind::Deny);
  EXPECT_EQ(f.mtls(f.ep("tenant-a", "meshed"), f.ep("tenant-b", "api"), 8080).verdict, VerdictKind::Allow);
}

TEST(MtlsLayer, NotApplicableOutsideTheMeshAndForUdp) {
  MeshFixture f(base() + pa("istio-system", "default", "STRICT"));
  EXPECT_EQ(f.mtls(f.ep("tenant-a", "meshed"), f.ep("legacy", "old"), 8080).verdict, VerdictKind::NotApplicable);
  EXPECT_EQ(f.mtls().verdict(f.ep("legacy", "old"), f.ep("tenant-b", "api"), net::Protocol::UDP, 53).verdict,
            VerdictKind::NotApplicable);
}

TEST(MtlsLayer, NamespacePolicyOverridesMesh) {
  MeshFixture f(base() + pa("istio-system", "default", "STRICT") + pa("tenant-b", "default", "PERMISSIVE"));
  auto e = f.mtls().effectiveMode(*f.cluster().findWorkload("tenant-b", "api"), 8080);
  EXPECT_EQ(e.mode, MtlsMode::Permissive);
  ASSERT_TRUE(e.decidedBy);
  EXPECT_EQ(e.decidedBy->ns, "tenant-b");
  EXPECT_EQ(f.mtls(f.ep("legacy", "old"), f.ep("tenant-b", "api"), 8080).verdict, VerdictKind::Allow);
  // Another namespace still inherits the mesh policy.
  EXPECT_EQ(f.mtls(f.ep("legacy", "old"), f.ep("tenant-a", "meshed"), 8080).verdict, VerdictKind::Deny);
}

TEST(MtlsLayer, UnsetInheritsFromTheWiderScope) {
  MeshFixture f(base() + pa("istio-system", "default", "STRICT") + pa("tenant-b", "default", "UNSET"));
  auto e = f.mtls().effectiveMode(*f.cluster().findWorkload("tenant-b", "api"), 8080);
  EXPECT_EQ(e.mode, MtlsMode::Strict);
  EXPECT_EQ(e.decidedBy->ns, "istio-system");
}

TEST(MtlsLayer, PortLevelPermissiveInsideStrictWorkload) {
  std::string workloadPa = pa("tenant-b", "api-strict", "STRICT",
                              "  selector:\n    matchLabels:\n      app: api\n"
                              "  portLevelMtls:\n    8080:\n      mode: PERMISSIVE\n");
  MeshFixture f(base() + workloadPa);
  auto src = f.ep("legacy", "old");
  auto dst = f.ep("tenant-b", "api");
  auto open = f.mtls(src, dst, 8080);
  EXPECT_EQ(open.verdict, VerdictKind::Allow);
  auto closed = f.mtls(src, dst, 9090);
  EXPECT_EQ(closed.verdict, VerdictKind::Deny);
  auto e8080 = f.mtls().effectiveMode(*dst.workload, 8080);
  auto e9090 = f.mtls().effectiveMode(*dst.workload, 9090);
  EXPECT_EQ(e8080.scope, "port");
  EXPECT_EQ(e9090.scope, "workload");
  // The port entry is named by its own line, below the policy's `mtls` line.
  EXPECT_GT(e8080.decidedBy->where.line, e9090.decidedBy->where.line);
  EXPECT_EQ(f.mtls().distinctPorts(*dst.workload), std::vector<uint32_t>{8080});
}

TEST(MtlsLayer, PortLevelUnsetInheritsWorkloadMode) {
  std::string workloadPa = pa("tenant-b", "api-strict", "STRICT",
                              "  selector:\n    matchLabels:\n      app: api\n"
                              "  portLevelMtls:\n    8080:\n      mode: UNSET\n");
  MeshFixture f(base() + workloadPa);
  EXPECT_EQ(f.mtls().effectiveMode(*f.cluster().findWorkload("tenant-b", "api"), 8080).mode, MtlsMode::Strict);
}

TEST(MtlsLayer, SelectorInRootNamespaceIsIgnored) {
  std::string rootSelector = pa("istio-system", "api-disable", "DISABLE", "  selector:\n    matchLabels:\n      app: api\n");
  MeshFixture f(base() + pa("istio-system", "default", "STRICT") + rootSelector);
  auto e = f.mtls().effectiveMode(*f.cluster().findWorkload("tenant-b", "api"), 8080);
  EXPECT_EQ(e.mode, MtlsMode::Strict);
  EXPECT_EQ(e.decidedBy->name, "default");
  EXPECT_FALSE(e.ignored.empty());
}

TEST(MtlsLayer, OldestWinsInsideOneScope) {
  std::string older = pa("tenant-b", "zz-old", "STRICT", "", "2023-01-01T00:00:00Z");
  std::string newer = pa("tenant-b", "aa-new", "PERMISSIVE", "", "2024-06-01T00:00:00Z");
  MeshFixture f(base() + newer + older);
  auto e = f.mtls().effectiveMode(*f.cluster().findWorkload("tenant-b", "api"), 8080);
  EXPECT_EQ(e.mode, MtlsMode::Strict);
  EXPECT_EQ(e.decidedBy->name, "zz-old");

  // Same timestamps: the name decides.
  MeshFixture g(base() + pa("tenant-b", "bbb", "STRICT", "", "2023-01-01T00:00:00Z") +
                pa("tenant-b", "aaa", "DISABLE", "", "2023-01-01T00:00:00Z"));
  EXPECT_EQ(g.mtls().effectiveMode(*g.cluster().findWorkload("tenant-b", "api"), 8080).decidedBy->name, "aaa");
}

TEST(MtlsLayer, WorkloadPolicyOverridesNamespace) {
  MeshFixture f(base() + pa("tenant-b", "default", "STRICT") +
                pa("tenant-b", "api-off", "DISABLE", "  selector:\n    matchLabels:\n      app: api\n"));
  auto s = f.mtls().security(f.ep("tenant-a", "meshed"), f.ep("tenant-b", "api"), net::Protocol::TCP, 8080);
  EXPECT_EQ(s.destination.mode, MtlsMode::Disable);
  EXPECT_FALSE(s.mtls);  // both in the mesh, but DISABLE means plaintext
  EXPECT_FALSE(s.refused);
}

TEST(MtlsLayer, ExcludedInboundPortBypassesTheSidecar) {
  PodSpec p;
  p.annotations["traffic.sidecar.istio.io/excludeInboundPorts"] = "9090";
  MeshFixture f(base() + workloadYaml("tenant-b", "bypass", p) + pa("istio-system", "default", "STRICT"));
  EXPECT_EQ(f.mtls(f.ep("legacy", "old"), f.ep("tenant-b", "bypass"), 9090).verdict, VerdictKind::NotApplicable);
  EXPECT_EQ(f.mtls(f.ep("legacy", "old"), f.ep("tenant-b", "bypass"), 8080).verdict, VerdictKind::Deny);
}

TEST(MtlsLayer, ExcludedOutboundPortSendsPlaintext) {
  PodSpec p;
  p.annotations["traffic.sidecar.istio.io/excludeOutboundPorts"] = "8080";
  MeshFixture f(base() + workloadYaml("tenant-a", "leaky", p) + pa("istio-system", "default", "STRICT"));
  EXPECT_EQ(f.mtls(f.ep("tenant-a", "leaky"), f.ep("tenant-b", "api"), 8080).verdict, VerdictKind::Deny);
  EXPECT_EQ(f.mtls(f.ep("tenant-a", "leaky"), f.ep("tenant-b", "api"), 9090).verdict, VerdictKind::Allow);
}

TEST(MtlsLayer, AmbientIgnoresDisable) {
  MeshFixture f(nsYaml("amb", {{"istio.io/dataplane-mode", "ambient"}}) + nsYaml("tenant-a", kInjected) +
                workloadYaml("amb", "svc") + workloadYaml("tenant-a", "meshed") + pa("amb", "default", "DISABLE"));
  auto s = f.mtls().security(f.ep("tenant-a", "meshed"), f.ep("amb", "svc"), net::Protocol::TCP, 8080);
  EXPECT_TRUE(s.applicable);
  EXPECT_TRUE(s.mtls);
}

}  // namespace
}  // namespace tg::testing
