#pragma once
// Goal Attainment Scaling (Kiresuk & Sherman 1968, "Goal attainment scaling: a
// general method for evaluating comprehensive community mental health
// programs", Community Mental Health Journal 4:443-453): activities without a
// data series are scored -2..+2 against levels described beforehand (0 = the
// expected outcome), and a set of them is summarised by the T-score
//
//   T = 50 + 10 * sum(w_i x_i) / sqrt((1 - rho) * sum(w_i^2) + rho * (sum w_i)^2)
//
// where rho is the assumed correlation between the goals' scores (0.3 in the
// original). T = 50 when every goal is attained exactly as expected; the scale
// has mean 50 and standard deviation 10 if the x_i are standardised.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace styrkort {

constexpr double kGasRho = 0.3;  // Kiresuk & Sherman's assumed inter-goal correlation

/// The T-score of one set of attained levels. Levels that are NaN (not yet
/// followed up) are left out; with none left the score is NaN (not
/// assessable), never 50. Throws ArgumentError naming the position of a level
/// outside -2..+2 or not whole, of a weight <= 0 or not finite, or a rho
/// outside [0, 1).
double gas_t_score(const double* level, const double* weight, std::size_t n, double rho = kGasRho);

struct GasGroup {
  double t_score = 0;     // NaN when no activity of the group was assessed
  std::size_t assessed = 0;  // activities with an attained level
  double mean_level = 0;  // weighted mean attained level (NaN when none)
};

/// T-scores per group, in one pass over columnar data: `group[i]` in
/// [0, n_groups) or -1 (left out).
std::vector<GasGroup> gas_t_scores(const std::int32_t* group, const double* level, const double* weight, std::size_t n,
                                   std::size_t n_groups, double rho = kGasRho);

}  // namespace styrkort
