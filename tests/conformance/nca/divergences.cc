#include "divergences.h"

namespace tg::conformance::nca {

bool explainedByPortProtocol(const FactDiff& d) {
  const net::ConnectionSet tcp = net::ConnectionSet::allPorts(net::Protocol::TCP);
  bool missingSome = false;
  for (const auto& [http, actual] : d.actual.parts()) {
    auto e = d.expected.parts().find(http);
    if (e == d.expected.parts().end()) return false;
    if (http.any() && !(actual == e->second)) return false;
  }
  for (const auto& [http, expected] : d.expected.parts()) {
    auto a = d.actual.parts().find(http);
    net::ConnectionSet actual = a == d.actual.parts().end() ? net::ConnectionSet() : a->second;
    if (http.any()) {
      if (!(actual == expected)) return false;
      continue;
    }
    // Restricted parts: tenantguard allows a subset, and lacks only TCP ports.
    if (!actual.minus(expected).empty()) return false;
    net::ConnectionSet missing = expected.minus(actual);
    if (!missing.minus(tcp).empty()) return false;
    missingSome = missingSome || !missing.empty();
  }
  return missingSome;
}

}  // namespace tg::conformance::nca
