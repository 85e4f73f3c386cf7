#include "model/workload.h"

namespace tg::model {

std::string Workload::displayName() const { return meta.ns + "/" + meta.name + "[" + meta.kind + "]"; }

std::vector<std::string> Workload::calicoProfileNames() const {
  if (calicoProfiles) return *calicoProfiles;
  return {"kns." + meta.ns, "ksa." + meta.ns + "." + serviceAccount};
}

}  // namespace tg::model
