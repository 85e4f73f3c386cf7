#include "model/workload.h"

namespace tg::model {

std::string Workload::displayName() const { return meta.ns + "/" + meta.name + "[" + meta.kind + "]"; }

}  // namespace tg::model
