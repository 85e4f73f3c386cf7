#include "audit/rbac_details.h"

#include <charconv>

namespace tg::audit {
namespace {

constexpr std::string_view kPrefix = "rbac_access_denied_matched_policy[";

// Takes `open` + text + `]` from the front of `s`; the text may itself contain brackets only if
// balanced, which Kubernetes names cannot, so the first `]` ends it.
std::optional<std::string_view> takeBracketed(std::string_view& s, std::string_view open) {
  if (!s.starts_with(open)) return std::nullopt;
  s.remove_prefix(open.size());
  size_t close = s.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = s.substr(0, close);
  s.remove_prefix(close + 1);
  return inside;
}

}  // namespace

std::optional<RbacDenial> parseRbacDenial(std::string_view details) {
  size_t at = details.find(kPrefix);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = details.substr(at + kPrefix.size());
  // The outer bracket closes after the policy name's own brackets: find the last `]`.
  size_t close = rest.rfind(']');
  if (close == std::string_view::npos) return std::nullopt;
  RbacDenial d;
  d.matched = rest.substr(0, close);

  std::string_view p = d.matched;
  auto ns = takeBracketed(p, "ns[");
  auto name = ns ? takeBracketed(p, "-policy[") : std::nullopt;
  auto rule = name ? takeBracketed(p, "-rule[") : std::nullopt;
  if (rule && p.empty()) {
    int index = -1;
    auto [end, ec] = std::from_chars(rule->data(), rule->data() + rule->size(), index);
    if (ec == std::errc{} && end == rule->data() + rule->size()) {
      d.ns = *ns;
      d.name = *name;
      d.rule = index;
    }
  }
  return d;
}

}  // namespace tg::audit
