// Matcher::singledOut: outside the namespaces it names, every namespace's sources get one
// signature from sourceReach. Checked by brute force over every pattern of a list against every
// namespace of a small cluster, for the three identity leaves.
#include "layers/mesh/authz_matchers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace tg::layers::mesh {
namespace {

std::vector<model::Namespace> namespaces(const std::vector<std::string>& names) {
  std::vector<model::Namespace> out(names.size());
  for (size_t i = 0; i < names.size(); ++i) out[i].meta.name = names[i];
  return out;
}

// Every namespace outside `singled` signs alike; returns how many namespaces were singled out.
size_t checkSingledOut(const Matcher& m, const std::vector<model::Namespace>& nss, const std::string& td,
                       const std::string& what) {
  NamespaceNames names(nss);
  std::vector<uint32_t> singled;
  m.singledOut(names, td, singled);
  std::set<uint32_t> out(singled.begin(), singled.end());
  std::set<std::string> signatures;
  for (uint32_t i = 0; i < nss.size(); ++i) {
    if (out.count(i)) continue;
    for (bool addressed : {false, true}) {
      std::string sig = addressed ? "a" : "-";
      m.sourceReach(SourceScope{nss[i].meta.name, td, addressed}, sig);
      signatures.insert(sig);
    }
  }
  EXPECT_LE(signatures.size(), 2u) << what;  // one per addressed flag
  return out.size();
}

const std::vector<std::string> kNames = {"t1",     "t10",     "t2",         "team-a", "team-b",
                                         "x-prod", "y-prod",  "istio-system", "default"};

// Exact values, prefixes that end inside and after a namespace name, suffixes, `*`, templates.
std::vector<std::string> patternTexts(const std::string& head) {
  return {head + "t1/sa/api", head + "t1/sa/*", head + "t1*", head + "t*", head + "team-a/*", head + "*",
          head,               head + "t1/",     head + "t1",  "*/api",     "*-prod",          "*",
          "t1*",              "team-*",         "x-prod",     "{*}",       "cluster.local/*",  "other.domain/ns/t1/sa/x"};
}

template <typename M>
size_t checkEach(const std::string& head, bool ignoreCase, const std::string& leaf, const std::string& td = "cluster.local") {
  auto nss = namespaces(kNames);
  size_t singled = 0;
  for (const std::string& text : patternTexts(head)) {
    M one({StringPattern(text, ignoreCase)});
    singled += checkSingledOut(one, nss, td, leaf + " " + text);
  }
  // All patterns in one leaf: any of them may decide.
  std::vector<StringPattern> all;
  for (const std::string& text : patternTexts(head)) all.emplace_back(text, ignoreCase);
  M every(std::move(all));
  checkSingledOut(every, nss, td, leaf + " (all patterns)");
  return singled;
}

// The names `m` singles out, sorted.
template <typename M>
std::vector<std::string> singledOut(const std::string& pattern, const std::string& td = "cluster.local") {
  auto nss = namespaces(kNames);
  NamespaceNames names(nss);
  std::vector<uint32_t> ids;
  M({StringPattern(pattern)}).singledOut(names, td, ids);
  std::set<std::string> out;
  for (uint32_t id : ids) out.insert(nss[id].meta.name);
  return {out.begin(), out.end()};
}

TEST(AuthzMatchers, PrincipalsSingleOutOnlyTheNamespacesTheyName) {
  EXPECT_GT(checkEach<PrincipalMatcher>("cluster.local/ns/", false, "principals"), 0u);
  // Under another trust domain the same patterns name nothing, and its own do.
  EXPECT_GT(checkEach<PrincipalMatcher>("td.example/ns/", false, "principals (td.example)", "td.example"), 0u);
}

// The fast path stays fast: patterns name just the namespaces they can match.
TEST(AuthzMatchers, PatternsNameJustTheirNamespaces) {
  using V = std::vector<std::string>;
  EXPECT_EQ(singledOut<PrincipalMatcher>("cluster.local/ns/t1/sa/api"), V({"t1"}));
  EXPECT_EQ(singledOut<PrincipalMatcher>("cluster.local/ns/t1*"), V({"t1", "t10"}));
  EXPECT_EQ(singledOut<PrincipalMatcher>("cluster.local/*"), V());  // every namespace alike
  EXPECT_EQ(singledOut<PrincipalMatcher>("other.domain/ns/t1/sa/x"), V());
  EXPECT_EQ(singledOut<PrincipalMatcher>("other.domain/ns/t1/sa/x", "other.domain"), V({"t1"}));
  EXPECT_EQ(singledOut<NamespaceMatcher>("team-*"), V({"team-a", "team-b"}));
  EXPECT_EQ(singledOut<NamespaceMatcher>("*-prod"), V({"x-prod", "y-prod"}));
  EXPECT_EQ(singledOut<NamespaceMatcher>("*"), V());
  EXPECT_EQ(singledOut<ServiceAccountMatcher>("x-prod/api"), V({"x-prod"}));
  EXPECT_EQ(singledOut<ServiceAccountMatcher>("*/api"), V());
}

TEST(AuthzMatchers, NamespacesSingleOutOnlyTheNamespacesTheyName) {
  EXPECT_GT(checkEach<NamespaceMatcher>("", false, "namespaces"), 0u);
  checkEach<NamespaceMatcher>("", true, "namespaces, ignoring case");
}

TEST(AuthzMatchers, ServiceAccountsSingleOutOnlyTheNamespacesTheyName) {
  EXPECT_GT(checkEach<ServiceAccountMatcher>("", false, "serviceAccounts"), 0u);
}

TEST(AuthzMatchers, TreesSingleOutWhatTheirLeavesDo) {
  auto nss = namespaces(kNames);
  std::vector<MatcherPtr> parts;
  parts.push_back(std::make_unique<PrincipalMatcher>(std::vector<StringPattern>{StringPattern("cluster.local/ns/t2/sa/x")}));
  parts.push_back(std::make_unique<NotMatcher>(
      std::make_unique<NamespaceMatcher>(std::vector<StringPattern>{StringPattern("team-*")})));
  AndMatcher tree(std::move(parts));
  // t2 and team-a, team-b.
  EXPECT_EQ(checkSingledOut(tree, nss, "cluster.local", "tree"), 3u);
}

}  // namespace
}  // namespace tg::layers::mesh
