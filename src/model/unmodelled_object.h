// An object of a kind that changes who reaches whom but that no layer evaluates (Istio Sidecar,
// ServiceEntry, DestinationRule, WorkloadEntry). It is kept only so that verify can say, at its
// file and line, which verdicts rest on an assumption about it (TG090).
#pragma once

#include "model/object.h"

namespace tg::model {

struct UnmodelledObject {
  ObjectMeta meta;
};

}  // namespace tg::model
