// Which AuthorizationPolicy fields depend on what: identity fields need mTLS to match, HTTP-only
// fields need an HTTP port. Several lints ask the same questions of the same fields.
#pragma once

#include <cstdint>
#include <string>

#include "model/istio.h"

namespace tg::verify::lints {

// principals, namespaces, serviceAccounts (and their not* forms).
bool isIdentityField(const model::AuthzField& f);
// source.principal, source.namespace, source.serviceAccount.
bool isIdentityKey(const std::string& whenKey);
// hosts, methods, paths, requestPrincipals (and their not* forms).
bool isHttpOnlyField(const model::AuthzField& f);
// request.headers[...], request.auth.*.
bool isHttpOnlyKey(const std::string& whenKey);

// The line of the policy's first HTTP-only field or condition; 0 when it has none.
uint32_t firstHttpOnlyLine(const model::AuthorizationPolicy& p);

}  // namespace tg::verify::lints
