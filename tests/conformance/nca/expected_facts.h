// Expanding NCA's expected connectivity map over the concrete topology: each rule stands for the
// facts between every workload or address range its source and destination cover.
#pragma once

#include <string>
#include <vector>

#include "facts.h"
#include "fw_rules.h"
#include "model/cluster.h"

namespace tg::conformance::nca {

struct Expansion {
  FactSet facts;
  // Namespaces and pod names the rules mention that the topology does not have, e.g. pods NCA adds
  // on its own (its "LiveSim" kube-dns and ingress-controller pods).
  std::vector<std::string> unresolved;
};

Expansion expandRules(const std::vector<FwRule>& rules, const model::Cluster& cluster);

}  // namespace tg::conformance::nca
