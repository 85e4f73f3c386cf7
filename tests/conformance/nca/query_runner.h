// Running one connectivityMap query: for each config it names, load the config as NCA reads it,
// expand NCA's expected output into facts, compute tenantguard's facts, compare, and say why they
// differ.
#pragma once

#include <string>
#include <vector>

#include "scheme.h"

namespace tg::conformance::nca {

enum class Failure {
  None,
  Unsupported,   // the config or the expected output uses something tenantguard does not model
  LoadError,     // tenantguard's loader reported problems with the input
  Divergence,    // the connectivity differs where tenantguard's semantics differ from NCA's on purpose
  WrongVerdict,  // everything is modelled, and the connectivity differs
  Harness,       // the scheme or expected output could not be read
};
const char* failureName(Failure f);

struct QueryResult {
  Failure failure = Failure::None;
  std::string reason;                 // one line
  std::vector<std::string> unmodelled; // constructs behind an Unsupported failure
  std::vector<std::string> details;   // a few differing facts of each failing config
  size_t facts = 0;                   // NCA's facts over all configs, at the compared granularity
};

// At most `maxDetails` differing facts are kept per failing config.
QueryResult runQuery(const Scheme& scheme, const ConnectivityQuery& query, size_t maxDetails);

}  // namespace tg::conformance::nca
