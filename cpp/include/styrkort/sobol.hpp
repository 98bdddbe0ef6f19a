#pragma once
// Sobol' low-discrepancy sequences (Sobol' 1967) with the direction numbers of
// Joe & Kuo (2008), randomised by a linear matrix scramble and a digital shift
// (Matoušek 1998), for the sensitivity analysis (sensitivity.hpp).
#include <cstdint>
#include <vector>

namespace styrkort {

/// The dimensions the built-in direction numbers cover.
constexpr int kSobolMaxDimensions = 64;

/// A (scrambled) Sobol' sequence in base 2 with 32-bit digits. Point n is
/// computed directly from the Gray code of n, so any range of points can be
/// generated on any thread and the sequence is the same whatever the order.
class SobolSequence {
 public:
  /// An unscrambled sequence when `scramble` is false (its first point is 0);
  /// otherwise each dimension's direction numbers are multiplied by a random
  /// lower-triangular binary matrix with unit diagonal and the points XORed
  /// with a random shift, both drawn from `seed`. Throws ArgumentError beyond
  /// kSobolMaxDimensions.
  SobolSequence(int dimensions, bool scramble, std::uint64_t seed);

  int dimensions() const { return dims_; }
  /// The 32 binary digits of coordinate `dim` of point `n` (0-based).
  std::uint32_t bits(std::uint64_t n, int dim) const;
  /// Coordinate `dim` of point `n` in the open interval (0, 1): the midpoint
  /// of its cell of width 2^-32.
  double point(std::uint64_t n, int dim) const { return (static_cast<double>(bits(n, dim)) + 0.5) * 0x1p-32; }

 private:
  int dims_;
  std::vector<std::uint32_t> v_;      // [dim][32] direction numbers, digit 1 in the top bit
  std::vector<std::uint32_t> shift_;  // [dim]
};

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective mix of
/// a 64-bit word, used as a counter-based random number generator (the same
/// numbers for the same keys on any thread).
std::uint64_t mix64(std::uint64_t x);
/// A uniform number in (0, 1) from a key (the midpoint of one of 2^53 cells).
double uniform_of(std::uint64_t key);
/// The key of a tuple of counters under a seed.
std::uint64_t key_of(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0,
                     std::uint64_t d = 0);
/// The standard normal quantile of p in (0, 1).
double normal_quantile(double p);

}  // namespace styrkort
