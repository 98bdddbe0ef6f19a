#pragma once
// A minimal parallel loop over index ranges (std::thread; the work items are
// coarse: indicators or ranges of units).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
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
  const std::size_t t = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(thread_count(threads)),
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
      try {
        f(b, e);
      } catch (...) {
        errors[k] = std::current_exception();
      }
    });
  }
  try {
    f(std::size_t{0}, std::min(n, step));
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Progress of long work (robustness sampling). Workers count finished items
/// in `done` and stop early when `stop` is set; `report(done, total)` is
/// called from the calling thread only (so that a Python callback can take the
/// interpreter lock there), a few times a second and once at the end. When it
/// throws (e.g. the user interrupted), the work is stopped and the exception
/// passed on.
struct Progress {
  std::function<void(std::size_t done, std::size_t total)> report;
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
};

/// parallel_for with progress: every chunk runs on a worker thread while the
/// calling thread reports. Without a report function it is parallel_for.
template <class F>
void parallel_for(std::size_t n, int threads, F&& f, Progress* progress, std::size_t min_chunk = 1) {
  if (progress == nullptr || !progress->report) {
    parallel_for(n, threads, std::forward<F>(f), min_chunk);
    return;
  }
  const std::size_t t = std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(thread_count(threads)),
                                                                       n / std::max<std::size_t>(min_chunk, 1)));
  const std::size_t step = n ? (n + t - 1) / t : 0;
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(t);
  std::atomic<std::size_t> running{0};
  for (std::size_t k = 0; k < t && k * step < n; ++k) {
    const std::size_t b = k * step, e = std::min(n, b + step);
    ++running;
    pool.emplace_back([&, k, b, e] {
      try {
        f(b, e);
      } catch (...) {
        errors[k] = std::current_exception();
        progress->stop = true;
      }
      --running;
    });
  }
  std::exception_ptr report_error;
  std::size_t reported = static_cast<std::size_t>(-1);
  while (running > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const std::size_t d = progress->done;
    if (d != reported && !report_error) {
      try {
        progress->report(d, n);
      } catch (...) {
        report_error = std::current_exception();
        progress->stop = true;
      }
      reported = d;
    }
  }
  for (auto& th : pool) th.join();
  if (report_error) std::rethrow_exception(report_error);
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  progress->report(n, n);
}

}  // namespace styrkort
