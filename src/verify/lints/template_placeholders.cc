// TG030: a selector written as a template (`${tenant}`, `{{ .tenant }}`) reaches the cluster
// unexpanded when nobody renders it, and no engine expands it: the placeholder is compared as a
// literal string, so the selector means something else than intended. The reference article's
// GlobalNetworkPolicy `notSelector: tenant == "${tenant}"` matches every tenant, itself included.
#include <fmt/format.h>

#include <optional>
#include <regex>

#include "verify/lints/lint_context.h"

namespace tg::verify::lints {
namespace {

// The first placeholder in `text`, if any.
std::optional<std::string> placeholder(const std::string& text) {
  static const std::regex re(R"(\$\{[^}]*\}|\{\{.*?\}\})");
  std::smatch m;
  if (!std::regex_search(text, m, re)) return std::nullopt;
  return m.str();
}

std::string labelSelectorText(const selector::LabelSelector& s) {
  std::string text;
  for (const auto& [k, v] : s.matchLabels()) text += k + "=" + v + " ";
  for (const auto& r : s.expressions()) {
    text += r.key + " ";
    for (const auto& v : r.values) text += v + " ";
  }
  return text;
}

std::string labelsText(const model::Labels& labels) {
  std::string text;
  for (const auto& [k, v] : labels) text += k + "=" + v + " ";
  return text;
}

// Collects one finding per selector that holds a placeholder.
class Scan {
 public:
  Scan(const model::ObjectMeta& meta, std::vector<Finding>& out) : meta_(meta), out_(out) {}

  void check(const std::string& field, const std::string& text, std::string_view shown, uint32_t line) {
    auto p = placeholder(text);
    if (!p) return;
    out_.push_back(makeFinding(
        "TG030",
        fmt::format("{} {}: `{}` contains the template placeholder {} ({}); nothing expands it, so it is compared as a "
                    "literal string",
                    meta_.kind, meta_.ns.empty() ? meta_.name : meta_.ns + "/" + meta_.name, field, *p, shown),
        at(meta_, line), ""));
  }
  void check(const std::string& field, const selector::LabelSelector& s, uint32_t line) {
    check(field, labelSelectorText(s), s.toString(), line);
  }
  void check(const std::string& field, const std::optional<selector::LabelSelector>& s, uint32_t line) {
    if (s) check(field, *s, line);
  }
  void check(const std::string& field, const selector::calico::Selector& s, uint32_t line) {
    std::string text = s.str();
    check(field, text, text, line);
  }
  void check(const std::string& field, const std::optional<selector::calico::Selector>& s, uint32_t line) {
    if (s) check(field, *s, line);
  }

 private:
  const model::ObjectMeta& meta_;
  std::vector<Finding>& out_;
};

void scanCalico(const model::CalicoPolicy& p, std::vector<Finding>& out) {
  Scan scan(p.meta, out);
  scan.check("selector", p.selector, 0);
  scan.check("namespaceSelector", p.namespaceSelector, 0);
  scan.check("serviceAccountSelector", p.serviceAccountSelector, 0);
  for (const auto* rules : {&p.ingressRules, &p.egressRules})
    for (const auto& rule : *rules)
      for (auto [side, e] : {std::pair{"source", &rule.source}, std::pair{"destination", &rule.destination}}) {
        std::string prefix = std::string(side) + ".";
        scan.check(prefix + "selector", e->selector, e->line);
        scan.check(prefix + "notSelector", e->notSelector, e->line);
        scan.check(prefix + "namespaceSelector", e->namespaceSelector, e->line);
        if (e->serviceAccounts) {
          scan.check(prefix + "serviceAccounts.selector", e->serviceAccounts->selector, e->line);
          for (const auto& name : e->serviceAccounts->names) scan.check(prefix + "serviceAccounts.names", name, name, e->line);
        }
      }
}

void scanNetworkPolicy(const model::NetworkPolicy& np, std::vector<Finding>& out) {
  Scan scan(np.meta, out);
  scan.check("podSelector", np.podSelector, 0);
  for (const auto* rules : {&np.ingress, &np.egress})
    for (const auto& rule : *rules)
      for (const auto& peer : rule.peers) {
        scan.check("podSelector", peer.podSelector, peer.line);
        scan.check("namespaceSelector", peer.namespaceSelector, peer.line);
      }
}

void scanAdminNetworkPolicy(const model::AdminNetworkPolicy& anp, std::vector<Finding>& out) {
  Scan scan(anp.meta, out);
  auto podSet = [&](const std::string& field, const model::AnpPodSet& s, uint32_t line) {
    scan.check(field + ".namespaceSelector", s.namespaceSelector, line);
    scan.check(field + ".podSelector", s.podSelector, line);
  };
  podSet("subject", anp.subject, 0);
  for (const auto* rules : {&anp.ingress, &anp.egress})
    for (const auto& rule : *rules)
      for (const auto& peer : rule.peers)
        if (peer.pods) podSet("peer", *peer.pods, peer.line);
}

}  // namespace

void lintTemplatePlaceholders(const LintContext& ctx, std::vector<Finding>& out) {
  const model::Cluster& c = ctx.cluster;
  for (const auto& p : c.calico.policies) scanCalico(p, out);
  for (const auto& np : c.networkPolicies) scanNetworkPolicy(np, out);
  for (const auto& anp : c.adminNetworkPolicies) scanAdminNetworkPolicy(anp, out);
  for (const auto& pa : c.peerAuthentications) {
    std::string text = labelsText(pa.selector);
    Scan(pa.meta, out).check("selector", text, text, 0);
  }
  for (const auto& ap : c.authorizationPolicies) {
    std::string text = labelsText(ap.selector);
    Scan(ap.meta, out).check("selector", text, text, 0);
  }
}

}  // namespace tg::verify::lints
