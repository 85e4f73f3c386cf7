// Istio: PeerAuthentication and AuthorizationPolicy (security.istio.io v1 and v1beta1), and the
// mesh configuration held by the ConfigMap `istio` (data key `mesh`, itself YAML text).
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "load/decoders.h"
#include "load/fields.h"
#include "load/parse.h"

namespace tg::load {
namespace {

model::Labels readSelector(const Node& spec) {
  const Node* sel = optMapping(spec, "selector");
  return sel ? stringMap(sel->get("matchLabels"), "matchLabels") : model::Labels{};
}

model::MtlsMode readMode(const Node& holder, uint32_t& line) {
  auto mode = optString(holder, "mode");
  line = holder.line();
  if (!mode || *mode == "UNSET" || mode->empty()) return model::MtlsMode::Unset;
  if (*mode == "DISABLE") return model::MtlsMode::Disable;
  if (*mode == "PERMISSIVE") return model::MtlsMode::Permissive;
  if (*mode == "STRICT") return model::MtlsMode::Strict;
  throw DecodeError(holder.get("mode")->line(),
                    fmt::format("unknown mTLS mode `{}` (UNSET, DISABLE, PERMISSIVE or STRICT)", *mode));
}

void requireNamespace(model::ObjectMeta& m, const Node& object) {
  if (m.name.empty()) throw DecodeError(object.line(), fmt::format("{} without metadata.name", m.kind));
  if (m.ns.empty()) m.ns = DecodeContext::kDefaultNamespace;
}

// Field names of Source and Operation, without the `not` prefix.
constexpr std::array kSourceFields{"principals",      "requestPrincipals", "namespaces",
                                   "serviceAccounts", "ipBlocks",          "remoteIpBlocks"};
constexpr std::array kOperationFields{"hosts", "ports", "methods", "paths"};

template <size_t N>
std::vector<model::AuthzField> readFields(const Node& n, const std::array<const char*, N>& known,
                                          std::string_view what) {
  if (!n.isMapping()) throw DecodeError(n.line(), fmt::format("`{}` must be a mapping", what));
  std::vector<model::AuthzField> out;
  for (const auto& [key, value] : n.fields()) {
    model::AuthzField f;
    std::string base(key);
    if (key.size() > 3 && key.rfind("not", 0) == 0) {
      f.negated = true;
      base = key.substr(3);
      base[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(base[0])));
    }
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return base == k; }) == known.end())
      throw DecodeError(value.line(), fmt::format("unknown {} field `{}`", what, key));
    f.name = base;
    f.values = stringList(&value, key);
    f.line = value.line() ? value.line() : n.line();
    if (value.isNull()) continue;  // `principals:` with no value: the field is not set
    if (f.values.empty())
      throw DecodeError(f.line, fmt::format("`{}` must not be an empty list", key));
    if (f.name == "ports")
      for (const std::string& p : f.values) {
        Node tmp = Node::scalar(p, false, f.line);
        toPort(tmp, key);
      }
    out.push_back(std::move(f));
  }
  return out;
}

bool knownConditionKey(const std::string& k) {
  static constexpr std::array kExact{"source.ip",          "remote.ip",           "source.namespace",
                                     "source.principal",   "source.serviceAccount", "request.auth.principal",
                                     "request.auth.audiences", "request.auth.presenter", "destination.ip",
                                     "destination.port",   "connection.sni"};
  for (const char* e : kExact)
    if (k == e) return true;
  auto bracketed = [&](std::string_view prefix) {
    return k.size() > prefix.size() + 1 && k.compare(0, prefix.size(), prefix) == 0 && k.back() == ']';
  };
  return bracketed("request.headers[") || bracketed("request.auth.claims[") || k.rfind("experimental.", 0) == 0;
}

model::AuthzRule readRule(const Node& r) {
  model::AuthzRule rule;
  rule.line = r.line();
  if (r.isNull()) return rule;  // `- {}` or an empty item: matches everything
  if (!r.isMapping()) throw DecodeError(r.line(), "rules entries must be mappings");
  for (const auto& [key, value] : r.fields())
    if (key != "from" && key != "to" && key != "when")
      throw DecodeError(value.line(), fmt::format("unknown rule field `{}`", key));
  if (const Node* from = optSequence(r, "from"))
    for (const Node& f : from->items()) {
      if (!f.isMapping()) throw DecodeError(f.line(), "`from` entries must be mappings");
      model::AuthzSource s;
      s.line = f.line();
      if (const Node* src = f.get("source"); src && !src->isNull()) s.fields = readFields(*src, kSourceFields, "source");
      rule.from.push_back(std::move(s));
    }
  if (const Node* to = optSequence(r, "to"))
    for (const Node& t : to->items()) {
      if (!t.isMapping()) throw DecodeError(t.line(), "`to` entries must be mappings");
      model::AuthzOperation o;
      o.line = t.line();
      if (const Node* op = t.get("operation"); op && !op->isNull())
        o.fields = readFields(*op, kOperationFields, "operation");
      rule.to.push_back(std::move(o));
    }
  if (const Node* when = optSequence(r, "when"))
    for (const Node& w : when->items()) {
      if (!w.isMapping()) throw DecodeError(w.line(), "`when` entries must be mappings");
      model::AuthzCondition c;
      c.line = w.line();
      c.key = reqString(w, "key");
      if (!knownConditionKey(c.key)) throw DecodeError(w.line(), fmt::format("unknown condition key `{}`", c.key));
      c.values = stringList(w.get("values"), "values");
      c.notValues = stringList(w.get("notValues"), "notValues");
      if (c.values.empty() && c.notValues.empty())
        throw DecodeError(w.line(), fmt::format("condition `{}` needs values or notValues", c.key));
      if (c.key == "destination.port")
        for (const auto* list : {&c.values, &c.notValues})
          for (const std::string& p : *list) toPort(Node::scalar(p, false, w.line()), "destination.port");
      rule.when.push_back(std::move(c));
    }
  return rule;
}

std::string targetRefText(const Node& t) {
  if (!t.isMapping()) throw DecodeError(t.line(), "targetRef must be a mapping");
  return optString(t, "kind").value_or("?") + "/" + optString(t, "name").value_or("?");
}

}  // namespace

void decodePeerAuthentication(const Node& object, DecodeContext& ctx) {
  model::PeerAuthentication pa;
  pa.meta = ctx.meta(object);
  requireNamespace(pa.meta, object);
  const Node* spec = optMapping(object, "spec");
  if (!spec) {
    ctx.cluster.peerAuthentications.push_back(std::move(pa));
    return;
  }
  pa.selector = readSelector(*spec);
  if (const Node* mtls = optMapping(*spec, "mtls")) pa.mode = readMode(*mtls, pa.modeLine);
  if (const Node* ports = optMapping(*spec, "portLevelMtls")) {
    for (const auto& [key, value] : ports->fields()) {
      uint32_t port = toPort(Node::scalar(key, false, value.line()), "portLevelMtls key");
      if (!value.isMapping()) throw DecodeError(value.line(), "portLevelMtls entries must be mappings");
      model::PortMtls pm;
      pm.mode = readMode(value, pm.line);
      pa.portLevelMtls[port] = pm;
    }
  }
  ctx.cluster.peerAuthentications.push_back(std::move(pa));
}

void decodeAuthorizationPolicy(const Node& object, DecodeContext& ctx) {
  model::AuthorizationPolicy ap;
  ap.meta = ctx.meta(object);
  requireNamespace(ap.meta, object);
  const Node* spec = optMapping(object, "spec");
  if (!spec) {  // no spec at all: an ALLOW policy without rules, like `spec: {}`
    ctx.cluster.authorizationPolicies.push_back(std::move(ap));
    return;
  }
  ap.selector = readSelector(*spec);
  if (const Node* t = optMapping(*spec, "targetRef")) {
    ap.hasTargetRef = true;
    ap.targetRefs.push_back(targetRefText(*t));
  }
  if (const Node* ts = optSequence(*spec, "targetRefs"))
    for (const Node& t : ts->items()) {
      ap.hasTargetRef = true;
      ap.targetRefs.push_back(targetRefText(t));
    }
  std::string action = optString(*spec, "action").value_or("ALLOW");
  if (action == "ALLOW" || action.empty()) ap.action = model::AuthzAction::Allow;
  else if (action == "DENY") ap.action = model::AuthzAction::Deny;
  else if (action == "AUDIT") ap.action = model::AuthzAction::Audit;
  else if (action == "CUSTOM") ap.action = model::AuthzAction::Custom;
  else throw DecodeError(spec->get("action")->line(), fmt::format("unknown action `{}`", action));
  if (const Node* p = optMapping(*spec, "provider")) ap.provider = optString(*p, "name").value_or("");
  if (ap.action == model::AuthzAction::Custom && ap.provider.empty())
    throw DecodeError(spec->line(), "CUSTOM action needs `provider.name`");
  if (const Node* rules = optSequence(*spec, "rules"))
    for (const Node& r : rules->items()) ap.rules.push_back(readRule(r));
  ctx.cluster.authorizationPolicies.push_back(std::move(ap));
}

void decodeConfigMap(const Node& object, DecodeContext& ctx) {
  model::ObjectMeta meta = ctx.meta(object);
  // Only Istio's mesh configuration is modelled; other ConfigMaps are read and dropped.
  if (meta.name != "istio") return;
  if (meta.ns.empty()) meta.ns = DecodeContext::kDefaultNamespace;
  model::MeshConfigMap mc;
  mc.meta = std::move(meta);
  const Node* data = optMapping(object, "data");
  const Node* mesh = data ? data->get("mesh") : nullptr;
  if (mesh && !mesh->isNull()) {
    std::string text = scalarText(*mesh, "mesh");
    // A block scalar's content starts on the line after `mesh: |`.
    uint32_t base = mesh->line();
    ParsedText parsed = parseYaml(text);
    if (!parsed.errors.empty())
      throw DecodeError(base + parsed.errors.front().line,
                        fmt::format("data.mesh: {}", parsed.errors.front().message));
    if (!parsed.documents.empty() && parsed.documents.front().isMapping()) {
      const Node& m = parsed.documents.front();
      try {
        mc.rootNamespace = optString(m, "rootNamespace");
        mc.trustDomain = optString(m, "trustDomain");
        mc.trustDomainAliases = stringList(m.get("trustDomainAliases"), "trustDomainAliases");
        if (const Node* providers = optSequence(m, "extensionProviders"))
          for (const Node& p : providers->items())
            if (p.isMapping())
              if (auto name = optString(p, "name")) mc.extensionProviders.push_back(*name);
      } catch (const DecodeError& e) {
        throw DecodeError(base + e.line(), fmt::format("data.mesh: {}", e.what()));
      }
    }
  }
  ctx.cluster.meshConfigs.push_back(std::move(mc));
}

}  // namespace tg::load
