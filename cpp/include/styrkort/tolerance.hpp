#pragma once
// The numerical tolerance of the allocation methods: the budget splits
// (split.hpp) and the selection under a budget (selection.hpp) decide with it
// whether a sum of amounts keeps a limit.
//
// Why a tolerance: a sum of real amounts depends on the order of the
// additions. 0.1 + 0.2 + 0.3 is 0.6000000000000001 in binary floating point,
// 0.3 + 0.2 + 0.1 is 0.6, so floors that a user wrote to sum to the budget
// would be feasible in one order and "0.6 exceeds 0.6" in another.
//
// The rule: a sum s keeps an upper limit L when s <= L + slack(L), and meets a
// floor F when s >= F - slack(F), with slack(L) = 1e-9 max(1, |L|): relative
// for large limits, absolute (1e-9) for limits near zero.
//  - It covers rounding: recursive summation of n non-negative terms is off
//    by at most (n - 1) u times the sum, u = 2^-53 (Higham, Accuracy and
//    Stability of Numerical Algorithms, 2nd ed., SIAM 2002, sect. 4.2), and
//    writing each decimal amount in binary by u/2 of it; together below 1e-9
//    of the sum for up to millions of terms.
//  - It is invisible to users: messages print amounts with 10 significant
//    digits, a grid no coarser than 1e-9 times the amount, so an amount that
//    breaks a limit by more than the slack prints differently from the limit.
#include <algorithm>
#include <cmath>

namespace styrkort::tolerance {

/// The relative slack of a limit (see the top of this file).
inline constexpr double kRelative = 1e-9;

/// How far a sum may pass the limit L through rounding alone.
inline double slack(double limit) { return kRelative * std::max(1.0, std::fabs(limit)); }

/// Whether `used` keeps the upper limit `limit` (infinite limits are kept by any finite sum).
inline bool within(double used, double limit) { return used <= limit + slack(limit); }

/// Whether `spent` meets the floor `floor`.
inline bool reaches(double spent, double floor) { return spent >= floor - slack(floor); }

}  // namespace styrkort::tolerance
