// Decoding Kubernetes LabelSelector fields (matchLabels, matchExpressions), shared by every kind
// that uses them (NetworkPolicy, AdminNetworkPolicy, ...).
#pragma once

#include "load/node.h"
#include "selector/label_selector.h"

namespace tg::load {

selector::LabelSelector readLabelSelector(const Node& n);

}  // namespace tg::load
