#pragma once
// Storage for the engine's large arrays (hundreds of MB for a national data
// set): no zero fill, since the engine writes every cell, and 2 MiB-aligned
// blocks advised to use transparent huge pages, which saves a page fault per
// 4 KiB on first touch. A std::vector with this allocator behaves as usual.
#include <cstddef>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <utility>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace styrkort {

/// Large blocks freed by one evaluation, kept for the next: repeated
/// evaluations (uncertainty and sensitivity analysis) then reuse memory the
/// kernel has already mapped and zeroed instead of faulting in fresh pages.
/// At most `kLimit` bytes are kept; the rest goes back to the system.
class BlockCache {
 public:
  static constexpr std::size_t kLimit = std::size_t{512} << 20;
  static BlockCache& instance() {
    static BlockCache* cache = new BlockCache();  // never destroyed: used until exit
    return *cache;
  }
  void* take(std::size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = blocks_.find(bytes);
    if (it == blocks_.end()) return nullptr;
    void* p = it->second;
    blocks_.erase(it);
    held_ -= bytes;
    return p;
  }
  void give(void* p, std::size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (held_ + bytes <= kLimit) {
        try {
          blocks_.emplace(bytes, p);
          held_ += bytes;
          return;
        } catch (...) {  // no memory for the bookkeeping: give the block back instead
        }
      }
    }
    std::free(p);
  }

 private:
  std::mutex mutex_;
  std::multimap<std::size_t, void*> blocks_;
  std::size_t held_ = 0;
};

template <class T>
struct UninitialisedAllocator {
  using value_type = T;
  UninitialisedAllocator() = default;
  template <class U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    constexpr std::size_t huge = std::size_t{1} << 21;
    if (bytes >= huge) {
      const std::size_t rounded = (bytes + huge - 1) / huge * huge;
      if (void* cached = BlockCache::instance().take(rounded)) return static_cast<T*>(cached);
      void* p = std::aligned_alloc(huge, rounded);
      if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
      madvise(p, rounded, MADV_HUGEPAGE);
#endif
      return static_cast<T*>(p);
    }
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    constexpr std::size_t huge = std::size_t{1} << 21;
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= huge) BlockCache::instance().give(p, (bytes + huge - 1) / huge * huge);
    else std::free(p);
  }
  // Default-initialise (for numbers: leave as is) instead of value-initialise.
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    if constexpr (sizeof...(A) == 0) ::new (static_cast<void*>(p)) U;
    else ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
  template <class U>
  bool operator==(const UninitialisedAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const UninitialisedAllocator<U>&) const noexcept {
    return false;
  }
};

template <class T>
using Buffer = std::vector<T, UninitialisedAllocator<T>>;

}  // namespace styrkort
