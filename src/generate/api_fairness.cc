// API priority and fairness: each tenant's requests (its service accounts and admins) go to its
// own priority level, so a tenant flooding the API server queues behind itself and cannot take
// the seats of another. A level lends its unused seats but borrows none.
#include "generate/parts.h"

namespace tg::generate {
namespace {

constexpr const char* kFlowControl = "flowcontrol.apiserver.k8s.io/v1";
// After the built-in schemas for the control plane (at most 1000), before the catch-all
// `service-accounts` (9000) and `global-default` (9900).
constexpr int kMatchingPrecedence = 1500;

Json subjects(const tenant::Tenant& t) {
  Json out = Json::array();
  for (const auto& ns : t.namespaces)
    out.push_back(Json{{"kind", "ServiceAccount"}, {"serviceAccount", {{"namespace", ns}, {"name", "*"}}}});
  for (const auto& entry : t.admins) {
    Admin a = parseAdmin(entry);
    if (a.group) out.push_back(Json{{"kind", "Group"}, {"group", {{"name", a.name}}}});
    else out.push_back(Json{{"kind", "User"}, {"user", {{"name", a.name}}}});
  }
  return out;
}

}  // namespace

void addApiFairness(const tenant::Spec& spec, Bundle& b) {
  for (const tenant::Tenant& t : spec.tenants) {
    std::string name = "tenant-" + t.name;
    Json level = object(kFlowControl, "PriorityLevelConfiguration", name);
    level["spec"] = Json{{"type", "Limited"},
                         {"limited",
                          {{"nominalConcurrencyShares", 10},
                           {"lendablePercent", 50},
                           {"borrowingLimitPercent", 0},
                           {"limitResponse",
                            {{"type", "Queue"}, {"queuing", {{"queues", 16}, {"handSize", 4}, {"queueLengthLimit", 50}}}}}}}};
    b.add(std::move(level));

    Json schema = object(kFlowControl, "FlowSchema", name);
    schema["spec"] = Json{
        {"priorityLevelConfiguration", {{"name", name}}},
        {"matchingPrecedence", kMatchingPrecedence},
        {"distinguisherMethod", {{"type", "ByUser"}}},
        {"rules",
         Json::array({Json{{"subjects", subjects(t)},
                           {"resourceRules", Json::array({Json{{"verbs", Json::array({"*"})},
                                                               {"apiGroups", Json::array({"*"})},
                                                               {"resources", Json::array({"*"})},
                                                               {"namespaces", Json::array({"*"})},
                                                               {"clusterScope", true}}})},
                           {"nonResourceRules", Json::array({Json{{"verbs", Json::array({"*"})},
                                                                  {"nonResourceURLs", Json::array({"*"})}}})}}})}};
    b.add(std::move(schema));
  }
}

}  // namespace tg::generate
