// `verify -o html` and `diff -o html`: one self-contained HTML file (inline CSS and JS, no
// external asset, works offline). The result is embedded as JSON in
// <script type="application/json"> blocks — a global one, and one per tenant with that tenant's
// outgoing matrix cells and flows, parsed only when the tenant is opened — and the page's script
// draws the tenant matrix (a table up to 60 tenants, a canvas heat-map with hover beyond), the
// per-tenant drill-down (each layer's verdict and the rules that decided, with file:line), the
// findings table (filters by severity, ID and text; paginated) and the what-if list. Nothing is
// computed here or in the script beyond counting and filtering what the result holds.
#pragma once

#include <string>

#include "verify/diff.h"
#include "verify/verify.h"

namespace tg::report {

std::string renderVerifyHtml(const verify::VerifyResult& r);
std::string renderDiffHtml(const verify::DiffResult& d);

// For tests: JSON text made safe inside <script>: every '<', '>' and '&' becomes a \u escape, so
// neither "</script" nor "<!--" can appear.
std::string escapeJsonForScript(const std::string& json);

}  // namespace tg::report
