// Fuzzes the Calico selector parser, printer and evaluator. Besides not crashing, it checks that
// the canonical form parses, prints as itself and matches exactly what the original matches.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "selector/calico/selector.h"

using tg::selector::calico::Scope;
using tg::selector::calico::Selector;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (Scope scope : {Scope::Endpoint, Scope::Namespace}) {
    auto r = Selector::parse(text, scope);
    if (!r) {
      (void)r.error().describe(text);
      if (r.error().column == 0 || r.error().column > text.size() + 1) std::abort();
      continue;
    }
    const Selector& s = r.selector();
    std::string canonical = s.str();
    auto again = Selector::parse(canonical, scope);
    if (!again || again.selector().str() != canonical) std::abort();

    // Label sets built from the input's own words, so keys and values the selector names occur.
    tg::model::Labels labels, other;
    std::string word;
    bool value = false;
    std::string key;
    for (char c : text) {
      bool sep = c == ' ' || c == '\'' || c == '"' || c == '(' || c == ')' || c == '{' || c == '}' || c == ',';
      if (!sep) {
        word += c;
        continue;
      }
      if (word.empty()) continue;
      if (value) labels[key] = word, other[key] = word + "x";
      else key = word, other[word] = word;
      value = !value;
      word.clear();
    }
    tg::model::Labels nsLabels = labels;
    nsLabels[tg::selector::calico::kNamespaceNameKey] = "ns";
    const tg::model::Labels empty;
    for (const tg::model::Labels* l : std::initializer_list<const tg::model::Labels*>{&labels, &other, &nsLabels, &empty})
      if (s.matches(*l) != again.selector().matches(*l)) std::abort();
  }
  return 0;
}
