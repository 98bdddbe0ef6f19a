// Weights from priorities (weights.hpp): surrogate weights from priorities with the
// worked numbers of docs/methods.md and hand values, and AHP with a consistent
// matrix, a published example, closed forms for 3 x 3 matrices and every
// error message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/weights.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {
const RankWeighting ROC = RankWeighting::rank_order_centroid, RS = RankWeighting::rank_sum,
                    RR = RankWeighting::rank_reciprocal, GEO = RankWeighting::geometric, EQ = RankWeighting::equal;
const RankWeighting kAllRank[] = {ROC, RS, RR, GEO, EQ};
const AhpMethod EIG = AhpMethod::eigenvector, GM = AhpMethod::geometric_mean;

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want, double tol) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], tol) << "index " << i;
}

/// The reciprocal matrix with upper triangle given row by row (a12, a13, ...,
/// a23, ...); the lower triangle is 1 / the upper.
Eigen::MatrixXd reciprocal(int n, const std::vector<double>& upper) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(n, n);
  std::size_t k = 0;
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {
      a(i, j) = upper.at(k++);
      a(j, i) = 1.0 / a(i, j);
    }
  EXPECT_EQ(k, upper.size());
  return a;
}

/// The consistent matrix a_ij = w_i / w_j.
Eigen::MatrixXd consistent(const std::vector<double>& w) {
  const int n = static_cast<int>(w.size());
  Eigen::MatrixXd a(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) a(i, j) = w[i] / w[j];
  return a;
}

double sum(const std::vector<double>& w) { return std::accumulate(w.begin(), w.end(), 0.0); }
}  // namespace

// --- names ----------------------------------------------------------------

TEST(Weights, NamesRoundTrip) {
  for (RankWeighting m : kAllRank) {
    auto back = parse_name<RankWeighting>(to_string(m));
    ASSERT_TRUE(back.has_value()) << to_string(m);
    EXPECT_EQ(*back, m);
  }
  EXPECT_STREQ(to_string(ROC), "rank_order_centroid");
  EXPECT_FALSE(parse_name<RankWeighting>("roc").has_value());
  EXPECT_EQ(names_of<RankWeighting>(), "rank_order_centroid, rank_sum, rank_reciprocal, geometric, equal");

  EXPECT_EQ(parse_name<AhpMethod>("eigenvector"), EIG);
  EXPECT_EQ(parse_name<AhpMethod>("geometric_mean"), GM);
  EXPECT_STREQ(to_string(GM), "geometric_mean");
  EXPECT_FALSE(parse_name<AhpMethod>("geometric").has_value());
  EXPECT_EQ(names_of<AhpMethod>(), "eigenvector, geometric_mean");
}

// --- weights from priorities -----------------------------------------------------

TEST(Weights, RankOrderCentroidFiveRanksAsInDomain) {
  // docs/methods.md: n = 5 gives .457 .257 .157 .090 .040.
  const auto w = weights_from_priorities({1, 2, 3, 4, 5}, ROC);
  expect_near_all(w, {0.457, 0.257, 0.157, 0.090, 0.040}, 1e-3);
  // Exactly: w1 = (1 + 1/2 + 1/3 + 1/4 + 1/5) / 5 = (137/60) / 5 = 137/300;
  // w4 = (1/4 + 1/5) / 5 = 9/100; w5 = (1/5) / 5 = 1/25.
  EXPECT_NEAR(w[0], 137.0 / 300.0, 1e-15);
  EXPECT_NEAR(w[3], 0.09, 1e-15);
  EXPECT_NEAR(w[4], 0.04, 1e-15);
}

TEST(Weights, RankSumFourByHand) {
  // 2 (n + 1 - k) / (n (n + 1)) with n = 4: 8/20, 6/20, 4/20, 2/20.
  expect_near_all(weights_from_priorities({1, 2, 3, 4}, RS), {0.4, 0.3, 0.2, 0.1}, 1e-15);
}

TEST(Weights, RankReciprocalFourByHand) {
  // sum 1/i = 1 + 1/2 + 1/3 + 1/4 = 25/12; w_k = (1/k) (12/25): 12/25, 6/25, 4/25, 3/25.
  expect_near_all(weights_from_priorities({1, 2, 3, 4}, RR), {0.48, 0.24, 0.16, 0.12}, 1e-15);
}

TEST(Weights, GeometricByHand) {
  // Ratio 2, n = 3: 1, 1/2, 1/4 normalised by 7/4: 4/7, 2/7, 1/7.
  expect_near_all(weights_from_priorities({1, 2, 3}, GEO), {4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-15);
  expect_near_all(weights_from_priorities({1, 2, 3}, GEO, 2.0), {4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-15);
  // Ratio 3, n = 2: 1, 1/3 normalised by 4/3: 3/4, 1/4.
  expect_near_all(weights_from_priorities({2, 1}, GEO, 3.0), {0.25, 0.75}, 1e-15);
  // Ratio 1.5, n = 3: 1, 2/3, 4/9 sum 19/9: 9/19, 6/19, 4/19.
  expect_near_all(weights_from_priorities({1, 2, 3}, GEO, 1.5), {9.0 / 19, 6.0 / 19, 4.0 / 19}, 1e-15);
}

TEST(Weights, Equal) { expect_near_all(weights_from_priorities({3, 1, 2, 4}, EQ), {0.25, 0.25, 0.25, 0.25}, 1e-15); }

TEST(Weights, SingleArea) {
  for (RankWeighting m : kAllRank) expect_near_all(weights_from_priorities({1}, m), {1.0}, 1e-15);
}

TEST(Weights, FollowInputOrder) {
  // ROC n = 3: (1 + 1/2 + 1/3)/3 = 11/18, (1/2 + 1/3)/3 = 5/18, (1/3)/3 = 2/18.
  expect_near_all(weights_from_priorities({3, 1, 2}, ROC), {2.0 / 18, 11.0 / 18, 5.0 / 18}, 1e-15);
}

TEST(Weights, TiesShareTheWeightsOfTheirPositions) {
  // ROC n = 3, two areas tied first: (11/18 + 5/18) / 2 = 8/18 each, then 2/18.
  const std::vector<double> want{8.0 / 18, 8.0 / 18, 2.0 / 18};
  expect_near_all(weights_from_priorities({1, 1, 3}, ROC), want, 1e-15);  // competition ranking
  expect_near_all(weights_from_priorities({1, 1, 2}, ROC), want, 1e-15);  // dense ranking
  // Rank sum n = 4, positions .4 .3 .2 .1, areas 2 and 3 tied second: .25 each.
  expect_near_all(weights_from_priorities({1, 2, 2, 4}, RS), {0.4, 0.25, 0.25, 0.1}, 1e-15);
  expect_near_all(weights_from_priorities({4, 2, 1, 2}, RS), {0.1, 0.25, 0.4, 0.25}, 1e-15);
  // Geometric ratio 2, n = 3, last two tied: 4/7, then (2/7 + 1/7) / 2 = 3/14 each.
  expect_near_all(weights_from_priorities({1, 3, 3}, GEO), {4.0 / 7, 3.0 / 14, 3.0 / 14}, 1e-15);
  // Everything tied: equal weights whatever the method.
  for (RankWeighting m : kAllRank)
    expect_near_all(weights_from_priorities({2, 2, 2, 2}, m), {0.25, 0.25, 0.25, 0.25}, 1e-15);
}

TEST(Weights, GapsAreClosed) {
  // Only the order matters: {1, 3, 3} weighs as {1, 2, 2}, {1, 2, 4, 4} as {1, 2, 3, 3}.
  for (RankWeighting m : kAllRank) {
    expect_near_all(weights_from_priorities({1, 3, 3}, m), weights_from_priorities({1, 2, 2}, m), 1e-15);
    expect_near_all(weights_from_priorities({4, 1, 2, 4}, m), weights_from_priorities({3, 1, 2, 3}, m), 1e-15);
  }
}

TEST(Weights, SumToOneAndMonotoneProperty) {
  std::mt19937 rng(20240611);
  for (int n = 1; n <= 12; ++n) {
    for (int trial = 0; trial < 20; ++trial) {
      // Random priorities in 1..n (ties and gaps likely), or a permutation.
      std::vector<int> priorities(n);
      if (trial % 2 == 0) {
        std::iota(priorities.begin(), priorities.end(), 1);
        std::shuffle(priorities.begin(), priorities.end(), rng);
      } else {
        std::uniform_int_distribution<int> pick(1, n);
        for (int& r : priorities) r = pick(rng);
      }
      for (RankWeighting m : kAllRank) {
        for (double ratio : {1.2, 2.0, 10.0}) {
          const auto w = weights_from_priorities(priorities, m, ratio);
          ASSERT_EQ(static_cast<int>(w.size()), n);
          EXPECT_NEAR(sum(w), 1.0, 1e-12) << to_string(m) << " n=" << n;
          for (int i = 0; i < n; ++i) {
            EXPECT_GT(w[i], 0.0);
            for (int j = 0; j < n; ++j) {
              if (priorities[i] == priorities[j]) {
                EXPECT_NEAR(w[i], w[j], 1e-15) << "ties must weigh the same";
              } else if (priorities[i] < priorities[j]) {
                // More important never weighs less; strictly more unless equal weights.
                if (m == EQ) EXPECT_NEAR(w[i], w[j], 1e-15);
                else
                  EXPECT_GT(w[i], w[j]) << to_string(m) << " n=" << n << " priorities " << priorities[i] << " < "
                                        << priorities[j];
              }
            }
          }
        }
      }
    }
  }
}

TEST(Weights, RankErrors) {
  auto msg = message_of<ArgumentError>([] { weights_from_priorities({}, ROC); });
  EXPECT_CONTAINS(msg, "weights_from_priorities: no priorities");

  msg = message_of<ArgumentError>([] { weights_from_priorities({1, 0, 2}, RS); });
  EXPECT_CONTAINS(msg, "priorities[1] is 0");
  EXPECT_CONTAINS(msg, "priorities start at 1");

  msg = message_of<ArgumentError>([] { weights_from_priorities({-2}, EQ); });
  EXPECT_CONTAINS(msg, "priorities[0] is -2");

  msg = message_of<ArgumentError>([] { weights_from_priorities({1, 2, 7}, ROC); });
  EXPECT_CONTAINS(msg, "priorities[2] is 7 but there are 3 areas");
  EXPECT_CONTAINS(msg, "from 1 to 3");

  for (double bad : {1.0, 0.5, -2.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    msg = message_of<ArgumentError>([bad] { weights_from_priorities({1, 2}, GEO, bad); });
    EXPECT_CONTAINS(msg, "for geometric weights; it must be a finite number > 1");
  }
  msg = message_of<ArgumentError>([] { weights_from_priorities({1, 2}, GEO, 1.0); });
  EXPECT_CONTAINS(msg, "ratio 1 for geometric");
  // The ratio is not used (nor checked) by the other methods.
  EXPECT_NO_THROW(weights_from_priorities({1, 2}, ROC, 0.0));
}

// --- AHP ----------------------------------------------------------------------

TEST(Ahp, SaatyRandomIndex) {
  expect_near_all(saaty_random_index(), {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49}, 0.0);
}

TEST(Ahp, ConsistentMatrixGivesItsWeightsBack) {
  for (AhpMethod m : {EIG, GM}) {
    const auto r = ahp_weights(consistent({0.5, 0.3, 0.2}), m);
    expect_near_all(r.weights, {0.5, 0.3, 0.2}, 1e-12);
    EXPECT_NEAR(r.lambda_max, 3.0, 1e-12) << to_string(m);
    EXPECT_NEAR(r.consistency_index, 0.0, 1e-12);
    EXPECT_NEAR(r.consistency_ratio, 0.0, 1e-12);
    EXPECT_TRUE(r.acceptable);
    EXPECT_EQ(r.warning, "");
  }
  // Five areas with the ROC weights of docs/methods.md, one matrix with Saaty-scale entries.
  const std::vector<double> w5{137.0 / 300, 77.0 / 300, 47.0 / 300, 0.09, 0.04};
  for (AhpMethod m : {EIG, GM}) {
    const auto r = ahp_weights(consistent(w5), m);
    expect_near_all(r.weights, w5, 1e-12);
    EXPECT_NEAR(r.lambda_max, 5.0, 1e-10);
    EXPECT_NEAR(r.consistency_ratio, 0.0, 1e-10);
  }
}

TEST(Ahp, SaatyDrinksExample) {
  // Published example: T. L. Saaty, "Decision making with the analytic
  // hierarchy process", Int. J. Services Sciences 1(1), 2008, 83-98
  // (doi:10.1504/IJSSCI.2008.017590): relative consumption of drinks in the
  // US, order coffee, wine, tea, beer, sodas, milk, water. The eigenvector
  // gives .177 .019 .042 .116 .190 .129 .327 with C.R. = .022. The matrix is
  // as transcribed in the AHPy README (github.com/PhilipGriffith/AHPy).
  const Eigen::MatrixXd a = reciprocal(7, {9,       5,       2,       1,       1,       1.0 / 2,  // coffee
                                           1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9,  // wine
                                           1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9,  // tea
                                           1.0 / 2, 1,       1.0 / 3,  // beer
                                           2,       1.0 / 2,  // sodas
                                           1.0 / 3});  // milk
  const auto r = ahp_weights(a);
  expect_near_all(r.weights, {0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327}, 1e-3);
  EXPECT_NEAR(r.consistency_ratio, 0.022, 5e-4);
  EXPECT_NEAR(r.consistency_index, r.consistency_ratio * 1.32, 1e-12);  // RI(7) = 1.32 (Saaty 1980)
  EXPECT_NEAR(r.consistency_index, (r.lambda_max - 7) / 6, 1e-12);
  EXPECT_TRUE(r.acceptable);
  EXPECT_EQ(r.warning, "");
  // Row geometric means are close to the eigenvector here (not equal: n > 3).
  const auto g = ahp_weights(a, GM);
  expect_near_all(g.weights, r.weights, 3e-3);
  EXPECT_GE(g.lambda_max, 7.0);
  // Another RI table changes CR and nothing else.
  std::vector<double> table = saaty_random_index();
  table[6] = 1.35;
  const auto t = ahp_weights(a, EIG, table);
  EXPECT_NEAR(t.consistency_ratio, r.consistency_index / 1.35, 1e-12);
  expect_near_all(t.weights, r.weights, 0.0);
}

TEST(Ahp, ThreeByThreeClosedForm) {
  // For a 3 x 3 reciprocal matrix with c = a12 a23 / a13, lambda_max =
  // 1 + c^(1/3) + c^(-1/3), and both methods give the row geometric means.
  // a12 = 2, a13 = 8, a23 = 2: c = 1/2; lambda = 1 + 0.793701 + 1.259921 = 3.053622;
  // CI = 0.053622 / 2 = 0.026811; CR = CI / 0.58 = 0.046226.
  // Geometric means: 16^(1/3) = 2.519842, 1, (1/16)^(1/3) = 0.396850; sum 3.916692;
  // weights 0.643360, 0.255318, 0.101322.
  const Eigen::MatrixXd a = reciprocal(3, {2, 8, 2});
  for (AhpMethod m : {EIG, GM}) {
    const auto r = ahp_weights(a, m);
    expect_near_all(r.weights, {0.643360, 0.255318, 0.101322}, 1e-6);
    EXPECT_NEAR(r.lambda_max, 3.053622, 1e-6) << to_string(m);
    EXPECT_NEAR(r.consistency_index, 0.026811, 1e-6);
    EXPECT_NEAR(r.consistency_ratio, 0.046226, 1e-6);
    EXPECT_TRUE(r.acceptable);
  }
}

TEST(Ahp, WarningWhenConsistencyRatioAboveTenPercent) {
  // a12 = 1, a13 = 1, a23 = 3: c = 3, lambda = 1 + 1.442250 + 0.693361 = 3.135611,
  // CI = 0.067806, CR = 0.116906.
  for (AhpMethod m : {EIG, GM}) {
    const auto r = ahp_weights(reciprocal(3, {1, 1, 3}), m);
    EXPECT_NEAR(r.lambda_max, 3.135611, 1e-6);
    EXPECT_NEAR(r.consistency_ratio, 0.116906, 1e-6);
    EXPECT_FALSE(r.acceptable);
    EXPECT_CONTAINS(r.warning, "consistency ratio 0.12 > 0.10: revise the comparisons");
  }
  // Consistent 8 : 4 : 2 : 1 except that area 4 is said to beat area 1 by 8:
  // the warning names that cell.
  Eigen::MatrixXd a = consistent({8, 4, 2, 1});
  a(0, 3) = 1.0 / 8;
  a(3, 0) = 8;
  const auto r = ahp_weights(a);
  EXPECT_GT(r.consistency_ratio, 0.10);
  EXPECT_FALSE(r.acceptable);
  EXPECT_CONTAINS(r.warning, "revise the comparisons; the most inconsistent is cell (1, 4) = 0.125");
  // Just above the limit the ratio is printed with enough decimals: CR =
  // 0.1023 from c = t^3 with t + 1/t = 2 + 2 * 0.58 * 0.1023.
  const double s = 2 + 2 * 0.58 * 0.1023, t = (s + std::sqrt(s * s - 4)) / 2;
  const auto b = ahp_weights(reciprocal(3, {1, 1, t * t * t}));
  EXPECT_NEAR(b.consistency_ratio, 0.1023, 1e-9);
  EXPECT_CONTAINS(b.warning, "consistency ratio 0.102 > 0.10");
  // Just below it: acceptable, no warning.
  const double s2 = 2 + 2 * 0.58 * 0.0999, t2 = (s2 + std::sqrt(s2 * s2 - 4)) / 2;
  const auto ok = ahp_weights(reciprocal(3, {1, 1, t2 * t2 * t2}));
  EXPECT_TRUE(ok.acceptable);
  EXPECT_EQ(ok.warning, "");
}

TEST(Ahp, OneAndTwoAreas) {
  for (AhpMethod m : {EIG, GM}) {
    const auto r2 = ahp_weights(reciprocal(2, {3}), m);
    expect_near_all(r2.weights, {0.75, 0.25}, 1e-12);
    EXPECT_EQ(r2.lambda_max, 2.0);
    EXPECT_EQ(r2.consistency_index, 0.0);
    EXPECT_TRUE(std::isnan(r2.consistency_ratio));
    EXPECT_TRUE(r2.acceptable);
    const auto r1 = ahp_weights(Eigen::MatrixXd::Ones(1, 1), m);
    expect_near_all(r1.weights, {1.0}, 0.0);
    EXPECT_TRUE(std::isnan(r1.consistency_ratio));
    EXPECT_TRUE(r1.acceptable);
  }
  // The RI table is not needed below n = 3.
  EXPECT_NO_THROW(ahp_weights(reciprocal(2, {3}), EIG, {}));
}

TEST(Ahp, EigenvectorPropertiesOnRandomMatrices) {
  // Random Saaty-scale matrices: w positive, sum 1, A w = lambda w, lambda >= n;
  // permuting the areas permutes the weights; for n = 3 both methods agree.
  std::mt19937 rng(7);
  const double scale[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::uniform_int_distribution<int> pick(0, 8), coin(0, 1);
  for (int n = 3; n <= 10; ++n) {
    for (int trial = 0; trial < 10; ++trial) {
      std::vector<double> upper;
      for (int k = 0; k < n * (n - 1) / 2; ++k) {
        const double v = scale[pick(rng)];
        upper.push_back(coin(rng) ? v : 1.0 / v);
      }
      const Eigen::MatrixXd a = reciprocal(n, upper);
      const auto r = ahp_weights(a);
      Eigen::Map<const Eigen::VectorXd> w(r.weights.data(), n);
      EXPECT_NEAR(w.sum(), 1.0, 1e-12);
      EXPECT_GT(w.minCoeff(), 0.0);
      EXPECT_LT((a * w - r.lambda_max * w).norm(), 1e-9 * r.lambda_max);
      EXPECT_GE(r.lambda_max, n - 1e-9);
      EXPECT_NEAR(r.consistency_ratio, (r.lambda_max - n) / (n - 1) / saaty_random_index()[n - 1], 1e-12);
      EXPECT_EQ(r.acceptable, r.consistency_ratio <= 0.10);
      EXPECT_EQ(r.warning.empty(), r.acceptable);
      const auto g = ahp_weights(a, GM);
      EXPECT_GE(g.lambda_max, n - 1e-9);
      if (n == 3) expect_near_all(g.weights, r.weights, 1e-10);

      std::vector<int> perm(n);
      std::iota(perm.begin(), perm.end(), 0);
      std::shuffle(perm.begin(), perm.end(), rng);
      Eigen::MatrixXd p(n, n);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) p(i, j) = a(perm[i], perm[j]);
      const auto rp = ahp_weights(p);
      for (int i = 0; i < n; ++i) EXPECT_NEAR(rp.weights[i], r.weights[perm[i]], 1e-10);
      EXPECT_NEAR(rp.lambda_max, r.lambda_max, 1e-9);
    }
  }
}

TEST(Ahp, RandomIndexTableErrors) {
  // Eleven areas: Saaty's 1980 table stops at n = 10.
  const Eigen::MatrixXd a11 = Eigen::MatrixXd::Ones(11, 11);
  auto msg = message_of<ArgumentError>([&] { ahp_weights(a11); });
  EXPECT_CONTAINS(msg, "ahp_weights: the random-index table covers n = 1..10 but the matrix is 11 x 11");
  std::vector<double> longer = saaty_random_index();
  longer.push_back(1.51);
  const auto r = ahp_weights(a11, EIG, longer);
  EXPECT_NEAR(r.consistency_ratio, 0.0, 1e-12);

  std::vector<double> zero = saaty_random_index();
  zero[3] = 0;
  msg = message_of<ArgumentError>([&] { ahp_weights(Eigen::MatrixXd::Ones(4, 4), EIG, zero); });
  EXPECT_CONTAINS(msg, "random_index[3] (n = 4) is 0; it must be a positive finite number");
}

TEST(Ahp, MatrixErrors) {
  auto msg = message_of<ArgumentError>([] { ahp_weights(Eigen::MatrixXd::Ones(3, 4)); });
  EXPECT_CONTAINS(msg, "ahp_weights: the pairwise matrix is 3 x 4; it must be square");

  msg = message_of<ArgumentError>([] { ahp_weights(Eigen::MatrixXd(0, 0)); });
  EXPECT_CONTAINS(msg, "the pairwise matrix is empty");

  Eigen::MatrixXd a = reciprocal(3, {2, 5, 3});
  a(1, 2) = -1;
  msg = message_of<ArgumentError>([&] { ahp_weights(a); });
  EXPECT_CONTAINS(msg, "cell (2, 3) is -1; every comparison must be a positive finite number");

  a = reciprocal(3, {2, 5, 3});
  a(2, 0) = 0;
  a(2, 1) = std::nan("");
  msg = message_of<ArgumentError>([&] { ahp_weights(a); });
  EXPECT_CONTAINS(msg, "cell (3, 1) is 0;");
  EXPECT_CONTAINS(msg, "(1 more cell breaks this rule)");

  a = reciprocal(3, {2, 5, 3});
  a(0, 1) = std::numeric_limits<double>::infinity();
  msg = message_of<ArgumentError>([&] { ahp_weights(a); });
  EXPECT_CONTAINS(msg, "cell (1, 2) is inf");

  a = reciprocal(3, {2, 5, 3});
  a(1, 1) = 3;
  msg = message_of<ArgumentError>([&] { ahp_weights(a, GM); });
  EXPECT_CONTAINS(msg, "cell (2, 2) is 3; the diagonal must be 1");

  a = reciprocal(3, {2, 5, 3});
  a(2, 0) = 0.5;
  msg = message_of<ArgumentError>([&] { ahp_weights(a); });
  EXPECT_CONTAINS(msg, "cells (1, 3) = 5 and (3, 1) = 0.5 are not reciprocal: (3, 1) should be 0.2 (= 1/5)");

  // A rounded 1/3 is not a reciprocal within 1e-9.
  a = reciprocal(3, {3, 5, 3});
  a(1, 0) = 0.333;
  msg = message_of<ArgumentError>([&] { ahp_weights(a); });
  EXPECT_CONTAINS(msg, "cells (1, 2) = 3 and (2, 1) = 0.333 are not reciprocal: (2, 1) should be 0.333333 (= 1/3)");
  // Within the relative tolerance it is accepted.
  a(1, 0) = (1.0 / 3) * (1 + 1e-12);
  EXPECT_NO_THROW(ahp_weights(a));
}
