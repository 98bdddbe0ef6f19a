// Period ids and their times (docs/format.md, "periods"): a sub-period k of n in
// year Y has time Y - 1 + k/n, so the last sub-period of a year has the year's
// own time.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "styrkort/period.hpp"
#include "test_util.hpp"

using namespace styrkort;

namespace {

void expect_period(const std::string& id, PeriodKind kind, double time) {
  SCOPED_TRACE(id);
  const auto p = parse_period(id);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->id, id);
  EXPECT_EQ(p->kind, kind);
  EXPECT_NEAR(p->time, time, 1e-12);
}

}  // namespace

TEST(Period, Year) {
  expect_period("2018", PeriodKind::year, 2018.0);
  expect_period("1999", PeriodKind::year, 1999.0);
  expect_period("0000", PeriodKind::year, 0.0);
}

TEST(Period, Tertials) {
  // 2018-T1 = 2017 + 1/3, T2 = 2017 + 2/3, T3 = 2017 + 3/3 = 2018 (same time as the year).
  expect_period("2018-T1", PeriodKind::tertial, 2017.0 + 1.0 / 3.0);
  expect_period("2018-T2", PeriodKind::tertial, 2017.0 + 2.0 / 3.0);
  expect_period("2018-T3", PeriodKind::tertial, 2018.0);
  EXPECT_DOUBLE_EQ(parse_period("2018-T3")->time, parse_period("2018")->time);
}

TEST(Period, HalfYears) {
  // 2018-H1 = 2017 + 1/2 = 2017.5; H2 = 2018.
  expect_period("2018-H1", PeriodKind::half_year, 2017.5);
  expect_period("2018-H2", PeriodKind::half_year, 2018.0);
}

TEST(Period, Quarters) {
  // Qk = 2017 + k/4: 2017.25, 2017.5, 2017.75, 2018.
  expect_period("2018-Q1", PeriodKind::quarter, 2017.25);
  expect_period("2018-Q2", PeriodKind::quarter, 2017.5);
  expect_period("2018-Q3", PeriodKind::quarter, 2017.75);
  expect_period("2018-Q4", PeriodKind::quarter, 2018.0);
}

TEST(Period, Months) {
  // Mkk = 2017 + k/12: M01 = 2017.08333..., M06 = 2017.5, M12 = 2018.
  expect_period("2018-M01", PeriodKind::month, 2017.0 + 1.0 / 12.0);
  expect_period("2018-M06", PeriodKind::month, 2017.5);
  expect_period("2018-M09", PeriodKind::month, 2017.75);
  expect_period("2018-M12", PeriodKind::month, 2018.0);
}

TEST(Period, SubPeriodsAreOrderedWithinTheYear) {
  // Property: within a year each kind's sub-periods increase with k and lie in (Y-1, Y].
  for (const char* tag : {"T", "H", "Q"}) {
    const int n = std::string(tag) == "T" ? 3 : std::string(tag) == "H" ? 2 : 4;
    double prev = 2019.0;
    for (int k = 1; k <= n; ++k) {
      const auto p = parse_period("2020-" + std::string(tag) + std::to_string(k));
      ASSERT_TRUE(p);
      EXPECT_GT(p->time, prev);
      EXPECT_LE(p->time, 2020.0);
      prev = p->time;
    }
  }
  double prev = 2019.0;
  for (int m = 1; m <= 12; ++m) {
    char id[16];
    std::snprintf(id, sizeof id, "2020-M%02d", m);
    const auto p = parse_period(id);
    ASSERT_TRUE(p) << id;
    EXPECT_GT(p->time, prev);
    prev = p->time;
  }
  EXPECT_DOUBLE_EQ(prev, 2020.0);
}

TEST(Period, InvalidForms) {
  const std::vector<std::string> bad = {
      "",         "18",       "201",       "20188",    "abcd",    "2018 ",   " 2018",    "2018-",
      "2018-T",   "2018-T0",  "2018-T4",   "2018-H0",  "2018-H3", "2018-Q0", "2018-Q5",  "2018-M00",
      "2018-M13", "2018-M1",  "2018-M001", "2018-T01", "2018-X1", "2018T1",  "2018_T1",  "2018-t1",
      "2018-q1",  "2018-Q1x", "2018-M+1",  "2018-T-1", "2018-01", "20a8",    "2018-Q 1",
  };
  for (const auto& id : bad) EXPECT_FALSE(parse_period(id).has_value()) << "accepted '" << id << "'";
}

TEST(Period, KindNames) {
  EXPECT_STREQ(to_string(PeriodKind::year), "year");
  EXPECT_STREQ(to_string(PeriodKind::tertial), "tertial");
  EXPECT_STREQ(to_string(PeriodKind::half_year), "half_year");
  EXPECT_STREQ(to_string(PeriodKind::quarter), "quarter");
  EXPECT_STREQ(to_string(PeriodKind::month), "month");
  EXPECT_STREQ(to_string(PeriodKind::other), "other");
}

TEST(Period, ManyDigitsAreNoPeriodRatherThanAnOverflow) {
  // Issue 12: std::stoi threw std::out_of_range on these (a bare "stoi" error).
  for (const char* id :
       {"2020-T99999999999", "2020-Q99999999999", "2020-H99999999999", "2020-M99999999999", "2020-M001", "2020-Q01"})
    EXPECT_FALSE(parse_period(id)) << id;
}
