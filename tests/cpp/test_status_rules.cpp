// Status rules (status_rules.hpp): score bands, SDSN dashboard thresholds and
// node rules on the children's colours.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "styrkort/status_rules.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {
const Status R = Status::red, O = Status::orange, Y = Status::yellow, G = Status::green, NA = Status::not_assessable,
             NP = Status::not_applicable;

StatusRule bands(double green, double yellow, double orange = kNaN) {
  return {StatusMethod::score_bands, green, yellow, orange, kNaN};
}
StatusRule dashboard(double green, double red) { return {StatusMethod::sdg_dashboard, green, kNaN, kNaN, red}; }
StatusRule node_rule(StatusMethod m, double green = kNaN, double yellow = kNaN) {
  return {m, green, yellow, kNaN, kNaN};
}
Status children(const StatusRule& r, const std::vector<Status>& s) {
  return status_from_children(r, s.data(), s.size());
}
}  // namespace

// ------------------------------------------------------------ score_bands

TEST(StatusRules, ScoreBandsWithoutOrange) {
  const StatusRule r = bands(75, 50);
  EXPECT_EQ(status_from_score(r, 100), G);
  EXPECT_EQ(status_from_score(r, 75), G);  // >= green
  EXPECT_EQ(status_from_score(r, 74.99), Y);
  EXPECT_EQ(status_from_score(r, 50), Y);  // >= yellow
  EXPECT_EQ(status_from_score(r, 49.99), R);
  EXPECT_EQ(status_from_score(r, 10), R);  // no orange band: straight to red
  EXPECT_EQ(status_from_score(r, 0), R);
  EXPECT_EQ(status_from_score(r, kNaN), NA);
}

TEST(StatusRules, ManyScoresGetTheColoursOfOneByOne) {
  // statuses_from_scores (two at a time where SSE2 is there) against
  // status_from_score: on and within the tolerance of each threshold, between
  // them, NaN, odd counts (the last score alone), with and without orange.
  const double tol = kThresholdTolerance * kScoreScale;
  for (const StatusRule& r : {bands(75, 50), bands(75, 50, 25), bands(90.5, 60.25, 0.125)}) {
    std::vector<double> scores{kNaN, 0.0, 100.0, -0.0, 1e-300};
    for (double t : {r.green, r.yellow, r.orange})
      if (!std::isnan(t))
        for (double d : {-2 * tol, -tol, -tol / 2, 0.0, tol / 2, tol, 1e-3, -1e-3}) scores.push_back(t + d);
    for (int k = 0; k <= 200; ++k) scores.push_back(0.5 * k);
    for (std::size_t n : {scores.size(), scores.size() - 1, std::size_t{1}, std::size_t{0}}) {
      std::vector<std::int8_t> got(n + 1, 99);
      statuses_from_scores(r, scores.data(), got.data(), n);
      for (std::size_t k = 0; k < n; ++k)
        EXPECT_EQ(static_cast<Status>(got[k]), status_from_score(r, scores[k])) << "score " << scores[k];
      EXPECT_EQ(got[n], 99);  // nothing written past n
    }
  }
  // and the colours themselves
  const double s[5] = {80, 60, 30, 10, kNaN};
  std::int8_t out[5];
  statuses_from_scores(bands(75, 50, 25), s, out, 5);
  EXPECT_EQ(std::vector<std::int8_t>(out, out + 5), (std::vector<std::int8_t>{3, 2, 1, 0, 4}));
  statuses_from_scores(bands(75, 50), s, out, 5);
  EXPECT_EQ(std::vector<std::int8_t>(out, out + 5), (std::vector<std::int8_t>{3, 2, 0, 0, 4}));
}

TEST(StatusRules, ScoreBandsWithOrange) {
  const StatusRule r = bands(75, 50, 25);
  EXPECT_EQ(status_from_score(r, 80), G);
  EXPECT_EQ(status_from_score(r, 60), Y);
  EXPECT_EQ(status_from_score(r, 49), O);
  EXPECT_EQ(status_from_score(r, 25), O);
  EXPECT_EQ(status_from_score(r, 24.9), R);
  EXPECT_EQ(status_from_score(r, kNaN), NA);
}

// ------------------------------------------------------------ sdg_dashboard

TEST(StatusRules, SdgDashboardHigherIsBetter) {
  // green 80, red 40, midpoint 60.
  const StatusRule r = dashboard(80, 40);
  const Direction d = Direction::higher_is_better;
  EXPECT_EQ(status_from_value(r, 95, d), G);
  EXPECT_EQ(status_from_value(r, 80, d), G);
  EXPECT_EQ(status_from_value(r, 70, d), Y);  // green side of the midpoint
  EXPECT_EQ(status_from_value(r, 60, d), Y);  // the midpoint itself
  EXPECT_EQ(status_from_value(r, 59.9, d), O);
  EXPECT_EQ(status_from_value(r, 50, d), O);  // red side of the midpoint
  EXPECT_EQ(status_from_value(r, 40, d), O);  // on the red threshold: the better colour, as SDSN
  EXPECT_EQ(status_from_value(r, 39.9, d), R);
  EXPECT_EQ(status_from_value(r, 10, d), R);
  EXPECT_EQ(status_from_value(r, kNaN, d), NA);
}

TEST(StatusRules, SdgDashboardLowerIsBetter) {
  // green 10, red 30, midpoint 20.
  const StatusRule r = dashboard(10, 30);
  const Direction d = Direction::lower_is_better;
  EXPECT_EQ(status_from_value(r, 5, d), G);
  EXPECT_EQ(status_from_value(r, 10, d), G);
  EXPECT_EQ(status_from_value(r, 15, d), Y);
  EXPECT_EQ(status_from_value(r, 20, d), Y);  // the midpoint: the same side as for higher_is_better
  EXPECT_EQ(status_from_value(r, 20.1, d), O);
  EXPECT_EQ(status_from_value(r, 25, d), O);
  EXPECT_EQ(status_from_value(r, 30, d), O);  // on the red threshold: the better colour
  EXPECT_EQ(status_from_value(r, 30.1, d), R);
  EXPECT_EQ(status_from_value(r, 35, d), R);
  EXPECT_EQ(status_from_value(r, kNaN, d), NA);
}

TEST(StatusRules, SdgDashboardDirectionsMirror) {
  // Property: x with (g, r) higher-is-better has the status of -x with (-g, -r) lower-is-better.
  const StatusRule hi = dashboard(80, 40), lo = dashboard(-80, -40);
  for (double x = 30; x <= 90; x += 2.5)
    EXPECT_EQ(status_from_value(hi, x, Direction::higher_is_better),
              status_from_value(lo, -x, Direction::lower_is_better))
        << x;
}

// ------------------------------------------------------------ share_green

TEST(StatusRules, ShareGreen) {
  const StatusRule r = node_rule(StatusMethod::share_green, 0.5, 0.25);
  EXPECT_EQ(children(r, {G, G, R, R}), G);  // 2/4 = 0.5 >= 0.5
  EXPECT_EQ(children(r, {G, Y, R, R}), Y);  // green 1/4 < 0.5; at least yellow 2/4 >= 0.25
  EXPECT_EQ(children(r, {Y, R, R, R}), Y);  // at least yellow 1/4 = 0.25
  EXPECT_EQ(children(r, {O, R, R, R}), R);  // orange is not "at least yellow"
  EXPECT_EQ(children(r, {G, O, O, O, O}), R);  // green 1/5, at least yellow 1/5 < 0.25
  EXPECT_EQ(children(r, {G, G, G}), G);
}

TEST(StatusRules, ShareGreenLeavesOutNotAssessable) {
  const StatusRule r = node_rule(StatusMethod::share_green, 0.5, 0.25);
  // Only G and R count: 1/2 green -> green. Counting NA/NP as red would give 1/4 -> yellow.
  EXPECT_EQ(children(r, {G, NA, NP, R}), G);
  // Only R and O count: no green, no yellow -> red; with NA counted nothing would change here
  // but the share would be 0/4.
  EXPECT_EQ(children(r, {NA, R, O}), R);
  EXPECT_EQ(children(r, {NA, NA}), NA);
  EXPECT_EQ(children(r, {NP}), NA);
  EXPECT_EQ(children(r, {}), NA);
}

TEST(StatusRules, ShareGreenWithoutYellowThreshold) {
  // Without a yellow share the rule is green or red.
  const StatusRule r = node_rule(StatusMethod::share_green, 2.0 / 3.0);
  EXPECT_EQ(children(r, {G, G, Y}), G);  // 2/3 >= 2/3
  EXPECT_EQ(children(r, {G, Y, Y}), R);
}

// ------------------------------------------------------------ worst

TEST(StatusRules, Worst) {
  const StatusRule r = node_rule(StatusMethod::worst);
  EXPECT_EQ(children(r, {G, Y, O}), O);
  EXPECT_EQ(children(r, {G, G}), G);
  EXPECT_EQ(children(r, {Y, R, G}), R);
  EXPECT_EQ(children(r, {G, NA, NP}), G);  // not assessable / applicable are not colours
  EXPECT_EQ(children(r, {NA, NP}), NA);
}

// ------------------------------------------------------------ two_worst

TEST(StatusRules, TwoWorstPairs) {
  const StatusRule r = node_rule(StatusMethod::two_worst);
  EXPECT_EQ(children(r, {G, G}), G);  // both green -> green
  EXPECT_EQ(children(r, {R, R}), R);  // both red -> red
  EXPECT_EQ(children(r, {R, G}), O);  // floor((0 + 3) / 2) = 1 orange
  EXPECT_EQ(children(r, {G, R}), O);
  EXPECT_EQ(children(r, {Y, G}), Y);  // floor((2 + 3) / 2) = 2 yellow
  EXPECT_EQ(children(r, {O, Y}), O);  // floor((1 + 2) / 2) = 1 orange
  EXPECT_EQ(children(r, {Y, Y}), Y);
  EXPECT_EQ(children(r, {O, O}), O);
  EXPECT_EQ(children(r, {R, Y}), O);  // floor((0 + 2) / 2) = 1 orange
  EXPECT_EQ(children(r, {R, O}), O);  // floor(1/2) = 0 red -> orange (red only if both are red)
}

TEST(StatusRules, TwoWorstPicksTheTwoWorstOfMany) {
  const StatusRule r = node_rule(StatusMethod::two_worst);
  EXPECT_EQ(children(r, {G, G, G, G}), G);
  EXPECT_EQ(children(r, {G, Y, G, G}), Y);  // two worst: Y, G
  EXPECT_EQ(children(r, {G, G, R, R}), R);  // two worst: R, R
  EXPECT_EQ(children(r, {G, R, G, G}), O);  // two worst: R, G
  EXPECT_EQ(children(r, {Y, O, G, Y}), O);  // two worst: O, Y
  EXPECT_EQ(children(r, {R, G, Y, Y}), O);  // two worst: R, Y
  EXPECT_EQ(children(r, {Y, Y, G, O}), O);  // two worst: O, Y
}

TEST(StatusRules, TwoWorstLeavesOutNotAssessable) {
  const StatusRule r = node_rule(StatusMethod::two_worst);
  EXPECT_EQ(children(r, {G, NA, G, NP}), G);  // the two worst colours are G, G
  EXPECT_EQ(children(r, {R, NA, R}), R);
  EXPECT_EQ(children(r, {Y, NA}), Y);         // a single assessed child gives its own colour
  EXPECT_EQ(children(r, {NA, NP}), NA);
}

// ------------------------------------------------------------ SDSN dashboard positions

TEST(StatusRules, DashboardPositionHigherIsBetter) {
  // worst 0, red 40, (midpoint 60), green 80, best 100; linear within each band.
  const Direction d = Direction::higher_is_better;
  auto pos = [&](double x) { return dashboard_position(x, d, 0, 40, 80, 100); };
  EXPECT_DOUBLE_EQ(pos(-10), 0.0);  // below worst: clamped
  EXPECT_DOUBLE_EQ(pos(0), 0.0);
  EXPECT_DOUBLE_EQ(pos(20), 0.5);   // (20 - 0)/40
  EXPECT_DOUBLE_EQ(pos(40), 1.0);   // on the red threshold: still red
  EXPECT_DOUBLE_EQ(pos(50), 1.5);   // 1 + (50 - 40)/20
  EXPECT_DOUBLE_EQ(pos(60), 2.0);   // the midpoint starts yellow
  EXPECT_DOUBLE_EQ(pos(70), 2.5);   // 2 + (70 - 60)/20
  EXPECT_DOUBLE_EQ(pos(80), 3.0);   // the green threshold
  EXPECT_DOUBLE_EQ(pos(90), 3.5);   // 3 + (90 - 80)/20
  EXPECT_DOUBLE_EQ(pos(100), 4.0);
  EXPECT_DOUBLE_EQ(pos(120), 4.0);  // above best: clamped
  EXPECT_TRUE(std::isnan(pos(kNaN)));
  // Without bounds the outer bands sit in their middle.
  EXPECT_DOUBLE_EQ(dashboard_position(20, d, kNaN, 40, 80, kNaN), 0.5);
  EXPECT_DOUBLE_EQ(dashboard_position(95, d, kNaN, 40, 80, kNaN), 3.5);
}

TEST(StatusRules, DashboardPositionLowerIsBetter) {
  // worst 100, red 60, (midpoint 40), green 20, best 0.
  const Direction d = Direction::lower_is_better;
  auto pos = [&](double x) { return dashboard_position(x, d, 100, 60, 20, 0); };
  EXPECT_DOUBLE_EQ(pos(80), 0.5);  // (100 - 80)/40
  EXPECT_DOUBLE_EQ(pos(60), 1.0);
  EXPECT_DOUBLE_EQ(pos(50), 1.5);
  EXPECT_DOUBLE_EQ(pos(40), 2.0);
  EXPECT_DOUBLE_EQ(pos(30), 2.5);
  EXPECT_DOUBLE_EQ(pos(20), 3.0);
  EXPECT_DOUBLE_EQ(pos(10), 3.5);
  EXPECT_DOUBLE_EQ(pos(0), 4.0);
}

TEST(StatusRules, DashboardPositionAgreesWithColour) {
  // Property: the position's band is the colour status_from_value gives.
  const StatusRule r = dashboard(80, 40);
  for (double x = -5; x <= 105; x += 0.5) {
    const double p = dashboard_position(x, Direction::higher_is_better, 0, 40, 80, 100);
    const Status s = status_from_value(r, x, Direction::higher_is_better);
    const int band = p >= 3 ? 3 : p >= 2 ? 2 : p >= 1 ? 1 : 0;  // the red threshold is orange's bottom
    EXPECT_EQ(band, static_cast<int>(s)) << "x = " << x << ", position " << p;
  }
}

TEST(StatusRules, TwoWorstWithPositions) {
  const StatusRule r = node_rule(StatusMethod::two_worst);
  auto two = [&](std::vector<Status> s, std::vector<double> p) {
    return status_from_children(r, s.data(), s.size(), p.data());
  };
  // red at 0.975 and green at 3.5: mean 2.2375 >= 2 -> yellow; red at 0.25: mean 1.875 -> orange.
  EXPECT_EQ(two({R, G}, {0.975, 3.5}), Y);
  EXPECT_EQ(two({R, G}, {0.25, 3.5}), O);
  // orange 1.9 + yellow 2.2 = 2.05 -> yellow; orange 1.2 + yellow 2.3 = 1.75 -> orange.
  EXPECT_EQ(two({O, Y}, {1.9, 2.2}), Y);
  EXPECT_EQ(two({O, Y}, {1.2, 2.3}), O);
  // Both red / both green stay red / green whatever the positions.
  EXPECT_EQ(two({R, R}, {0.99, 0.99}), R);
  EXPECT_EQ(two({G, G}, {3.0, 3.0}), G);
  // Within a colour the lower position is the worse child: yellow 2.9, yellow 2.05, orange 1.9:
  // the two worst are orange 1.9 and yellow 2.05 (mean 1.975 -> orange), not yellow 2.9 (2.4).
  EXPECT_EQ(two({Y, Y, O}, {2.9, 2.05, 1.9}), O);
  // Not assessable children are left out even with a position.
  EXPECT_EQ(two({R, NA, G}, {0.25, 3.9, 3.5}), O);
}
