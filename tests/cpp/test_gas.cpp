// Goal Attainment Scaling T-scores (Kiresuk & Sherman 1968), checked against
// hand computation of T = 50 + 10 Σwx / sqrt((1-ρ)Σw² + ρ(Σw)²).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/gas.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {
const double kNaN = std::numeric_limits<double>::quiet_NaN();
}

TEST(Gas, AllAsExpectedIsFifty) {
  const std::vector<double> x{0, 0, 0}, w{1, 2, 3};
  EXPECT_DOUBLE_EQ(gas_t_score(x.data(), w.data(), 3), 50.0);
}

TEST(Gas, OneGoalOneLevelAboveIsSixty) {
  // One goal: the denominator is sqrt(0.7 + 0.3) = 1 for any rho.
  const std::vector<double> x{1}, w{1};
  EXPECT_DOUBLE_EQ(gas_t_score(x.data(), w.data(), 1), 60.0);
  EXPECT_DOUBLE_EQ(gas_t_score(x.data(), w.data(), 1, 0.0), 60.0);
}

TEST(Gas, HandComputedWeighted) {
  // x = (+1, -1, +2), w = (2, 1, 1): Σwx = 2 - 1 + 2 = 3; Σw² = 6; (Σw)² = 16;
  // denominator sqrt(0.7*6 + 0.3*16) = sqrt(9) = 3, so T = 50 + 10*3/3 = 60.
  const std::vector<double> x{1, -1, 2}, w{2, 1, 1};
  EXPECT_NEAR(gas_t_score(x.data(), w.data(), 3), 60.0, 1e-12);
  // Two goals both at +1, unit weights: 50 + 20/sqrt(1.4 + 1.2) = 62.4035...
  const std::vector<double> y{1, 1}, v{1, 1};
  EXPECT_NEAR(gas_t_score(y.data(), v.data(), 2), 50 + 20 / std::sqrt(2.6), 1e-12);
  // With rho = 0 (independent goals): 50 + 20/sqrt(2).
  EXPECT_NEAR(gas_t_score(y.data(), v.data(), 2, 0.0), 50 + 20 / std::sqrt(2.0), 1e-12);
}

TEST(Gas, SymmetricAndMonotone) {
  const std::vector<double> w{1, 3, 2};
  std::vector<double> x{1, -2, 0};
  const double t = gas_t_score(x.data(), w.data(), 3);
  std::vector<double> neg{-1, 2, 0};
  EXPECT_NEAR(gas_t_score(neg.data(), w.data(), 3), 100 - t, 1e-12);  // mirrored around 50
  for (int k = -2; k < 2; ++k) {  // raising one goal's level raises T
    x[2] = k;
    const double lo = gas_t_score(x.data(), w.data(), 3);
    x[2] = k + 1;
    EXPECT_GT(gas_t_score(x.data(), w.data(), 3), lo);
  }
}

TEST(Gas, NotFollowedUpIsLeftOutAndNoneIsNaN) {
  const std::vector<double> x{1, kNaN}, w{1, 5};
  EXPECT_DOUBLE_EQ(gas_t_score(x.data(), w.data(), 2), 60.0);
  const std::vector<double> none{kNaN, kNaN};
  EXPECT_TRUE(std::isnan(gas_t_score(none.data(), w.data(), 2)));
}

TEST(Gas, Groups) {
  const std::vector<std::int32_t> g{0, 1, 0, -1, 1, 2};
  const std::vector<double> x{1, 0, 1, 2, kNaN, kNaN}, w{1, 1, 1, 1, 1, 1};
  const auto r = gas_t_scores(g.data(), x.data(), w.data(), 6, 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_NEAR(r[0].t_score, 50 + 20 / std::sqrt(2.6), 1e-12);
  EXPECT_EQ(r[0].assessed, 2u);
  EXPECT_DOUBLE_EQ(r[0].mean_level, 1.0);
  EXPECT_DOUBLE_EQ(r[1].t_score, 50.0);
  EXPECT_EQ(r[1].assessed, 1u);
  EXPECT_TRUE(std::isnan(r[2].t_score));  // nothing assessed: not assessable, never 50
  EXPECT_EQ(r[2].assessed, 0u);
}

TEST(Gas, BadInputNamesThePosition) {
  const std::vector<double> w{1, 1};
  const std::vector<double> half{0, 0.5}, big{0, 3};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { gas_t_score(half.data(), w.data(), 2); }),
                  "attained level at position 1 must be a whole number from -2 to 2, got 0.5");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { gas_t_score(big.data(), w.data(), 2); }), "got 3");
  const std::vector<double> x{0, 0}, bad_w{1, -1};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { gas_t_score(x.data(), bad_w.data(), 2); }),
                  "weight at position 1 must be a finite number > 0");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { gas_t_score(x.data(), w.data(), 2, 1.0); }), "rho");
  const std::vector<std::int32_t> g{0, 4};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { gas_t_scores(g.data(), x.data(), w.data(), 2, 2); }),
                  "group code 4 at position 1");
}
