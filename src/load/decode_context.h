// DecodeContext: the cluster under construction while documents are decoded, plus what can only
// be resolved once everything is read (pods grouped to their top owner).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "load/node.h"
#include "model/cluster.h"

namespace tg::load {

struct OwnerRef {
  std::string kind;
  std::string name;
};

class DecodeContext {
 public:
  model::Cluster cluster;
  model::Source where;     // of the object being decoded
  std::string kind;        // its kind and apiVersion (inherited from a typed list when absent)
  std::string apiVersion;

  // The object's metadata, with where/kind/apiVersion of the object being decoded.
  model::ObjectMeta meta(const Node& object) const;

  // A namespaced object without metadata.namespace lands in "default", as kubectl apply does.
  static constexpr const char* kDefaultNamespace = "default";
  // meta() of a namespaced object: a DecodeError without metadata.name, "default" without
  // metadata.namespace.
  model::ObjectMeta namespacedMeta(const Node& object) const;

  // A problem in part of an object that does not make the rest of it unsafe to use: it is
  // reported as FILE:LINE like any other, and decoding goes on.
  void report(uint32_t line, std::string message);
  struct Problem {
    model::Source where;
    std::string message;
  };
  std::vector<Problem> problems;

  // A pod controller (Deployment, ReplicaSet, ...) with its pod template decoded into `w`.
  void addController(model::Workload w, std::optional<OwnerRef> owner);
  // A Pod; grouped into its top owner's workload by finish().
  void addPod(model::Workload pod, std::optional<OwnerRef> owner);

  // Resolves owner chains, groups pods, and finalizes the cluster.
  model::Cluster finish();

 private:
  struct Controller {
    model::Workload w;
    std::optional<OwnerRef> owner;
  };
  struct Pod {
    model::Workload w;
    std::optional<OwnerRef> owner;
  };
  std::vector<Controller> controllers_;
  std::vector<Pod> pods_;
};

// Decoders: one per kind, each in its own file. They throw DecodeError for malformed input.
using DecodeFn = void (*)(const Node& object, DecodeContext& ctx);

// The decoder for apiVersion/kind, or nullptr when tenantguard does not model that kind.
DecodeFn findDecoder(std::string_view apiVersion, std::string_view kind);

}  // namespace tg::load
