// Trends (trend.hpp): Statistics Canada's progress measure, the linear model,
// forecasts and the SDSN dashboard arrows.
#include <gtest/gtest.h>

#include <cmath>

#include "styrkort/strategy.hpp"
#include "styrkort/trend.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {
TrendInput input(double x0, double t0, double x, double t, double target = kNaN, double target_time = kNaN,
                 Direction d = Direction::higher_is_better, TrendModel m = TrendModel::cagr) {
  TrendInput in;
  in.direction = d;
  in.model = m;
  in.x0 = x0;
  in.t0 = t0;
  in.x = x;
  in.t = t;
  in.target = target;
  in.target_time = target_time;
  return in;
}
}  // namespace

// --------------------------------------------------------- with a target (CAGR)
// x0 = 100 in 2017, target 121 in 2019: required CAGR = (121/100)^(1/2) - 1 = 10 %.

TEST(Trend, CagrOnTrackRatioOne) {
  // x = 110 in 2018: observed 10 %, R = 0.10 / 0.10 = 1.0 -> on track.
  const auto r = progress_trend(input(100, 2017, 110, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 1.0, 1e-9);
  // Forecast: ln(121/110) / ln(1.1) = 1 year after 2018.
  EXPECT_NEAR(r.forecast, 2019.0, 1e-9);
}

TEST(Trend, CagrAccelerationNeeded) {
  // x = 108: observed 8 %, R = 0.8.
  const auto r = progress_trend(input(100, 2017, 108, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::acceleration_needed);
  EXPECT_NEAR(r.ratio, 0.8, 1e-9);
}

TEST(Trend, CagrLimitedProgress) {
  // x = 103: observed 3 %, R = 0.3.
  const auto r = progress_trend(input(100, 2017, 103, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::limited_progress);
  EXPECT_NEAR(r.ratio, 0.3, 1e-9);
}

TEST(Trend, CagrDeterioration) {
  // x = 98: observed -2 %, R = -0.2; no forecast (moving away).
  const auto r = progress_trend(input(100, 2017, 98, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::deterioration);
  EXPECT_NEAR(r.ratio, -0.2, 1e-9);
  EXPECT_TRUE(std::isnan(r.forecast));
}

TEST(Trend, CagrTargetAchieved) {
  const auto r = progress_trend(input(100, 2017, 121, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::target_achieved);
  EXPECT_EQ(progress_trend(input(100, 2017, 130, 2018, 121, 2019)).category, TrendCategory::target_achieved);
}

TEST(Trend, CagrLowerIsBetter) {
  // x0 = 100 in 2017, target 81 in 2019: required (0.81)^(1/2) - 1 = -10 %.
  // x = 90 in 2018: observed -10 %, R = 1 -> on track; forecast ln(81/90)/ln(0.9) = 1 -> 2019.
  const auto r = progress_trend(input(100, 2017, 90, 2018, 81, 2019, Direction::lower_is_better));
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 1.0, 1e-9);
  EXPECT_NEAR(r.forecast, 2019.0, 1e-9);
  // x = 105: observed +5 %, R = -0.5 -> deterioration.
  const auto d = progress_trend(input(100, 2017, 105, 2018, 81, 2019, Direction::lower_is_better));
  EXPECT_EQ(d.category, TrendCategory::deterioration);
  EXPECT_NEAR(d.ratio, -0.5, 1e-9);
  EXPECT_EQ(progress_trend(input(100, 2017, 80, 2018, 81, 2019, Direction::lower_is_better)).category,
            TrendCategory::target_achieved);
}

TEST(Trend, ForecastYear) {
  // x0 = 100 in 2017, x = 121 in 2019: CAGR (1.21)^(1/2) - 1 = 10 %.
  // Target 146.41 = 100 * 1.1^4 in 2025: from 121, ln(146.41/121)/ln(1.1) = ln(1.21)/ln(1.1) = 2 years -> 2021.
  // Required CAGR (1.4641)^(1/8) - 1 = 1.1^(1/2) - 1 = 4.88088 %, R = 0.1 / 0.0488088 = 2.04881 -> on track.
  const auto r = progress_trend(input(100, 2017, 121, 2019, 146.41, 2025));
  EXPECT_NEAR(r.forecast, 2021.0, 1e-9);
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 0.1 / (std::sqrt(1.1) - 1.0), 1e-9);
}

TEST(Trend, BaselineAlreadyMetTarget) {
  // x0 = 130 already above the target 121; x = 118 no longer meets it and fell: deterioration.
  const auto r = progress_trend(input(130, 2017, 118, 2018, 121, 2019));
  EXPECT_EQ(r.category, TrendCategory::deterioration);
}

TEST(Trend, NotAssessable) {
  EXPECT_EQ(progress_trend(input(kNaN, 2017, 110, 2018, 121, 2019)).category, TrendCategory::not_assessable);
  EXPECT_EQ(progress_trend(input(100, 2017, kNaN, 2018, 121, 2019)).category, TrendCategory::not_assessable);
  // No elapsed time.
  EXPECT_EQ(progress_trend(input(100, 2018, 110, 2018, 121, 2019)).category, TrendCategory::not_assessable);
  // Growth rates need positive values.
  EXPECT_EQ(progress_trend(input(0, 2017, 10, 2018, 121, 2019)).category, TrendCategory::not_assessable);
  EXPECT_EQ(progress_trend(input(-5, 2017, 10, 2018)).category, TrendCategory::not_assessable);
}

// --------------------------------------------------------- without a target

TEST(Trend, WithoutTargetCagrCutPoints) {
  // One year from 100: CAGR = x/100 - 1.
  const auto a = progress_trend(input(100, 2017, 102, 2018));  // 2 % >= 1.5 %
  EXPECT_EQ(a.category, TrendCategory::on_track);
  EXPECT_NEAR(a.ratio, 0.02, 1e-12);
  EXPECT_TRUE(std::isnan(a.forecast));
  const auto b = progress_trend(input(100, 2017, 101, 2018));  // 1 %: [0.5 %, 1.5 %)
  EXPECT_EQ(b.category, TrendCategory::acceleration_needed);
  EXPECT_NEAR(b.ratio, 0.01, 1e-12);
  const auto c = progress_trend(input(100, 2017, 100.2, 2018));  // 0.2 %: [0, 0.5 %)
  EXPECT_EQ(c.category, TrendCategory::limited_progress);
  EXPECT_NEAR(c.ratio, 0.002, 1e-12);
  const auto d = progress_trend(input(100, 2017, 99, 2018));  // -1 %
  EXPECT_EQ(d.category, TrendCategory::deterioration);
  EXPECT_NEAR(d.ratio, -0.01, 1e-12);
  // Two years, 100 -> 104.04 = 100 * 1.02^2: CAGR 2 %.
  EXPECT_NEAR(progress_trend(input(100, 2017, 104.04, 2019)).ratio, 0.02, 1e-12);
}

TEST(Trend, WithoutTargetLowerIsBetterIsDirected) {
  // 100 -> 98: CAGR -2 %, directed +2 % for lower is better -> on track.
  const auto r = progress_trend(input(100, 2017, 98, 2018, kNaN, kNaN, Direction::lower_is_better));
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 0.02, 1e-12);
  // 100 -> 101: directed -1 % -> deterioration.
  EXPECT_EQ(progress_trend(input(100, 2017, 101, 2018, kNaN, kNaN, Direction::lower_is_better)).category,
            TrendCategory::deterioration);
}

// --------------------------------------------------------- linear model

TEST(Trend, LinearWithTarget) {
  // x0 = 10 in 2017, target 30 in 2027: required (30 - 10)/10 = 2 per year.
  const TrendModel lin = TrendModel::linear;
  const Direction hi = Direction::higher_is_better;
  // x = 12 in 2018: observed 2/year, R = 1; forecast 2018 + (30 - 12)/2 = 2027.
  const auto a = progress_trend(input(10, 2017, 12, 2018, 30, 2027, hi, lin));
  EXPECT_EQ(a.category, TrendCategory::on_track);
  EXPECT_NEAR(a.ratio, 1.0, 1e-12);
  EXPECT_NEAR(a.forecast, 2027.0, 1e-9);
  // x = 11.5: 1.5/year, R = 0.75; forecast 2018 + 18.5/1.5 = 2030.3333.
  const auto b = progress_trend(input(10, 2017, 11.5, 2018, 30, 2027, hi, lin));
  EXPECT_EQ(b.category, TrendCategory::acceleration_needed);
  EXPECT_NEAR(b.ratio, 0.75, 1e-12);
  EXPECT_NEAR(b.forecast, 2018.0 + 18.5 / 1.5, 1e-9);
  // x = 8: -2/year, R = -1.
  const auto c = progress_trend(input(10, 2017, 8, 2018, 30, 2027, hi, lin));
  EXPECT_EQ(c.category, TrendCategory::deterioration);
  EXPECT_NEAR(c.ratio, -1.0, 1e-12);
  // The linear model needs no positive values: x0 = -10, target 10 in 2027 (2/year); x = -7 in 2018.
  const auto d = progress_trend(input(-10, 2017, -7, 2018, 10, 2027, hi, lin));
  EXPECT_NEAR(d.ratio, 1.5, 1e-12);  // 3 / 2
  EXPECT_EQ(d.category, TrendCategory::on_track);
}

TEST(Trend, LinearCutPointsAreInclusive) {
  // x0 = 0 in 2017, target 100 in 2027: required 10/year.
  const TrendModel lin = TrendModel::linear;
  const Direction hi = Direction::higher_is_better;
  EXPECT_EQ(progress_trend(input(0, 2017, 9.5, 2018, 100, 2027, hi, lin)).category,
            TrendCategory::on_track);  // R = 0.95
  EXPECT_EQ(progress_trend(input(0, 2017, 9.4, 2018, 100, 2027, hi, lin)).category, TrendCategory::acceleration_needed);
  EXPECT_EQ(progress_trend(input(0, 2017, 6, 2018, 100, 2027, hi, lin)).category,
            TrendCategory::acceleration_needed);  // R = 0.60
  EXPECT_EQ(progress_trend(input(0, 2017, 5.9, 2018, 100, 2027, hi, lin)).category, TrendCategory::limited_progress);
  EXPECT_EQ(progress_trend(input(0, 2017, 0, 2018, 100, 2027, hi, lin)).category,
            TrendCategory::limited_progress);  // R = 0
}

TEST(Trend, LinearLowerIsBetter) {
  // x0 = 50 in 2017, target 30 in 2027: required -2/year; x = 48 in 2018: R = 1,
  // forecast 2018 + (30 - 48)/(-2) = 2027.
  const auto r = progress_trend(input(50, 2017, 48, 2018, 30, 2027, Direction::lower_is_better, TrendModel::linear));
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 1.0, 1e-12);
  EXPECT_NEAR(r.forecast, 2027.0, 1e-9);
}

TEST(Trend, LinearWithoutTarget) {
  // Relative yearly change: (204 - 200)/1 / 200 = 2 % -> on track; (201 - 200)/200 = 0.5 % -> acceleration
  // needed; (199 - 200)/200 = -0.5 % -> deterioration.
  const Direction hi = Direction::higher_is_better;
  const TrendModel lin = TrendModel::linear;
  const auto a = progress_trend(input(200, 2017, 204, 2018, kNaN, kNaN, hi, lin));
  EXPECT_EQ(a.category, TrendCategory::on_track);
  EXPECT_NEAR(a.ratio, 0.02, 1e-12);
  EXPECT_EQ(progress_trend(input(200, 2017, 201.2, 2018, kNaN, kNaN, hi, lin)).category,
            TrendCategory::acceleration_needed);  // 0.6 %
  EXPECT_EQ(progress_trend(input(200, 2017, 199, 2018, kNaN, kNaN, hi, lin)).category, TrendCategory::deterioration);
}

TEST(Trend, BandDistanceShrinks) {
  // band [2, 3]: x0 = 6 (distance 3) in 2017, x = 5 (distance 2) in 2018, target period 2020:
  // the distance must fall 3 in 3 years (1/year) and fell 1/year: R = 1, forecast 2018 + 2/1 = 2020.
  TrendInput in = input(6, 2017, 5, 2018, 2.5, 2020, Direction::band);
  in.band_low = 2;
  in.band_high = 3;
  const auto r = progress_trend(in);
  EXPECT_EQ(r.category, TrendCategory::on_track);
  EXPECT_NEAR(r.ratio, 1.0, 1e-12);
  EXPECT_NEAR(r.forecast, 2020.0, 1e-9);
  in.x = 2.5;  // inside the band
  EXPECT_EQ(progress_trend(in).category, TrendCategory::target_achieved);
}

// --------------------------------------------------------- SDG arrows

TEST(Trend, SdgArrowsHigherIsBetter) {
  // Start 50 in 2015, green 80 by 2030: needed (80 - 50)/15 = 2/year; now 2020.
  const Direction d = Direction::higher_is_better;
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 60, 2020, 80, 2030), Arrow::on_track);              // 2/year: 100 %
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 62, 2020, 80, 2030), Arrow::on_track);              // 2.4/year
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 57.5, 2020, 80, 2030), Arrow::moderately_improving);  // 1.5/year: 75 %
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 55, 2020, 80, 2030), Arrow::moderately_improving);    // 1/year: 50 %
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 52, 2020, 80, 2030), Arrow::stagnating);              // 0.4/year: 20 %
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 50, 2020, 80, 2030), Arrow::stagnating);              // 0
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 45, 2020, 80, 2030), Arrow::decreasing);              // -1/year
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 85, 2020, 80, 2030), Arrow::on_track);              // above green
}

TEST(Trend, SdgArrowsMaintainingAboveGreen) {
  // Above the green threshold at the start and now, even though it fell a little: maintaining.
  EXPECT_EQ(sdg_arrow(Direction::higher_is_better, 90, 2015, 85, 2020, 80, 2030), Arrow::on_track);
  EXPECT_EQ(sdg_arrow(Direction::lower_is_better, 5, 2015, 7, 2020, 10, 2030), Arrow::on_track);
  // Fell below it: decreasing.
  EXPECT_EQ(sdg_arrow(Direction::higher_is_better, 90, 2015, 75, 2020, 80, 2030), Arrow::decreasing);
}

TEST(Trend, SdgArrowsLowerIsBetter) {
  // Start 40 in 2015, green 10 by 2030: needed (40 - 10)/15 = 2/year downward.
  const Direction d = Direction::lower_is_better;
  EXPECT_EQ(sdg_arrow(d, 40, 2015, 30, 2020, 10, 2030), Arrow::on_track);              // -2/year
  EXPECT_EQ(sdg_arrow(d, 40, 2015, 34, 2020, 10, 2030), Arrow::moderately_improving);  // -1.2/year: 60 %
  EXPECT_EQ(sdg_arrow(d, 40, 2015, 36, 2020, 10, 2030), Arrow::stagnating);            // -0.8/year: 40 %
  EXPECT_EQ(sdg_arrow(d, 40, 2015, 42, 2020, 10, 2030), Arrow::decreasing);            // worse
  EXPECT_EQ(sdg_arrow(d, 40, 2015, 8, 2020, 10, 2030), Arrow::on_track);               // below green
}

TEST(Trend, SdgArrowsNotAssessable) {
  const Direction d = Direction::higher_is_better;
  EXPECT_EQ(sdg_arrow(d, kNaN, 2015, 60, 2020, 80, 2030), Arrow::not_assessable);
  EXPECT_EQ(sdg_arrow(d, 50, 2015, kNaN, 2020, 80, 2030), Arrow::not_assessable);
  EXPECT_EQ(sdg_arrow(d, 50, 2015, 60, 2020, kNaN, 2030), Arrow::not_assessable);
  EXPECT_EQ(sdg_arrow(d, 50, 2020, 60, 2020, 80, 2030), Arrow::not_assessable);  // no elapsed time
  EXPECT_EQ(sdg_arrow(Direction::band, 50, 2015, 60, 2020, 80, 2030), Arrow::not_assessable);
}
