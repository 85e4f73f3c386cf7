// Arena: bump allocation for the nodes and text of parsed documents, released all at once.
// A manifest is hundreds of thousands of small nodes; allocating and freeing each one on the heap
// cost more than parsing it (malloc, page faults, a destructor per node).
//
//   Arena arena;
//   std::string_view s = arena.copy(text);
//   Arena::Mark m = arena.mark();
//   ... allocate one document ...
//   arena.rewind(m);   // its memory is reused by the next document
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tg::load {

class Arena {
 public:
  Arena() = default;
  Arena(Arena&&) noexcept = default;
  Arena& operator=(Arena&&) noexcept = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;

  // Uninitialized memory for `bytes` bytes aligned to `align` (a power of two up to 16). Inline:
  // it runs once per string and per container of every document.
  void* allocate(size_t bytes, size_t align) {
    if (current_ < blocks_.size()) {
      size_t start = (used_ + align - 1) & ~(align - 1);
      if (start + bytes <= blocks_[current_].size) {
        used_ = start + bytes;
        return blocks_[current_].data.get() + start;
      }
    }
    return allocateInNewBlock(bytes, align);
  }

  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    char* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }

  // Only for types without destructors: the arena never runs one.
  template <typename T>
  std::span<const T> copy(std::span<const T> items) {
    static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
    if (items.empty()) return {};
    T* p = static_cast<T*>(allocate(items.size_bytes(), alignof(T)));
    std::memcpy(static_cast<void*>(p), items.data(), items.size_bytes());
    return {p, items.size()};
  }

  // A point to rewind to: everything allocated after it is released, and its blocks are kept for
  // what comes next, so parsing document after document reuses the same memory.
  struct Mark {
    size_t block = 0;
    size_t used = 0;
  };
  Mark mark() const { return {current_, used_}; }
  void rewind(Mark m);

  // Bytes held in blocks (allocated or not), for tests.
  size_t capacity() const;

 private:
  struct Free {
    void operator()(std::byte* p) const;
  };
  struct Block {
    std::unique_ptr<std::byte[], Free> data;
    size_t size = 0;
  };
  static Block newBlock(size_t size);
  void* allocateInNewBlock(size_t bytes, size_t align);

  std::vector<Block> blocks_;
  size_t current_ = 0;  // index of the block being filled; blocks_.size() when there is none
  size_t used_ = 0;     // bytes used in blocks_[current_]
};

}  // namespace tg::load
