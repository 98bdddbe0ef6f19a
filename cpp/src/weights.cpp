#include "styrkort/weights.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <utility>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"

namespace styrkort {

namespace {

constexpr std::array<std::pair<RankWeighting, const char*>, 5> kRankWeighting{
    {{RankWeighting::rank_order_centroid, "rank_order_centroid"},
     {RankWeighting::rank_sum, "rank_sum"},
     {RankWeighting::rank_reciprocal, "rank_reciprocal"},
     {RankWeighting::geometric, "geometric"},
     {RankWeighting::equal, "equal"}}};
constexpr std::array<std::pair<AhpMethod, const char*>, 2> kAhpMethod{
    {{AhpMethod::eigenvector, "eigenvector"}, {AhpMethod::geometric_mean, "geometric_mean"}}};

using detail::name_in;
using detail::names_in;
using detail::parse_in;

/// A number as a user would write it (up to 6 significant digits).
std::string num(double x) { return detail::format_number(x, 6); }

std::string cell(Eigen::Index i, Eigen::Index j) {
  return "(" + std::to_string(i + 1) + ", " + std::to_string(j + 1) + ")";
}

std::string more(std::size_t others) {
  if (others == 0) return "";
  return " (" + std::to_string(others) + " more " + (others == 1 ? "cell breaks" : "cells break") + " this rule)";
}

/// The weight of each position 1..n (index k-1), normalised to sum 1.
std::vector<double> position_weights(std::size_t n, RankWeighting method, double ratio) {
  std::vector<double> w(n);
  const double dn = static_cast<double>(n);
  switch (method) {
    case RankWeighting::rank_order_centroid: {
      double tail = 0.0;  // sum_{i=k..n} 1/i, built from the back
      for (std::size_t k = n; k >= 1; --k) {
        tail += 1.0 / static_cast<double>(k);
        w[k - 1] = tail / dn;
      }
      break;
    }
    case RankWeighting::rank_sum:
      for (std::size_t k = 1; k <= n; ++k) w[k - 1] = 2.0 * (dn + 1.0 - static_cast<double>(k)) / (dn * (dn + 1.0));
      break;
    case RankWeighting::rank_reciprocal: {
      double h = 0.0;
      for (std::size_t k = 1; k <= n; ++k) h += 1.0 / static_cast<double>(k);
      for (std::size_t k = 1; k <= n; ++k) w[k - 1] = (1.0 / static_cast<double>(k)) / h;
      break;
    }
    case RankWeighting::geometric:
      // ratio^-(k-1) <= 1: no overflow; later positions may underflow to 0.
      for (std::size_t k = 1; k <= n; ++k) w[k - 1] = std::pow(ratio, -static_cast<double>(k - 1));
      break;
    case RankWeighting::equal: std::fill(w.begin(), w.end(), 1.0 / dn); break;
  }
  // The closed forms already sum to 1 (up to rounding); geometric does not.
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  for (double& x : w) x /= total;
  return w;
}

std::string format_cr(double cr) {
  // Enough decimals that a ratio just above the limit does not print as 0.10.
  char buf[32];
  for (int digits = 2; digits <= 6; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*f", digits, cr);
    if (std::strtod(buf, nullptr) > 0.10) break;
  }
  return buf;
}

constexpr double kMaxConsistencyRatio = 0.10;
constexpr double kReciprocalTolerance = 1e-9;

void check_pairwise(const Eigen::MatrixXd& a) {
  const std::string where = "ahp_weights: ";
  if (a.rows() != a.cols())
    throw ArgumentError(where + "the pairwise matrix is " + std::to_string(a.rows()) + " x " +
                        std::to_string(a.cols()) + "; it must be square (one row and one column per area)");
  if (a.rows() == 0) throw ArgumentError(where + "the pairwise matrix is empty; give one row and one column per area");
  const Eigen::Index n = a.rows();

  std::vector<std::pair<Eigen::Index, Eigen::Index>> bad;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!(std::isfinite(a(i, j)) && a(i, j) > 0)) bad.emplace_back(i, j);
  if (!bad.empty()) {
    const auto [i, j] = bad.front();
    throw ArgumentError(where + "cell " + cell(i, j) + " is " + num(a(i, j)) +
                        "; every comparison must be a positive finite number (Saaty's scale 1/9 .. 9)" +
                        more(bad.size() - 1));
  }

  for (Eigen::Index i = 0; i < n; ++i)
    if (std::abs(a(i, i) - 1.0) > kReciprocalTolerance) bad.emplace_back(i, i);
  if (!bad.empty()) {
    const auto [i, j] = bad.front();
    throw ArgumentError(where + "cell " + cell(i, j) + " is " + num(a(i, j)) +
                        "; the diagonal must be 1 (an area compared with itself)" + more(bad.size() - 1));
  }

  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j)
      // a_ji = 1 / a_ij within a relative tolerance, i.e. a_ij a_ji = 1.
      if (std::abs(a(i, j) * a(j, i) - 1.0) > kReciprocalTolerance) bad.emplace_back(i, j);
  if (!bad.empty()) {
    const auto [i, j] = bad.front();
    const double should = 1.0 / a(i, j);
    std::string exact;
    if (a(i, j) > 1 && a(i, j) == std::round(a(i, j))) exact = " (= 1/" + num(a(i, j)) + ")";
    throw ArgumentError(where + "cells " + cell(i, j) + " = " + num(a(i, j)) + " and " + cell(j, i) + " = " +
                        num(a(j, i)) + " are not reciprocal: " + cell(j, i) + " should be " + num(should) + exact +
                        more(bad.size() - 1));
  }
}

}  // namespace

const char* to_string(RankWeighting m) { return name_in(kRankWeighting, m); }
const char* to_string(AhpMethod m) { return name_in(kAhpMethod, m); }

template <> std::optional<RankWeighting> parse_name<RankWeighting>(const std::string& name) {
  return parse_in<RankWeighting>(kRankWeighting, name);
}
template <> std::string names_of<RankWeighting>() { return names_in(kRankWeighting); }
template <> std::optional<AhpMethod> parse_name<AhpMethod>(const std::string& name) {
  return parse_in<AhpMethod>(kAhpMethod, name);
}
template <> std::string names_of<AhpMethod>() { return names_in(kAhpMethod); }

void check_priorities(const std::vector<int>& priorities, const std::string& where) {
  const std::size_t n = priorities.size();
  if (n == 0) throw ArgumentError(where + "no priorities; give one priority per focus area (1 = most important)");
  for (std::size_t i = 0; i < n; ++i) {
    if (priorities[i] < 1)
      throw ArgumentError(where + "priorities[" + std::to_string(i) + "] is " + std::to_string(priorities[i]) +
                          "; priorities start at 1 (most important)");
    if (static_cast<std::size_t>(priorities[i]) > n)
      throw ArgumentError(where + "priorities[" + std::to_string(i) + "] is " + std::to_string(priorities[i]) +
                          " but there are " + std::to_string(n) + " areas; a priority is a position from 1 to " +
                          std::to_string(n));
  }
}

std::vector<double> weights_from_priorities(const std::vector<int>& priorities, RankWeighting method, double ratio) {
  const std::string where = "weights_from_priorities: ";
  check_priorities(priorities, where);
  const std::size_t n = priorities.size();
  if (method == RankWeighting::geometric && !(std::isfinite(ratio) && ratio > 1.0))
    throw ArgumentError(where + "ratio " + num(ratio) +
                        " for geometric weights; it must be a finite number > 1 (each position weighs ratio "
                        "times the next)");

  const std::vector<double> pos = position_weights(n, method, ratio);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return priorities[a] < priorities[b]; });

  std::vector<double> w(n);
  for (std::size_t start = 0; start < n;) {  // one block of tied priorities at a time
    std::size_t end = start + 1;
    while (end < n && priorities[order[end]] == priorities[order[start]]) ++end;
    double share = 0.0;
    for (std::size_t p = start; p < end; ++p) share += pos[p];
    share /= static_cast<double>(end - start);
    for (std::size_t p = start; p < end; ++p) w[order[p]] = share;
    start = end;
  }
  return w;
}

const std::vector<double>& saaty_random_index() {
  static const std::vector<double> ri{0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};
  return ri;
}

AhpResult ahp_weights(const Eigen::MatrixXd& a, AhpMethod method, const std::vector<double>& random_index) {
  check_pairwise(a);
  const Eigen::Index n = a.rows();
  const double dn = static_cast<double>(n);
  double ri = 0.0;
  if (n >= 3) {
    const std::size_t k = static_cast<std::size_t>(n - 1);
    if (k >= random_index.size())
      throw ArgumentError("ahp_weights: the random-index table covers n = 1.." + std::to_string(random_index.size()) +
                          " but the matrix is " + std::to_string(n) + " x " + std::to_string(n) +
                          "; pass a table with an entry for n = " + std::to_string(n));
    ri = random_index[k];
    if (!(std::isfinite(ri) && ri > 0))
      throw ArgumentError("ahp_weights: random_index[" + std::to_string(k) + "] (n = " + std::to_string(n) + ") is " +
                          num(ri) + "; it must be a positive finite number for n >= 3");
  }

  AhpResult r;
  Eigen::VectorXd w(n);
  if (method == AhpMethod::geometric_mean) {
    for (Eigen::Index i = 0; i < n; ++i) w(i) = std::exp(a.row(i).array().log().mean());
    w /= w.sum();
    r.lambda_max = ((a * w).array() / w.array()).mean();
  } else {
    // A positive matrix has a simple real eigenvalue equal to its spectral
    // radius, with a positive eigenvector (Perron); every other eigenvalue
    // has a smaller modulus, hence a smaller real part.
    Eigen::EigenSolver<Eigen::MatrixXd> es(a, /*computeEigenvectors=*/true);
    if (es.info() != Eigen::Success) throw Error("ahp_weights: the eigenvalue computation did not converge");
    Eigen::Index best = 0;
    for (Eigen::Index k = 1; k < n; ++k)
      if (es.eigenvalues()(k).real() > es.eigenvalues()(best).real()) best = k;
    r.lambda_max = es.eigenvalues()(best).real();
    w = es.eigenvectors().col(best).real();
    w /= w.sum();  // also fixes the sign
    if (!(w.minCoeff() > 0)) throw Error("ahp_weights: the principal eigenvector is not positive (numerical failure)");
  }
  r.weights.assign(w.data(), w.data() + n);

  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (n <= 2) {  // a reciprocal 1 x 1 or 2 x 2 matrix is consistent
    r.lambda_max = dn;
    r.consistency_index = 0.0;
    r.consistency_ratio = nan;
    r.acceptable = true;
    return r;
  }
  // lambda_max >= n for positive reciprocal matrices; clamp rounding below n.
  r.consistency_index = std::max(0.0, (r.lambda_max - dn) / (dn - 1.0));
  r.consistency_ratio = r.consistency_index / ri;
  r.acceptable = r.consistency_ratio <= kMaxConsistencyRatio;
  if (!r.acceptable) {
    // The comparison farthest (in ratio) from what the weights imply.
    Eigen::Index bi = 0, bj = 1;
    double worst = -1.0;
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = i + 1; j < n; ++j) {
        const double dev = std::abs(std::log(a(i, j) * w(j) / w(i)));
        if (dev > worst) worst = dev, bi = i, bj = j;
      }
    char implied[32];
    std::snprintf(implied, sizeof implied, "%.3g", w(bi) / w(bj));
    r.warning = "consistency ratio " + format_cr(r.consistency_ratio) +
                " > 0.10: revise the comparisons; the most inconsistent is cell " + cell(bi, bj) + " = " +
                num(a(bi, bj)) + ", where the weights imply " + implied;
  }
  return r;
}

}  // namespace styrkort
