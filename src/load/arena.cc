#include "load/arena.h"

#include <algorithm>

namespace tg::load {
namespace {

// Blocks grow from small (a spec file or a test parses a few hundred bytes) to a size where the
// cost of one more block is noise; a larger request gets a block of its own size.
constexpr size_t kFirstBlock = 64 * 1024;
constexpr size_t kLargestBlock = 4 * 1024 * 1024;

}  // namespace

void* Arena::allocateInNewBlock(size_t bytes, size_t align) {
  size_t need = bytes + align;
  size_t next = current_ < blocks_.size() ? current_ + 1 : blocks_.size();
  // After a rewind the blocks past the current one are free: reuse the next if it is big enough,
  // otherwise drop it and what follows (they would be too small or out of order).
  if (next < blocks_.size() && blocks_[next].size < need) blocks_.erase(blocks_.begin() + static_cast<ptrdiff_t>(next), blocks_.end());
  if (next == blocks_.size()) {
    size_t grown = blocks_.empty() ? kFirstBlock : std::min(kLargestBlock, blocks_.back().size * 2);
    size_t size = std::max(need, grown);
    // `new std::byte[]` leaves the memory uninitialized: pages are touched only as they are used.
    blocks_.push_back({std::unique_ptr<std::byte[]>(new std::byte[size]), size});
  }
  current_ = next;
  used_ = 0;
  return allocate(bytes, align);
}

void Arena::rewind(Mark m) {
  current_ = m.block;
  used_ = m.used;
}

size_t Arena::capacity() const {
  size_t total = 0;
  for (const Block& b : blocks_) total += b.size;
  return total;
}

}  // namespace tg::load
