// Renders a VerifyResult: text (for people), json (DESIGN §4), sarif (SARIF 2.1.0 for code
// scanning), junit (for CI test tabs). All four read the same result; none computes anything.
#pragma once

#include <string>
#include <string_view>

#include "verify/verify.h"

namespace tg::report {

std::string renderVerifyText(const verify::VerifyResult& r, bool color);
std::string renderVerifyJson(const verify::VerifyResult& r);
std::string renderVerifySarif(const verify::VerifyResult& r);
std::string renderVerifyJunit(const verify::VerifyResult& r);

}  // namespace tg::report
