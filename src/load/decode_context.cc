#include "load/decode_context.h"

#include <fmt/format.h>

#include <map>

#include "load/fields.h"
#include <tuple>

namespace tg::load {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // ns, kind, name

Key keyOf(const model::Workload& w) { return {w.meta.ns, w.meta.kind, w.meta.name}; }

void mergePod(model::Workload& into, const model::Workload& pod) {
  into.podIps.add(pod.podIps);
  into.hostIps.add(pod.hostIps);
  into.pods += pod.pods;
}

}  // namespace

model::ObjectMeta DecodeContext::meta(const Node& object) const {
  model::ObjectMeta m = readMeta(object, where);
  m.kind = kind;
  m.apiVersion = apiVersion;
  return m;
}

model::ObjectMeta DecodeContext::namespacedMeta(const Node& object) const {
  model::ObjectMeta m = meta(object);
  if (m.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", kind));
  if (m.ns.empty()) m.ns = kDefaultNamespace;
  return m;
}

void DecodeContext::report(uint32_t line, std::string message) {
  problems.push_back({model::Source{where.file, line}, std::move(message)});
}

void DecodeContext::addController(model::Workload w, std::optional<OwnerRef> owner) {
  controllers_.push_back({std::move(w), std::move(owner)});
}

void DecodeContext::addPod(model::Workload pod, std::optional<OwnerRef> owner) {
  pods_.push_back({std::move(pod), std::move(owner)});
}

model::Cluster DecodeContext::finish() {
  std::map<Key, size_t> byKey;
  for (size_t i = 0; i < controllers_.size(); ++i) byKey.emplace(keyOf(controllers_[i].w), i);

  // The topmost controller in the input reached from `ref` by owner references: a ReplicaSet
  // owned by a Deployment folds into the Deployment. Bounded, so a cycle cannot loop.
  auto resolve = [&](const std::string& ns, OwnerRef ref) {
    std::optional<size_t> top;
    for (int hops = 0; hops < 8; ++hops) {
      auto it = byKey.find({ns, ref.kind, ref.name});
      if (it == byKey.end()) break;
      top = it->second;
      if (!controllers_[it->second].owner) break;
      ref = *controllers_[it->second].owner;
    }
    return top;
  };

  std::vector<bool> folded(controllers_.size(), false);
  for (size_t i = 0; i < controllers_.size(); ++i) {
    const auto& c = controllers_[i];
    if (c.owner && byKey.count({c.w.meta.ns, c.owner->kind, c.owner->name})) folded[i] = true;
  }

  // Pods whose owner is not in the input become a workload named after the owner reference.
  std::map<Key, model::Workload> ownerless;
  std::vector<Key> ownerlessOrder;
  for (Pod& p : pods_) {
    if (p.owner) {
      if (auto top = resolve(p.w.meta.ns, *p.owner)) {
        mergePod(controllers_[*top].w, p.w);
        continue;
      }
      p.w.meta.kind = p.owner->kind.empty() ? "Pod" : p.owner->kind;
      p.w.meta.name = p.owner->name;
    } else {
      p.w.meta.kind = "Pod";
    }
    Key k = keyOf(p.w);
    auto it = ownerless.find(k);
    if (it == ownerless.end()) {
      ownerlessOrder.push_back(k);
      ownerless.emplace(k, std::move(p.w));
    } else {
      mergePod(it->second, p.w);
    }
  }

  // Reserved: growing it would move every workload decoded so far, again and again.
  cluster.workloads.reserve(cluster.workloads.size() + controllers_.size() + ownerlessOrder.size());
  for (size_t i = 0; i < controllers_.size(); ++i)
    if (!folded[i]) cluster.workloads.push_back(std::move(controllers_[i].w));
  for (const Key& k : ownerlessOrder) cluster.workloads.push_back(std::move(ownerless[k]));
  cluster.finalize();
  return std::move(cluster);
}

}  // namespace tg::load
