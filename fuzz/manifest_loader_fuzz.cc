// Fuzzes the manifest path end to end: YAML or JSON text → Node trees → decoders → Cluster.
// The first byte picks the parser, so both see every input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "load/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  tg::load::Loader loader;
  loader.addText(data[0] & 1 ? "fuzz.json" : "fuzz.yaml", text);
  tg::load::LoadResult r = std::move(loader).finish();
  return r.objects > 1'000'000 ? 1 : 0;  // keeps the result observable
}
