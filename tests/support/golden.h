// Golden files: expected command output kept under tests/golden/ and compared byte for byte.
//
// To regenerate after an intended change, run the golden tests with TG_UPDATE_GOLDEN=1 (they
// then write the files instead of comparing), and review the diff of tests/golden/ by eye
// before committing: a golden file records what the output must be, not what it happened to be.
#pragma once

#include <string>

namespace tg::testing {

// tests/golden/NAME in the source tree.
std::string goldenPath(const std::string& name);

// Compares `actual` with tests/golden/NAME (a gtest failure when they differ or the file is
// missing), or writes it there when TG_UPDATE_GOLDEN is set.
void expectGolden(const std::string& name, const std::string& actual);

// A golden case's file name as a gtest parameter name (which allows only letters, digits, `_`).
std::string testName(std::string fileName);

}  // namespace tg::testing
