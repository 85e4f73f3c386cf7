#include "comparison.h"

namespace tg::conformance::nca {

Comparison compareFacts(const FactSet& expected, const FactSet& actual) {
  net::IpSet universe = net::ipv4Universe();
  const net::IpSet v6 = net::ipv6Universe();
  if (!expected.addresses().intersect(v6).empty() && !actual.addresses().intersect(v6).empty()) universe.add(v6);

  // Every range either side names, so that each is a union of atoms.
  std::vector<net::IpSet> cuts;
  for (const FactSet* side : {&expected, &actual})
    for (const auto& [key, conn] : side->facts())
      for (const Peer* p : {&key.first, &key.second})
        if (p->kind == Peer::Kind::Addresses) cuts.emplace_back(p->lo, p->hi);
  const auto atoms = net::atomize(universe, cuts);

  const FactSet e = expected.splitAddresses(atoms);
  const FactSet a = actual.splitAddresses(atoms);
  Comparison out;
  out.expectedFacts = e.facts().size();
  out.actualFacts = a.facts().size();
  auto ei = e.facts().begin(), ai = a.facts().begin();
  const Conn none;
  while (ei != e.facts().end() || ai != a.facts().end()) {
    if (ai == a.facts().end() || (ei != e.facts().end() && ei->first < ai->first)) {
      out.diffs.push_back({ei->first.first, ei->first.second, ei->second, none});
      ++ei;
    } else if (ei == e.facts().end() || ai->first < ei->first) {
      out.diffs.push_back({ai->first.first, ai->first.second, none, ai->second});
      ++ai;
    } else {
      if (!(ei->second == ai->second)) out.diffs.push_back({ei->first.first, ei->first.second, ei->second, ai->second});
      ++ei;
      ++ai;
    }
  }
  return out;
}

}  // namespace tg::conformance::nca
