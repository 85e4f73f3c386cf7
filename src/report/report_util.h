// Small formatting helpers shared by the diff and HTML renderers: how a rule reference, an object
// or a layer result is written. Formatting only; nothing here decides anything.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "layers/verdict.h"
#include "verify/finding.h"
#include "verify/verify.h"

namespace tg::report {

// "Kind ns/name" (or "Kind name" for cluster-scoped objects).
std::string objectText(const verify::ObjectRef& o);
// "Kind ns/name ingress rule 2 (file:line)"; the rule part only when the ref names a rule.
std::string refText(const layers::Ref& r);
// Up to `max` refs joined by ", ", then "+N more".
std::string refsText(const std::vector<layers::Ref>& refs, size_t max = 3);
// "allow", "deny" or "partial (CONNS)".
std::string layerVerdictText(const verify::LayerResult& l);
// "file:line", or "" when the place is unknown.
std::string whereText(const model::Source& s);

nlohmann::json refJson(const layers::Ref& r);
nlohmann::json layerJson(const verify::LayerResult& l);
nlohmann::json objectJson(const verify::ObjectRef& o);
// The finding object of `verify -o json`.
nlohmann::json findingJson(const verify::Finding& f);

// "1 flow", "3 flows": English plurals by appending an s.
std::string plural(size_t n, const char* word);

// Markdown table cell text: pipes and newlines escaped, angle brackets as entities.
std::string mdCell(const std::string& s);

}  // namespace tg::report
