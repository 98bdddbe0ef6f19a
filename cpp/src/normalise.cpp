#include "styrkort/normalise.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "styrkort/strategy.hpp"

namespace styrkort {

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
      for (std::size_t i = 0; i < n; ++i) out[i] = (hi > lo) ? 100.0 * share(g[i], lo, hi) : kNaN;
      return;
    case Normalisation::zscore: {
      // z-scores do not change with the scale of the values: values so large
      // that their squares (or their sum) would overflow are scaled down first.
      const double big = std::max(std::fabs(lo), std::fabs(hi));
      const double scale = big > 1e150 && std::isfinite(big) ? big : 1.0;
      if (scale != 1.0) {
        sum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
          if (!std::isnan(g[i])) sum += g[i] / scale;
      }
      const double mean = count ? sum / count : kNaN;
      double ss = 0.0;
      for (std::size_t i = 0; i < n; ++i)
        if (!std::isnan(g[i])) ss += (g[i] / scale - mean) * (g[i] / scale - mean);
      const double sd = count > 1 ? std::sqrt(ss / (count - 1)) : 0.0;
      for (std::size_t i = 0; i < n; ++i) out[i] = sd > 0 ? (g[i] / scale - mean) / sd : kNaN;
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
        out[order[k]] =
            method == Normalisation::rank ? r : (count > 1 ? 100.0 * (r - 1.0) / static_cast<double>(count - 1) : kNaN);
      }
      return;
    }
    default:
      for (std::size_t i = 0; i < n; ++i) out[i] = kNaN;
  }
}

}  // namespace styrkort
