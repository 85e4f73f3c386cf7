// Deterministic YAML for JSON-shaped values: block style, keys in insertion order, strings quoted
// only when plain YAML would read them as something else, multi-line text as `|` blocks. The same
// value always gives the same bytes, so generated bundles can be diffed and committed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace tg::generate {

using Json = nlohmann::ordered_json;

// One document, without the `---` separator.
std::string toYaml(const Json& doc);

}  // namespace tg::generate
