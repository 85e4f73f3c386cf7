// Writing a parsed document back as text, so that a chosen part of a file can be handed to
// tg::load::Loader::addText. The text is YAML flow style (JSON where the input was JSON) and
// parses to the same tree: every node starts on the line it had in its file, so the loader's
// diagnostics and source locations keep pointing at the original lines.
#pragma once

#include <string>

#include "load/node.h"

namespace tg::conformance::nca {

std::string documentText(const load::Node& root);

}  // namespace tg::conformance::nca
