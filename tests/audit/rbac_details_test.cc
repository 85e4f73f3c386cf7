#include "audit/rbac_details.h"

#include <gtest/gtest.h>

namespace tg::audit {
namespace {

TEST(AuditRbacDetails, IstioPolicyNameGivesNamespaceNameAndRule) {
  auto d = parseRbacDenial("rbac_access_denied_matched_policy[ns[istio-system]-policy[deny-cross-tenant]-rule[2]]");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ns, "istio-system");
  EXPECT_EQ(d->name, "deny-cross-tenant");
  EXPECT_EQ(d->rule, 2);
  EXPECT_FALSE(d->noAllowMatched());
}

TEST(AuditRbacDetails, NoneMeansNoAllowPolicyMatched) {
  auto d = parseRbacDenial("rbac_access_denied_matched_policy[none]");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->noAllowMatched());
  EXPECT_TRUE(d->name.empty());
  EXPECT_EQ(d->rule, -1);
}

TEST(AuditRbacDetails, OtherNamesAreKeptAsLogged) {
  auto d = parseRbacDenial("rbac_access_denied_matched_policy[ns.tenant-b.deny-all]");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->matched, "ns.tenant-b.deny-all");
  EXPECT_TRUE(d->name.empty());
  // A rule index that is not a number is not Istio's form either.
  auto odd = parseRbacDenial("rbac_access_denied_matched_policy[ns[a]-policy[b]-rule[x]]");
  ASSERT_TRUE(odd);
  EXPECT_TRUE(odd->name.empty());
}

TEST(AuditRbacDetails, NotADenial) {
  EXPECT_FALSE(parseRbacDenial("via_upstream"));
  EXPECT_FALSE(parseRbacDenial(""));
  EXPECT_FALSE(parseRbacDenial("rbac_access_denied_matched_policy["));
}

}  // namespace
}  // namespace tg::audit
