#include "styrkort/aggregate.hpp"

#include <algorithm>
#include <cmath>

#include "styrkort/strategy.hpp"

namespace styrkort {

double aggregate(Aggregation method, double p, const double* x, const double* w, std::size_t n) {
  if (method == Aggregation::power && p == 0.0) method = Aggregation::geometric;
  if (method == Aggregation::power && p == 1.0) method = Aggregation::arithmetic;
  double sw = 0.0, acc = 0.0, lo = INFINITY;
  bool zero = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i], wi = w[i];
    if (std::isnan(v) || !(wi > 0)) continue;
    sw += wi;
    switch (method) {
      case Aggregation::arithmetic: acc += wi * v; break;
      case Aggregation::minimum: lo = std::min(lo, v); break;
      default:
        if (v < 0) return kNaN;
        if (v == 0) { zero = true; break; }
        if (method == Aggregation::geometric) acc += wi * std::log(v);
        else if (method == Aggregation::harmonic) acc += wi / v;
        else acc += wi * std::pow(v, p);
    }
  }
  if (!(sw > 0)) return kNaN;
  switch (method) {
    case Aggregation::arithmetic: return acc / sw;
    case Aggregation::minimum: return lo;
    case Aggregation::geometric: return zero ? 0.0 : std::exp(acc / sw);
    case Aggregation::harmonic: return zero ? 0.0 : sw / acc;
    case Aggregation::power:
      // With p < 0 a zero value dominates (the mean tends to 0); with p > 0 it adds 0.
      if (zero && p < 0) return 0.0;
      return std::pow(acc / sw, 1.0 / p);
  }
  return kNaN;
}

}  // namespace styrkort
