#pragma once
// Weighted means for rolling scores up the goal tree (OECD/JRC Handbook on
// Constructing Composite Indicators, 2008, section 6; COINr's a_amean, a_gmean,
// a_hmean, a_genmean). Missing values (NaN) are left out and the weights
// re-spread over the present ones, as COINr does.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "styrkort/methods.hpp"

namespace styrkort {

/// A running weighted mean of one cell; the engine keeps one per cell while it
/// adds a node's children block by block.
///  - arithmetic: sum w x / sum w;
///  - geometric: exp(sum w ln x / sum w); 0 when a value is 0;
///  - harmonic: sum w / sum (w / x); 0 when a value is 0;
///  - power (generalised mean of order p): (sum w x^p / sum w)^(1/p); p = 0 is
///    the geometric mean; with p < 0 a zero value makes it 0;
///  - minimum: the smallest value (weights only select).
/// Geometric, harmonic and power means are undefined for negative values and
/// give NaN (not assessable), as does a mean with no present value.
struct RunningMean {
  double acc = 0.0, wsum = 0.0, low = std::numeric_limits<double>::infinity();

  /// `method` must already be normalised (power with p = 0 or 1 mapped to
  /// geometric or arithmetic, see `canonical`).
  void add(Aggregation method, double p, double x, double w) {
    if (std::isnan(x) || !(w > 0)) return;
    wsum += w;
    switch (method) {
      case Aggregation::arithmetic: acc += w * x; return;
      case Aggregation::minimum: low = std::min(low, x); return;
      default: break;
    }
    if (!(x > 0)) {  // zero or negative: remembered in `low`
      low = std::min(low, x);
      return;
    }
    if (method == Aggregation::geometric) acc += w * std::log(x);
    else if (method == Aggregation::harmonic) acc += w / x;
    else acc += w * std::pow(x, p);
  }

  double result(Aggregation method, double p) const {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if (!(wsum > 0)) return nan;
    switch (method) {
      case Aggregation::arithmetic: return acc / wsum;
      case Aggregation::minimum: return low;
      case Aggregation::geometric: return low < 0 ? nan : low == 0 ? 0.0 : std::exp(acc / wsum);
      case Aggregation::harmonic: return low < 0 ? nan : low == 0 ? 0.0 : wsum / acc;
      case Aggregation::power:
        if (low < 0) return nan;
        if (low == 0 && p < 0) return 0.0;
        return std::pow(acc / wsum, 1.0 / p);
    }
    return nan;
  }

  /// Power means of order 0 and 1 are the geometric and arithmetic means.
  static Aggregation canonical(Aggregation method, double p) {
    if (method == Aggregation::power && p == 0.0) return Aggregation::geometric;
    if (method == Aggregation::power && p == 1.0) return Aggregation::arithmetic;
    return method;
  }
};

/// The weighted mean of the present (non-NaN) values with weight > 0 (see RunningMean).
double aggregate(Aggregation method, double p, const double* x, const double* w, std::size_t n);

}  // namespace styrkort
