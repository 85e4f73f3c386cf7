// TG090: where an engine cannot evaluate a construct exactly it assumes the more permissive
// outcome for reachability (DESIGN §1), so a verdict that depends on one is an assumption, not a
// proof. Each construct is reported once per object that carries it — not once per flow it
// touches — at the line of the construct when known.
//
// The authorization layer records its assumptions per evaluated flow (AuthzResult::notModelled);
// they depend only on the policy and the destination's dataplane, so they are derived here from
// the same facts rather than by evaluating every pair again.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include "verify/lints/authz_fields.h"
#include "verify/ingress_routes.h"
#include "verify/lints/lint_context.h"
#include "verify/pair_analysis.h"

namespace tg::verify::lints {
namespace {

using layers::mesh::Dataplane;

class Reporter {
 public:
  explicit Reporter(std::vector<Finding>& out) : out_(out) {}

  // `construct` identifies what is not modelled within the object; `detail` says it for people.
  void add(const model::ObjectMeta& meta, uint32_t line, const std::string& construct, const std::string& detail) {
    if (!seen_.emplace(meta.kind, meta.ns, meta.name, construct).second) return;
    out_.push_back(makeFinding("TG090",
                               fmt::format("{} {}: not modelled: {}", meta.kind, meta.qualifiedName(), detail),
                               at(meta, line), ""));
  }

 private:
  std::vector<Finding>& out_;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> seen_;
};

void calicoPolicies(const LintContext& ctx, Reporter& r) {
  for (const model::CalicoPolicy& p : ctx.cluster.calico.policies)
    for (const model::CalicoUnmodelled& u : p.unmodelled) r.add(p.meta, u.line, u.what, u.what);
  for (const model::CalicoProfile& p : ctx.cluster.calico.profiles)
    for (const model::CalicoUnmodelled& u : p.unmodelled) r.add(p.meta, u.line, u.what, u.what);
}

// A WorkloadEndpoint naming a profile the input lacks, other than the ones Calico generates
// (kns.*, ksa.*): the network layer assumes it allows everything (Program::setProfiles).
void calicoEndpoints(const LintContext& ctx, Reporter& r) {
  for (const model::Workload& w : ctx.cluster.workloads) {
    if (!w.calicoProfiles) continue;
    for (const std::string& name : *w.calicoProfiles)
      if (!ctx.cluster.calico.findProfile(name) && name.rfind("kns.", 0) != 0 && name.rfind("ksa.", 0) != 0)
        r.add(w.meta, 0, "profile " + name,
              fmt::format("profile `{}` is not in the input (assumed to allow what the tiers leave)", name));
  }
}

// Ingress routes start at the recognised controllers (verify/ingress_routes.h); without one, at
// an unlabelled pod of an unknown namespace. `resource` backends are not workloads.
void ingresses(const LintContext& ctx, Reporter& r) {
  bool controller = std::any_of(ctx.cluster.workloads.begin(), ctx.cluster.workloads.end(), isIngressController);
  for (const model::Ingress& ing : ctx.cluster.ingresses) {
    if (!controller)
      r.add(ing.meta, 0, "controller",
            "no ingress controller in the input (a workload labelled app.kubernetes.io/name: ingress-nginx); the "
            "routes are evaluated from a pod without labels in a namespace not in the input");
    std::vector<const model::IngressBackend*> backends;
    for (const model::IngressPath& p : ing.paths) backends.push_back(&p.backend);
    if (ing.defaultBackend) backends.push_back(&*ing.defaultBackend);
    for (const model::IngressBackend* b : backends)
      if (b->service.empty())
        r.add(ing.meta, b->line, "resource backend", "a `resource` backend (not a Service): what it reaches is unknown");
  }
}

// VirtualService parts not read: the routes they hold are missing from the ingress routes.
void virtualServices(const LintContext& ctx, Reporter& r) {
  for (const model::VirtualService& vs : ctx.cluster.virtualServices)
    for (const model::RoutingUnmodelled& u : vs.unmodelled)
      r.add(vs.meta, u.line, u.what, u.what + ": the routes it holds are not among the ingress routes");
}

void meshMembership(const LintContext& ctx, Reporter& r) {
  for (const model::Workload& w : ctx.cluster.workloads) {
    const auto& m = ctx.layers.mesh().membership(w);
    for (const std::string& what : m.notModelled) r.add(w.meta, 0, what, what);
    if (m.dataplane == Dataplane::Ambient && !m.waypoint.empty())
      r.add(w.meta, 0, "waypoint",
            fmt::format("waypoint `{}` and the policies attached to it by targetRefs", m.waypoint));
  }
}

// The assumptions AuthzLayer::evaluate records, per policy: a CUSTOM policy's external decision
// (assumed to allow) and CUSTOM at ztunnel (not enforced there).
void authorizationPolicies(const LintContext& ctx, Reporter& r) {
  const auto& mesh = ctx.layers.mesh();
  for (const model::Workload& w : ctx.cluster.workloads) {
    Dataplane dataplane = mesh.membership(w).dataplane;
    if (dataplane == Dataplane::None) continue;  // no proxy enforces any policy
    for (const model::AuthorizationPolicy* p : ctx.layers.authz().policiesFor(w)) {
      if (p->action == model::AuthzAction::Custom) {
        if (dataplane == Dataplane::Ambient)
          r.add(p->meta, 0, "custom-at-ztunnel", "a CUSTOM policy selecting ambient workloads (ztunnel does not call it)");
        else if (mesh.config().hasProvider(p->provider))
          r.add(p->meta, 0, "external-authorizer",
                fmt::format("the decision of external authorizer `{}`, assumed to allow", p->provider));
        continue;
      }
    }
  }
}

// Whether some mesh workload accepts plaintext on some port: only there can a connection that
// leaves its proxy without the mesh certificate get through. The ports are those the engine
// tells apart (pair_analysis.h) and one standing for all others.
bool plaintextAccepted(const LintContext& ctx) {
  for (const model::Workload& w : ctx.cluster.workloads) {
    if (!ctx.layers.mesh().membership(w).inMesh()) continue;
    std::vector<uint32_t> ports = distinctPorts(ctx.layers, w);
    ports.push_back(representativeOther(ports));
    for (uint32_t port : ports)
      if (ctx.layers.mtls().effectiveMode(w, port).mode != model::MtlsMode::Strict) return true;
  }
  return false;
}

// Istio kinds kept only as places (model/unmodelled_object.h), with what each would change. A
// Sidecar or DestinationRule can only make connections plaintext or refuse them: where every
// destination requires mTLS, taking them as mTLS is already the permissive verdict.
void istioObjects(const LintContext& ctx, Reporter& r) {
  std::optional<bool> plaintext;
  for (const model::UnmodelledObject& o : ctx.cluster.unmodelledObjects) {
    const std::string& k = o.meta.kind;
    if (k == "Sidecar" || k == "DestinationRule") {
      if (!plaintext) plaintext = plaintextAccepted(ctx);
      if (!*plaintext) continue;
    }
    std::string detail =
        k == "Sidecar"
            ? "its egress hosts: the proxies it configures send a destination they do not list out without mTLS "
              "(outboundTrafficPolicy ALLOW_ANY) or refuse it (REGISTRY_ONLY); verdicts take their connections to "
              "mesh workloads as mTLS, so a DENY on principals or namespaces at a PERMISSIVE destination may not "
              "stop them"
        : k == "DestinationRule"
            ? "its client TLS settings (trafficPolicy.tls): a mode other than ISTIO_MUTUAL sends connections without "
              "the mesh certificate; verdicts take connections between mesh workloads as mTLS"
        : k == "ServiceEntry"
            ? "the hosts it adds to the mesh registry: flows to them are not evaluated"
            : "the workload it adds to the mesh: flows to and from it are not evaluated";
    r.add(o.meta, 0, k, detail);
  }
}

}  // namespace

void lintUnmodelled(const LintContext& ctx, std::vector<Finding>& out) {
  Reporter r(out);
  calicoPolicies(ctx, r);
  calicoEndpoints(ctx, r);
  ingresses(ctx, r);
  virtualServices(ctx, r);
  meshMembership(ctx, r);
  authorizationPolicies(ctx, r);
  istioObjects(ctx, r);
}

}  // namespace tg::verify::lints
