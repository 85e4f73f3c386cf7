// What `verify -o sarif` and `diff -o sarif` share: the SARIF 2.1.0 log around the results, the
// catalogue as rules, and a finding as a result — in the shape GitHub code scanning requires
// (every rule with short/full description, help and a numeric `security-severity`; every result
// with a level, a message and a physical location with a line region).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/object.h"
#include "verify/finding.h"

namespace tg::report {

class SarifRun {
 public:
  SarifRun();  // the rules: the whole finding catalogue

  // A result of rule `id` with its ruleIndex, `level` and message, located at `where` when known.
  nlohmann::json result(std::string_view id, verify::Severity severity, const std::string& message,
                        const model::Source& where) const;
  // A finding as a result; the message ends with the fix hint.
  nlohmann::json finding(const verify::Finding& f) const;

  // The whole log, pretty-printed: one run of tenantguard with these results; `runMembers` are
  // added to the run (e.g. automationDetails).
  std::string render(nlohmann::json results, const nlohmann::json& runMembers = nlohmann::json::object()) const;

 private:
  nlohmann::json rules_ = nlohmann::json::array();
  std::map<std::string, size_t, std::less<>> index_;
};

}  // namespace tg::report
