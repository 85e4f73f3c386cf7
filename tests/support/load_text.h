// Loads manifests given as text, as if read from a file of that name (diagnostics name it).
#pragma once

#include <string>

#include "load/loader.h"

namespace tg::testing {

load::LoadResult loadText(const std::string& file, const std::string& text);

}  // namespace tg::testing
