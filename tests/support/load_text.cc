#include "support/load_text.h"

namespace tg::testing {

load::LoadResult loadText(const std::string& file, const std::string& text) {
  load::Loader loader;
  loader.addText(file, text);
  return std::move(loader).finish();
}

}  // namespace tg::testing
