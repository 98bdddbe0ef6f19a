#include "styrkort/sobol.hpp"

#include <cmath>
#include <string>

#include "styrkort/error.hpp"

namespace styrkort {

namespace {

struct DirectionNumbers {
  int degree;          // s: the degree of the primitive polynomial
  std::uint32_t a;     // its inner coefficients a_1 .. a_{s-1} as bits (a_1 the highest)
  std::uint32_t m[9];  // the initial odd numbers m_1 .. m_s (m_k < 2^k)
};

// Dimensions 2 .. 64 of S. Joe and F. Y. Kuo, "Constructing Sobol sequences
// with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008)
// 2635-2654, the direction numbers "new-joe-kuo-6.21201" (search criterion
// D(6)): per dimension s, a and m_1..m_s. Dimension 1 is the van der Corput
// sequence (every m_k = 1).
constexpr DirectionNumbers kJoeKuo[kSobolMaxDimensions - 1] = {{1, 0, {1}},
                                                               {2, 1, {1, 3}},
                                                               {3, 1, {1, 3, 1}},
                                                               {3, 2, {1, 1, 1}},
                                                               {4, 1, {1, 1, 3, 3}},
                                                               {4, 4, {1, 3, 5, 13}},
                                                               {5, 2, {1, 1, 5, 5, 17}},
                                                               {5, 4, {1, 1, 5, 5, 5}},
                                                               {5, 7, {1, 1, 7, 11, 19}},
                                                               {5, 11, {1, 1, 5, 1, 1}},
                                                               {5, 13, {1, 1, 1, 3, 11}},
                                                               {5, 14, {1, 3, 5, 5, 31}},
                                                               {6, 1, {1, 3, 3, 9, 7, 49}},
                                                               {6, 13, {1, 1, 1, 15, 21, 21}},
                                                               {6, 16, {1, 3, 1, 13, 27, 49}},
                                                               {6, 19, {1, 1, 1, 15, 7, 5}},
                                                               {6, 22, {1, 3, 1, 15, 13, 25}},
                                                               {6, 25, {1, 1, 5, 5, 19, 61}},
                                                               {7, 1, {1, 3, 7, 11, 23, 15, 103}},
                                                               {7, 4, {1, 3, 7, 13, 13, 15, 69}},
                                                               {7, 7, {1, 1, 3, 13, 7, 35, 63}},
                                                               {7, 8, {1, 3, 5, 9, 1, 25, 53}},
                                                               {7, 14, {1, 3, 1, 13, 9, 35, 107}},
                                                               {7, 19, {1, 3, 1, 5, 27, 61, 31}},
                                                               {7, 21, {1, 1, 5, 11, 19, 41, 61}},
                                                               {7, 28, {1, 3, 5, 3, 3, 13, 69}},
                                                               {7, 31, {1, 1, 7, 13, 1, 19, 1}},
                                                               {7, 32, {1, 3, 7, 5, 13, 19, 59}},
                                                               {7, 37, {1, 1, 3, 9, 25, 29, 41}},
                                                               {7, 41, {1, 3, 5, 13, 23, 1, 55}},
                                                               {7, 42, {1, 3, 7, 3, 13, 59, 17}},
                                                               {7, 50, {1, 3, 1, 3, 5, 53, 69}},
                                                               {7, 55, {1, 1, 5, 5, 23, 33, 13}},
                                                               {7, 56, {1, 1, 7, 7, 1, 61, 123}},
                                                               {7, 59, {1, 1, 7, 9, 13, 61, 49}},
                                                               {7, 62, {1, 3, 3, 5, 3, 55, 33}},
                                                               {8, 14, {1, 3, 1, 15, 31, 13, 49, 245}},
                                                               {8, 21, {1, 3, 5, 15, 31, 59, 63, 97}},
                                                               {8, 22, {1, 3, 1, 11, 11, 11, 77, 249}},
                                                               {8, 38, {1, 3, 1, 11, 27, 43, 71, 9}},
                                                               {8, 47, {1, 1, 7, 15, 21, 11, 81, 45}},
                                                               {8, 49, {1, 3, 7, 3, 25, 31, 65, 79}},
                                                               {8, 50, {1, 3, 1, 1, 19, 11, 3, 205}},
                                                               {8, 52, {1, 1, 5, 9, 19, 21, 29, 157}},
                                                               {8, 56, {1, 3, 7, 11, 1, 33, 89, 185}},
                                                               {8, 67, {1, 3, 3, 3, 15, 9, 79, 71}},
                                                               {8, 70, {1, 3, 7, 11, 15, 39, 119, 27}},
                                                               {8, 84, {1, 1, 3, 1, 11, 31, 97, 225}},
                                                               {8, 97, {1, 1, 1, 3, 23, 43, 57, 177}},
                                                               {8, 103, {1, 3, 7, 7, 17, 17, 37, 71}},
                                                               {8, 115, {1, 3, 1, 5, 27, 63, 123, 213}},
                                                               {8, 122, {1, 1, 3, 5, 11, 43, 53, 133}},
                                                               {9, 8, {1, 3, 5, 5, 29, 17, 47, 173, 479}},
                                                               {9, 13, {1, 3, 3, 11, 3, 1, 109, 9, 69}},
                                                               {9, 16, {1, 1, 1, 5, 17, 39, 23, 5, 343}},
                                                               {9, 22, {1, 3, 1, 5, 25, 15, 31, 103, 499}},
                                                               {9, 25, {1, 1, 1, 11, 11, 17, 63, 105, 183}},
                                                               {9, 44, {1, 1, 5, 11, 9, 29, 97, 231, 363}},
                                                               {9, 47, {1, 1, 5, 15, 19, 45, 41, 7, 383}},
                                                               {9, 52, {1, 3, 7, 7, 31, 19, 83, 137, 221}},
                                                               {9, 55, {1, 1, 1, 3, 23, 15, 111, 223, 83}},
                                                               {9, 59, {1, 1, 5, 13, 31, 15, 55, 25, 161}},
                                                               {9, 62, {1, 1, 3, 13, 25, 47, 39, 87, 257}}};

}  // namespace

std::uint64_t mix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double uniform_of(std::uint64_t key) { return (static_cast<double>(mix64(key) >> 11) + 0.5) * 0x1p-53; }

std::uint64_t key_of(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
  std::uint64_t k = mix64(seed ^ 0x5EED5EED5EED5EEDULL);
  for (std::uint64_t x : {a, b, c, d}) k = mix64(k ^ x);
  return k;
}

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return p == 0.0 ? -INFINITY : p == 1.0 ? INFINITY : NAN;
  if (p > 0.5) return -normal_quantile(1.0 - p);
  // A first guess within 4.5e-4 (Abramowitz & Stegun 1964, 26.2.23), then
  // Newton's method on Phi(x) = erfc(-x / sqrt 2) / 2, accurate in the lower tail.
  const double t = std::sqrt(-2.0 * std::log(p));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (int k = 0; k < 8; ++k) {
    const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
    const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI);
    const double step = (cdf - p) / pdf;
    x -= step;
    if (std::fabs(step) <= 1e-15 * (1.0 + std::fabs(x))) break;
  }
  return x;
}

SobolSequence::SobolSequence(int dimensions, bool scramble, std::uint64_t seed) : dims_(dimensions) {
  if (dimensions < 1 || dimensions > kSobolMaxDimensions)
    throw ArgumentError("Sobol' sequence: " + std::to_string(dimensions) +
                        " dimensions; the direction numbers cover 1 to " + std::to_string(kSobolMaxDimensions));
  v_.assign(static_cast<std::size_t>(dims_) * 32, 0);
  shift_.assign(dims_, 0);
  for (int d = 0; d < dims_; ++d) {
    std::uint32_t* v = &v_[static_cast<std::size_t>(d) * 32];
    if (d == 0) {
      for (int k = 0; k < 32; ++k) v[k] = 1u << (31 - k);
    } else {
      // Bratley & Fox (1988): m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^ m_{k-s}
      const DirectionNumbers& dn = kJoeKuo[d - 1];
      const int s = dn.degree;
      std::uint32_t m[32];
      for (int k = 0; k < 32; ++k) {
        if (k < s) {
          m[k] = dn.m[k];
          continue;
        }
        std::uint32_t x = m[k - s] ^ (m[k - s] << s);
        for (int j = 1; j < s; ++j)
          if ((dn.a >> (s - 1 - j)) & 1u) x ^= m[k - j] << j;
        m[k] = x;
      }
      for (int k = 0; k < 32; ++k) v[k] = m[k] << (31 - k);
    }
    if (!scramble) continue;
    // Linear matrix scramble: digit r of every direction number becomes the XOR
    // of digits c <= r selected by row r of a random lower-triangular matrix
    // with unit diagonal (Matoušek 1998, "On the L2-discrepancy for anchored
    // boxes", J. Complexity 14), then a random digital shift.
    std::uint32_t rows[32];
    for (int r = 0; r < 32; ++r) {
      const std::uint32_t random = static_cast<std::uint32_t>(mix64(key_of(seed, 0x5C7A, d, r)) >> 32);
      // digit c sits at bit 31 - c: keep the digits c < r, set c = r
      const std::uint32_t below = r == 0 ? 0u : (~0u << (32 - r));
      rows[r] = (random & below) | (1u << (31 - r));
    }
    for (int k = 0; k < 32; ++k) {
      std::uint32_t out = 0;
      for (int r = 0; r < 32; ++r)
        if (__builtin_parity(rows[r] & v[k])) out |= 1u << (31 - r);
      v[k] = out;
    }
    shift_[d] = static_cast<std::uint32_t>(mix64(key_of(seed, 0x5C7B, d)) >> 32);
  }
}

std::uint32_t SobolSequence::bits(std::uint64_t n, int dim) const {
  // Antonov & Saleev (1979): point n is the XOR of the direction numbers of the
  // set bits of n's Gray code.
  std::uint64_t g = n ^ (n >> 1);
  const std::uint32_t* v = &v_[static_cast<std::size_t>(dim) * 32];
  std::uint32_t x = shift_[dim];
  for (int k = 0; g && k < 32; ++k, g >>= 1)
    if (g & 1u) x ^= v[k];
  return x;
}

}  // namespace styrkort
