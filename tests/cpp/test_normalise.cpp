// Normalisations (normalise.hpp) with values computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "styrkort/normalise.hpp"
#include "styrkort/strategy.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {
const Direction kHigher = Direction::higher_is_better;
const Direction kLower = Direction::lower_is_better;

std::vector<double> across(Normalisation m, const std::vector<double>& g) {
  std::vector<double> out(g.size(), -12345.0);
  normalise_across(m, g.data(), out.data(), g.size());
  return out;
}
}  // namespace

// ------------------------------------------------------------------ helpers

TEST(Normalise, MeetsTarget) {
  EXPECT_TRUE(meets_target(10, 10, kHigher));
  EXPECT_TRUE(meets_target(11, 10, kHigher));
  EXPECT_FALSE(meets_target(9, 10, kHigher));
  EXPECT_TRUE(meets_target(10, 10, kLower));
  EXPECT_TRUE(meets_target(9, 10, kLower));
  EXPECT_FALSE(meets_target(11, 10, kLower));
}

TEST(Normalise, BandDistanceAndGoodness) {
  EXPECT_DOUBLE_EQ(band_distance(2.5, 2, 3), 0.0);
  EXPECT_DOUBLE_EQ(band_distance(2.0, 2, 3), 0.0);
  EXPECT_DOUBLE_EQ(band_distance(1.5, 2, 3), 0.5);   // 2 - 1.5
  EXPECT_DOUBLE_EQ(band_distance(4.25, 2, 3), 1.25); // 4.25 - 3
  EXPECT_DOUBLE_EQ(goodness(7, kHigher, kNaN, kNaN), 7.0);
  EXPECT_DOUBLE_EQ(goodness(7, kLower, kNaN, kNaN), -7.0);
  EXPECT_DOUBLE_EQ(goodness(4.25, Direction::band, 2, 3), -1.25);
  EXPECT_DOUBLE_EQ(goodness(2.5, Direction::band, 2, 3), 0.0);
}

// ------------------------------------------------------------------ progress

TEST(Normalise, ProgressHigherIsBetter) {
  // x0 = 20, target = 70: 100 (45 - 20) / (70 - 20) = 100 * 25/50 = 50.
  EXPECT_DOUBLE_EQ(normalise_progress(45, 20, 70, kHigher), 50.0);
  // 100 (30 - 20) / 50 = 20.
  EXPECT_DOUBLE_EQ(normalise_progress(30, 20, 70, kHigher), 20.0);
  // Beyond the target: capped to 100; below the baseline: capped to 0.
  EXPECT_DOUBLE_EQ(normalise_progress(80, 20, 70, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(70, 20, 70, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(10, 20, 70, kHigher), 0.0);
  EXPECT_DOUBLE_EQ(normalise_progress(20, 20, 70, kHigher), 0.0);
}

TEST(Normalise, ProgressLowerIsBetter) {
  // x0 = 50, target = 10: 100 (30 - 50) / (10 - 50) = 100 * (-20)/(-40) = 50.
  EXPECT_DOUBLE_EQ(normalise_progress(30, 50, 10, kLower), 50.0);
  // 100 (45 - 50) / (-40) = 12.5.
  EXPECT_DOUBLE_EQ(normalise_progress(45, 50, 10, kLower), 12.5);
  EXPECT_DOUBLE_EQ(normalise_progress(5, 50, 10, kLower), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(60, 50, 10, kLower), 0.0);
}

TEST(Normalise, ProgressBaselineAlreadyBeyondTarget) {
  // Higher is better, x0 = 80 already above the target 70: 100 while x still
  // meets the target, 0 when it no longer does (never a negative or >100 ratio).
  EXPECT_DOUBLE_EQ(normalise_progress(75, 80, 70, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(70, 80, 70, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(65, 80, 70, kHigher), 0.0);
  // Lower is better, x0 = 5 already below the target 10.
  EXPECT_DOUBLE_EQ(normalise_progress(8, 5, 10, kLower), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(12, 5, 10, kLower), 0.0);
  // Baseline exactly at the target (target - x0 = 0: no division by zero).
  EXPECT_DOUBLE_EQ(normalise_progress(70, 70, 70, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_progress(69, 70, 70, kHigher), 0.0);
}

TEST(Normalise, ProgressMissing) {
  EXPECT_TRUE(std::isnan(normalise_progress(kNaN, 20, 70, kHigher)));
  EXPECT_TRUE(std::isnan(normalise_progress(45, kNaN, 70, kHigher)));
}

// ------------------------------------------------------------------ ratio

TEST(Normalise, Ratio) {
  // 100 * 30 / 40 = 75.
  EXPECT_DOUBLE_EQ(normalise_ratio(30, 40, kHigher), 75.0);
  // 100 * 50 / 40 = 125 -> capped to 100.
  EXPECT_DOUBLE_EQ(normalise_ratio(50, 40, kHigher), 100.0);
  EXPECT_DOUBLE_EQ(normalise_ratio(0, 40, kHigher), 0.0);
  EXPECT_DOUBLE_EQ(normalise_ratio(-5, 40, kHigher), 0.0);  // capped
  EXPECT_TRUE(std::isnan(normalise_ratio(kNaN, 40, kHigher)));
}

TEST(Normalise, RatioLowerIsBetter) {
  // 100 * target / x = 100 * 20 / 25 = 80.
  EXPECT_DOUBLE_EQ(normalise_ratio(25, 20, kLower), 80.0);
  // 100 * 20 / 80 = 25.
  EXPECT_DOUBLE_EQ(normalise_ratio(80, 20, kLower), 25.0);
  // 100 * 20 / 10 = 200 -> capped to 100; x = 0 is best possible.
  EXPECT_DOUBLE_EQ(normalise_ratio(10, 20, kLower), 100.0);
  EXPECT_DOUBLE_EQ(normalise_ratio(0, 20, kLower), 100.0);
}

// ------------------------------------------------------------------ bounded

TEST(Normalise, BoundedManyAsOneByOne) {
  // normalise_bounded_many (two at a time where SSE2 is there) against
  // normalise_bounded, with the caps as flags (1 beyond worst, 2 beyond best):
  // on and around the bounds, between them, NaN, -0, values whose difference
  // from a bound is beyond a double (the halved form), bounds whose span is,
  // falling bounds, odd counts.
  const double big = 1.7e308;
  const std::vector<std::pair<double, double>> bounds{{0, 100},    {0.1, 0.3},  {7.7, 1.9},      {-50, 50},
                                                      {-big, big}, {big, -big}, {1e-300, 2e-300}};
  for (const auto& [worst, best] : bounds) {
    std::vector<double> x{kNaN, -0.0, 0.0, worst, best, big, -big, 1e308, -1e308, 0.5 * (worst + best)};
    for (double f : {-0.5, -1e-12, 1e-12, 0.25, 0.999999, 1.0 + 1e-12, 1.5}) x.push_back(worst + f * (best - worst));
    for (std::size_t n : {x.size(), x.size() - 1, std::size_t{1}, std::size_t{0}}) {
      std::vector<double> score(n + 1, -7.0);
      std::vector<std::uint8_t> flags(n + 1, 4);  // a flag set before stays set
      normalise_bounded_many(x.data(), n, worst, best, score.data(), flags.data(), 1, 2);
      for (std::size_t k = 0; k < n; ++k) {
        const double want = normalise_bounded(x[k], worst, best);
        if (std::isnan(want)) EXPECT_TRUE(std::isnan(score[k])) << x[k];
        else EXPECT_EQ(score[k], want) << "value " << x[k] << " bounds " << worst << ", " << best;
        EXPECT_EQ(std::signbit(score[k]), std::signbit(want)) << x[k];
        const bool rising = best > worst;
        const int cap = (rising ? x[k] < worst : x[k] > worst) ? 1 : (rising ? x[k] > best : x[k] < best) ? 2 : 0;
        EXPECT_EQ(flags[k], 4 | cap) << "value " << x[k] << " bounds " << worst << ", " << best;
      }
      EXPECT_EQ(score[n], -7.0);  // nothing written past n
      EXPECT_EQ(flags[n], 4);
    }
  }
  // and by hand: bounds 10..60, values 35, 70, 0, 60
  const double v[4] = {35, 70, 0, 60};
  double s[4];
  std::uint8_t f[4] = {0, 0, 0, 0};
  normalise_bounded_many(v, 4, 10, 60, s, f, 1, 2);
  EXPECT_EQ(std::vector<double>(s, s + 4), (std::vector<double>{50, 100, 0, 100}));
  EXPECT_EQ(std::vector<std::uint8_t>(f, f + 4), (std::vector<std::uint8_t>{0, 2, 1, 0}));
}

TEST(Normalise, BoundedCapped) {
  // worst 10, best 60: 100 (35 - 10) / 50 = 50.
  EXPECT_DOUBLE_EQ(normalise_bounded(35, 10, 60), 50.0);
  // 100 (22.5 - 10) / 50 = 25.
  EXPECT_DOUBLE_EQ(normalise_bounded(22.5, 10, 60), 25.0);
  EXPECT_DOUBLE_EQ(normalise_bounded(70, 10, 60), 100.0);  // above best: 120 -> 100
  EXPECT_DOUBLE_EQ(normalise_bounded(0, 10, 60), 0.0);     // below worst: -20 -> 0
  EXPECT_DOUBLE_EQ(normalise_bounded(10, 10, 60), 0.0);
  EXPECT_DOUBLE_EQ(normalise_bounded(60, 10, 60), 100.0);
  // Lower is better (best < worst): worst 60, best 10: 100 (20 - 60)/(10 - 60) = 80.
  EXPECT_DOUBLE_EQ(normalise_bounded(20, 60, 10), 80.0);
  EXPECT_DOUBLE_EQ(normalise_bounded(5, 60, 10), 100.0);
  EXPECT_DOUBLE_EQ(normalise_bounded(65, 60, 10), 0.0);
  EXPECT_TRUE(std::isnan(normalise_bounded(kNaN, 10, 60)));
}

// ------------------------------------------------------------------ band

TEST(Normalise, BandWithTolerance) {
  // band [2, 3], tolerance 1: 100 inside, 100 (1 - d/1) at distance d outside.
  EXPECT_DOUBLE_EQ(normalise_band(2.5, 2, 3, 1), 100.0);
  EXPECT_DOUBLE_EQ(normalise_band(2.0, 2, 3, 1), 100.0);
  EXPECT_DOUBLE_EQ(normalise_band(3.0, 2, 3, 1), 100.0);
  EXPECT_DOUBLE_EQ(normalise_band(3.25, 2, 3, 1), 75.0);  // d = 0.25
  EXPECT_DOUBLE_EQ(normalise_band(1.5, 2, 3, 1), 50.0);   // d = 0.5
  EXPECT_DOUBLE_EQ(normalise_band(4.0, 2, 3, 1), 0.0);    // d = tolerance
  EXPECT_DOUBLE_EQ(normalise_band(7.0, 2, 3, 1), 0.0);    // beyond: 0, not negative
  // tolerance 4: d = 1 -> 100 (1 - 1/4) = 75.
  EXPECT_DOUBLE_EQ(normalise_band(1.0, 2, 3, 4), 75.0);
  EXPECT_TRUE(std::isnan(normalise_band(kNaN, 2, 3, 1)));
}

// ------------------------------------------------------------------ across units

TEST(Normalise, MinMaxSkipsNaN) {
  // min 2, max 6: 100 (g - 2) / 4 -> 0, NaN, 100, 50.
  const auto s = across(Normalisation::minmax, {2, kNaN, 6, 4});
  EXPECT_DOUBLE_EQ(s[0], 0.0);
  EXPECT_TRUE(std::isnan(s[1]));
  EXPECT_DOUBLE_EQ(s[2], 100.0);
  EXPECT_DOUBLE_EQ(s[3], 50.0);
}

TEST(Normalise, MinMaxDegenerate) {
  for (double v : across(Normalisation::minmax, {3, 3, kNaN})) EXPECT_TRUE(std::isnan(v));
  for (double v : across(Normalisation::minmax, {3})) EXPECT_TRUE(std::isnan(v));
  for (double v : across(Normalisation::minmax, {kNaN, kNaN})) EXPECT_TRUE(std::isnan(v));
  EXPECT_TRUE(across(Normalisation::minmax, {}).empty());
}

TEST(Normalise, ZScoreSampleSd) {
  // g = 2, 4, 6, 8 (and a NaN): mean 5; squared deviations 9 + 1 + 1 + 9 = 20;
  // sample sd = sqrt(20 / 3) = 2.5819889; z(2) = -3 / 2.5819889 = -1.1618950,
  // z(4) = -0.3872983. (With the population sd sqrt(5) it would be -1.3416.)
  const auto z = across(Normalisation::zscore, {2, 4, kNaN, 6, 8});
  EXPECT_NEAR(z[0], -1.1618950038622, 1e-9);
  EXPECT_NEAR(z[1], -0.3872983346207, 1e-9);
  EXPECT_TRUE(std::isnan(z[2]));
  EXPECT_NEAR(z[3], 0.3872983346207, 1e-9);
  EXPECT_NEAR(z[4], 1.1618950038622, 1e-9);
  // Two values 1, 3: mean 2, sd = sqrt((1 + 1)/1) = sqrt(2); z = -1/sqrt(2), +1/sqrt(2).
  const auto z2 = across(Normalisation::zscore, {1, 3});
  EXPECT_NEAR(z2[0], -std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(z2[1], std::sqrt(0.5), 1e-12);
}

TEST(Normalise, ZScoreDegenerate) {
  for (double v : across(Normalisation::zscore, {5})) EXPECT_TRUE(std::isnan(v));           // n < 2
  for (double v : across(Normalisation::zscore, {5, kNaN})) EXPECT_TRUE(std::isnan(v));     // n < 2
  for (double v : across(Normalisation::zscore, {3, 3, 3})) EXPECT_TRUE(std::isnan(v));     // sd = 0
}

TEST(Normalise, RankTiesMin) {
  // g = 10, 20, 20, 5, NaN: sorted 5 (1), 10 (2), 20 and 20 (both 3, ties.method = "min").
  const auto r = across(Normalisation::rank, {10, 20, 20, 5, kNaN});
  EXPECT_DOUBLE_EQ(r[0], 2.0);
  EXPECT_DOUBLE_EQ(r[1], 3.0);
  EXPECT_DOUBLE_EQ(r[2], 3.0);
  EXPECT_DOUBLE_EQ(r[3], 1.0);
  EXPECT_TRUE(std::isnan(r[4]));
  // Ties at the bottom: 1, 1, 2 -> 1, 1, 3.
  const auto r2 = across(Normalisation::rank, {1, 1, 2});
  EXPECT_DOUBLE_EQ(r2[0], 1.0);
  EXPECT_DOUBLE_EQ(r2[1], 1.0);
  EXPECT_DOUBLE_EQ(r2[2], 3.0);
  // One value: rank 1.
  EXPECT_DOUBLE_EQ(across(Normalisation::rank, {kNaN, 7})[1], 1.0);
}

TEST(Normalise, PercentileRank) {
  // Same data, n = 4 present: 100 (rank - 1) / 3 -> 10: 33.33, 20: 66.67, 5: 0.
  const auto p = across(Normalisation::percentile_rank, {10, 20, 20, 5, kNaN});
  EXPECT_NEAR(p[0], 100.0 / 3.0, 1e-12);
  EXPECT_NEAR(p[1], 200.0 / 3.0, 1e-12);
  EXPECT_NEAR(p[2], 200.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(p[3], 0.0);
  EXPECT_TRUE(std::isnan(p[4]));
  // 1, 2, 3: 0, 50, 100.
  const auto q = across(Normalisation::percentile_rank, {3, 1, 2});
  EXPECT_DOUBLE_EQ(q[0], 100.0);
  EXPECT_DOUBLE_EQ(q[1], 0.0);
  EXPECT_DOUBLE_EQ(q[2], 50.0);
  // n < 2: NaN.
  for (double v : across(Normalisation::percentile_rank, {kNaN, 4})) EXPECT_TRUE(std::isnan(v));
}

TEST(Normalise, AcrossUsesGoodnessForLowerIsBetter) {
  // Lower is better: goodness -x; x = 1, 3, 5 -> g = -1, -3, -5 -> minmax 100, 50, 0.
  std::vector<double> g;
  for (double x : {1.0, 3.0, 5.0}) g.push_back(goodness(x, kLower, kNaN, kNaN));
  const auto s = across(Normalisation::minmax, g);
  EXPECT_DOUBLE_EQ(s[0], 100.0);
  EXPECT_DOUBLE_EQ(s[1], 50.0);
  EXPECT_DOUBLE_EQ(s[2], 0.0);
  const auto r = across(Normalisation::rank, g);
  EXPECT_DOUBLE_EQ(r[0], 3.0);  // the best has the highest rank (1 = worst)
  EXPECT_DOUBLE_EQ(r[2], 1.0);
}
