// Renders a FlowEvaluation as text for a person or as the JSON object of DESIGN §4.
#pragma once

#include <string>

#include "verify/flow_evaluation.h"

namespace tg::report {

std::string renderEvalText(const verify::FlowEvaluation& e);
std::string renderEvalJson(const verify::FlowEvaluation& e);

}  // namespace tg::report
