// A Kubernetes Namespace. Its labels always include the immutable
// `kubernetes.io/metadata.name: <name>`, which selectors by namespace name rely on.
#pragma once

#include "model/object.h"

namespace tg::model {

inline constexpr const char* kNamespaceNameLabel = "kubernetes.io/metadata.name";

struct Namespace {
  ObjectMeta meta;
  bool declared = true;  // false: only referenced by other objects, created with the name label
};

}  // namespace tg::model
