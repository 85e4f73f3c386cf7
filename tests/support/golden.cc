#include "support/golden.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tg::testing {

std::string goldenPath(const std::string& name) { return std::string(TG_SOURCE_DIR) + "/tests/golden/" + name; }

void expectGolden(const std::string& name, const std::string& actual) {
  std::string path = goldenPath(name);
  if (std::getenv("TG_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path << " (generate it with TG_UPDATE_GOLDEN=1, then review it)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(expected.str(), actual) << "output differs from " << path;
}

std::string testName(std::string fileName) {
  for (char& ch : fileName)
    if (ch == '-') ch = '_';
  return fileName;
}

}  // namespace tg::testing
