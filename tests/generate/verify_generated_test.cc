// Proof by verify (issue 6): a generated bundle, loaded back with workloads in every namespace,
// passes verify with no finding at warning or above, every undeclared cross-tenant pair blocked
// by at least two independent layers, and no generated object load-bearing. For the example
// spec and for random specs (fixed seeds), with both floors and both identity mechanisms.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "generate/generate.h"
#include "load/loader.h"
#include "support/verify_fixture.h"
#include "tenant/tenancy.h"

namespace tg::generate {
namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

tenant::Spec parse(const std::string& text) {
  std::vector<tenant::SpecError> errors;
  auto spec = tenant::parseSpec("tenantguard.yaml", text, errors);
  if (!spec) throw std::runtime_error(errors.front().message);
  return *spec;
}

// kube-dns outside the mesh, the tenants' workloads (two each, plus every workload a flow
// names), and each shared service's workload.
std::string workloads(const tenant::Spec& spec) {
  std::string out = R"(---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      containers:
      - name: coredns
        image: coredns
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}]
)";
  for (const auto& t : spec.tenants) {
    std::set<std::string> names{"frontend", "api"};
    for (const auto& f : spec.flows) {
      if (f.fromTenant == t.name && f.fromWorkload != "*") names.insert(f.fromWorkload);
      if (f.toTenant == t.name && f.toWorkload != "*") names.insert(f.toWorkload);
    }
    for (const auto& ns : t.namespaces)
      for (const auto& n : names) out += testing::workload(ns, n);
  }
  for (const auto& s : spec.sharedServices) out += testing::workload(s.ns, s.selector.at("app"));
  return out;
}

struct Proof {
  verify::VerifyResult result;
  std::vector<std::string> problems;  // what makes the bundle fail the proof
};

Proof prove(const std::string& specText, const Options& options, bool whatIf) {
  tenant::Spec spec = parse(specText);
  EXPECT_TRUE(checkNames(spec).empty());
  Bundle bundle = generateBundle(spec, options);
  load::Loader loader;
  loader.addText("bundle.yaml", renderStream(bundle));
  loader.addText("workloads.yaml", workloads(spec));
  load::LoadResult loaded = std::move(loader).finish();
  Proof p;
  for (const auto& d : loaded.diagnostics) p.problems.push_back("load: " + d.str());
  tenant::addSpecNamespaces(spec, loaded.cluster);
  tenant::Tenancy tenancy = tenant::fromSpec(spec, loaded.cluster);
  verify::VerifyOptions vo;
  vo.whatIf = whatIf;
  vo.mesh.rootNamespace = spec.rootNamespace;
  vo.mesh.trustDomain = spec.trustDomain;
  p.result = verify::runVerify(loaded.cluster, tenancy, vo);

  for (const auto& f : p.result.findings)
    if (f.severity >= verify::Severity::Warning)
      p.problems.push_back(fmt::format("{} {}: {}", f.id, f.where.str(), f.message));
  for (const auto& cell : p.result.matrix) {
    const std::string &from = p.result.tenants[cell.from], &to = p.result.tenants[cell.to];
    if (cell.openFlows) p.problems.push_back(fmt::format("{} -> {}: {} undeclared open flows", from, to, cell.openFlows));
    if (cell.minBlockingLayers >= 0 && cell.minBlockingLayers < 2)
      p.problems.push_back(fmt::format("{} -> {}: {} => {} blocked by {} layer(s)", from, to,
                                       p.result.workloads[cell.weakestSrc], p.result.workloads[cell.weakestDst],
                                       cell.minBlockingLayers));
  }
  for (const auto& lb : p.result.loadBearing)
    p.problems.push_back(fmt::format("load-bearing {} {}/{}", lb.object.kind, lb.object.ns, lb.object.name));
  // Not over-blocked: every declared flow between two placed workloads is open.
  for (const auto& f : spec.flows) {
    std::string src = fmt::format("{}/{}[Deployment]", spec.findTenant(f.fromTenant)->namespaces.front(),
                                  f.fromWorkload == "*" ? "frontend" : f.fromWorkload);
    std::string dst = fmt::format("{}/{}[Deployment]", spec.findTenant(f.toTenant)->namespaces.front(),
                                  f.toWorkload == "*" ? "api" : f.toWorkload);
    bool open = false;
    for (const auto& c : p.result.crossTenant) open = open || (c.src == src && c.dst == dst && c.declared);
    if (!open && f.fromTenant != f.toTenant) p.problems.push_back(fmt::format("declared flow {} => {} is blocked", src, dst));
  }
  return p;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

const std::string kExampleSpec = TG_SOURCE_DIR "/examples/article-fixed/tenantguard.yaml";

class GenerateProof : public ::testing::TestWithParam<std::tuple<Floor, Identity>> {};

TEST_P(GenerateProof, ExampleSpecIsProvenIsolated) {
  Options options;
  std::tie(options.floor, options.identity) = GetParam();
  options.specText = readFile(kExampleSpec);
  Proof p = prove(options.specText, options, true);
  EXPECT_TRUE(p.problems.empty()) << joined(p.problems);
  EXPECT_EQ(p.result.tenants.size(), 5u);
  EXPECT_EQ(p.result.matrix.size(), 20u);
}

INSTANTIATE_TEST_SUITE_P(FloorsAndIdentities, GenerateProof,
                         ::testing::Combine(::testing::Values(Floor::Calico, Floor::AdminNetworkPolicy),
                                            ::testing::Values(Identity::Lua, Identity::ExtAuthz)));

// A random spec: tenants with one to three namespaces, shared services allowing subsets of the
// tenants (or all) with methods and paths, declared flows between workloads or whole tenants.
std::string randomSpec(uint32_t seed, size_t tenants) {
  std::mt19937 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::string out = fmt::format(
      "apiVersion: tenantguard.io/v1alpha1\nkind: TenantIsolation\nmetadata: {{name: random-{}}}\nspec:\n"
      "  trustDomain: {}\n  apiServer: {{cidr: 10.96.0.1/32, port: 443}}\n  tenants:\n",
      seed, seed % 2 ? "cluster.local" : "prod.example.com");
  for (size_t t = 0; t < tenants; ++t) {
    std::string nss;
    size_t count = 1 + (pick(4) == 0 ? pick(3) : 0);
    for (size_t n = 0; n < count; ++n) nss += fmt::format("{}t{}-ns{}", n ? ", " : "", t, n);
    out += fmt::format("  - name: t{}\n    namespaces: [{}]\n", t, nss);
    if (pick(3) == 0) out += "    quota: {cpu: \"4\", memory: 8Gi, pods: \"20\"}\n    admins: [alice, \"group:ops\"]\n";
    if (pick(4) == 0) out += "    audit: [{selector: {app: api}, paths: [\"/admin/*\"]}]\n";
  }
  size_t services = pick(4);
  if (services) out += "  sharedServices:\n";
  for (size_t s = 0; s < services; ++s) {
    out += fmt::format("  - name: svc{0}\n    namespace: shared-{1}\n    selector: {{app: svc{0}}}\n    ports: [8080]\n"
                       "    tenantIdentityHeader: x-tenant-identity\n    allow:\n",
                       s, s % 2);
    size_t entries = 1 + pick(3);
    for (size_t e = 0; e < entries; ++e) {
      std::string who = pick(4) == 0 ? "\"*\"" : fmt::format("t{}, t{}", pick(tenants), pick(tenants));
      out += fmt::format("    - {{tenants: [{}], methods: [POST], paths: [\"/ingest/{}/*\"]}}\n", who, e);
    }
  }
  size_t flows = tenants > 1 ? pick(tenants) : 0;
  if (flows) out += "  flows:\n";
  const char* workloads[] = {"frontend", "api", "worker", "*"};
  for (size_t f = 0; f < flows; ++f) {
    size_t from = pick(tenants), to = (from + 1 + pick(tenants - 1)) % tenants;
    out += fmt::format("  - {{from: t{}/{}, to: t{}/{}{}{}}}\n", from, workloads[pick(4)], to, workloads[pick(3)],
                       pick(2) ? ", ports: [8080]" : "", pick(2) ? ", methods: [GET]" : "");
  }
  return out;
}

struct RandomCase {
  uint32_t seed;
  size_t tenants;
  bool whatIf;
};

class GenerateRandomProof : public ::testing::TestWithParam<RandomCase> {};

TEST_P(GenerateRandomProof, RandomSpecIsProvenIsolated) {
  const RandomCase& c = GetParam();
  std::string spec = randomSpec(c.seed, c.tenants);
  Options options;
  options.floor = c.seed % 3 == 0 ? Floor::AdminNetworkPolicy : Floor::Calico;
  options.identity = c.seed % 4 == 1 ? Identity::ExtAuthz : Identity::Lua;
  options.specText = spec;
  Proof p = prove(spec, options, c.whatIf);
  EXPECT_TRUE(p.problems.empty()) << spec << joined(p.problems);
}

INSTANTIATE_TEST_SUITE_P(Seeds, GenerateRandomProof,
                         ::testing::Values(RandomCase{1, 2, true}, RandomCase{2, 3, true}, RandomCase{3, 4, true},
                                           RandomCase{4, 5, true}, RandomCase{5, 6, true}, RandomCase{6, 8, true},
                                           RandomCase{7, 10, true}, RandomCase{8, 12, true}, RandomCase{9, 50, false},
                                           RandomCase{10, 20, true}));

}  // namespace
}  // namespace tg::generate
