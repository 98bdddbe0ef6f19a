#include "styrkort/normalise.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "styrkort/strategy.hpp"

namespace styrkort {

namespace {
double cap(double s) { return std::clamp(s, 0.0, 100.0); }
}  // namespace

bool meets_target(double x, double target, Direction d) {
  return d == Direction::lower_is_better ? x <= target : x >= target;
}

double band_distance(double x, double low, double high) {
  return x < low ? low - x : (x > high ? x - high : 0.0);
}

double goodness(double x, Direction d, double low, double high) {
  switch (d) {
    case Direction::higher_is_better: return x;
    case Direction::lower_is_better: return -x;
    default: return -band_distance(x, low, high);
  }
}

double normalise_progress(double x, double x0, double target, Direction d) {
  if (std::isnan(x) || std::isnan(x0)) return kNaN;
  if (meets_target(x, target, d)) return 100.0;
  if (meets_target(x0, target, d)) return 0.0;  // it met the target at baseline and no longer does
  return cap(100.0 * (x - x0) / (target - x0));
}

double normalise_ratio(double x, double target, Direction d) {
  if (std::isnan(x)) return kNaN;
  if (d == Direction::lower_is_better) return x <= 0 ? 100.0 : cap(100.0 * target / x);
  return cap(100.0 * x / target);
}

double normalise_bounded(double x, double worst, double best) {
  if (std::isnan(x)) return kNaN;
  return cap(100.0 * (x - worst) / (best - worst));
}

double normalise_band(double x, double low, double high, double tolerance) {
  if (std::isnan(x)) return kNaN;
  return 100.0 * std::max(0.0, 1.0 - band_distance(x, low, high) / tolerance);
}

void normalise_across(Normalisation method, const double* g, double* out, std::size_t n) {
  std::size_t count = 0;
  double lo = INFINITY, hi = -INFINITY, sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(g[i])) continue;
    ++count;
    lo = std::min(lo, g[i]);
    hi = std::max(hi, g[i]);
    sum += g[i];
  }
  switch (method) {
    case Normalisation::minmax:
      for (std::size_t i = 0; i < n; ++i) out[i] = (hi > lo) ? 100.0 * (g[i] - lo) / (hi - lo) : kNaN;
      return;
    case Normalisation::zscore: {
      const double mean = count ? sum / count : kNaN;
      double ss = 0.0;
      for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(g[i])) ss += (g[i] - mean) * (g[i] - mean);
      const double sd = count > 1 ? std::sqrt(ss / (count - 1)) : 0.0;
      for (std::size_t i = 0; i < n; ++i) out[i] = sd > 0 ? (g[i] - mean) / sd : kNaN;
      return;
    }
    case Normalisation::rank:
    case Normalisation::percentile_rank: {
      std::vector<std::size_t> order;
      order.reserve(count);
      for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(g[i])) order.push_back(i);
      std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return g[a] < g[b]; });
      for (std::size_t i = 0; i < n; ++i) out[i] = kNaN;
      std::size_t first = 0;  // ties.method = "min": the rank of the first of equal values
      for (std::size_t k = 0; k < order.size(); ++k) {
        if (k > 0 && g[order[k - 1]] != g[order[k]]) first = k;
        const double r = static_cast<double>(first + 1);
        out[order[k]] = method == Normalisation::rank
                            ? r
                            : (count > 1 ? 100.0 * (r - 1.0) / static_cast<double>(count - 1) : kNaN);
      }
      return;
    }
    default:
      for (std::size_t i = 0; i < n; ++i) out[i] = kNaN;
  }
}

}  // namespace styrkort
