#pragma once
// A minimal parallel loop over index ranges (std::thread; the work items are
// coarse: indicators or ranges of units).
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace styrkort {

inline int thread_count(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw ? static_cast<int>(hw) : 1;
}

/// Calls f(begin, end) on contiguous chunks of [0, n) from `threads` threads.
/// Exceptions from a worker are rethrown in the caller.
/// `threads` <= 0 uses every core.
template <class F>
void parallel_for(std::size_t n, int threads, F&& f, std::size_t min_chunk = 1) {
  const std::size_t t = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(thread_count(threads)),
                               n / std::max<std::size_t>(min_chunk, 1)));
  if (t <= 1 || n == 0) {
    if (n) f(std::size_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(t);
  const std::size_t step = (n + t - 1) / t;
  for (std::size_t k = 1; k < t; ++k) {
    const std::size_t b = k * step, e = std::min(n, b + step);
    if (b >= e) break;
    pool.emplace_back([&, k, b, e] {
      try { f(b, e); } catch (...) { errors[k] = std::current_exception(); }
    });
  }
  try { f(std::size_t{0}, std::min(n, step)); } catch (...) { errors[0] = std::current_exception(); }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace styrkort
