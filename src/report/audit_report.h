// Renders an AuditResult: text for the weekly review, json for SIEM ingestion. Both read the same
// result; neither computes anything.
#pragma once

#include <string>

#include "audit/report.h"

namespace tg::report {

std::string renderAuditText(const audit::AuditResult& r);
std::string renderAuditJson(const audit::AuditResult& r);

}  // namespace tg::report
