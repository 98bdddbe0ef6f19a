#pragma once
// Normalisation of indicator values to scores (0..100 unless said otherwise).
// Sources: SDSN SDG Index & Dashboards (bounded), OECD/JRC Handbook on
// Constructing Composite Indicators (2008) and COINr (min-max, z-score, rank,
// percentile rank), Statistics Canada / Open SDG (progress toward a target).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "styrkort/methods.hpp"

namespace styrkort {

/// True when x has reached the target in the indicator's direction.
inline bool meets_target(double x, double target, Direction d) {
  return d == Direction::lower_is_better ? x <= target : x >= target;
}

/// Distance from x to the band [low, high] (0 inside).
inline double band_distance(double x, double low, double high) {
  return x < low ? low - x : (x > high ? x - high : 0.0);
}

/// A value oriented so that higher is better: x, -x, or minus the distance to
/// the band. Used by the normalisations that compare units.
inline double goodness(double x, Direction d, double band_low, double band_high) {
  switch (d) {
    case Direction::higher_is_better: return x;
    case Direction::lower_is_better: return -x;
    default: return -band_distance(x, band_low, band_high);
  }
}

/// (x - from) / (to - from) without an overflow in between: values near
/// ±1.8e308 (DBL_MAX) have differences beyond a double's range, which would
/// make the share inf / inf = NaN for a cell that has a value.
inline double share(double x, double from, double to) {
  const double num = x - from, den = to - from;
  // Only an infinite difference takes the halved form: a missing value (NaN)
  // gives NaN either way, and the test stays one that is (almost) never taken.
  if (std::isinf(num) || std::isinf(den)) return (0.5 * x - 0.5 * from) / (0.5 * to - 0.5 * from);
  return num / den;
}

/// v capped to [lo, hi], NaN kept: std::clamp's result, without its branches
/// (scores of many cells fall on either side of a cap unpredictably).
inline double cap(double v, double lo, double hi) { return std::min(std::max(v, lo), hi); }

/// Progress from the baseline x0 toward the target, in percent, capped to
/// [0, 100]: 100 (x - x0) / (target - x0). When the baseline already met the
/// target the score is 100 if x still meets it and 0 if not.
inline double normalise_progress(double x, double x0, double target, Direction d) {
  if (std::isnan(x) || std::isnan(x0)) return std::numeric_limits<double>::quiet_NaN();
  if (meets_target(x, target, d)) return 100.0;
  if (meets_target(x0, target, d)) return 0.0;  // it met the target at baseline and no longer does
  return cap(100.0 * share(x, x0, target), 0.0, 100.0);
}

/// Ratio to the target in percent, capped to [0, 100]: 100 x / target, or
/// 100 target / x when lower is better.
inline double normalise_ratio(double x, double target, Direction d) {
  if (std::isnan(x)) return x;
  if (d == Direction::lower_is_better) return x <= 0 ? 100.0 : cap(100.0 * target / x, 0.0, 100.0);
  return cap(100.0 * x / target, 0.0, 100.0);
}

/// SDSN bounded score: 100 (x - worst) / (best - worst) capped to [0, 100].
inline double normalise_bounded(double x, double worst, double best) {
  return cap(100.0 * share(x, worst, best), 0.0, 100.0);  // NaN stays NaN
}

/// normalise_bounded over the n values of one indicator, two at a time where
/// SSE2 is there (the same scores: the same operations in the same order), and
/// each capped value marked in `flags`: `beyond_worst` when the value is worse
/// than `worst`, `beyond_best` when it is beyond `best` (compared with the
/// bound itself, so a value equal to a bound is never capped by a rounding).
inline void normalise_bounded_many(const double* x, std::size_t n, double worst, double best, double* score,
                                   std::uint8_t* flags, std::uint8_t beyond_worst, std::uint8_t beyond_best) {
  const bool rising = best > worst;
  auto one = [&](std::size_t k) {
    score[k] = normalise_bounded(x[k], worst, best);
    const bool low = rising ? x[k] < worst : x[k] > worst;
    const bool high = rising ? x[k] > best : x[k] < best;
    flags[k] |= low ? beyond_worst : high ? beyond_best : 0;
  };
  std::size_t k = 0;
#if defined(__SSE2__)
  if (std::isfinite(best - worst)) {
    const __m128d w = _mm_set1_pd(worst), b = _mm_set1_pd(best), span = _mm_set1_pd(best - worst);
    const __m128d hundred = _mm_set1_pd(100.0), zero = _mm_setzero_pd(), infinite = _mm_set1_pd(HUGE_VAL);
    const __m128d sign = _mm_set1_pd(-0.0);
    for (; k + 2 <= n; k += 2) {
      const __m128d v = _mm_loadu_pd(x + k);
      const __m128d num = _mm_sub_pd(v, w);
      if (_mm_movemask_pd(_mm_cmpeq_pd(_mm_andnot_pd(sign, num), infinite))) {
        one(k);  // an infinite difference takes share()'s halved form
        one(k + 1);
        continue;
      }
      // maxpd/minpd return their second operand when one is NaN: NaN is kept,
      // and -0 stays -0, as cap() does
      const __m128d s = _mm_min_pd(hundred, _mm_max_pd(zero, _mm_mul_pd(hundred, _mm_div_pd(num, span))));
      _mm_storeu_pd(score + k, s);
      const int low = _mm_movemask_pd(rising ? _mm_cmplt_pd(v, w) : _mm_cmpgt_pd(v, w));
      const int high = _mm_movemask_pd(rising ? _mm_cmpgt_pd(v, b) : _mm_cmplt_pd(v, b));
      // never both: beyond worst and beyond best exclude each other
      flags[k] |= static_cast<std::uint8_t>(beyond_worst * (low & 1) | beyond_best * (high & 1));
      flags[k + 1] |= static_cast<std::uint8_t>(beyond_worst * (low >> 1) | beyond_best * (high >> 1));
    }
  }
#endif
  for (; k < n; ++k) one(k);
}

/// Band score: 100 inside [low, high], falling linearly to 0 at `tolerance`
/// outside it.
inline double normalise_band(double x, double low, double high, double tolerance) {
  if (std::isnan(x)) return x;
  return 100.0 * std::max(0.0, 1.0 - band_distance(x, low, high) / tolerance);
}

/// Normalisations that compare units: `g` holds the goodness of the units
/// being compared (NaN: missing, skipped); the scores go to `out` (same length).
///  - minmax: 100 (g - min) / (max - min); NaN when all are equal.
///  - zscore: (g - mean) / sd with the sample standard deviation (COINr's
///    n_zscore uses R's sd()); NaN when fewer than two or sd = 0.
///  - rank: the rank among the units, 1 = worst, ties get the lowest rank
///    (R's rank(ties.method = "min"), as COINr's n_rank).
///  - percentile_rank: 100 (rank - 1) / (n - 1), dplyr's percent_rank as used by
///    COINr's n_prank; NaN when n < 2.
void normalise_across(Normalisation method, const double* g, double* out, std::size_t n);

}  // namespace styrkort
