// verify::runDiff and diffFindings. The expectations come from reading the test configurations
// under tests/data/diff/ (their comments say what each change does), not from running the code.
#include "verify/diff.h"

#include <gtest/gtest.h>

#include "load/loader.h"

namespace tg::verify {
namespace {

using net::ConnectionSet;
using net::PortSet;
using net::Protocol;

std::string dataDir(const std::string& c) { return std::string(TG_SOURCE_DIR) + "/tests/data/diff/" + c; }

struct Loaded {
  load::LoadResult base, head;
  std::optional<tenant::Spec> spec;
  tenant::Tenancy baseTenancy, headTenancy;
};

// Loads a case's base/ and head/ (and its tenantguard.yaml when there is one).
std::unique_ptr<Loaded> loadCase(const std::string& c, bool withSpec) {
  auto l = std::make_unique<Loaded>();
  l->base = load::loadPaths({dataDir(c) + "/base"});
  l->head = load::loadPaths({dataDir(c) + "/head"});
  EXPECT_TRUE(l->base.diagnostics.empty());
  EXPECT_TRUE(l->head.diagnostics.empty());
  if (withSpec) {
    std::vector<tenant::SpecError> errors;
    l->spec = tenant::loadSpec(dataDir(c) + "/tenantguard.yaml", errors);
    EXPECT_TRUE(l->spec.has_value());
    tenant::addSpecNamespaces(*l->spec, l->base.cluster);
    tenant::addSpecNamespaces(*l->spec, l->head.cluster);
    l->baseTenancy = tenant::fromSpec(*l->spec, l->base.cluster);
    l->headTenancy = tenant::fromSpec(*l->spec, l->head.cluster);
  } else {
    l->baseTenancy = tenant::fromLabels(l->base.cluster, "tenant", "istio-system");
    l->headTenancy = tenant::fromLabels(l->head.cluster, "tenant", "istio-system");
  }
  return l;
}

DiffResult diffCase(const Loaded& l) {
  return runDiff(l.base.cluster, l.baseTenancy, l.head.cluster, l.headTenancy, VerifyOptions{});
}


// A finding `id` about an object in namespace `ns`, or about the Namespace `ns` itself.
bool hasFinding(const std::vector<Finding>& list, const std::string& id, const std::string& ns) {
  for (const auto& f : list)
    if (f.id == id && (f.object.ns == ns || (f.object.kind == "Namespace" && f.object.name == ns))) return true;
  return false;
}

TEST(Diff, DeletingDefaultDenyOpensUdpAndSctpFromBToA) {
  auto l = loadCase("delete-default-deny", false);
  DiffResult d = diffCase(*l);

  // Without tenant-a's default-deny-all, tenant-a/web is not isolated for ingress any more;
  // tenant-b's api may send anywhere (tenant-b denies ingress only). The mesh still stops TCP
  // (tenant-a accepts requests from tenant-a only), but the mesh does not see UDP and SCTP.
  ASSERT_EQ(d.flows.size(), 1u);
  const FlowChange& f = d.flows[0];
  EXPECT_EQ(f.kind, ChangeKind::Added);
  EXPECT_EQ(f.cause, ChangeCause::Policy);
  EXPECT_EQ(f.src, "tenant-b/api[Deployment]");
  EXPECT_EQ(f.dst, "tenant-a/web[Deployment]");
  EXPECT_EQ(f.fromTenant, "b");
  EXPECT_EQ(f.toTenant, "a");
  // Everything but TCP: UDP, SCTP (and other IP protocols, which the network layer allows too).
  ConnectionSet allButTcp = ConnectionSet::all().minus(ConnectionSet::allPorts(Protocol::TCP));
  EXPECT_EQ(f.opened, allButTcp);
  EXPECT_EQ(f.opened.toString(), "SCTP 1-65535,UDP 1-65535");
  EXPECT_TRUE(f.closed.empty());
  EXPECT_TRUE(f.opensUndeclared());
  EXPECT_TRUE(d.opensNewFlows());
  EXPECT_EQ(d.summary.newFlows, 1u);

  // Before, the pair was blocked by the network layer; now the network allows everything.
  ASSERT_TRUE(f.base.present);
  ASSERT_EQ(f.base.layers.size(), 3u);
  EXPECT_TRUE(f.base.layers[0].allowed.empty());
  EXPECT_STREQ(f.head.layers[0].verdict(), "allow");
  bool baseNamesDefaultDeny = false;
  for (const auto& r : f.base.layers[0].decidedBy) baseNamesDefaultDeny |= r.name == "default-deny-all" && r.ns == "tenant-a";
  EXPECT_TRUE(baseNamesDefaultDeny);
  // Only the network layer's result changed.
  ASSERT_EQ(f.layerChanges.size(), 1u);
  EXPECT_EQ(f.layerChanges[0].layer, "network");

  ASSERT_EQ(d.policiesRemoved.size(), 1u);
  EXPECT_EQ(d.policiesRemoved[0].object.kind, "NetworkPolicy");
  EXPECT_EQ(d.policiesRemoved[0].object.name, "default-deny-all");
  EXPECT_EQ(d.policiesRemoved[0].object.ns, "tenant-a");
  EXPECT_TRUE(d.policiesAdded.empty());
  EXPECT_TRUE(d.workloadsAdded.empty());
  EXPECT_TRUE(d.workloadsRemoved.empty());

  // tenant-a now lacks default-deny ingress and egress (TG010, TG011), and b → a is open (TG001).
  EXPECT_TRUE(hasFinding(d.findings.added, "TG010", "tenant-a"));
  EXPECT_TRUE(hasFinding(d.findings.added, "TG011", "tenant-a"));
  EXPECT_TRUE(hasFinding(d.findings.added, "TG001", "tenant-a"));

  // In base, deleting default-deny-all alone opened b → a: it was load-bearing; in head it is gone.
  bool wasLoadBearing = false;
  for (const auto& lb : d.noLongerLoadBearing) wasLoadBearing |= lb.object.name == "default-deny-all" && lb.object.ns == "tenant-a";
  EXPECT_TRUE(wasLoadBearing);

  // The b → a cell went from blocked to OPEN.
  bool cellOpened = false;
  for (const auto& c : d.cells)
    if (c.from == "b" && c.to == "a") cellOpened = c.base && c.base->openFlows == 0 && c.head && c.head->openFlows == 1;
  EXPECT_TRUE(cellOpened);
}

TEST(Diff, AddingAWorkloadBehindDefaultDenyIsTopologyOnly) {
  auto l = loadCase("add-workload", false);
  DiffResult d = diffCase(*l);
  ASSERT_EQ(d.workloadsAdded.size(), 1u);
  EXPECT_EQ(d.workloadsAdded[0].name, "tenant-c/reports[Deployment]");
  EXPECT_EQ(d.workloadsAdded[0].tenant, "c");
  EXPECT_TRUE(d.workloadsRemoved.empty());
  EXPECT_TRUE(d.flows.empty());          // tenant-c denies everything: nothing crosses tenants
  EXPECT_FALSE(d.opensNewFlows());
  EXPECT_TRUE(d.policiesAdded.empty());
  EXPECT_TRUE(d.policiesRemoved.empty());
  EXPECT_TRUE(d.findings.added.empty());
  EXPECT_TRUE(d.findings.resolved.empty());
  EXPECT_TRUE(d.cells.empty());          // every cell keeps its state
}

TEST(Diff, WideningADeclaredFlowIsAChangedUndeclaredFlow) {
  auto l = loadCase("widen-declared-flow", true);
  DiffResult d = diffCase(*l);
  ASSERT_EQ(d.flows.size(), 1u);
  const FlowChange& f = d.flows[0];
  EXPECT_EQ(f.kind, ChangeKind::Changed);
  EXPECT_EQ(f.src, "tenant-a/web[Deployment]");
  EXPECT_EQ(f.dst, "tenant-c/worker[Deployment]");
  EXPECT_EQ(f.base.conns, ConnectionSet::ports(Protocol::TCP, PortSet(8000, 8000)));
  EXPECT_EQ(f.head.conns, ConnectionSet::ports(Protocol::TCP, PortSet(8000, 8010)));
  EXPECT_EQ(f.opened, ConnectionSet::ports(Protocol::TCP, PortSet(8001, 8010)));
  EXPECT_TRUE(f.base.declared);   // the spec declares TCP 8000
  EXPECT_FALSE(f.head.declared);  // ... and nothing beyond
  EXPECT_TRUE(d.opensNewFlows());
  // Both the network layer and the authorization layer widened.
  std::vector<std::string> changed;
  for (const auto& c : f.layerChanges) changed.push_back(c.layer);
  EXPECT_EQ(changed, (std::vector<std::string>{"network", "authorization"}));
}

TEST(Diff, SameConfigurationHasNoDifference) {
  auto l = std::make_unique<Loaded>();
  l->base = load::loadPaths({dataDir("delete-default-deny") + "/base"});
  l->head = load::loadPaths({dataDir("delete-default-deny") + "/base"});
  l->baseTenancy = tenant::fromLabels(l->base.cluster, "tenant", "istio-system");
  l->headTenancy = tenant::fromLabels(l->head.cluster, "tenant", "istio-system");
  DiffResult d = diffCase(*l);
  EXPECT_TRUE(d.flows.empty());
  EXPECT_TRUE(d.cells.empty());
  EXPECT_TRUE(d.findings.added.empty());
  EXPECT_TRUE(d.findings.resolved.empty());
  EXPECT_EQ(d.findings.unchanged, d.head.findings.size());
  EXPECT_FALSE(d.opensNewFlows());
}

Finding finding(std::string id, std::string ns, std::string name, std::string message, uint32_t line,
                std::string subject = "") {
  Finding f;
  f.id = std::move(id);
  f.object = {"NetworkPolicy", std::move(ns), std::move(name)};
  f.message = std::move(message);
  f.where.line = line;
  f.subject = std::move(subject);
  return f;
}

TEST(DiffFindings, MatchesByIdObjectAndSubjectNotByLineOrMessage) {
  std::vector<Finding> base = {finding("TG031", "x", "p", "old wording", 10), finding("TG001", "x", "w", "3 pairs", 5, "a->b"),
                               finding("TG010", "y", "n", "missing", 1)};
  std::vector<Finding> head = {finding("TG031", "x", "p", "new wording", 42),   // moved and reworded: same finding
                               finding("TG001", "x", "w", "4 pairs", 7, "a->b"),  // same tenant pair
                               finding("TG001", "x", "w", "1 pair", 7, "c->b")};  // another tenant pair: new
  FindingsDiff d = diffFindings(base, head);
  EXPECT_EQ(d.unchanged, 2u);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].subject, "c->b");
  ASSERT_EQ(d.resolved.size(), 1u);
  EXPECT_EQ(d.resolved[0].id, "TG010");
}

TEST(DiffFindings, SeveralFindingsOnOneObjectPairByMessageFirst) {
  std::vector<Finding> base = {finding("TG031", "x", "p", "rule 0", 3), finding("TG031", "x", "p", "rule 1", 9)};
  std::vector<Finding> head = {finding("TG031", "x", "p", "rule 1", 9)};
  FindingsDiff d = diffFindings(base, head);
  EXPECT_EQ(d.unchanged, 1u);
  EXPECT_TRUE(d.added.empty());
  ASSERT_EQ(d.resolved.size(), 1u);
  EXPECT_EQ(d.resolved[0].message, "rule 0");  // the one whose text is gone
}

}  // namespace
}  // namespace tg::verify
