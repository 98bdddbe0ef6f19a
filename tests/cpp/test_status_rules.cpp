// Status rules (status_rules.hpp): score bands, SDSN dashboard thresholds and
// node rules on the children's colours.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "styrkort/status_rules.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {
const Status R = Status::red, O = Status::orange, Y = Status::yellow, G = Status::green,
             NA = Status::not_assessable, NP = Status::not_applicable;

StatusRule bands(double green, double yellow, double orange = kNaN) {
  return {StatusMethod::score_bands, green, yellow, orange, kNaN};
}
StatusRule dashboard(double green, double red) { return {StatusMethod::sdg_dashboard, green, kNaN, kNaN, red}; }
StatusRule node_rule(StatusMethod m, double green = kNaN, double yellow = kNaN) { return {m, green, yellow, kNaN, kNaN}; }
Status children(const StatusRule& r, const std::vector<Status>& s) { return status_from_children(r, s.data(), s.size()); }
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
  EXPECT_EQ(status_from_value(r, 40, d), R);
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
  EXPECT_EQ(status_from_value(r, 30, d), R);
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
