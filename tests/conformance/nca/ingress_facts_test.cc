#include "ingress_facts.h"

#include <gtest/gtest.h>

namespace tg::conformance::nca {
namespace {

model::IngressPath path(std::string host, std::string p, model::IngressPathType type) {
  model::IngressPath out;
  out.host = std::move(host);
  out.path = std::move(p);
  out.type = type;
  return out;
}

TEST(NcaRestriction, PrefixExactAndTheMoreSpecificPathsThatGoElsewhere) {
  using T = model::IngressPathType;
  model::IngressPath abc = path("first.bar.com", "/abc", T::Prefix);
  model::IngressPath def = path("first.bar.com", "/abc/def", T::Prefix);
  model::IngressPath xyz = path("second.bar.com", "/xyz", T::Exact);
  verify::IngressRoute r;
  r.path = &abc;
  r.except = {&def};
  HttpRestriction h = ncaRestriction(r);
  EXPECT_EQ(h.hosts, std::vector<std::string>{"first.bar.com"});
  EXPECT_EQ(h.paths, std::vector<std::string>{"(/abc(/*)?)-(/abc/def(/*)?)"});

  r.path = &xyz;
  r.except = {};
  EXPECT_EQ(ncaRestriction(r).paths, std::vector<std::string>{"/xyz"});
}

TEST(NcaRestriction, AHostlessRootPrefixRestrictsNothing) {
  model::IngressPath root = path("", "/", model::IngressPathType::Prefix);
  verify::IngressRoute r;
  r.path = &root;
  EXPECT_TRUE(ncaRestriction(r).any());
  model::IngressPath trailing = path("", "/details/", model::IngressPathType::Prefix);
  r.path = &trailing;
  EXPECT_EQ(ncaRestriction(r).paths, std::vector<std::string>{"/details(/*)?"});
}

}  // namespace
}  // namespace tg::conformance::nca
