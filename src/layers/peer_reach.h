// PeerReach: how a rule sees the peers of one namespace — none of them, all of them alike, or it
// depends on which peer. verify evaluates the workloads of a namespace once, instead of one by
// one, wherever no rule can tell them apart (verify/half_cache.h). `Varies` is always a safe answer.
#pragma once

#include <string>

namespace tg::layers {

enum class PeerReach : char {
  None = '0',    // matches no peer of the namespace
  All = '1',     // matches every peer of the namespace, with the same connections
  Fixed = 'f',   // does not look at the peer at all
  Varies = 'v',  // depends on the peer (its labels, service account, addresses, ...)
};

// What rules look at in a peer besides its namespace and labels.
struct PeerKind {
  bool selectable = true;  // in the cluster and not on the host network
  bool addressed = false;  // has known pod addresses
};

// `a` OR `b`, for rules that match when any of their peers does.
inline PeerReach anyOf(PeerReach a, PeerReach b) {
  if (a == PeerReach::All || b == PeerReach::All) return PeerReach::All;
  if (a == PeerReach::Varies || b == PeerReach::Varies) return PeerReach::Varies;
  return PeerReach::None;
}

}  // namespace tg::layers
