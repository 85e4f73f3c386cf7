#include "verify/lints/authz_fields.h"

namespace tg::verify::lints {

bool isIdentityField(const model::AuthzField& f) {
  return f.name == "principals" || f.name == "namespaces" || f.name == "serviceAccounts";
}

bool isIdentityKey(const std::string& whenKey) {
  return whenKey == "source.principal" || whenKey == "source.namespace" || whenKey == "source.serviceAccount";
}

bool isHttpOnlyField(const model::AuthzField& f) {
  return f.name == "hosts" || f.name == "methods" || f.name == "paths" || f.name == "requestPrincipals";
}

bool isHttpOnlyKey(const std::string& whenKey) {
  return whenKey.rfind("request.headers", 0) == 0 || whenKey.rfind("request.auth", 0) == 0;
}

uint32_t firstHttpOnlyLine(const model::AuthorizationPolicy& p) {
  for (const auto& rule : p.rules) {
    for (const auto& op : rule.to)
      for (const auto& f : op.fields)
        if (isHttpOnlyField(f)) return f.line;
    for (const auto& src : rule.from)
      for (const auto& f : src.fields)
        if (isHttpOnlyField(f)) return f.line;
    for (const auto& c : rule.when)
      if (isHttpOnlyKey(c.key)) return c.line;
  }
  return 0;
}

}  // namespace tg::verify::lints
