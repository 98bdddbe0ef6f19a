#pragma once
// Weighted means for rolling scores up the goal tree (OECD/JRC Handbook on
// Constructing Composite Indicators, 2008, section 6; COINr's a_amean, a_gmean,
// a_hmean, a_genmean). Missing values (NaN) are left out and the weights
// re-spread over the present ones, as COINr does.
#include <cstddef>

#include "styrkort/methods.hpp"

namespace styrkort {

/// Weighted mean of the present (non-NaN) values with weight > 0:
///  - arithmetic: sum w x / sum w;
///  - geometric: exp(sum w ln x / sum w); 0 when a value is 0;
///  - harmonic: sum w / sum (w / x); 0 when a value is 0;
///  - power (generalised mean of order p): (sum w x^p / sum w)^(1/p); p = 0 is
///    the geometric mean;
///  - minimum: the smallest value (weights only select).
/// Geometric, harmonic and power means are undefined for negative values and
/// give NaN (not assessable), as does a mean with no present value.
double aggregate(Aggregation method, double p, const double* x, const double* w, std::size_t n);

}  // namespace styrkort
