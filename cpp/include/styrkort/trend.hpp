#pragma once
// Trends and forecasts of an indicator.
#include <cmath>
#include <limits>

#include "styrkort/methods.hpp"

namespace styrkort {

struct TrendInput {
  Direction direction = Direction::higher_is_better;
  double band_low = 0, band_high = 0;
  TrendModel model = TrendModel::cagr;
  double x0, t0;              // the starting point (baseline)
  double x, t;                // the current value and its time
  double target, target_time; // NaN when there is no target
};

struct TrendResult {
  TrendCategory category = TrendCategory::not_assessable;
  double ratio = 0;           // R = observed / required growth; without a target the directed growth rate
  double forecast = 0;        // time the target is reached at the current pace; NaN: never or no target
};

/// The observed yearly growth from x0 to x over dt > 0 years: the compound
/// annual growth rate (x/x0)^(1/dt) - 1, which needs positive values (NaN
/// otherwise), or for the linear model the yearly difference (x - x0)/dt.
inline double observed_growth(TrendModel model, double x0, double x, double dt) {
  if (model == TrendModel::cagr)
    return x > 0 && x0 > 0 ? std::pow(x / x0, 1.0 / dt) - 1.0 : std::numeric_limits<double>::quiet_NaN();
  return (x - x0) / dt;
}

/// Without a target (Statistics Canada): the growth rate in the indicator's
/// direction, cut at 1.5 %, 0.5 % and 0.
inline TrendCategory categorise_growth(double g) {
  // Counted rather than branched on: growth rates of real data fall on either
  // side of the cut points unpredictably. NaN passes none: deterioration, as
  // the cut points read in order.
  constexpr TrendCategory by_cuts_passed[4] = {TrendCategory::deterioration, TrendCategory::limited_progress,
                                               TrendCategory::acceleration_needed, TrendCategory::on_track};
  return by_cuts_passed[int{g >= 0.0} + int{g >= 0.005} + int{g >= 0.015}];
}

/// The trend of an indicator with no target (and not a band), from its
/// observed growth (observed_growth, not NaN): the directed growth rate (the
/// CAGR, or for the linear model the yearly change relative to |x0|) as the
/// ratio, categorised by categorise_growth; no forecast.
inline TrendResult growth_trend(TrendModel model, Direction d, double x0, double observed) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const double g = model == TrendModel::cagr ? observed : (x0 != 0 ? observed / std::fabs(x0) : nan);
  if (std::isnan(g)) return {TrendCategory::not_assessable, nan, nan};
  const double ratio = (d == Direction::lower_is_better ? -1.0 : 1.0) * g;
  return {categorise_growth(ratio), ratio, nan};
}

/// Statistics Canada's progress measure (as in Open SDG): observed CAGR
/// (x/x0)^(1/(t-t0)) - 1 against the CAGR required to reach the target in
/// the target period, R = observed/required: target achieved; R >= 0.95 on
/// track; 0.60 <= R < 0.95 acceleration needed; 0 <= R < 0.60 limited
/// progress; R < 0 deterioration. Without a target the directed CAGR is cut at
/// 1.5 %, 0.5 % and 0. The linear model uses yearly differences instead of
/// growth rates (and needs no positive values). The forecast extrapolates the
/// same model from the current value to the target.
TrendResult progress_trend(const TrendInput& in);

/// SDSN SDG Dashboard arrow: the linear yearly change since the start (xs, ts)
/// against the change needed to reach the green threshold by the horizon:
/// on track (at or above the threshold, or at least the needed pace),
/// moderately improving (>= 50 % of it), stagnating (< 50 %), decreasing.
Arrow sdg_arrow(Direction d, double xs, double ts, double x, double t, double green, double horizon);

}  // namespace styrkort
