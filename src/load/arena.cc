#include "load/arena.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace tg::load {
namespace {

// Blocks grow from small (a spec file or a test parses a few hundred bytes) to a size where the
// cost of one more block is noise; a larger request gets a block of its own size.
constexpr size_t kFirstBlock = 64 * 1024;
constexpr size_t kLargestBlock = 4 * 1024 * 1024;
constexpr size_t kHugePage = 2 * 1024 * 1024;

}  // namespace

void Arena::Free::operator()(std::byte* p) const { std::free(p); }

// Memory is left uninitialized: pages are touched only as they are used. Blocks of 2 MB and more
// (a file's text, the nodes of a large document) are aligned to 2 MB and backed by transparent
// huge pages where the kernel offers them: one page fault then maps 2 MB instead of 4 KB, and
// page faults were a fifth of the time of loading a large JSON file.
Arena::Block Arena::newBlock(size_t size) {
  void* p = nullptr;
  if (size < kHugePage) {
    p = std::malloc(size);
  } else {
    size = (size + kHugePage - 1) / kHugePage * kHugePage;
    p = std::aligned_alloc(kHugePage, size);
#ifdef MADV_HUGEPAGE
    if (p) madvise(p, size, MADV_HUGEPAGE);  // advice only: without huge pages it changes nothing
#endif
  }
  if (!p) throw std::bad_alloc();
  return {std::unique_ptr<std::byte[], Free>(static_cast<std::byte*>(p)), size};
}

void* Arena::allocateInNewBlock(size_t bytes, size_t align) {
  size_t need = bytes + align;
  size_t next = current_ < blocks_.size() ? current_ + 1 : blocks_.size();
  // After a rewind the blocks past the current one are free: reuse the next if it is big enough,
  // otherwise drop it and what follows (they would be too small or out of order).
  if (next < blocks_.size() && blocks_[next].size < need) blocks_.erase(blocks_.begin() + static_cast<ptrdiff_t>(next), blocks_.end());
  if (next == blocks_.size()) {
    size_t grown = blocks_.empty() ? kFirstBlock : std::min(kLargestBlock, blocks_.back().size * 2);
    blocks_.push_back(newBlock(std::max(need, grown)));
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
