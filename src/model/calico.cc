#include "model/calico.h"

namespace tg::model {

const CalicoProfile* CalicoObjects::findProfile(const std::string& name) const {
  // The first declaration of a name wins, as for tiers.
  for (const CalicoProfile& p : profiles)
    if (p.meta.name == name) return &p;
  return nullptr;
}

}  // namespace tg::model
