#include "styrkort/trend.hpp"

#include <cmath>

#include "styrkort/normalise.hpp"
#include "styrkort/strategy.hpp"

namespace styrkort {

namespace {

TrendCategory categorise_ratio(double r) {
  // Statistics Canada / Open SDG cut points.
  if (r >= 0.95) return TrendCategory::on_track;
  if (r >= 0.60) return TrendCategory::acceleration_needed;
  if (r >= 0.0) return TrendCategory::limited_progress;
  return TrendCategory::deterioration;
}

}  // namespace

TrendResult progress_trend(const TrendInput& in) {
  TrendResult out{TrendCategory::not_assessable, kNaN, kNaN};
  const double dt = in.t - in.t0;
  if (std::isnan(in.x) || std::isnan(in.x0) || !(dt > 0)) return out;
  const bool has_target = !std::isnan(in.target) && !std::isnan(in.target_time);
  Direction d = in.direction;
  double x = in.x, x0 = in.x0, target = in.target;
  TrendModel model = in.model;
  if (d == Direction::band) {
    // Progress toward the band: the distance to it should shrink to 0.
    x = -band_distance(x, in.band_low, in.band_high);
    x0 = -band_distance(x0, in.band_low, in.band_high);
    target = 0.0;
    d = Direction::higher_is_better;
    model = TrendModel::linear;
    if (x >= 0) return {TrendCategory::target_achieved, kNaN, in.t};
  } else if (has_target && meets_target(x, target, d)) {
    return {TrendCategory::target_achieved, kNaN, in.t};
  }
  const double sign = d == Direction::lower_is_better ? -1.0 : 1.0;
  const double observed = observed_growth(model, x0, x, dt);
  if (std::isnan(observed)) return out;  // growth rates need positive values
  const bool target_usable = d != in.direction || has_target;
  if (!target_usable) return growth_trend(model, d, x0, observed);
  const double horizon = (in.direction == Direction::band ? (has_target ? in.target_time : kNaN) : in.target_time);
  if (meets_target(x0, target, d)) {
    // The baseline already met the target: only the direction of change counts.
    out.ratio = kNaN;
    out.category = sign * observed >= 0 ? TrendCategory::on_track : TrendCategory::deterioration;
    return out;
  }
  if (!std::isnan(horizon) && horizon > in.t0) {
    double required;
    if (model == TrendModel::cagr) {
      if (!(target > 0)) return out;
      required = std::pow(target / x0, 1.0 / (horizon - in.t0)) - 1.0;
    } else {
      required = (target - x0) / (horizon - in.t0);
    }
    out.ratio = observed / required;
    out.category = categorise_ratio(out.ratio);
  } else if (in.direction == Direction::band) {
    // No target period: judge the band distance by its relative change.
    out.ratio = x0 != 0 ? observed / std::fabs(x0) : kNaN;
    out.category = std::isnan(out.ratio) ? TrendCategory::not_assessable : categorise_growth(out.ratio);
  } else {
    return out;
  }
  // Forecast: continue at the observed pace from the current value.
  if (sign * observed > 0) {
    double years;
    if (model == TrendModel::cagr) years = std::log(target / x) / std::log1p(observed);
    else years = (target - x) / observed;
    if (years >= 0 && std::isfinite(years)) out.forecast = in.t + years;
  }
  return out;
}

Arrow sdg_arrow(Direction d, double xs, double ts, double x, double t, double green, double horizon) {
  if (d == Direction::band || std::isnan(x) || std::isnan(xs) || std::isnan(green) || std::isnan(horizon))
    return Arrow::not_assessable;
  if (!(t > ts)) return Arrow::not_assessable;
  const double sign = d == Direction::lower_is_better ? -1.0 : 1.0;
  if (meets_target(x, green, d)) return Arrow::on_track;  // maintaining achievement
  const double slope = sign * (x - xs) / (t - ts);
  if (slope < 0) return Arrow::decreasing;
  if (!(horizon > ts)) return Arrow::not_assessable;
  const double needed = sign * (green - xs) / (horizon - ts);
  if (!(needed > 0)) return slope >= 0 ? Arrow::on_track : Arrow::decreasing;
  const double r = slope / needed;
  if (r >= 1.0) return Arrow::on_track;
  if (r >= 0.5) return Arrow::moderately_improving;
  return Arrow::stagnating;
}

}  // namespace styrkort
