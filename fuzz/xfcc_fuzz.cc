// Fuzzes the x-forwarded-client-cert parser. Besides not crashing, it checks that a parsed header
// printed back (every value quoted) parses to the same elements, that the parser's limits hold,
// and that verifiedPeer agrees with the parse: it names the last element's only URI, or fails.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "authz_server/xfcc.h"

namespace {

std::string print(const tg::authz::XfccParse& p) {
  std::string out;
  for (size_t i = 0; i < p.elements.size(); ++i) {
    if (i) out += ',';
    const auto& pairs = p.elements[i].pairs;
    for (size_t j = 0; j < pairs.size(); ++j) {
      if (j) out += ';';
      out += pairs[j].first + "=\"";
      for (char c : pairs[j].second) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      out += '"';
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tg::authz::XfccParse p = tg::authz::parseXfcc(text);
  std::string error;
  auto peer = tg::authz::verifiedPeer(text, error);
  if (!p.ok()) {
    if (!p.elements.empty() || peer) std::abort();
    return 0;
  }
  if (p.elements.empty() || p.elements.size() > tg::authz::kXfccMaxElements) std::abort();
  for (const auto& e : p.elements) {
    if (e.pairs.empty() || e.pairs.size() > tg::authz::kXfccMaxPairs) std::abort();
    for (const auto& [k, v] : e.pairs) {
      if (k.empty()) std::abort();
      for (char c : k)
        if (c >= 'A' && c <= 'Z') std::abort();  // keys are lower case
    }
  }
  std::string printed = print(p);
  if (printed.size() <= tg::authz::kXfccMaxLength) {
    tg::authz::XfccParse again = tg::authz::parseXfcc(printed);
    if (!again.ok() || again.elements.size() != p.elements.size()) std::abort();
    for (size_t i = 0; i < p.elements.size(); ++i)
      if (again.elements[i].pairs != p.elements[i].pairs) std::abort();
  }
  auto uris = p.elements.back().values("uri");
  auto bys = p.elements.back().values("by");
  bool expectPeer = uris.size() == 1 && !uris.front().empty() && bys.size() <= 1;
  if (expectPeer != peer.has_value()) std::abort();
  if (peer && peer->uri != uris.front()) std::abort();
  return 0;
}
