#pragma once
// Trends and forecasts of an indicator.
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
