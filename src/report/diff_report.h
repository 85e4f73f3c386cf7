// Renders a DiffResult: text (for people), json (for machines), md (a pull-request comment),
// sarif (SARIF 2.1.0 with baselineState: new flows and findings, resolved findings as absent)
// and html (one self-contained page, see html_report.h). None computes anything.
#pragma once

#include <string>

#include "verify/diff.h"

namespace tg::report {

std::string renderDiffText(const verify::DiffResult& d);
std::string renderDiffJson(const verify::DiffResult& d);
std::string renderDiffMarkdown(const verify::DiffResult& d);
std::string renderDiffSarif(const verify::DiffResult& d);

// "OPEN (3)", "decl", "2L", "·" — one tenant matrix cell, as the text and md reports write it.
std::string cellText(const verify::TenantPair& p);

}  // namespace tg::report
