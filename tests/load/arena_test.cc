// The bump allocator under the parsed document trees (load/arena.h).
#include "load/arena.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace tg::load {
namespace {

TEST(Arena, CopiesTextAndKeepsItWhileMoreIsAllocated) {
  Arena arena;
  std::string source = "metadata";
  std::string_view copy = arena.copy(source);
  source.assign("overwritten");
  for (int i = 0; i < 100'000; ++i) arena.copy(std::string_view("filler text"));  // many blocks
  EXPECT_EQ(copy, "metadata");
  EXPECT_TRUE(arena.copy(std::string_view()).empty());
}

TEST(Arena, AlignsEveryAllocation) {
  Arena arena;
  arena.allocate(1, 1);
  void* p = arena.allocate(8, 8);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
  arena.allocate(3, 1);
  p = arena.allocate(16, 16);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
}

TEST(Arena, GivesARequestLargerThanAnyBlockABlockOfItsOwn) {
  Arena arena;
  std::string big(20 * 1024 * 1024, 'x');
  std::string_view copy = arena.copy(big);
  EXPECT_EQ(copy, big);
  EXPECT_GE(arena.capacity(), big.size());
}

TEST(Arena, RewindReusesTheMemoryForTheNextDocument) {
  Arena arena;
  std::string_view kept = arena.copy(std::string_view("kept"));
  Arena::Mark m = arena.mark();
  auto fill = [&] {
    for (int i = 0; i < 50'000; ++i) arena.copy(std::string_view("a document's node text"));
  };
  fill();
  size_t capacity = arena.capacity();
  for (int round = 0; round < 5; ++round) {
    arena.rewind(m);
    fill();
  }
  EXPECT_EQ(arena.capacity(), capacity);  // no block was added by the later rounds
  EXPECT_EQ(kept, "kept");                // what came before the mark is untouched
}

TEST(Arena, CopiesSpansOfTriviallyCopyableValues) {
  Arena arena;
  std::vector<int> values = {1, 2, 3};
  std::span<const int> copy = arena.copy<int>(values);
  values.assign({7, 8, 9});
  ASSERT_EQ(copy.size(), 3u);
  EXPECT_EQ(copy[0], 1);
  EXPECT_EQ(copy[2], 3);
}

}  // namespace
}  // namespace tg::load
