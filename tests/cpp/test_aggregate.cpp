// Weighted means (aggregate.hpp) with hand values and the power-mean inequality.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "styrkort/aggregate.hpp"
#include "styrkort/strategy.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {
double agg(Aggregation m, const std::vector<double>& x, const std::vector<double>& w, double p = 1.0) {
  return aggregate(m, p, x.data(), w.data(), x.size());
}
const Aggregation A = Aggregation::arithmetic, G = Aggregation::geometric, H = Aggregation::harmonic,
                  P = Aggregation::power, MIN = Aggregation::minimum;
}  // namespace

TEST(Aggregate, Arithmetic) {
  // (1*10 + 1*20 + 2*40) / 4 = 110 / 4 = 27.5.
  EXPECT_DOUBLE_EQ(agg(A, {10, 20, 40}, {1, 1, 2}), 27.5);
  // Unweighted 2, 4, 9: 15 / 3 = 5.
  EXPECT_DOUBLE_EQ(agg(A, {2, 4, 9}, {1, 1, 1}), 5.0);
  // Weights are relative: scaling them changes nothing.
  EXPECT_DOUBLE_EQ(agg(A, {10, 20, 40}, {10, 10, 20}), 27.5);
}

TEST(Aggregate, Geometric) {
  // sqrt(4 * 16) = 8.
  EXPECT_NEAR(agg(G, {4, 16}, {1, 1}), 8.0, 1e-12);
  // Weights 1, 3: exp((ln 4 + 3 ln 16) / 4) = 4^(1/4) * 16^(3/4) = 2^0.5 * 2^3 = 8 sqrt(2) = 11.3137085.
  EXPECT_NEAR(agg(G, {4, 16}, {1, 3}), 8.0 * std::sqrt(2.0), 1e-12);
}

TEST(Aggregate, Harmonic) {
  // 2 / (1/2 + 1/6) = 2 / (2/3) = 3.
  EXPECT_NEAR(agg(H, {2, 6}, {1, 1}), 3.0, 1e-12);
  // Weights 3, 1: 4 / (3/2 + 1/6) = 4 / (10/6) = 2.4.
  EXPECT_NEAR(agg(H, {2, 6}, {3, 1}), 2.4, 1e-12);
}

TEST(Aggregate, Power) {
  // p = 2: sqrt((9 + 16) / 2) = sqrt(12.5) = 3.5355339.
  EXPECT_NEAR(agg(P, {3, 4}, {1, 1}, 2.0), std::sqrt(12.5), 1e-12);
  // p = 2 with weights 1, 3: sqrt((9 + 48) / 4) = sqrt(14.25).
  EXPECT_NEAR(agg(P, {3, 4}, {1, 3}, 2.0), std::sqrt(14.25), 1e-12);
  // p = -1 is the harmonic mean (3), p = 1 the arithmetic (4).
  EXPECT_NEAR(agg(P, {2, 6}, {1, 1}, -1.0), 3.0, 1e-12);
  EXPECT_NEAR(agg(P, {2, 6}, {1, 1}, 1.0), 4.0, 1e-12);
  // p = 3: cbrt((1 + 27 * 2) / 3) = cbrt(55/3).
  EXPECT_NEAR(agg(P, {1, 3}, {1, 2}, 3.0), std::cbrt(55.0 / 3.0), 1e-12);
}

TEST(Aggregate, PowerZeroIsGeometric) {
  const std::vector<double> x{3, 7, 12, 0.5}, w{1, 2, 0.5, 3};
  const double g = agg(G, x, w);
  EXPECT_DOUBLE_EQ(agg(P, x, w, 0.0), g);
  // And the power mean tends to the geometric mean as p -> 0 (continuity).
  EXPECT_NEAR(agg(P, x, w, 1e-7), g, 1e-5);
  EXPECT_NEAR(agg(P, x, w, -1e-7), g, 1e-5);
}

TEST(Aggregate, MinimumWeightsOnlySelect) {
  EXPECT_DOUBLE_EQ(agg(MIN, {5, 3, 9}, {1, 10, 1}), 3.0);
  // Weight 0 leaves the value out: 1 is not counted.
  EXPECT_DOUBLE_EQ(agg(MIN, {5, 3, 1}, {1, 1, 0}), 3.0);
  EXPECT_DOUBLE_EQ(agg(MIN, {5, kNaN, 4}, {1, 1, 1}), 4.0);
}

TEST(Aggregate, NaNReSpreadsWeights) {
  // The NaN's weight 5 is dropped: (1*10 + 3*40) / (1 + 3) = 130 / 4 = 32.5.
  EXPECT_DOUBLE_EQ(agg(A, {10, kNaN, 40}, {1, 5, 3}), 32.5);
  // Geometric: exp((ln 4 + ln 16) / 2) = 8 whatever the NaN's weight.
  EXPECT_NEAR(agg(G, {4, kNaN, 16}, {1, 7, 1}), 8.0, 1e-12);
  // Harmonic: 2 / (1/2 + 1/6) = 3.
  EXPECT_NEAR(agg(H, {kNaN, 2, 6}, {2, 1, 1}), 3.0, 1e-12);
  // Power p = 2: sqrt((9 + 16) / 2).
  EXPECT_NEAR(agg(P, {3, kNaN, 4}, {1, 1, 1}, 2.0), std::sqrt(12.5), 1e-12);
}

TEST(Aggregate, NoPresentValueIsNaN) {
  for (Aggregation m : {A, G, H, P, MIN}) {
    EXPECT_TRUE(std::isnan(agg(m, {kNaN, kNaN}, {1, 1}, 2.0))) << to_string(m);
    EXPECT_TRUE(std::isnan(agg(m, {}, {}, 2.0))) << to_string(m);
    EXPECT_TRUE(std::isnan(agg(m, {3, 4}, {0, 0}, 2.0))) << to_string(m);  // all weights 0
  }
}

TEST(Aggregate, NegativeWeightIsLeftOut) {
  // Only weights > 0 count: the -1-weighted 20 is not used.
  EXPECT_DOUBLE_EQ(agg(A, {10, 20}, {1, -1}), 10.0);
}

TEST(Aggregate, ZeroValues) {
  // Arithmetic: (0 + 4) / 2 = 2.
  EXPECT_DOUBLE_EQ(agg(A, {0, 4}, {1, 1}), 2.0);
  // A zero makes the geometric and harmonic means 0.
  EXPECT_DOUBLE_EQ(agg(G, {0, 5}, {1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(agg(H, {0, 5}, {1, 1}), 0.0);
  // Power p = 2: sqrt((0 + 16) / 2) = sqrt(8) = 2.828427.
  EXPECT_NEAR(agg(P, {0, 4}, {1, 1}, 2.0), std::sqrt(8.0), 1e-12);
  // Power p = -1 (harmonic): 0. Power p = -2: 0.
  EXPECT_DOUBLE_EQ(agg(P, {0, 4}, {1, 1}, -1.0), 0.0);
  EXPECT_DOUBLE_EQ(agg(P, {0, 4}, {1, 1}, -2.0), 0.0);
  EXPECT_DOUBLE_EQ(agg(MIN, {0, 4}, {1, 1}), 0.0);
  // A zero with weight 0 does not count: geometric of 4 and 16 = 8.
  EXPECT_NEAR(agg(G, {0, 4, 16}, {0, 1, 1}), 8.0, 1e-12);
}

TEST(Aggregate, NegativeValues) {
  // Arithmetic and minimum are defined: (-2 + 4) / 2 = 1; min -2.
  EXPECT_DOUBLE_EQ(agg(A, {-2, 4}, {1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(agg(MIN, {-2, 4}, {1, 1}), -2.0);
  // The others are undefined: NaN (not assessable).
  EXPECT_TRUE(std::isnan(agg(G, {-2, 4}, {1, 1})));
  EXPECT_TRUE(std::isnan(agg(H, {-2, 4}, {1, 1})));
  EXPECT_TRUE(std::isnan(agg(P, {-2, 4}, {1, 1}, 2.0)));
  EXPECT_TRUE(std::isnan(agg(P, {-2, 4}, {1, 1}, 0.0)));
  EXPECT_TRUE(std::isnan(agg(P, {4, -2}, {1, 1}, 3.0)));
  // ... whatever the order and even next to a zero.
  EXPECT_TRUE(std::isnan(agg(G, {0, -1}, {1, 1})));
  EXPECT_TRUE(std::isnan(agg(H, {0, -1}, {1, 1})));
}

TEST(Aggregate, SingleValueIsItself) {
  for (Aggregation m : {A, G, H, MIN}) EXPECT_NEAR(agg(m, {42}, {0.3}), 42.0, 1e-12) << to_string(m);
  for (double p : {-3.0, -0.5, 0.5, 2.0, 7.0}) EXPECT_NEAR(agg(P, {42}, {2}, p), 42.0, 1e-10) << p;
}

TEST(Aggregate, PowerMeanIncreasesWithP) {
  // Property (the power-mean inequality): M_p is non-decreasing in p, and
  // min <= harmonic (p = -1) <= geometric (p = 0) <= arithmetic (p = 1).
  std::mt19937 rng(20240601);
  std::uniform_real_distribution<double> value(0.01, 100.0), weight(0.05, 5.0);
  std::uniform_int_distribution<int> size(1, 8);
  const std::vector<double> ps{-8, -3, -1, -0.5, 0, 0.5, 1, 2, 3, 8};
  for (int trial = 0; trial < 300; ++trial) {
    const int n = size(rng);
    std::vector<double> x(n), w(n);
    for (int i = 0; i < n; ++i) {
      x[i] = value(rng);
      w[i] = weight(rng);
    }
    double prev = -INFINITY;
    for (double p : ps) {
      const double m = agg(P, x, w, p);
      ASSERT_FALSE(std::isnan(m));
      EXPECT_GE(m, prev * (1 - 1e-12)) << "trial " << trial << ", p = " << p;
      prev = m;
    }
    const double mn = agg(MIN, x, w), h = agg(H, x, w), g = agg(G, x, w), a = agg(A, x, w);
    const double mx = *std::max_element(x.begin(), x.end());
    EXPECT_LE(mn, h * (1 + 1e-12)) << trial;
    EXPECT_LE(h, g * (1 + 1e-12)) << trial;
    EXPECT_LE(g, a * (1 + 1e-12)) << trial;
    EXPECT_LE(a, mx * (1 + 1e-12)) << trial;
    // p = -1, 0, 1 agree with the named means.
    EXPECT_NEAR(agg(P, x, w, -1.0), h, 1e-9 * h);
    EXPECT_NEAR(agg(P, x, w, 0.0), g, 1e-9 * g);
    EXPECT_NEAR(agg(P, x, w, 1.0), a, 1e-9 * a);
  }
}
