#pragma once
// Normalisation of indicator values to scores (0..100 unless said otherwise).
// Sources: SDSN SDG Index & Dashboards (bounded), OECD/JRC Handbook on
// Constructing Composite Indicators (2008) and COINr (min-max, z-score, rank,
// percentile rank), Statistics Canada / Open SDG (progress toward a target).
#include <cstddef>

#include "styrkort/methods.hpp"

namespace styrkort {

/// True when x has reached the target in the indicator's direction.
bool meets_target(double x, double target, Direction d);

/// Distance from x to the band [low, high] (0 inside).
double band_distance(double x, double low, double high);

/// A value oriented so that higher is better: x, -x, or minus the distance to
/// the band. Used by the normalisations that compare units.
double goodness(double x, Direction d, double band_low, double band_high);

/// Progress from the baseline x0 toward the target, in percent, capped to
/// [0, 100]: 100 (x - x0) / (target - x0). When the baseline already met the
/// target the score is 100 if x still meets it and 0 if not.
double normalise_progress(double x, double x0, double target, Direction d);

/// Ratio to the target in percent, capped to [0, 100]: 100 x / target, or
/// 100 target / x when lower is better.
double normalise_ratio(double x, double target, Direction d);

/// SDSN bounded score: 100 (x - worst) / (best - worst) capped to [0, 100].
double normalise_bounded(double x, double worst, double best);

/// Band score: 100 inside [low, high], falling linearly to 0 at `tolerance`
/// outside it.
double normalise_band(double x, double low, double high, double tolerance);

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
