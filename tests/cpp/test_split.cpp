// Budget split across focus areas (split.hpp): hand-computed cases for every
// method, published apportionment examples, the leverage figures of
// docs/methods.md, and seeded property tests (sums, bounds, monotonicity
// in the weights, brute force on a grid, LP duality).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/split.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

FocusArea area(const std::string& id, double weight, double floor = 0, double cap = inf, int priority = 0) {
  FocusArea a;
  a.id = id;
  a.weight = weight;
  a.floor = floor;
  a.cap = cap;
  a.priority = priority;
  return a;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// ---- independent evaluations used by the brute-force and property tests

/// The benefit curve at x, walked afresh (empty curve: slope 1).
double benefit_at(const FocusArea& a, double x) {
  if (a.benefit.empty()) return x;
  double v = 0, pos = 0;
  for (const auto& s : a.benefit) {
    if (x <= pos) break;
    v += s.slope * (std::min(x, pos + s.length) - pos);
    pos += s.length;
  }
  return v;
}

/// Own money needed for total activity T: the eligible part (1 - eta) T is
/// charged to the grants, highest rate first, each until its cap; own = T -
/// external. Inverted by bisection below - a different route from the
/// engine's activity_curve.
double own_for_activity(const FocusArea& a, double t) {
  std::vector<Grant> g = a.grants;
  std::stable_sort(g.begin(), g.end(), [](const Grant& x, const Grant& y) { return x.rate > y.rate; });
  double eligible = (1 - a.noneligible_share) * t, external = 0;
  for (const auto& gr : g) {
    if (gr.rate <= 0) continue;
    const double e = std::min(eligible, gr.cap / gr.rate);
    external += gr.rate * e;
    eligible -= e;
  }
  return t - external;
}

double activity_for_own(const FocusArea& a, double own) {
  double lo = own, hi = 2 * own + 1;
  while (own_for_activity(a, hi) < own) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (own_for_activity(a, mid) < own ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// A random concave curve: 1-4 segments, slopes non-increasing, sometimes a
/// zero slope or an infinite last segment. `grid` > 0 puts breakpoints on
/// multiples of it.
std::vector<BenefitSegment> random_curve(std::mt19937& rng, double grid = 0) {
  std::uniform_real_distribution<double> u(0, 1);
  const int k = 1 + static_cast<int>(rng() % 4);
  std::vector<BenefitSegment> c;
  double slope = 0.5 + 3 * u(rng);
  if (grid > 0) slope = std::round(slope * 4) / 4;
  for (int j = 0; j < k; ++j) {
    double len = grid > 0 ? grid * static_cast<double>(1 + rng() % 8) : 1 + 9 * u(rng);
    if (j + 1 == k && u(rng) < 0.3) len = inf;
    c.push_back({len, slope});
    slope *= u(rng) < 0.15 ? 0.0 : 0.2 + 0.8 * u(rng);
    if (grid > 0) slope = std::round(slope * 4) / 4;  // some exact ties
  }
  return c;
}

std::vector<FocusArea> random_areas(std::mt19937& rng, int n, bool curves) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<FocusArea> v;
  for (int i = 0; i < n; ++i) {
    FocusArea a = area("a" + std::to_string(i), 0.1 + 5 * u(rng));
    a.priority = 1 + static_cast<int>(rng() % 3);
    a.floor = u(rng) < 0.5 ? 0.0 : 10 * u(rng);
    a.cap = u(rng) < 0.3 ? inf : a.floor + 30 * u(rng);
    if (curves && u(rng) < 0.85) a.benefit = random_curve(rng);
    v.push_back(a);
  }
  return v;
}

double floors_of(const std::vector<FocusArea>& v) {
  double s = 0;
  for (const auto& a : v) s += a.floor;
  return s;
}
double caps_of(const std::vector<FocusArea>& v) {
  double s = 0;
  for (const auto& a : v) s += a.cap;
  return s;
}

void expect_bounds(const std::vector<FocusArea>& v, const std::vector<double>& x, const std::string& what) {
  ASSERT_EQ(x.size(), v.size()) << what;
  for (std::size_t i = 0; i < v.size(); ++i) {
    EXPECT_GE(x[i], v[i].floor - 1e-9) << what << " area " << v[i].id;
    EXPECT_LE(x[i], v[i].cap + 1e-9) << what << " area " << v[i].id;
  }
}

}  // namespace

// ===================================================================== priority

TEST(SplitPriority, FloorsThenRankOrderUpToCaps) {
  const std::vector<FocusArea> v{area("business", 1, 10, 50, 1), area("social", 1, 5, 30, 2),
                                 area("environment", 1, 0, inf, 3)};
  // Floors 15; the rest 85: business to 50 (40), social to 30 (25), environment 20.
  SplitResult r = split_priority(v, 100);
  EXPECT_EQ(r.amount, (std::vector<double>{50, 30, 20}));
  EXPECT_EQ(r.binding, (std::vector<std::string>{"cap", "cap", ""}));
  EXPECT_TRUE(std::isnan(r.marginal_value));
  EXPECT_CONTAINS(r.explanation, "Filled to their caps: business, social");
  // Budget 40: floors 15, the rest 25 all to business (35); the others keep their floors.
  r = split_priority(v, 40);
  EXPECT_EQ(r.amount, (std::vector<double>{35, 5, 0}));
  EXPECT_EQ(r.binding, (std::vector<std::string>{"", "floor", "floor"}));
  EXPECT_CONTAINS(r.explanation, "business (25 of its room 40)");
}

TEST(SplitPriority, EqualRanksShareByWeight) {
  // Two areas of priority 1 with weights 3 and 1 share 80 as 60 and 20; priority 2 gets nothing.
  const std::vector<FocusArea> v{area("a", 3, 0, inf, 1), area("b", 1, 0, inf, 1), area("c", 5, 0, inf, 2)};
  SplitResult r = split_priority(v, 80);
  EXPECT_NEAR(r.amount[0], 60, 1e-12);
  EXPECT_NEAR(r.amount[1], 20, 1e-12);
  EXPECT_EQ(r.amount[2], 0);
  // A zero-weight area of the same priority is filled (in id order) once the others are capped.
  const std::vector<FocusArea> w{area("a", 1, 0, 10, 1), area("z", 0, 0, 15, 1), area("c", 1, 0, inf, 2)};
  r = split_priority(w, 20);
  EXPECT_EQ(r.amount, (std::vector<double>{10, 10, 0}));
  r = split_priority(w, 30);  // priority 1's room (25) fits whole: the last 5 reach priority 2
  EXPECT_EQ(r.amount, (std::vector<double>{10, 15, 5}));
}

TEST(SplitPriority, CapsBelowBudgetLeaveTheRestUnspent) {
  const std::vector<FocusArea> v{area("a", 1, 0, 20, 1), area("b", 1, 0, 40, 2)};
  SplitResult r = split_priority(v, 100);
  EXPECT_EQ(r.amount, (std::vector<double>{20, 40}));
  EXPECT_DOUBLE_EQ(r.unspent, 40);
  EXPECT_CONTAINS(r.explanation, "Unspent: 40");
}

// ================================================================= proportional

TEST(SplitProportional, NoBoundsIsPlainProportion) {
  const std::vector<FocusArea> v{area("a", 1), area("b", 2), area("c", 3), area("d", 4)};
  SplitResult r = split_proportional(v, 100);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(r.amount[static_cast<std::size_t>(i)], 10.0 * (i + 1), 1e-12);
  EXPECT_NEAR(r.level, 10, 1e-12);
  EXPECT_EQ(r.binding, (std::vector<std::string>(4, "")));
}

TEST(SplitProportional, FloorsAndCapsBind) {
  // x = (max(40, L), L, min(30, 2L)); at L = 30: 40 + 30 + 30 = 100.
  const std::vector<FocusArea> v{area("a", 1, 40), area("b", 1), area("c", 2, 0, 30)};
  SplitResult r = split_proportional(v, 100);
  EXPECT_NEAR(r.level, 30, 1e-12);
  EXPECT_NEAR(r.amount[0], 40, 1e-12);
  EXPECT_NEAR(r.amount[1], 30, 1e-12);
  EXPECT_NEAR(r.amount[2], 30, 1e-12);
  EXPECT_EQ(r.binding, (std::vector<std::string>{"floor", "", "cap"}));
  EXPECT_CONTAINS(r.explanation, "lambda = 30");
  // Budget 130: L = 45 > 40 frees a: 45 + 45 + 30 = 120 < 130, so L = 50: 50 + 50 + 30.
  r = split_proportional(v, 130);
  EXPECT_NEAR(r.level, 50, 1e-12);
  EXPECT_NEAR(r.amount[0], 50, 1e-12);
  EXPECT_NEAR(r.amount[1], 50, 1e-12);
}

TEST(SplitProportional, ZeroWeightKeepsItsFloorAndCapsLeaveUnspent) {
  const std::vector<FocusArea> v{area("a", 1, 0, 10), area("b", 1, 0, 20), area("z", 0, 5, 50)};
  SplitResult r = split_proportional(v, 50);
  EXPECT_EQ(r.amount, (std::vector<double>{10, 20, 5}));
  EXPECT_NEAR(r.unspent, 15, 1e-12);
  EXPECT_EQ(r.binding[2], "floor");
  // Budget exactly the floors: every area at its floor.
  r = split_proportional({area("a", 1, 7), area("b", 2, 3)}, 10);
  EXPECT_EQ(r.amount, (std::vector<double>{7, 3}));
}

// ========================================================== diminishing returns

namespace {
std::vector<FocusArea> two_curves() {
  FocusArea a = area("a", 1), b = area("b", 2);
  a.benefit = {{10, 5}, {10, 2}, {inf, 0.5}};  // weighted: 5, 2, 0.5
  b.benefit = {{5, 2}, {inf, 1}};              // weighted: 4, 2
  return {a, b};
}
}  // namespace

TEST(SplitDiminishing, GreedyByWeightedSlope) {
  // Budget 30: a's first 10 (5), b's first 5 (4), then the tie at 2 goes to a
  // (same priority, id a < b): a's second 10, then b gets the last 5. a = 20, b = 10.
  std::vector<FocusArea> v = two_curves();
  SplitResult r = split_diminishing(v, 30);
  EXPECT_NEAR(r.amount[0], 20, 1e-12);
  EXPECT_NEAR(r.amount[1], 10, 1e-12);
  EXPECT_NEAR(r.marginal_value, 2, 1e-12);
  // Objective: a 10*5 + 10*2 = 70; b 2 * (5*2 + 5*1) = 30.
  EXPECT_NEAR(r.objective, 100, 1e-12);
  EXPECT_CONTAINS(r.explanation, "One more unit would be worth 2 (to area 'b')");
  // Ranking b first breaks the tie the other way: b takes the 15 at value 2.
  v[1].priority = -1;
  r = split_diminishing(v, 30);
  EXPECT_NEAR(r.amount[0], 10, 1e-12);
  EXPECT_NEAR(r.amount[1], 20, 1e-12);
}

TEST(SplitDiminishing, FloorsUseTheStartOfTheCurveAndCapsStopIt) {
  std::vector<FocusArea> v = two_curves();
  v[1].floor = 12;  // uses b's first segment and 7 of its second
  SplitResult r = split_diminishing(v, 30);
  // Rest 18: a's first 10 (5), then 8 of a's second (2, before b's 2 by id).
  EXPECT_NEAR(r.amount[0], 18, 1e-12);
  EXPECT_NEAR(r.amount[1], 12, 1e-12);
  EXPECT_EQ(r.binding[1], "floor");
  EXPECT_NEAR(r.marginal_value, 2, 1e-12);
  v = two_curves();
  v[0].cap = 15;
  r = split_diminishing(v, 30);
  // a: 10 at 5, 5 at 2 (cap); b: 5 at 4, 10 at 2.
  EXPECT_NEAR(r.amount[0], 15, 1e-12);
  EXPECT_NEAR(r.amount[1], 15, 1e-12);
  EXPECT_EQ(r.binding, (std::vector<std::string>{"cap", ""}));
}

TEST(SplitDiminishing, WorthlessMoneyIsSpreadByWeight) {
  FocusArea a = area("a", 1), b = area("b", 3);
  a.benefit = {{10, 1}};
  b.benefit = {{5, 1}};
  // 15 buys benefit; the other 20 is spread as max(floor, L w): a stays 10, b = 3L = 25.
  SplitResult r = split_diminishing({a, b}, 35);
  EXPECT_NEAR(r.amount[0], 10, 1e-12);
  EXPECT_NEAR(r.amount[1], 25, 1e-12);
  EXPECT_EQ(r.marginal_value, 0);
  EXPECT_NEAR(r.objective, 10 + 3 * 5, 1e-12);
  EXPECT_CONTAINS(r.explanation, "20 buys no further benefit");
}

TEST(SplitDiminishing, NoCurveMeansLinearSoTheHeaviestAreaTakesAll) {
  SplitResult r = split_diminishing({area("a", 1), area("b", 2, 0, 30), area("c", 1.5)}, 100);
  // b (2) to its cap 30, then c (1.5) the other 70.
  EXPECT_EQ(r.amount, (std::vector<double>{0, 30, 70}));
  EXPECT_NEAR(r.marginal_value, 1.5, 1e-12);
}

TEST(SplitDiminishing, EqualsBruteForceOnAFineGrid) {
  // Breakpoints, floors, caps and budgets on multiples of 0.5; the grid has
  // step 0.25, so the grid's best equals the exact optimum.
  std::mt19937 rng(20240611);
  for (int trial = 0; trial < 60; ++trial) {
    const int n = 2 + static_cast<int>(rng() % 2);
    std::vector<FocusArea> v;
    for (int i = 0; i < n; ++i) {
      FocusArea a = area(std::string(1, static_cast<char>('a' + i)), 0.5 + static_cast<double>(rng() % 6) * 0.5);
      a.benefit = random_curve(rng, 0.5);
      a.floor = rng() % 3 == 0 ? 0.5 * static_cast<double>(rng() % 4) : 0.0;
      a.cap = rng() % 3 == 0 ? a.floor + 0.5 * static_cast<double>(rng() % 12) : 8.0;  // bounded for the grid
      v.push_back(a);
    }
    const double budget = floors_of(v) + 0.5 * static_cast<double>(rng() % 20);
    SplitResult r = split_diminishing(v, budget);
    const double step = 0.25;
    double best = -1;
    std::vector<double> x(static_cast<std::size_t>(n));
    std::function<void(int, double)> go = [&](int i, double left) {
      if (i == n) {
        double val = 0;
        for (int k = 0; k < n; ++k)
          val += v[static_cast<std::size_t>(k)].weight *
                 benefit_at(v[static_cast<std::size_t>(k)], x[static_cast<std::size_t>(k)]);
        best = std::max(best, val);
        return;
      }
      const FocusArea& a = v[static_cast<std::size_t>(i)];
      for (double t = a.floor; t <= std::min(a.cap, a.floor + left) + 1e-12; t += step) {
        x[static_cast<std::size_t>(i)] = t;
        go(i + 1, left - (t - a.floor));
      }
    };
    go(0, budget - floors_of(v));
    EXPECT_NEAR(r.objective, best, 1e-9) << "trial " << trial;
    double check = 0;
    for (int k = 0; k < n; ++k)
      check += v[static_cast<std::size_t>(k)].weight *
               benefit_at(v[static_cast<std::size_t>(k)], r.amount[static_cast<std::size_t>(k)]);
    EXPECT_NEAR(r.objective, check, 1e-9) << "trial " << trial;
  }
}

// ================================================================== whole units

TEST(SplitUnits, DHondtWikipediaExample) {
  // Wikipedia, "D'Hondt method", Example: 230,000 voters, 8 seats; A 100,000,
  // B 80,000, C 30,000, D 20,000 -> 4, 3, 1, 0 (last seat A at 25,000).
  const std::vector<FocusArea> v{area("A", 100000), area("B", 80000), area("C", 30000), area("D", 20000)};
  SplitResult r = split_units(v, 8, Apportionment::dhondt);
  EXPECT_EQ(r.amount, (std::vector<double>{4, 3, 1, 0}));
  EXPECT_CONTAINS(r.explanation, "The last unit went to area 'A' at quotient 25000");
  // Next: A 20,000, B 20,000, C 15,000, D 20,000 - a tie, broken by id: A.
  EXPECT_CONTAINS(r.explanation, "The next would go to area 'A' at quotient 20000");
  EXPECT_DOUBLE_EQ(r.marginal_value, 20000);
  // Sainte-Lague on the same votes (hand-computed): quotients 100,000, 80,000,
  // 33,333, 30,000, 26,667, 20,000 (A), 20,000 (D), 16,000 -> 3, 3, 1, 1.
  r = split_units(v, 8, Apportionment::sainte_lague);
  EXPECT_EQ(r.amount, (std::vector<double>{3, 3, 1, 1}));
  // With 6 units the tie at 20,000 between A and D decides the 6th: priority, then id.
  r = split_units(v, 6, Apportionment::sainte_lague);
  EXPECT_EQ(r.amount, (std::vector<double>{3, 2, 1, 0}));
  std::vector<FocusArea> w = v;
  w[3].priority = -1;
  r = split_units(w, 6, Apportionment::sainte_lague);
  EXPECT_EQ(r.amount, (std::vector<double>{2, 2, 1, 1}));
}

TEST(SplitUnits, TiesGoToTheSmallerRankThenTheSmallerId) {
  // Equal weights tie at every round: 5 units over c, a, b -> a 2, b 2, c 1 (by id);
  // with c ranked first: c 2, a 2, b 1.
  std::vector<FocusArea> v{area("c", 7), area("a", 7), area("b", 7)};
  for (auto m : {Apportionment::dhondt, Apportionment::sainte_lague}) {
    EXPECT_EQ(split_units(v, 5, m).amount, (std::vector<double>{1, 2, 2})) << to_string(m);
    std::vector<FocusArea> w = v;
    w[0].priority = -1;
    EXPECT_EQ(split_units(w, 5, m).amount, (std::vector<double>{2, 2, 1})) << to_string(m);
  }
  // D'Hondt, 2 units for b 3 and a 6: a's 6 first, then a's 6/2 ties b's 3/1:
  // a by id -> (0, 2); b ranked first -> (1, 1).
  std::vector<FocusArea> ab{area("b", 3), area("a", 6)};
  EXPECT_EQ(split_units(ab, 2, Apportionment::dhondt).amount, (std::vector<double>{0, 2}));
  ab[0].priority = -1;
  EXPECT_EQ(split_units(ab, 2, Apportionment::dhondt).amount, (std::vector<double>{1, 1}));
}

TEST(SplitUnits, PublishedExamples) {
  // Aarhus University, "Counting of votes and allocation of mandates" (its
  // D'Hondt example): lists A 25, B 31, C 11, D 16, 8 mandates -> 3, 3, 1, 1;
  // with C and D in a list pact (27 votes) -> A 2, B 3, C+D 3.
  EXPECT_EQ(split_units({area("A", 25), area("B", 31), area("C", 11), area("D", 16)}, 8, Apportionment::dhondt).amount,
            (std::vector<double>{3, 3, 1, 1}));
  EXPECT_EQ(split_units({area("A", 25), area("B", 31), area("CD", 27)}, 8, Apportionment::dhondt).amount,
            (std::vector<double>{2, 3, 3}));
  // COMAP, For All Practical Purposes, 10th ed., ch. 14, Example 14: the first
  // 30 seats by D'Hondt: Whigs 5,525,381, Tories 3,470,152, Liberals
  // 3,864,226, Centrists 201,203 -> 13, 8, 9, 0.
  EXPECT_EQ(split_units(
                {area("Whigs", 5525381), area("Tories", 3470152), area("Liberals", 3864226), area("Centrists", 201203)},
                30, Apportionment::dhondt)
                .amount,
            (std::vector<double>{13, 8, 9, 0}));
  // staatsrecht.honikel.de, worked examples: A 6100, B 5000, C 900, 10 seats:
  // Sainte-Lague 5, 4, 1; D'Hondt 6, 4, 0.
  const std::vector<FocusArea> h{area("A", 6100), area("B", 5000), area("C", 900)};
  EXPECT_EQ(split_units(h, 10, Apportionment::sainte_lague).amount, (std::vector<double>{5, 4, 1}));
  EXPECT_EQ(split_units(h, 10, Apportionment::dhondt).amount, (std::vector<double>{6, 4, 0}));
}

TEST(SplitUnits, FloorsCountAsHeldAndCapsStop) {
  // A 100,000 with a cap of 2; D 20,000 with a floor of 1 (its divisor goes on at 2).
  std::vector<FocusArea> v{area("A", 100000, 0, 2), area("B", 80000), area("C", 30000), area("D", 20000, 1)};
  SplitResult r = split_units(v, 8, Apportionment::dhondt);
  // D holds 1; the other 7: A 100k, B 80k, A 50k (cap), B 40k, C 30k, B 26.7k, B 20k vs D 10k -> B.
  EXPECT_EQ(r.amount, (std::vector<double>{2, 4, 1, 1}));
  EXPECT_EQ(r.binding, (std::vector<std::string>{"cap", "", "", "floor"}));
  // All capped: the rest is unspent.
  r = split_units({area("a", 1, 0, 3), area("b", 2, 1, 2)}, 10, Apportionment::sainte_lague);
  EXPECT_EQ(r.amount, (std::vector<double>{3, 2}));
  EXPECT_EQ(r.unspent, 5);
}

TEST(SplitUnits, LargeBudgetsJumpToTheDivisor) {
  // 10^12 units for weights 3 and 1 by D'Hondt: exactly 3:1.
  SplitResult r = split_units({area("a", 3), area("b", 1)}, 1000000000000LL, Apportionment::dhondt);
  EXPECT_EQ(r.amount[0], 750000000000.0);
  EXPECT_EQ(r.amount[1], 250000000000.0);
}

TEST(SplitUnits, MatchesUnitByUnitAndIsHouseMonotone) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 6);
    std::vector<FocusArea> v;
    for (int i = 0; i < n; ++i) {
      // Some weights 0; every third trial weights from a few multiples of 100, so quotients tie often.
      const double w = trial % 3 == 0 ? 100.0 * static_cast<double>(rng() % 5) : static_cast<double>(rng() % 1000);
      FocusArea a = area("p" + std::to_string(i), w);
      a.priority = static_cast<int>(rng() % 2);
      a.floor = static_cast<double>(rng() % 4);
      a.cap = rng() % 3 == 0 ? a.floor + static_cast<double>(rng() % 400) : inf;
      v.push_back(a);
    }
    const auto method = trial % 2 ? Apportionment::dhondt : Apportionment::sainte_lague;
    const double step = method == Apportionment::dhondt ? 1 : 2;
    const long long units = static_cast<long long>(floors_of(v)) + static_cast<long long>(rng() % 1500);
    SplitResult r = split_units(v, units, method);
    // The rule itself, one unit at a time (integer weights: the cross products are exact).
    std::vector<double> k(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) k[static_cast<std::size_t>(i)] = v[static_cast<std::size_t>(i)].floor;
    double given = floors_of(v);
    std::vector<std::vector<double>> history{k};
    while (given < static_cast<double>(units)) {
      int best = -1;
      for (int i = 0; i < n; ++i) {
        const auto& a = v[static_cast<std::size_t>(i)];
        const double ki = k[static_cast<std::size_t>(i)];
        if (!(a.weight > 0) || ki >= a.cap) continue;
        if (best < 0) {
          best = i;
          continue;
        }
        const auto& b = v[static_cast<std::size_t>(best)];
        const double lhs = a.weight * (1 + step * k[static_cast<std::size_t>(best)]), rhs = b.weight * (1 + step * ki);
        if (lhs > rhs || (lhs == rhs && (a.priority < b.priority || (a.priority == b.priority && a.id < b.id))))
          best = i;
      }
      if (best < 0) break;
      k[static_cast<std::size_t>(best)] += 1;
      given += 1;
      history.push_back(k);
    }
    EXPECT_EQ(r.amount, k) << "trial " << trial;
    EXPECT_EQ(r.unspent, static_cast<double>(units) - given) << "trial " << trial;
    expect_bounds(v, r.amount, "units");
    // House monotone: one unit more never takes a unit from anyone.
    SplitResult more = split_units(v, units + 1, method);
    for (int i = 0; i < n; ++i)
      EXPECT_GE(more.amount[static_cast<std::size_t>(i)], r.amount[static_cast<std::size_t>(i)]) << "trial " << trial;
  }
}

// ==================================================================== leverage

TEST(SplitLeverage, FactorsFromDomainNotes) {
  // docs/methods.md: 50 % -> 2x, 80 % -> 5x; (C+N)/((1-r)C+N) with C = 100, N = 50, r = 0.5: 150/100.
  EXPECT_DOUBLE_EQ(leverage_factor(0.5), 2.0);
  EXPECT_NEAR(leverage_factor(0.8), 5.0, 1e-12);
  EXPECT_NEAR(leverage_factor(0.5, 50.0 / 150.0), 1.5, 1e-12);
  EXPECT_DOUBLE_EQ(leverage_factor(0.0), 1.0);
  EXPECT_CONTAINS(message_of<ArgumentError>([] { leverage_factor(1.0); }), "rate 1 is outside [0, 1)");
}

TEST(SplitLeverage, OneAreaTwoTimesAndFiveTimes) {
  FocusArea a = area("eu", 1);
  a.grants = {{"erdf", 0.5, inf}};
  LeverageResult r = split_leverage({a}, 100);
  EXPECT_NEAR(r.own[0], 100, 1e-12);
  EXPECT_NEAR(r.external[0], 100, 1e-12);
  EXPECT_NEAR(r.total[0], 200, 1e-12);
  EXPECT_NEAR(r.marginal_value, 2, 1e-12);
  a.grants = {{"interreg", 0.8, inf}};
  r = split_leverage({a}, 100);
  EXPECT_NEAR(r.total[0], 500, 1e-9);
  EXPECT_NEAR(r.external[0], 400, 1e-9);
  EXPECT_CONTAINS(r.explanation, "eu: own 100 + external 400 = 500 (x5)");
  // With a non-eligible share of 1/3 (C = 100, N = 50): 1.5x.
  a.grants = {{"erdf", 0.5, inf}};
  a.noneligible_share = 50.0 / 150.0;
  r = split_leverage({a}, 100);
  EXPECT_NEAR(r.total[0], 150, 1e-9);
}

TEST(SplitLeverage, GrantCapsAndSeveralGrantsHighestRateFirst) {
  FocusArea a = area("a", 1);
  a.grants = {{"low", 0.5, 10}, {"high", 0.8, 40}};
  // high first: 10 own -> 40 external (activity 50); then low: 10 own -> 10
  // external (activity 20); then 1:1. Own 30: external 50, total 80.
  const auto curve = activity_curve(a);
  ASSERT_EQ(curve.size(), 3u);
  EXPECT_NEAR(curve[0].length, 10, 1e-12);
  EXPECT_NEAR(curve[0].slope, 5, 1e-12);
  EXPECT_NEAR(curve[1].length, 10, 1e-12);
  EXPECT_NEAR(curve[1].slope, 2, 1e-12);
  EXPECT_EQ(curve[2].slope, 1);
  LeverageResult r = split_leverage({a}, 30);
  EXPECT_NEAR(r.external[0], 50, 1e-9);
  EXPECT_NEAR(r.total[0], 80, 1e-9);
  // One grant of 50 % capped at 30 external: own 100 -> 30 matched, total 130.
  FocusArea b = area("b", 1);
  b.grants = {{"g", 0.5, 30}};
  r = split_leverage({b}, 100);
  EXPECT_NEAR(r.external[0], 30, 1e-9);
  EXPECT_NEAR(r.total[0], 130, 1e-9);
}

TEST(SplitLeverage, MoneyGoesWhereItIsMatched) {
  // Equal weights; b's first 20 own are matched at 50 % (worth 2 each), after
  // that both are worth 1 and the tie goes to a (id). Budget 50: b 20, a 30.
  FocusArea a = area("a", 1), b = area("b", 1);
  b.grants = {{"g", 0.5, 20}};
  LeverageResult r = split_leverage({a, b}, 50);
  EXPECT_NEAR(r.own[0], 30, 1e-12);
  EXPECT_NEAR(r.own[1], 20, 1e-12);
  EXPECT_NEAR(r.external[1], 20, 1e-12);
  EXPECT_NEAR(r.total[1], 40, 1e-12);
  EXPECT_NEAR(r.objective, 70, 1e-12);
  EXPECT_EQ(r.amount, r.own);
  // A benefit curve on activity: b's activity is worth 1 for the first 30 then 0.1.
  b.benefit = {{30, 1}, {inf, 0.1}};
  r = split_leverage({a, b}, 50);
  // b: own 15 -> activity 30 at 2 per own; then a at 1 takes the remaining 35.
  EXPECT_NEAR(r.own[1], 15, 1e-12);
  EXPECT_NEAR(r.own[0], 35, 1e-12);
  EXPECT_NEAR(r.marginal_value, 1, 1e-12);
}

TEST(SplitLeverage, EqualsBruteForceOnAGrid) {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<FocusArea> v;
    for (int i = 0; i < 2; ++i) {
      FocusArea a = area(std::string(1, static_cast<char>('a' + i)), 0.5 + static_cast<double>(rng() % 4) * 0.5);
      // Rates and caps that put every breakpoint of own money on multiples of 0.05.
      const double rates[] = {0.0, 0.5, 0.8};
      const int ng = static_cast<int>(rng() % 3);
      for (int g = 0; g < ng; ++g)
        a.grants.push_back({"g" + std::to_string(g), rates[rng() % 3], static_cast<double>(rng() % 4) * 4});
      if (rng() % 2) a.benefit = {{8, 1}, {8, 0.5}, {inf, 0.25}};
      a.cap = 20;
      v.push_back(a);
    }
    const double budget = static_cast<double>(rng() % 30);
    LeverageResult r = split_leverage(v, budget);
    auto value = [&](double x0, double x1) {
      return v[0].weight * benefit_at(v[0], activity_for_own(v[0], x0)) +
             v[1].weight * benefit_at(v[1], activity_for_own(v[1], x1));
    };
    double best = -1;
    for (int k = 0; k <= static_cast<int>(std::min(budget, 20.0)) * 20; ++k) {
      const double x0 = k / 20.0;
      best = std::max(best, value(x0, std::min(budget - x0, 20.0)));
    }
    EXPECT_NEAR(r.objective, best, 1e-7) << "trial " << trial;
    for (int i = 0; i < 2; ++i) {
      const std::size_t k = static_cast<std::size_t>(i);
      EXPECT_NEAR(r.total[k], activity_for_own(v[k], r.own[k]), 1e-7) << "trial " << trial;
      EXPECT_NEAR(r.total[k], r.own[k] + r.external[k], 1e-9);
    }
  }
}

// ============================================================ several resources

TEST(SplitResources, BothBudgetsBind) {
  // max 3 y_a + 2 y_b s.t. y_a + y_b <= 10 (money), 2 y_a + 0.5 y_b <= 8 (hours):
  // the vertex y = (2, 8) gives 22 (against 20 at (0, 10) and 12 at (4, 0));
  // duals from pi_m + 2 pi_h = 3, pi_m + 0.5 pi_h = 2: pi_h = 2/3, pi_m = 5/3.
  FocusArea a = area("a", 3), b = area("b", 2);
  a.hours_per_unit = 2;
  b.hours_per_unit = 0.5;
  ResourceSplitResult r = split_resources({a, b}, 10, 8);
  EXPECT_NEAR(r.amount[0], 2, 1e-12);
  EXPECT_NEAR(r.amount[1], 8, 1e-12);
  EXPECT_NEAR(r.objective, 22, 1e-12);
  EXPECT_NEAR(r.shadow_money, 5.0 / 3, 1e-12);
  EXPECT_NEAR(r.shadow_hours, 2.0 / 3, 1e-12);
  EXPECT_EQ(r.binding_resource, "money and hours");
  EXPECT_NEAR(r.hours[0], 4, 1e-12);
  EXPECT_NEAR(r.money[1], 8, 1e-12);
  // With 30 hours only money binds: all to a (3 per unit of money), 20 hours used.
  r = split_resources({a, b}, 10, 30);
  EXPECT_NEAR(r.amount[0], 10, 1e-12);
  EXPECT_NEAR(r.amount[1], 0, 1e-12);
  EXPECT_EQ(r.binding_resource, "money");
  EXPECT_NEAR(r.shadow_money, 3, 1e-12);
  EXPECT_EQ(r.shadow_hours, 0);
  EXPECT_NEAR(r.unspent_hours, 10, 1e-12);
  // With 4 hours only hours bind: b gives 2/0.5 = 4 per hour against a's 1.5: y_b = 8.
  r = split_resources({a, b}, 10, 4);
  EXPECT_NEAR(r.amount[1], 8, 1e-12);
  EXPECT_EQ(r.binding_resource, "hours");
  EXPECT_NEAR(r.shadow_hours, 4, 1e-12);
}

TEST(SplitResources, CurvesAndCapsCanStopBeforeTheBudgets) {
  FocusArea a = area("a", 1, 0, 3);
  a.benefit = {{10, 1}};
  ResourceSplitResult r = split_resources({a}, 100, inf);
  EXPECT_EQ(r.amount[0], 3);
  EXPECT_EQ(r.binding_resource, "none");
  EXPECT_EQ(r.binding[0], "cap");
  EXPECT_NEAR(r.unspent, 97, 1e-12);
  EXPECT_EQ(r.shadow_money, 0);
}

TEST(SplitResources, OneBudgetEqualsDiminishingReturns) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<FocusArea> v = random_areas(rng, 2 + static_cast<int>(rng() % 6), true);
    const double budget = floors_of(v) + static_cast<double>(rng() % 60);
    SplitResult d = split_diminishing(v, budget);
    ResourceSplitResult r = split_resources(v, budget, inf);
    EXPECT_NEAR(r.objective, d.objective, 1e-8 * (1 + d.objective)) << "trial " << trial;
    if (r.unspent > 1e-9) {
      EXPECT_EQ(r.shadow_money, 0);
    }
  }
}

TEST(SplitResources, OptimalByLpDuality) {
  // Weak duality: for any prices (pm, ph) >= 0, pm M' + ph H' + sum over the
  // segments above the floors of length * max(0, w s - pm a - ph h) bounds the
  // value above the floors. The reported shadow prices must reach it (a
  // certificate of optimality), and the split must be feasible.
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 150; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 8);
    std::vector<FocusArea> v = random_areas(rng, n, true);
    double nm = 0, nh = 0;
    for (auto& a : v) {
      a.money_per_unit = u(rng) < 0.2 ? 0.0 : 0.2 + 2 * u(rng);
      a.hours_per_unit = u(rng) < 0.2 && a.money_per_unit > 0 ? 0.0 : 0.2 + 3 * u(rng);
      nm += a.money_per_unit * a.floor;
      nh += a.hours_per_unit * a.floor;
    }
    const double money = nm + 50 * u(rng), hours = nh + 80 * u(rng);
    ResourceSplitResult r = split_resources(v, money, hours);
    expect_bounds(v, r.amount, "resources");
    double um = 0, uh = 0, floor_value = 0, dual = r.shadow_money * (money - nm) + r.shadow_hours * (hours - nh);
    for (std::size_t i = 0; i < v.size(); ++i) {
      const FocusArea& a = v[i];
      um += a.money_per_unit * r.amount[i];
      uh += a.hours_per_unit * r.amount[i];
      floor_value += a.weight * benefit_at(a, a.floor);
      std::vector<BenefitSegment> c = a.benefit.empty() ? std::vector<BenefitSegment>{{inf, 1}} : a.benefit;
      double pos = 0;
      for (const auto& s : c) {
        const double lo = std::max(pos, a.floor), hi = std::min(pos + s.length, a.cap);
        const double gain = a.weight * s.slope - r.shadow_money * a.money_per_unit - r.shadow_hours * a.hours_per_unit;
        if (hi > lo && gain > 0) dual += (hi - lo) * gain;
        pos += s.length;
      }
    }
    EXPECT_LE(um, money + 1e-9 * money) << "trial " << trial;
    EXPECT_LE(uh, hours + 1e-9 * hours) << "trial " << trial;
    EXPECT_GE(r.shadow_money, 0);
    EXPECT_GE(r.shadow_hours, 0);
    EXPECT_NEAR(r.objective - floor_value, dual, 1e-7 * (1 + std::fabs(dual))) << "trial " << trial;
  }
}

// ============================================================ property tests

TEST(SplitProperties, SumsToTheBudgetOrTheCapsWithinBounds) {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 10);
    std::vector<FocusArea> v = random_areas(rng, n, true);
    if (trial % 3 == 0)
      for (auto& a : v) a.grants = {{"g", 0.5 * u(rng), 20 * u(rng)}, {"h", 0.8 * u(rng), inf}};
    const double budget = floors_of(v) + 120 * u(rng);
    const double expected = std::min(budget, caps_of(v));
    const double tol = 1e-9 * (1 + budget);
    SplitResult p = split_priority(v, budget);
    SplitResult q = split_proportional(v, budget);
    SplitResult d = split_diminishing(v, budget);
    LeverageResult l = split_leverage(v, budget);
    for (const SplitResult* r : std::vector<const SplitResult*>{&p, &q, &d, &l}) {
      EXPECT_NEAR(sum(r->amount), expected, tol) << "trial " << trial;
      EXPECT_NEAR(sum(r->amount) + r->unspent, budget, tol) << "trial " << trial;
      expect_bounds(v, r->amount, "trial " + std::to_string(trial));
    }
    // Proportional: the free areas get lambda w, the others are beyond their bound.
    for (std::size_t i = 0; i < v.size(); ++i) {
      const double t = q.level * v[i].weight;
      if (q.binding[i].empty()) {
        EXPECT_NEAR(q.amount[i], t, 1e-9 * (1 + t)) << "trial " << trial;
      }
      if (q.binding[i] == "floor") {
        EXPECT_LE(t, v[i].floor + 1e-9) << "trial " << trial;
      }
      if (q.binding[i] == "cap") {
        EXPECT_GE(t, v[i].cap - 1e-9) << "trial " << trial;
      }
    }
    // Strict priority: an area above its floor means every more important area is at its cap.
    for (std::size_t i = 0; i < v.size(); ++i) {
      for (std::size_t j = 0; j < v.size(); ++j) {
        if (v[j].priority < v[i].priority && p.amount[i] > v[i].floor + 1e-9) {
          EXPECT_NEAR(p.amount[j], v[j].cap, 1e-9);
        }
      }
    }
  }
}

TEST(SplitProperties, RaisingAWeightNeverLowersTheShare) {
  std::mt19937 rng(777);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 2 + static_cast<int>(rng() % 8);
    std::vector<FocusArea> v = random_areas(rng, n, true);
    if (trial % 4 == 0)
      for (auto& a : v) a.grants = {{"g", 0.8 * u(rng), 15 * u(rng)}};
    const double budget = floors_of(v) + 100 * u(rng);
    const std::size_t i = rng() % v.size();
    std::vector<FocusArea> up = v;
    up[i].weight *= 1 + 2 * u(rng);
    const double tol = 1e-9 * (1 + budget);
    EXPECT_GE(split_proportional(up, budget).amount[i], split_proportional(v, budget).amount[i] - tol) << trial;
    EXPECT_GE(split_diminishing(up, budget).amount[i], split_diminishing(v, budget).amount[i] - tol) << trial;
    EXPECT_GE(split_leverage(up, budget).own[i], split_leverage(v, budget).own[i] - tol) << trial;
  }
}

TEST(SplitProperties, GreedyIsAtLeastAnyGridPointOnRandomCurves) {
  // Breakpoints anywhere: no grid point (step 0.1) may beat the greedy.
  std::mt19937 rng(4242);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<FocusArea> v = random_areas(rng, 2, true);
    for (auto& a : v) a.cap = std::min(a.cap, a.floor + 12);
    const double budget = floors_of(v) + static_cast<double>(rng() % 20);
    SplitResult r = split_diminishing(v, budget);
    for (double x0 = v[0].floor; x0 <= v[0].cap; x0 += 0.1) {
      const double x1 = std::min(v[1].cap, v[1].floor + std::max(0.0, budget - floors_of(v) - (x0 - v[0].floor)));
      if (x0 - v[0].floor > budget - floors_of(v) + 1e-12) break;
      const double val = v[0].weight * benefit_at(v[0], x0) + v[1].weight * benefit_at(v[1], x1);
      EXPECT_LE(val, r.objective + 1e-9) << "trial " << trial;
    }
  }
}

// ==================================================================== bad input

TEST(SplitErrors, BadNumbersNameTheAreaAndTheRule) {
  auto msg = [](std::vector<FocusArea> v, double budget) {
    return message_of<ArgumentError>([&] { split_proportional(v, budget); });
  };
  EXPECT_CONTAINS(msg({area("a", 1)}, -5), "the budget is -5; it must be a finite number >= 0");
  EXPECT_CONTAINS(msg({area("a", 1)}, std::nan("")), "the budget is nan");
  EXPECT_CONTAINS(msg({area("a", 1)}, inf), "the budget is inf");
  EXPECT_CONTAINS(msg({area("a", -1)}, 10), "area 'a': weight -1 must be a finite number >= 0");
  EXPECT_CONTAINS(msg({area("a", std::nan(""))}, 10), "area 'a': weight nan");
  EXPECT_CONTAINS(msg({area("a", 1, -2)}, 10), "area 'a': floor -2 must be");
  EXPECT_CONTAINS(msg({area("a", 1, std::nan(""))}, 10), "area 'a': floor nan");
  EXPECT_CONTAINS(msg({area("a", 1, 0, -3)}, 10), "area 'a': cap -3 must be");
  EXPECT_CONTAINS(msg({area("a", 1, 0, std::nan(""))}, 10), "area 'a': cap nan");
  EXPECT_CONTAINS(msg({area("a", 1, 50, 40)}, 100), "area 'a': floor 50 exceeds its cap 40");
  EXPECT_CONTAINS(msg({area("a", 1), area("b", 1), area("a", 2)}, 10), "duplicate area id 'a' (areas 1 and 3)");
  EXPECT_CONTAINS(msg({area("", 1)}, 10), "area 1 has an empty id");
  EXPECT_CONTAINS(msg({}, 10), "no areas");
}

TEST(SplitErrors, InfeasibleFloorsSayByHowMuch) {
  const std::vector<FocusArea> v{area("a", 1, 60), area("b", 1, 50)};
  for (auto f : {split_priority, split_proportional, split_diminishing}) {
    const std::string m = message_of<ArgumentError>([&] { f(v, 100); });
    EXPECT_CONTAINS(m, "infeasible: floors sum to 110, which exceeds the budget 100 by 10");
  }
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_leverage(v, 100); }), "exceeds the budget 100 by 10");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_units(v, 100, Apportionment::dhondt); }),
                  "floors sum to 110 units, which exceeds the budget 100 units by 10 units");
  FocusArea a = area("a", 1, 10), b = area("b", 1, 5);
  a.hours_per_unit = 2;
  b.hours_per_unit = 4;  // floors need 40 hours
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({a, b}, 100, 30); }),
                  "floors need 40 hours, which exceeds the hours budget 30 by 10");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({a, b}, 12, 100); }),
                  "floors need 15 of money, which exceeds the money budget 12 by 3");
}

// ---- the tolerance of tolerance.hpp: floors that sum to the budget fit

namespace {
using Split = std::function<SplitResult(const std::vector<FocusArea>&, double)>;

/// Every split of real amounts, by name.
const std::vector<std::pair<std::string, Split>>& real_splits() {
  static const std::vector<std::pair<std::string, Split>> splits{
      {"priority", split_priority},
      {"proportional", split_proportional},
      {"diminishing", split_diminishing},
      {"leverage", [](const std::vector<FocusArea>& v, double b) -> SplitResult { return split_leverage(v, b); }},
      {"resources",
       [](const std::vector<FocusArea>& v, double b) -> SplitResult { return split_resources(v, b, inf); }}};
  return splits;
}

bool by_id(const FocusArea& x, const FocusArea& y) { return x.id < y.id; }
}  // namespace

TEST(SplitTolerance, FloorsSummingToTheBudgetFitInEveryOrder) {
  // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in binary, 0.3 + 0.2 + 0.1 is 0.6:
  // in every order the floors fit and each area gets exactly its floor.
  std::vector<FocusArea> v{area("a", 1, 0.1), area("b", 2, 0.2), area("c", 3, 0.3)};
  int orders = 0;
  do {
    ++orders;
    for (const auto& [name, split] : real_splits()) {
      SCOPED_TRACE(name + ", order " + v[0].id + v[1].id + v[2].id);
      const SplitResult r = split(v, 0.6);
      for (std::size_t i = 0; i < v.size(); ++i) {
        EXPECT_EQ(r.amount[i], v[i].floor);
        EXPECT_EQ(r.binding[i], "floor");
      }
      EXPECT_EQ(r.unspent, 0.0);
    }
  } while (std::next_permutation(v.begin(), v.end(), by_id));
  EXPECT_EQ(orders, 6);
}

TEST(SplitTolerance, DecimalFloorsSummingToTheBudgetFitShuffled) {
  // Floors in whole öre (two decimals) whose exact sum is the budget: every
  // shuffle fits, each area gets its floor to rounding and the split sums to
  // the budget to the tolerance.
  std::mt19937 rng(8);
  std::uniform_int_distribution<long long> ore(1, 5'000'000);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<FocusArea> v;
    long long total = 0;
    const int n = 2 + trial % 39;
    for (int i = 0; i < n; ++i) {
      const long long f = ore(rng);
      total += f;
      v.push_back(area("a" + std::to_string(i), 1 + i % 3, static_cast<double>(f) / 100));
    }
    const double budget = static_cast<double>(total) / 100;
    for (int shuffle = 0; shuffle < 5; ++shuffle) {
      std::shuffle(v.begin(), v.end(), rng);
      for (const auto& [name, split] : real_splits()) {
        SCOPED_TRACE(name + ", trial " + std::to_string(trial));
        const SplitResult r = split(v, budget);
        for (std::size_t i = 0; i < v.size(); ++i) EXPECT_NEAR(r.amount[i], v[i].floor, 1e-9 * budget);
        EXPECT_NEAR(sum(r.amount), budget, 1e-9 * budget);
      }
    }
  }
}

TEST(SplitTolerance, BeyondTheToleranceFloorsStillDoNotFit) {
  const std::vector<FocusArea> v{area("a", 1, 0.1), area("b", 1, 0.2), area("c", 1, 0.3)};
  for (const auto& [name, split] : real_splits()) {
    SCOPED_TRACE(name);
    EXPECT_CONTAINS(message_of<ArgumentError>([&] { split(v, 0.5999999); }), "exceeds the");
  }
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_proportional(v, 0.5999999); }),
                  "floors sum to 0.6, which exceeds the budget 0.5999999 by 1");
}

TEST(SplitTolerance, MessagesNeverShowEqualAmounts) {
  // Floors just beyond the tolerance, at every magnitude: when the floors do
  // not fit, the message shows two different amounts (never "0.6 exceeds 0.6").
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> u(0, 1);
  int thrown = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const double budget = std::pow(10.0, -4 + 14 * u(rng));
    const double over = budget * 1e-9 * (0.5 + 2 * u(rng));  // around the slack
    const double first = budget * u(rng);
    const std::vector<FocusArea> v{area("a", 1, first), area("b", 1, budget - first + over)};
    try {
      split_proportional(v, budget);
    } catch (const ArgumentError& e) {
      ++thrown;
      const std::string m = e.what();
      const auto at = m.find("floors sum to "), mid = m.find(", which exceeds the budget "), by = m.find(" by ");
      ASSERT_TRUE(at != std::string::npos && mid != std::string::npos && by != std::string::npos) << m;
      const std::string floors = m.substr(at + 14, mid - at - 14);
      const std::string limit = m.substr(mid + 27, by - mid - 27);
      EXPECT_NE(floors, limit) << m;
    }
  }
  EXPECT_GT(thrown, 500);
  EXPECT_LT(thrown, 1900);
}

TEST(SplitTolerance, WholeUnitsAreCountedExactly) {
  // Sums of whole units are exact: one unit over is over, even at 10^10 units
  // where the tolerance for amounts would be 10.
  const std::vector<FocusArea> v{area("a", 1, 5e9), area("b", 1, 5e9 + 1)};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_units(v, 10'000'000'000LL, Apportionment::dhondt); }),
                  "floors sum to 10000000001 units, which exceeds the budget 10000000000 units by 1 units");
  const SplitResult r = split_units(v, 10'000'000'001LL, Apportionment::dhondt);
  EXPECT_EQ(r.amount, (std::vector<double>{5e9, 5e9 + 1}));
}

TEST(SplitErrors, CurvesMustBeConcave) {
  FocusArea a = area("näringsliv", 1);
  a.benefit = {{10, 2}, {5, 1}, {5, 3}};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_diminishing({a}, 10); }),
                  "area 'näringsliv': benefit segment 3 has slope 3, above segment 2's slope 1; the curve must be "
                  "concave");
  a.benefit = {{10, 2}, {0, 1}};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_diminishing({a}, 10); }), "benefit segment 2 has length 0");
  a.benefit = {{inf, 2}, {5, 1}};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_leverage({a}, 10); }),
                  "benefit segment 1 is infinitely long but is not the last");
  a.benefit = {{10, -1}};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({a}, 10, 10); }),
                  "benefit segment 1 has slope -1; slopes must be finite and >= 0");
}

TEST(SplitErrors, RatesAndCostsOutOfRange) {
  FocusArea a = area("eu", 1);
  for (double rate : {1.0, -0.1, 1.5, std::nan("")}) {
    a.grants = {{"erdf", rate, inf}};
    const std::string m = message_of<ArgumentError>([&] { split_leverage({a}, 10); });
    EXPECT_CONTAINS(m, "area 'eu': grant 'erdf': the co-financing rate");
    EXPECT_CONTAINS(m, "is outside [0, 1)");
  }
  a.grants = {{"erdf", 0.5, -1}};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_leverage({a}, 10); }), "grant 'erdf': the cap -1");
  a.grants = {{"erdf", 0.5, inf}};
  a.noneligible_share = 1.2;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_leverage({a}, 10); }), "the non-eligible share 1.2");
  FocusArea b = area("staff", 1);
  b.money_per_unit = -1;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({b}, 10, 10); }),
                  "area 'staff': money per unit -1 must be a finite number >= 0");
  b.money_per_unit = 1;
  b.hours_per_unit = std::nan("");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({b}, 10, 10); }), "hours per unit nan");
  b.hours_per_unit = 0;
  b.money_per_unit = 0;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({b}, 10, 10); }), "needs neither money nor hours");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({area("x", 1)}, -1, 10); }),
                  "the money budget is -1");
  FocusArea c = area("c", 1);
  c.hours_per_unit = 1;
  c.money_per_unit = 0;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_resources({c}, 100, inf); }), "unbounded: area 'c'");
}

TEST(SplitErrors, WholeUnitsMustBeWhole) {
  EXPECT_CONTAINS(message_of<ArgumentError>([] { split_units({area("a", 1, 1.5)}, 10, Apportionment::dhondt); }),
                  "area 'a': floor 1.5 is not a whole number of units");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { split_units({area("a", 1, 0, 2.5)}, 10, Apportionment::dhondt); }),
                  "area 'a': cap 2.5 is not a whole number");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { split_units({area("a", 1)}, -3, Apportionment::sainte_lague); }),
                  "the budget is -3 units");
}

TEST(SplitNames, ApportionmentNames) {
  EXPECT_STREQ(to_string(Apportionment::dhondt), "dhondt");
  EXPECT_EQ(parse_name<Apportionment>("sainte_lague"), Apportionment::sainte_lague);
  EXPECT_FALSE(parse_name<Apportionment>("hare").has_value());
  EXPECT_EQ(names_of<Apportionment>(), "dhondt, sainte_lague");
}
