#include "query_runner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "comparison.h"
#include "config_inputs.h"
#include "divergences.h"
#include "expected_facts.h"
#include "fw_rules.h"
#include "tenantguard_facts.h"

namespace tg::conformance::nca {
namespace {

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ExpectedOutputError(fmt::format("{}: cannot read", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Topology kinds that make endpoints: when tenantguard skips them, its model lacks peers NCA has,
// so equal facts prove nothing.
constexpr std::array kEndpointKinds{"WorkloadEndpoint", "HostEndpoint", "NetworkSet", "GlobalNetworkSet"};

bool skipsEndpoints(const LoadedConfig& loaded) {
  for (const char* kind : kEndpointKinds)
    if (loaded.load.cluster.skippedKinds.count(kind)) return true;
  return false;
}

bool mentionsDnsNames(const std::vector<FwRule>& rules) {
  for (const FwRule& r : rules)
    if (r.src.kind == RulePeer::Kind::DnsName || r.dst.kind == RulePeer::Kind::DnsName) return true;
  return false;
}

// What makes the comparison meaningless for this config: input kinds tenantguard skipped, and
// things NCA's output names that tenantguard's result cannot contain. Each is `what` or
// `what: detail`.
std::vector<std::string> unmodelledConstructs(const LoadedConfig& loaded, const std::vector<FwRule>& rules,
                                              const Expansion& expansion, const Comparison& cmp) {
  std::vector<std::string> out;
  std::set<std::string> kinds;
  for (const auto& [kind, count] : loaded.load.cluster.skippedKinds) kinds.insert(kind);
  for (const model::UnmodelledObject& o : loaded.load.cluster.unmodelledObjects) kinds.insert(o.meta.kind);
  out.assign(kinds.begin(), kinds.end());
  for (const FactDiff& d : cmp.diffs)
    if (d.actual.hasOpaqueConditions()) {
      out.push_back("authorization conditions other than methods/paths/hosts");
      break;
    }
  if (mentionsDnsNames(rules)) out.push_back("DNS-name peers");
  // Without the endpoint kinds, the peers NCA has and tenantguard lacks follow from them.
  if (!skipsEndpoints(loaded))
    for (const std::string& u : expansion.unresolved) out.push_back("peer only NCA has: " + u);
  return out;
}

std::string diffLine(const FactDiff& d) {
  return fmt::format("{} => {}: NCA {} | tenantguard {}", d.src.str(), d.dst.str(), d.expected.str(), d.actual.str());
}

std::string diffSummary(const Comparison& cmp) {
  size_t onlyNca = 0, onlyTg = 0;
  for (const FactDiff& d : cmp.diffs) {
    if (d.actual.empty()) ++onlyNca;
    else if (d.expected.empty()) ++onlyTg;
  }
  return fmt::format("{} of {}/{} facts differ ({} only in NCA, {} only in tenantguard, {} with other connections)",
                     cmp.diffs.size(), cmp.expectedFacts, cmp.actualFacts, onlyNca, onlyTg,
                     cmp.diffs.size() - onlyNca - onlyTg);
}

QueryResult runConfig(const Scheme& scheme, const std::string& configText, const ConfigOutput& expected,
                      size_t maxDetails) {
  QueryResult r;
  ConfigRef ref = parseConfigRef(configText);
  LoadedConfig loaded = loadConfig(scheme, ref);
  if (!loaded.policyFound) {
    r.failure = Failure::Harness;
    r.reason = fmt::format("config {}: no policy matches `{}`", ref.config, configText);
    return r;
  }
  model::Cluster& cluster = loaded.load.cluster;
  alignWithNca(cluster);
  Expansion expansion = expandRules(expected.rules, cluster);
  Comparison cmp = compareFacts(expansion.facts, tenantguardFacts(cluster));

  r.facts = cmp.expectedFacts;
  const auto& diags = loaded.load.diagnostics;
  if (cmp.diffs.empty() && diags.empty() && expansion.unresolved.empty() && !skipsEndpoints(loaded)) return r;

  r.unmodelled = unmodelledConstructs(loaded, expected.rules, expansion, cmp);
  for (size_t i = 0; i < cmp.diffs.size() && i < maxDetails; ++i) r.details.push_back(diffLine(cmp.diffs[i]));
  if (!r.unmodelled.empty()) {
    r.failure = Failure::Unsupported;
    r.reason = fmt::format("unsupported: {}; {}", fmt::join(r.unmodelled, ", "), diffSummary(cmp));
  } else if (!diags.empty()) {
    r.failure = Failure::LoadError;
    r.reason = fmt::format("loader: {} ({} diagnostics); {}", diags[0].str(), diags.size(), diffSummary(cmp));
  } else if (std::all_of(cmp.diffs.begin(), cmp.diffs.end(), explainedByPortProtocol)) {
    r.failure = Failure::Divergence;
    r.reason = "by design: HTTP-only ALLOW rules on ports a Service declares TCP (tenantguard: the rule does not "
               "apply there, as in Istio; NCA: applies to every TCP port); " + diffSummary(cmp);
  } else {
    r.failure = Failure::WrongVerdict;
    r.reason = "wrong verdict: " + diffSummary(cmp);
  }
  return r;
}

}  // namespace

const char* failureName(Failure f) {
  switch (f) {
    case Failure::None: return "pass";
    case Failure::Unsupported: return "unsupported construct";
    case Failure::LoadError: return "loader diagnostics";
    case Failure::WrongVerdict: return "wrong verdict";
    case Failure::Divergence: return "semantic divergence by design";
    case Failure::Harness: return "harness";
  }
  return "?";
}

QueryResult runQuery(const Scheme& scheme, const ConnectivityQuery& query, size_t maxDetails) {
  QueryResult result;
  try {
    std::vector<ConfigOutput> outputs = parseExpectedOutput(readFile(query.expectedOutput), query.format);
    if (outputs.size() != query.configs.size()) {
      result.failure = Failure::Harness;
      result.reason = fmt::format("{} has {} config sections for {} configs", query.expectedOutput.filename().string(),
                                  outputs.size(), query.configs.size());
      return result;
    }
    // The query's reason is its first failing config's, a wrong verdict first; the differing
    // facts of every failing config are kept.
    size_t failing = 0;
    for (size_t i = 0; i < outputs.size(); ++i) {
      QueryResult r = runConfig(scheme, query.configs[i], outputs[i], maxDetails);
      result.facts += r.facts;
      if (r.failure == Failure::None) continue;
      ++failing;
      if (query.configs.size() > 1) {
        r.reason = fmt::format("[{}] {}", query.configs[i], r.reason);
        for (std::string& d : r.details) d = fmt::format("[{}] {}", query.configs[i], d);
      }
      bool replace = result.failure == Failure::None ||
                     (r.failure == Failure::WrongVerdict && result.failure != Failure::WrongVerdict);
      for (std::string& u : r.unmodelled) result.unmodelled.push_back(std::move(u));
      for (std::string& d : r.details) result.details.push_back(std::move(d));
      if (replace) {
        result.failure = r.failure;
        result.reason = std::move(r.reason);
      }
    }
    if (failing > 1) result.reason += fmt::format(" (+{} more failing configs)", failing - 1);
  } catch (const ExpectedOutputError& e) {
    result = {Failure::Harness, fmt::format("{}: {}", query.expectedOutput.filename().string(), e.what()), {}, {}};
  } catch (const SchemeError& e) {
    result = {Failure::Harness, e.what(), {}, {}};
  }
  return result;
}

}  // namespace tg::conformance::nca
