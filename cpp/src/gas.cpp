#include "styrkort/gas.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"

namespace styrkort {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_rho(double rho) {
  if (!(rho >= 0 && rho < 1))
    throw ArgumentError("gas: rho (the correlation between goals) must be in [0, 1), got " +
                        detail::format_number(rho));
}

// Checks one activity; returns false when it has no attained level.
bool check(const double* level, const double* weight, std::size_t i) {
  if (!(std::isfinite(weight[i]) && weight[i] > 0))
    throw ArgumentError("gas: weight at position " + std::to_string(i) + " must be a finite number > 0, got " +
                        detail::format_number(weight[i]));
  const double x = level[i];
  if (std::isnan(x)) return false;
  if (!(x >= -2 && x <= 2 && x == std::floor(x)))
    throw ArgumentError("gas: the attained level at position " + std::to_string(i) +
                        " must be a whole number from -2 to 2, got " + detail::format_number(x));
  return true;
}

struct Sums {
  double wx = 0, w = 0, w2 = 0;
  std::size_t n = 0;
  void add(double x, double wt) {
    wx += wt * x;
    w += wt;
    w2 += wt * wt;
    ++n;
  }
  GasGroup result(double rho) const {
    if (n == 0) return {kNaN, 0, kNaN};
    // Kiresuk & Sherman (1968), the T-score formula above.
    return {50.0 + 10.0 * wx / std::sqrt((1 - rho) * w2 + rho * w * w), n, wx / w};
  }
};

}  // namespace

double gas_t_score(const double* level, const double* weight, std::size_t n, double rho) {
  check_rho(rho);
  Sums s;
  for (std::size_t i = 0; i < n; ++i)
    if (check(level, weight, i)) s.add(level[i], weight[i]);
  return s.result(rho).t_score;
}

std::vector<GasGroup> gas_t_scores(const std::int32_t* group, const double* level, const double* weight, std::size_t n,
                                   std::size_t n_groups, double rho) {
  check_rho(rho);
  std::vector<Sums> sums(n_groups);
  for (std::size_t i = 0; i < n; ++i) {
    if (group[i] < 0) continue;
    if (static_cast<std::size_t>(group[i]) >= n_groups)
      throw ArgumentError("gas: group code " + std::to_string(group[i]) + " at position " + std::to_string(i) +
                          " is outside [0, " + std::to_string(n_groups) + ")");
    if (check(level, weight, i)) sums[group[i]].add(level[i], weight[i]);
  }
  std::vector<GasGroup> out(n_groups);
  for (std::size_t g = 0; g < n_groups; ++g) out[g] = sums[g].result(rho);
  return out;
}

}  // namespace styrkort
