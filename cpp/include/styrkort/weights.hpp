#pragma once
// Weights of focus areas from their priorities: surrogate weights from the
// ranking the priorities make, and AHP weights from a pairwise comparison
// matrix.
// Sources:
//  - ranks: Barron & Barrett, "Decision quality using ranked attribute
//    weights", Management Science 42(11), 1996 (rank-order centroid, rank
//    sum, rank reciprocal); Stillwell, Seaver & Edwards, Organizational
//    Behavior and Human Performance 28, 1981 (rank sum, rank reciprocal);
//  - AHP: Saaty, "A scaling method for priorities in hierarchical
//    structures", J. Math. Psychology 15, 1977, and The Analytic Hierarchy
//    Process, McGraw-Hill, 1980 (principal eigenvector, CI, CR, random index);
//    Crawford & Williams, J. Math. Psychology 29, 1985 (row geometric means).
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "styrkort/methods.hpp"

namespace styrkort {

/// How a priority ranking becomes weights. With n areas and position k
/// (1 = most important), before normalising to sum 1:
///  - rank_order_centroid: w_k = (1/n) sum_{i=k..n} 1/i (the centroid of the
///    weights consistent with the ranking; n = 5: .457 .257 .157 .090 .040);
///  - rank_sum: w_k = 2 (n + 1 - k) / (n (n + 1)) (linear);
///  - rank_reciprocal: w_k = (1/k) / sum_{i=1..n} 1/i;
///  - geometric: w_k proportional to ratio^-(k-1), each position `ratio`
///    times as important as the next (ratio > 1);
///  - equal: 1/n.
enum class RankWeighting { rank_order_centroid, rank_sum, rank_reciprocal, geometric, equal };

/// How AHP weights are derived from the pairwise matrix: Saaty's principal
/// right eigenvector, or the normalised row geometric means (the logarithmic
/// least squares solution). The two agree on consistent matrices and on every
/// 3 x 3 reciprocal matrix.
enum class AhpMethod { eigenvector, geometric_mean };

const char* to_string(RankWeighting);
const char* to_string(AhpMethod);
// Names as in methods.hpp: "rank_order_centroid", "rank_sum",
// "rank_reciprocal", "geometric", "equal"; "eigenvector", "geometric_mean".
template <> std::optional<RankWeighting> parse_name<RankWeighting>(const std::string& name);
template <> std::string names_of<RankWeighting>();
template <> std::optional<AhpMethod> parse_name<AhpMethod>(const std::string& name);
template <> std::string names_of<AhpMethod>();

/// Checks the focus areas' priorities: at least one, each from 1 to n. Throws
/// ArgumentError prefixed with `where`, naming the entry (priorities[i]).
void check_priorities(const std::vector<int>& priorities, const std::string& where);

/// Weights (summing to 1, one per focus area, in the order of `priorities`)
/// from the board's priorities, 1 = most important.
///
/// Only the order of the priorities matters. The areas are sorted by priority
/// and occupy positions (ranks) 1..n in that order; areas with the same
/// priority (ties) occupy consecutive positions and share equally the weights
/// of those positions (the mean). So the usual tie conventions give the same
/// weights: {1, 1, 3} (competition) and {1, 1, 2} (dense) both put two areas
/// at positions 1-2 and one at position 3, and gaps are closed ({1, 3, 4}
/// weighs as {1, 2, 3}). A priority must be a position that exists,
/// 1 <= priority <= n, which catches scores or weights passed by mistake for
/// priorities.
///
/// `ratio` is used by `geometric` only and must then be finite and > 1.
/// Throws ArgumentError naming the offending entry (priorities[i], 0-based)
/// when `priorities` is empty, a priority is < 1 or > n, or the ratio is
/// invalid.
std::vector<double> weights_from_priorities(const std::vector<int>& priorities, RankWeighting method,
                                            double ratio = 2.0);

/// Saaty's (1980) random index RI(n) for n = 1..10 (entry n-1):
/// 0, 0, .58, .90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49. Other published tables
/// (e.g. Saaty 2005, Donegan & Dodd 1991) can be passed to `ahp_weights`.
const std::vector<double>& saaty_random_index();

/// The result of `ahp_weights`.
struct AhpResult {
  std::vector<double> weights;     // positive, sum 1, in the matrix's order
  double lambda_max = 0;           // principal eigenvalue (or its estimate)
  double consistency_index = 0;    // CI = (lambda_max - n) / (n - 1), >= 0
  double consistency_ratio = 0;    // CR = CI / RI(n); NaN for n <= 2
  bool acceptable = true;          // CR <= 0.10 (always for n <= 2)
  std::string warning;             // empty when acceptable
};

/// AHP weights from a reciprocal pairwise comparison matrix `pairwise`
/// (a_ij = how many times area i outweighs area j, Saaty's 1-9 scale and
/// reciprocals; a_ii = 1, a_ji = 1 / a_ij).
///  - eigenvector: w = principal right eigenvector (Perron vector) normalised
///    to sum 1; lambda_max is its eigenvalue;
///  - geometric_mean: w_i proportional to (prod_j a_ij)^(1/n); lambda_max is
///    estimated as the mean of (A w)_i / w_i.
/// CI = (lambda_max - n) / (n - 1) (0 for n <= 2, where a reciprocal matrix is
/// always consistent); CR = CI / RI(n) with RI from `random_index` (entry n-1);
/// CR is NaN for n <= 2 (RI = 0) and then counts as acceptable. When
/// CR > 0.10 `acceptable` is false and `warning` says so and names the
/// comparison that disagrees most with the weights, e.g. "consistency ratio
/// 0.14 > 0.10: revise the comparisons; the most inconsistent is cell (1, 3) =
/// 1, where the weights imply 2.08".
///
/// Throws ArgumentError naming the cells (1-based row, column) when the matrix
/// is empty or not square, an entry is not a positive finite number, a
/// diagonal entry is not 1, a_ji differs from 1 / a_ij by more than a relative
/// 1e-9 (enter 1/3 exactly, not 0.333), or, for n >= 3, `random_index` has no
/// positive finite entry for n.
AhpResult ahp_weights(const Eigen::MatrixXd& pairwise, AhpMethod method = AhpMethod::eigenvector,
                      const std::vector<double>& random_index = saaty_random_index());

}  // namespace styrkort
