// Golden tests for `tenantguard verify` in every machine- and human-readable format it renders
// from one result (src/report/verify_{text,json,sarif,junit}.cc), run through the real binary on
// the bundled examples: the reference article's cluster as deployed (mistakes included) and the
// same cluster with them fixed.
//
// Regenerate with
//   TG_UPDATE_GOLDEN=1 build/tests/tenantguard_tests --gtest_filter='*VerifyGolden*'
// then review tests/golden/verify/ by eye: every finding must carry the catalogue ID of the
// mistake it reports (DESIGN §5) and point at the real file and line of the object. The exit
// codes are asserted independently of the golden files.
#include <gtest/gtest.h>

#include <string>

#include "support/command.h"
#include "support/golden.h"

namespace {

using tg::testing::CommandResult;
using tg::testing::expectGolden;

struct Case {
  const char* example;  // examples/NAME, with its tenant spec
  int exitCode;         // 1: findings at error level (the default --fail-on)
};

const Case kCases[] = {
    {"article", 1},
    {"article-fixed", 0},
};

class VerifyGolden : public testing::TestWithParam<Case> {};

TEST_P(VerifyGolden, AllFormats) {
  const Case& c = GetParam();
  std::string dir = std::string("examples/") + c.example;
  for (auto [format, ext] : {std::pair{"text", "txt"}, std::pair{"json", "json"}, std::pair{"sarif", "sarif"},
                             std::pair{"junit", "xml"}}) {
    SCOPED_TRACE(format);
    CommandResult r = tg::testing::runTenantguard("verify " + dir + " --spec " + dir + "/tenantguard.yaml -o " + format);
    EXPECT_EQ(r.exitCode, c.exitCode);
    expectGolden(std::string("verify/") + c.example + "." + ext, r.out);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, VerifyGolden, testing::ValuesIn(kCases), [](const testing::TestParamInfo<Case>& i) {
  return tg::testing::testName(i.param.example);
});

}  // namespace
