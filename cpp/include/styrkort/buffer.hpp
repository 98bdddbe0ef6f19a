#pragma once
// Storage for the engine's large arrays (hundreds of MB for a national data
// set): no zero fill, since the engine writes every cell, and 2 MiB-aligned
// blocks advised to use transparent huge pages, which saves a page fault per
// 4 KiB on first touch. A std::vector with this allocator behaves as usual.
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace styrkort {

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
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }
  // Default-initialise (for numbers: leave as is) instead of value-initialise.
  template <class U, class... A>
  void construct(U* p, A&&... a) {
    if constexpr (sizeof...(A) == 0) ::new (static_cast<void*>(p)) U;
    else ::new (static_cast<void*>(p)) U(std::forward<A>(a)...);
  }
  template <class U>
  bool operator==(const UninitialisedAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const UninitialisedAllocator<U>&) const noexcept { return false; }
};

template <class T>
using Buffer = std::vector<T, UninitialisedAllocator<T>>;

}  // namespace styrkort
