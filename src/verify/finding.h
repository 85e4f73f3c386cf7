// Findings: what verify reports, with stable IDs (DESIGN §4), the object and the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/object.h"

namespace tg::verify {

enum class Severity { Info = 0, Warning = 1, Error = 2 };
const char* severityName(Severity s);  // "info", "warning", "error"

// One entry of the catalogue: the rule behind a finding ID.
struct Rule {
  std::string_view id;
  Severity severity;
  std::string_view title;  // one line
  std::string_view help;   // what to do about it
};

// The whole catalogue, in ID order; stable IDs are never reused.
const std::vector<Rule>& catalogue();
const Rule* findRule(std::string_view id);

struct ObjectRef {
  std::string kind;
  std::string ns;
  std::string name;
};

struct Finding {
  std::string id;
  Severity severity = Severity::Warning;
  std::string message;
  ObjectRef object;
  model::Source where;
  std::string hint;  // a one-line fix
  // What the finding is about when that is not just `object` (e.g. "alpha->beta" for a tenant
  // pair): with id and object it identifies the finding independently of message and line, so
  // `diff` can match a finding across two configurations.
  std::string subject;
};

// A finding for catalogue rule `id` (its severity), about `meta`.
Finding makeFinding(std::string_view id, std::string message, const model::ObjectMeta& meta, std::string hint);

}  // namespace tg::verify
