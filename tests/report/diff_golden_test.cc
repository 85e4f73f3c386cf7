// Golden tests for `tenantguard diff` (src/report/diff_*.cc) and the graph formats of
// `tenantguard connectivity` (src/report/connectivity_graph.cc), run through the real binary.
//
// The files under tests/golden/ were generated once with the tool
// (TG_UPDATE_GOLDEN=1 build/tests/tenantguard_tests --gtest_filter='*DiffGolden*:ConnectivityGraphGolden*')
// and then reviewed by eye against the configurations in tests/data/diff/ (their comments say
// what each change does): the flows, layer verdicts, file:line references, findings and exit
// codes in them are what those configurations mean, not just what the code printed. The exit
// codes below are asserted independently of the golden files.
#include <gtest/gtest.h>

#include <string>

#include "support/command.h"
#include "support/golden.h"

namespace {

using tg::testing::CommandResult;
using tg::testing::expectGolden;

CommandResult tenantguard(const std::string& args) { return tg::testing::runTenantguard(args); }

std::string diffArgs(const std::string& c, bool spec) {
  std::string dir = "tests/data/diff/" + c;
  return "diff --base " + dir + "/base --head " + dir + "/head" + (spec ? " --spec " + dir + "/tenantguard.yaml" : "");
}

struct Case {
  const char* name;
  bool spec;
  int exitCode;  // 1: the change opens undeclared cross-tenant connections
};

const Case kCases[] = {
    {"delete-default-deny", false, 1},  // UDP/SCTP from tenant-b to tenant-a/web
    {"add-workload", false, 0},         // a workload behind tenant-c's default-deny: topology only
    {"widen-declared-flow", true, 1},   // the declared TCP 8000 flow now also allows 8001-8010
};

class DiffGolden : public testing::TestWithParam<Case> {};

TEST_P(DiffGolden, AllFormats) {
  const Case& c = GetParam();
  for (auto [format, ext] : {std::pair{"text", "txt"}, std::pair{"json", "json"}, std::pair{"md", "md"}, std::pair{"sarif", "sarif"}}) {
    SCOPED_TRACE(format);
    CommandResult r = tenantguard(diffArgs(c.name, c.spec) + " -o " + format);
    EXPECT_EQ(r.exitCode, c.exitCode);
    expectGolden(std::string("diff/") + c.name + "." + ext, r.out);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, DiffGolden, testing::ValuesIn(kCases), [](const testing::TestParamInfo<Case>& i) {
  return tg::testing::testName(i.param.name);
});

TEST(DiffCommand, InputErrorsExitTwo) {
  CommandResult r = tenantguard("diff --base tests/data/diff/add-workload/base --head tests/data/diff/does-not-exist 2>/dev/null");
  EXPECT_EQ(r.exitCode, 2);
  r = tenantguard("diff --base tests/data/diff/add-workload/base 2>/dev/null");  // --head is required
  EXPECT_EQ(r.exitCode, 2);
}

TEST(DiffCommand, NewFlowsComeFirst) {
  // In the text report, the section of new cross-tenant flows precedes everything but the summary.
  CommandResult r = tenantguard(diffArgs("delete-default-deny", false));
  size_t flows = r.out.find("NEW cross-tenant flows");
  ASSERT_NE(flows, std::string::npos);
  for (const char* later : {"Tenant matrix", "Findings:", "Policy objects", "result:"}) {
    size_t at = r.out.find(later);
    ASSERT_NE(at, std::string::npos) << later;
    EXPECT_LT(flows, at) << later;
  }
}

TEST(ConnectivityGraphGolden, ArticleByTenant) {
  const std::string args = "connectivity examples/article --spec examples/article/tenantguard.yaml --by tenant";
  CommandResult dot = tenantguard(args + " -o dot");
  EXPECT_EQ(dot.exitCode, 0);
  expectGolden("connectivity/article-by-tenant.dot", dot.out);
  CommandResult mermaid = tenantguard(args + " -o mermaid");
  EXPECT_EQ(mermaid.exitCode, 0);
  expectGolden("connectivity/article-by-tenant.mermaid", mermaid.out);
}

TEST(ConnectivityGraphGolden, DiffCaseByWorkload) {
  // Workload-level graphs of the head of delete-default-deny: the b → a edge is the only
  // cross-tenant one and must be the only highlighted edge.
  const std::string args = "connectivity tests/data/diff/delete-default-deny/head";
  CommandResult dot = tenantguard(args + " -o dot");
  EXPECT_EQ(dot.exitCode, 0);
  expectGolden("connectivity/delete-default-deny-head.dot", dot.out);
  CommandResult mermaid = tenantguard(args + " -o mermaid");
  EXPECT_EQ(mermaid.exitCode, 0);
  expectGolden("connectivity/delete-default-deny-head.mermaid", mermaid.out);
}

TEST(ConnectivityCommand, ByTenantNeedsAGraphFormat) {
  CommandResult r = tenantguard("connectivity examples/article --by tenant -o txt 2>/dev/null");
  EXPECT_EQ(r.exitCode, 2);
}

}  // namespace
