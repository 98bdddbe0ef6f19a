// Selection under a budget (selection.hpp): hand-computed cases, every input
// error and infeasibility message, the limits, and random small instances
// checked against brute-force enumeration of all 2^n subsets.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/selection.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

SelectionItem item(const std::string& id, double cost, double value, double hours = 0, const std::string& area = "",
                   const std::string& group = "") {
  SelectionItem it;
  it.id = id;
  it.cost = cost;
  it.value = value;
  it.hours = hours;
  it.focus_area = area;
  it.group = group;
  return it;
}

SelectionItem must(SelectionItem it) {
  it.must = true;
  return it;
}
SelectionItem never(SelectionItem it) {
  it.never = true;
  return it;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The constraints exactly as selection.hpp states them (with its tolerances).
bool within(double used, double limit) { return used <= limit + 1e-9 * std::max(1.0, std::fabs(limit)); }
bool reaches(double spent, double floor) { return spent >= floor - 1e-9 * std::max(1.0, floor); }

struct Check {
  bool feasible = false;
  double value = 0;
};

Check evaluate(const SelectionProblem& p, const std::vector<char>& x) {
  Check c;
  double cost = 0, hours = 0;
  std::map<std::string, double> area_cost;
  std::map<std::string, int> group_count;
  for (std::size_t j = 0; j < p.items.size(); ++j) {
    const SelectionItem& it = p.items[j];
    if (it.must && !x[j]) return c;
    if (it.never && x[j]) return c;
    if (!x[j]) continue;
    cost += it.cost;
    hours += it.hours;
    c.value += it.value;
    if (!it.focus_area.empty()) area_cost[it.focus_area] += it.cost;
    if (!it.group.empty() && ++group_count[it.group] > 1) return c;
  }
  if (!within(cost, p.budget) || !within(hours, p.hours_budget)) return c;
  for (const FocusAreaLimit& l : p.focus_area_limits) {
    const double spent = area_cost[l.focus_area];
    if (!reaches(spent, l.floor) || !within(spent, l.cap)) return c;
  }
  c.feasible = true;
  return c;
}

Check evaluate(const SelectionProblem& p, const SelectionResult& r) {
  std::vector<char> x(p.items.size(), 0);
  for (std::size_t j : r.selected_index) x[j] = 1;
  return evaluate(p, x);
}

// The optimum over all 2^n subsets; feasible = false when none is feasible.
Check brute_force(const SelectionProblem& p) {
  const std::size_t n = p.items.size();
  Check best;
  std::vector<char> x(n, 0);
  for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
    for (std::size_t j = 0; j < n; ++j) x[j] = (mask >> j) & 1u;
    const Check c = evaluate(p, x);
    if (c.feasible && (!best.feasible || c.value > best.value)) best = c;
  }
  return best;
}

// A random instance: up to `max_n` items with real costs, hours, values,
// focus areas, exclusive groups, must / never flags, and sometimes an hours
// budget and area floors and caps.
SelectionProblem random_problem(std::mt19937& rng, std::size_t max_n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<std::size_t> size(1, max_n);
  SelectionProblem p;
  const std::size_t n = size(rng);
  const bool with_groups = u(rng) < 0.5, with_flags = u(rng) < 0.5;
  double total_cost = 0, total_hours = 0;
  std::set<std::string> must_groups;
  for (std::size_t j = 0; j < n; ++j) {
    SelectionItem it = item("i" + std::to_string(j), 1 + 19 * u(rng), u(rng) < 0.05 ? 0.0 : 30 * u(rng),
                            u(rng) < 0.2 ? 0.0 : 10 * u(rng));
    if (u(rng) < 0.1) it.cost = 0;
    const double a = u(rng);
    it.focus_area = a < 0.35 ? "fa1" : a < 0.65 ? "fa2" : a < 0.85 ? "fa3" : "";
    if (with_groups && u(rng) < 0.4) it.group = "g" + std::to_string(static_cast<int>(u(rng) * 3));
    if (with_flags) {
      const double f = u(rng);
      if (f < 0.08 && !must_groups.count(it.group)) {
        it.must = true;
        if (!it.group.empty()) must_groups.insert(it.group);
      } else if (f < 0.16) {
        it.never = true;
      }
    }
    it.external = u(rng) < 0.3 ? 10 * u(rng) : 0;
    it.rate = it.external > 0 ? 0.5 : 0;
    total_cost += it.cost;
    total_hours += it.hours;
    p.items.push_back(it);
  }
  // Sometimes unlimited money: then the hours (if any) carry the bound.
  const bool unlimited = u(rng) < 0.12;
  p.budget = unlimited ? kInf : (0.15 + 0.5 * u(rng)) * total_cost;
  if (u(rng) < (unlimited ? 0.75 : 0.5)) p.hours_budget = (0.15 + 0.5 * u(rng)) * total_hours;
  if (u(rng) < 0.5) {
    std::map<std::string, double> area_total;
    for (const auto& it : p.items)
      if (!it.focus_area.empty()) area_total[it.focus_area] += it.cost;
    for (const auto& [area, total] : area_total) {
      if (u(rng) < 0.4) continue;
      FocusAreaLimit l;
      l.focus_area = area;
      if (u(rng) < 0.5) l.floor = 0.6 * u(rng) * total;
      if (u(rng) < 0.6) l.cap = l.floor + 0.5 * u(rng) * total;
      p.focus_area_limits.push_back(l);
    }
  }
  return p;
}

}  // namespace

// ------------------------------------------------------- hand-computed cases

TEST(SelectionExact, GreedyMissesTheOptimum) {
  // Densities A 2.0, B 1.8, C 1.8; budget 10. Greedy takes A (6) and then
  // nothing fits: 12. The optimum is B + C = 18. LP bound: A + 4/5 of B =
  // 12 + 7.2 = 19.2.
  SelectionProblem p;
  p.items = {item("A", 6, 12), item("B", 5, 9), item("C", 5, 9)};
  p.budget = 10;
  const auto r = select_exact(p);
  EXPECT_EQ(r.method, "branch_and_bound");
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(r.selected_index, (std::vector<std::size_t>{1, 2}));
  EXPECT_DOUBLE_EQ(r.value, 18);
  EXPECT_TRUE(r.feasible);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_DOUBLE_EQ(r.bound, 18);
  EXPECT_DOUBLE_EQ(r.gap, 0);
  EXPECT_DOUBLE_EQ(r.relative_gap, 0);
  EXPECT_NEAR(r.root_bound, 19.2, 1e-12);
  EXPECT_TRUE(r.stopped_by.empty());
  EXPECT_GE(r.nodes, 1);
  EXPECT_DOUBLE_EQ(r.cost, 10);

  const auto g = select_greedy(p);
  EXPECT_EQ(g.method, "greedy");
  EXPECT_EQ(g.selected, (std::vector<std::string>{"A"}));
  EXPECT_DOUBLE_EQ(g.value, 12);
  EXPECT_FALSE(g.proven_optimal);
  EXPECT_NEAR(g.bound, 19.2, 1e-12);
  EXPECT_NEAR(g.gap, 7.2, 1e-12);
  EXPECT_NEAR(g.relative_gap, 7.2 / 19.2, 1e-12);
}

TEST(SelectionExact, TwoResources) {
  // Budget 10 (two items), 10 staff hours. A+B needs 12 h, A+C 13 h, B+C 9 h:
  // the optimum is B + C = 14; greedy by value/cost takes A and stops at 10.
  // LP: b = 1, a = 1/3, c = 2/3 gives 15, proven by the duals (money 0.4 per
  // 5, hours 1 per hour, B's upper bound 1): 4 + 10 + 1 = 15.
  SelectionProblem p;
  p.items = {item("A", 5, 10, 8), item("B", 5, 7, 4), item("C", 5, 7, 5)};
  p.budget = 10;
  p.hours_budget = 10;
  const auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"B", "C"}));
  EXPECT_DOUBLE_EQ(r.value, 14);
  EXPECT_DOUBLE_EQ(r.hours, 9);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_NEAR(r.root_bound, 15, 1e-6);
  EXPECT_GE(r.root_bound, 15 - 1e-9);  // the bound is never below the LP value
  const auto g = select_greedy(p);
  EXPECT_EQ(g.selected, (std::vector<std::string>{"A"}));
  EXPECT_DOUBLE_EQ(g.value, 10);
  EXPECT_NEAR(g.gap, 5, 1e-6);
  // Without the hours budget A + one of B, C: 17.
  p.hours_budget = kInf;
  EXPECT_DOUBLE_EQ(select_exact(p).value, 17);
}

TEST(SelectionExact, HoursOnlyBinding) {
  // Unlimited money; 10 hours: X (6 h, 9) + Y (4 h, 5) = 14 beats Z (10 h, 13).
  SelectionProblem p;
  p.items = {item("X", 100, 9, 6), item("Y", 100, 5, 4), item("Z", 100, 13, 10)};
  p.budget = kInf;
  p.hours_budget = 10;
  const auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"X", "Y"}));
  EXPECT_DOUBLE_EQ(r.value, 14);
  EXPECT_TRUE(r.proven_optimal);
}

TEST(SelectionExact, ExclusiveGroup) {
  // Budget 10: without groups A + B = 15 (cost 8); A and B exclude each other,
  // so A + C = 14.
  SelectionProblem p;
  p.items = {item("A", 4, 8), item("B", 4, 7), item("C", 6, 6)};
  p.budget = 10;
  EXPECT_EQ(sorted(select_exact(p).selected), (std::vector<std::string>{"A", "B"}));
  p.items[0].group = p.items[1].group = "same visit";
  const auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"A", "C"}));
  EXPECT_DOUBLE_EQ(r.value, 14);
  const auto g = select_greedy(p);
  EXPECT_EQ(sorted(g.selected), (std::vector<std::string>{"A", "C"}));
}

TEST(SelectionExact, MustAndNever) {
  // Budget 10, every item costs 5: X is a must (value 1), Z (10) is never,
  // so X + Y = 11.
  SelectionProblem p;
  p.items = {must(item("X", 5, 1)), item("Y", 5, 10), never(item("Z", 5, 12)), item("W", 5, 8)};
  p.budget = 10;
  const auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"X", "Y"}));
  EXPECT_DOUBLE_EQ(r.value, 11);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_EQ(sorted(select_greedy(p).selected), (std::vector<std::string>{"X", "Y"}));
}

TEST(SelectionExact, AreaFloorAndCap) {
  // A and C in fa1 (values 10 and 9), B in fa2 (4); each costs 5, budget 10.
  SelectionProblem p;
  p.items = {item("A", 5, 10, 0, "fa1"), item("B", 5, 4, 0, "fa2"), item("C", 5, 9, 0, "fa1")};
  p.budget = 10;
  EXPECT_EQ(sorted(select_exact(p).selected), (std::vector<std::string>{"A", "C"}));
  // A floor of 5 on fa2 forces B in: A + B = 14.
  p.focus_area_limits = {{"fa2", 5, kInf}};
  auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"A", "B"}));
  EXPECT_DOUBLE_EQ(r.value, 14);
  ASSERT_EQ(r.focus_areas.size(), 2u);
  EXPECT_EQ(r.focus_areas[0].focus_area, "fa1");
  EXPECT_DOUBLE_EQ(r.focus_areas[0].cost, 5);
  EXPECT_EQ(r.focus_areas[1].focus_area, "fa2");
  EXPECT_DOUBLE_EQ(r.focus_areas[1].cost, 5);
  EXPECT_DOUBLE_EQ(r.focus_areas[1].floor, 5);
  const auto g = select_greedy(p);
  EXPECT_TRUE(g.feasible);
  EXPECT_EQ(sorted(g.selected), (std::vector<std::string>{"A", "B"}));
  // A cap of 6 on fa1 allows only one of A and C: again A + B.
  p.focus_area_limits = {{"fa1", 0, 6}};
  r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"A", "B"}));
  EXPECT_DOUBLE_EQ(r.focus_areas[0].cap, 6);
  EXPECT_DOUBLE_EQ(r.value, 14);
}

TEST(SelectionExact, TotalsZeroCostAndEmpty) {
  SelectionProblem p;
  SelectionItem a = item("eu-project", 40, 30, 120, "fa1");
  a.external = 60;
  a.rate = 0.6;
  p.items = {a, item("visit", 0, 2, 8), item("network", 70, 20, 10)};
  p.budget = 50;
  const auto r = select_exact(p);
  EXPECT_EQ(r.selected, (std::vector<std::string>{"eu-project", "visit"}));  // input order
  EXPECT_DOUBLE_EQ(r.cost, 40);
  EXPECT_DOUBLE_EQ(r.hours, 128);
  EXPECT_DOUBLE_EQ(r.external, 60);
  EXPECT_DOUBLE_EQ(r.value, 32);

  SelectionProblem empty;
  empty.budget = 5;
  const auto e = select_exact(empty);
  EXPECT_TRUE(e.selected.empty());
  EXPECT_DOUBLE_EQ(e.value, 0);
  EXPECT_TRUE(e.proven_optimal);
}

// ------------------------------------------------------------------ limits

TEST(SelectionLimits, NodeLimitReportsTheGap) {
  // Value = cost (subset sum with real costs): the LP bound is the budget,
  // which no subset reaches exactly, so a short search cannot prove anything.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(1, 100);
  SelectionProblem p;
  double total = 0;
  for (int j = 0; j < 60; ++j) {
    const double c = u(rng);
    p.items.push_back(item("s" + std::to_string(j), c, c));
    total += c;
  }
  p.budget = 0.5 * total;
  SelectionOptions o;
  o.node_limit = 100;
  const auto r = select_exact(p, o);
  EXPECT_FALSE(r.proven_optimal);
  EXPECT_TRUE(r.feasible);
  EXPECT_CONTAINS(r.stopped_by, "node limit of 100 nodes");
  EXPECT_LE(r.nodes, 100);
  EXPECT_GT(r.gap, 0);
  EXPECT_NEAR(r.gap, r.bound - r.value, 1e-9);
  EXPECT_LE(r.bound, p.budget + 1e-6);
  EXPECT_LE(r.cost, p.budget);

  o.node_limit = 2'000'000'000;
  o.time_limit = 1e-9;
  const auto t = select_exact(p, o);
  EXPECT_FALSE(t.proven_optimal);
  EXPECT_CONTAINS(t.stopped_by, "time limit");
  EXPECT_GT(t.gap, 0);
}

TEST(SelectionLimits, HundredsOfItemsProvenOptimal) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  for (int two = 0; two < 2; ++two) {
    SelectionProblem p;
    double tc = 0, th = 0;
    for (int j = 0; j < 500; ++j) {
      SelectionItem it = item("p" + std::to_string(j), 10 + 90 * u(rng), 10 + 90 * u(rng), 5 + 45 * u(rng));
      it.focus_area = "fa" + std::to_string(j % 5);
      if (j % 7 == 0) it.group = "g" + std::to_string(j % 21);
      tc += it.cost;
      th += it.hours;
      p.items.push_back(it);
    }
    p.budget = 0.3 * tc;
    if (two) p.hours_budget = 0.3 * th;
    p.focus_area_limits = {{"fa0", 0.1 * tc, kInf}, {"fa1", 0, 0.04 * tc}};
    const auto r = select_exact(p);
    EXPECT_TRUE(r.proven_optimal) << r.stopped_by;
    EXPECT_TRUE(evaluate(p, r).feasible);
    EXPECT_NEAR(evaluate(p, r).value, r.value, 1e-6);
    EXPECT_LE(select_greedy(p).value, r.value + 1e-9);
  }
}

// ------------------------------------------------- random vs brute force

TEST(SelectionRandom, EqualsBruteForce) {
  std::mt19937 rng(20240517);
  int feasible = 0, infeasible = 0, greedy_worse = 0, stopped = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const SelectionProblem p = random_problem(rng, trial < 590 ? 14 : 20);
    SCOPED_TRACE("trial " + std::to_string(trial) + ", " + std::to_string(p.items.size()) + " items");
    const Check opt = brute_force(p);
    if (!opt.feasible) {
      ++infeasible;
      const std::string m = message_of<ArgumentError>([&] { select_exact(p); });
      EXPECT_CONTAINS(m, "infeasible");
      continue;
    }
    ++feasible;
    const auto r = select_exact(p);
    ASSERT_TRUE(r.feasible);
    EXPECT_TRUE(r.proven_optimal);
    EXPECT_NEAR(r.value, opt.value, 1e-6);
    EXPECT_DOUBLE_EQ(r.gap, 0);
    EXPECT_GE(r.root_bound, opt.value - 1e-6);
    const Check got = evaluate(p, r);
    EXPECT_TRUE(got.feasible);
    EXPECT_NEAR(got.value, r.value, 1e-9);

    const auto g = select_greedy(p);
    EXPECT_GE(g.bound, opt.value - 1e-6);
    if (g.feasible) {
      EXPECT_LE(g.value, opt.value + 1e-9);
      EXPECT_TRUE(evaluate(p, g).feasible);
      if (g.value < opt.value - 1e-6) ++greedy_worse;
    }

    // Stopped after a few nodes: whatever it returns is feasible and the
    // bound it reports still covers the optimum.
    SelectionOptions o;
    o.node_limit = 3;
    const auto s = select_exact(p, o);
    if (!s.proven_optimal) ++stopped;
    EXPECT_GE(s.bound, opt.value - 1e-6);
    if (s.feasible) {
      EXPECT_TRUE(evaluate(p, s).feasible);
      EXPECT_LE(s.value, opt.value + 1e-9);
      EXPECT_NEAR(s.gap, s.proven_optimal ? 0.0 : s.bound - s.value, 1e-9);
    }
  }
  // The generator must exercise both outcomes and beat the greedy often.
  EXPECT_GT(feasible, 400);
  EXPECT_GT(infeasible, 5);
  EXPECT_GT(greedy_worse, 50);
  EXPECT_GT(stopped, 10);
}

// ------------------------------------------------------------------ errors

namespace {
SelectionProblem small() {
  SelectionProblem p;
  p.items = {item("a", 10, 5, 2, "fa1", "g1"), item("b", 20, 8, 3, "fa2", "g1"), item("c", 30, 9, 4, "fa2")};
  p.budget = 100;
  return p;
}
std::string exact_error(const SelectionProblem& p, const SelectionOptions& o = {}) {
  return message_of<ArgumentError>([&] { select_exact(p, o); });
}
}  // namespace

TEST(SelectionErrors, BadItems) {
  auto p = small();
  p.items[1].cost = -1;
  EXPECT_CONTAINS(exact_error(p), "item 'b': own cost -1 is negative");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { select_greedy(p); }), "item 'b': own cost -1 is negative");
  p = small();
  p.items[1].cost = kNaN;
  EXPECT_CONTAINS(exact_error(p), "item 'b': own cost is not a number (NaN)");
  p = small();
  p.items[2].hours = kNaN;
  EXPECT_CONTAINS(exact_error(p), "item 'c': staff hours is not a number (NaN)");
  p = small();
  p.items[2].hours = -3;
  EXPECT_CONTAINS(exact_error(p), "item 'c': staff hours -3 is negative");
  p = small();
  p.items[0].value = -0.5;
  EXPECT_CONTAINS(exact_error(p), "item 'a': value -0.5 is negative");
  p = small();
  p.items[0].value = kNaN;
  EXPECT_CONTAINS(exact_error(p), "item 'a': value is not a number (NaN)");
  p = small();
  p.items[0].external = -10;
  EXPECT_CONTAINS(exact_error(p), "item 'a': external funding -10 is negative");
  p = small();
  p.items[0].cost = kInf;
  EXPECT_CONTAINS(exact_error(p), "item 'a': own cost is infinite");
}

TEST(SelectionErrors, RateOutsideUnitInterval) {
  auto p = small();
  p.items[2].rate = 1.0;
  EXPECT_CONTAINS(exact_error(p), "item 'c': co-financing rate 1 is outside [0, 1)");
  p.items[2].rate = -0.1;
  EXPECT_CONTAINS(exact_error(p), "item 'c': co-financing rate -0.1 is outside [0, 1)");
  p.items[2].rate = kNaN;
  EXPECT_CONTAINS(exact_error(p), "item 'c': co-financing rate nan is outside [0, 1)");
}

TEST(SelectionErrors, DuplicateAndEmptyIds) {
  auto p = small();
  p.items[2].id = "a";
  EXPECT_CONTAINS(exact_error(p), "duplicate item id 'a' (positions 1 and 3)");
  p.items[2].id = "";
  EXPECT_CONTAINS(exact_error(p), "item at position 3: the id is empty");
}

TEST(SelectionErrors, MustAndNeverFlags) {
  auto p = small();
  p.items[2].must = p.items[2].never = true;
  EXPECT_CONTAINS(exact_error(p), "item 'c' is both must and never");
  p = small();
  p.items[0].must = p.items[1].must = true;
  EXPECT_CONTAINS(exact_error(p), "items 'a' and 'b' are both must but in the same exclusive group 'g1'");
}

TEST(SelectionErrors, AreaLimits) {
  auto p = small();
  p.focus_area_limits = {{"fa9", 10, kInf}};
  EXPECT_CONTAINS(exact_error(p), "focus area limits: unknown focus area 'fa9' (no item has this focus area)");
  p.focus_area_limits = {{"fa1", 0, 50}, {"fa1", 0, 40}};
  EXPECT_CONTAINS(exact_error(p), "focus area 'fa1' is listed twice");
  p.focus_area_limits = {{"fa2", -1, kInf}};
  EXPECT_CONTAINS(exact_error(p), "focus area 'fa2': floor -1 is negative");
  p.focus_area_limits = {{"fa2", kNaN, kInf}};
  EXPECT_CONTAINS(exact_error(p), "focus area 'fa2': the floor is not a number (NaN)");
  p.focus_area_limits = {{"fa2", 30, 20}};
  EXPECT_CONTAINS(exact_error(p), "focus area 'fa2': cap 20 is below its floor 30");
  p.focus_area_limits = {{"fa2", 0, kNaN}};
  EXPECT_CONTAINS(exact_error(p), "focus area 'fa2': the cap is not a number (NaN)");
}

TEST(SelectionErrors, BudgetsAndOptions) {
  auto p = small();
  p.budget = -5;
  EXPECT_CONTAINS(exact_error(p), "selection: the budget -5 is negative");
  p.budget = kNaN;
  EXPECT_CONTAINS(exact_error(p), "selection: the budget is not a number (NaN)");
  p = small();
  p.hours_budget = -1;
  EXPECT_CONTAINS(exact_error(p), "selection: the hours budget -1 is negative");
  SelectionOptions o;
  o.time_limit = 0;
  EXPECT_CONTAINS(exact_error(small(), o), "time limit 0 must be a positive number of seconds");
  o.time_limit = kNaN;
  EXPECT_CONTAINS(exact_error(small(), o), "time limit nan must be a positive number of seconds");
  o = SelectionOptions{};
  o.node_limit = 0;
  EXPECT_CONTAINS(exact_error(small(), o), "node limit 0 must be at least 1");
}

TEST(SelectionInfeasible, MustItemsOverBudget) {
  SelectionProblem p;
  p.items = {must(item("a", 100.25, 1)), must(item("b", 50.25, 1)), item("c", 1, 1)};
  p.budget = 100;
  EXPECT_CONTAINS(exact_error(p), "infeasible: must items cost 150.5, which exceeds the budget 100 by 50.5");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { select_greedy(p); }),
                  "must items cost 150.5, which exceeds the budget 100 by 50.5");
}

TEST(SelectionInfeasible, MustItemsOverHoursAndCap) {
  SelectionProblem p;
  p.items = {must(item("a", 10, 1, 30, "fa1")), must(item("b", 15, 1, 25, "fa1")), item("c", 1, 1, 1, "fa2")};
  p.budget = 100;
  p.hours_budget = 40;
  EXPECT_CONTAINS(exact_error(p),
                  "infeasible: must items need 55 staff hours, which exceeds the hours budget 40 by 15");
  p.hours_budget = kInf;
  p.focus_area_limits = {{"fa1", 0, 20}};
  EXPECT_CONTAINS(exact_error(p), "infeasible: must items in area 'fa1' cost 25, which exceeds its cap 20 by 5");
}

TEST(SelectionInfeasible, FloorOutOfReach) {
  // fa2's items: 30 + 50 (never 40 left out; of the group g the dearer 0).
  SelectionProblem p;
  p.items = {item("a", 30, 1, 0, "fa2"), item("b", 50, 1, 0, "fa2"), never(item("c", 40, 1, 0, "fa2")),
             item("d", 5, 1, 0, "fa1")};
  p.budget = 1000;
  p.focus_area_limits = {{"fa2", 100, kInf}};
  EXPECT_CONTAINS(exact_error(p), "infeasible: area 'fa2' floor 100 cannot be met: its items cost at most 80");
  // Two items of one exclusive group count once, the dearer.
  p.items[0].group = p.items[1].group = "g";
  p.focus_area_limits = {{"fa2", 60, kInf}};
  EXPECT_CONTAINS(exact_error(p), "area 'fa2' floor 60 cannot be met: its items cost at most 50");
}

TEST(SelectionInfeasible, FloorsAndMustItemsOverBudget) {
  SelectionProblem p;
  p.items = {must(item("m", 30, 1, 0, "fa1")), item("a", 50, 1, 0, "fa2"), item("b", 50, 1, 0, "fa3")};
  p.budget = 100;
  p.focus_area_limits = {{"fa2", 40, kInf}, {"fa3", 45, kInf}};
  EXPECT_CONTAINS(exact_error(p),
                  "infeasible: the area floors and must items need at least 115 of own money, which exceeds the "
                  "budget 100 by 15");
}

TEST(SelectionInfeasible, ProvenBySearch) {
  // Each floor alone can be met, but the two items exclude each other.
  SelectionProblem p;
  p.items = {item("x", 5, 1, 0, "fa1", "g"), item("y", 5, 1, 0, "fa2", "g")};
  p.budget = 100;
  p.focus_area_limits = {{"fa1", 5, kInf}, {"fa2", 5, kInf}};
  EXPECT_CONTAINS(exact_error(p), "infeasible: no selection meets the budget, the hours budget, the exclusive "
                                  "groups and the area floors and caps together (proven by branch and bound");
  const auto g = select_greedy(p);
  EXPECT_FALSE(g.feasible);
  EXPECT_TRUE(std::isnan(g.value));
  EXPECT_TRUE(g.selected.empty());
  // Stopped before the proof: no selection, said so, never a silent answer.
  SelectionOptions o;
  o.node_limit = 1;
  const auto r = select_exact(p, o);
  EXPECT_FALSE(r.feasible);
  EXPECT_FALSE(r.proven_optimal);
  EXPECT_TRUE(r.selected.empty());
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_TRUE(std::isinf(r.gap));
  EXPECT_CONTAINS(r.stopped_by, "node limit of 1 nodes");
}

// ------------------------------------------- area windows: subset sums first

TEST(SelectionWindow, MultiplesOfFiveMissTheWindow) {
  // 32 items costing 5 or 10 in one area, window [133, 134]: every sum is a
  // multiple of 5, so none falls in it; the nearest are 130 and 135.
  SelectionProblem p;
  for (int j = 0; j < 32; ++j)
    p.items.push_back(item("p" + std::to_string(j), j % 2 ? 10 : 5, j % 2 ? 5 : 3, 0, "fa1"));
  p.budget = 1000;
  p.focus_area_limits = {{"fa1", 133, 134}};
  const std::string m = exact_error(p);
  EXPECT_CONTAINS(m, "infeasible: area 'fa1': no choice of its items costs between its floor 133 and its cap 134 "
                     "(every cost is a multiple of 5; must items in, never items out, at most one item per "
                     "exclusive group); the nearest sums are 130 and 135; lower the floor to 130 or raise the cap "
                     "to 135");
  EXPECT_EQ(message_of<ArgumentError>([&] { select_greedy(p); }), m);
  // Window [133, 135]: a items of cost 5 (value 3) and b of cost 10 (value 5)
  // with 5a + 10b = 135, a, b <= 16: value 3a + 5b = 81 - b, least b = 6
  // (a = 15): value 75.
  p.focus_area_limits = {{"fa1", 133, 135}};
  const auto r = select_exact(p);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_DOUBLE_EQ(r.value, 75);
  EXPECT_DOUBLE_EQ(r.cost, 135);
}

TEST(SelectionWindow, SubsetSumsWithoutACommonUnit) {
  // Costs 6, 10, 15 (gcd 1) reach 0, 6, 10, 15, 16, 21, 25, 31: nothing in [22, 24].
  SelectionProblem p;
  p.items = {item("a", 6, 1, 0, "fa1"), item("b", 10, 1, 0, "fa1"), item("c", 15, 1, 0, "fa1"),
             item("d", 4, 1, 0, "fa2")};
  p.budget = 100;
  p.focus_area_limits = {{"fa1", 22, 24}};
  EXPECT_CONTAINS(exact_error(p), "infeasible: area 'fa1': no choice of its items costs between its floor 22 and its "
                                  "cap 24 (must items in, never items out, at most one item per exclusive group); "
                                  "the nearest sums are 21 and 25; lower the floor to 21 or raise the cap to 25");
  p.focus_area_limits = {{"fa1", 21, 24}};  // 6 + 15
  const auto r = select_exact(p);
  EXPECT_EQ(sorted(r.selected), (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_DOUBLE_EQ(r.focus_areas[0].cost, 21);
}

TEST(SelectionWindow, MustNeverAndGroupsShapeTheSums) {
  // fa1: must m 5, w 7, v 20, x 10 and y 12 exclusive (group g), never z 21,
  // q 3 in group h, which the must item n of fa2 uses. The sums are 5 + {0, 7}
  // + {0, 10, 12} + {0, 20}: 5 12 15 17 22 24 25 32 35 37 42 44. Nothing in
  // [26, 28], though x + y (27), z (26) or q (28 with v) would be.
  SelectionProblem p;
  p.items = {must(item("m", 5, 1, 0, "fa1")), item("w", 7, 1, 0, "fa1"),           item("v", 20, 1, 0, "fa1"),
             item("x", 10, 1, 0, "fa1", "g"), item("y", 12, 1, 0, "fa1", "g"),     never(item("z", 21, 1, 0, "fa1")),
             item("q", 3, 1, 0, "fa1", "h"),  must(item("n", 1, 1, 0, "fa2", "h"))};
  p.budget = 1000;
  p.focus_area_limits = {{"fa1", 26, 28}};
  EXPECT_FALSE(brute_force(p).feasible);
  EXPECT_CONTAINS(exact_error(p), "the nearest sums are 25 and 32; lower the floor to 25 or raise the cap to 32");
  // Without the group x + y = 27 meets the window (with m: 5 + 10 + 12).
  p.items[3].group = p.items[4].group = "";
  const auto r = select_exact(p);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_DOUBLE_EQ(r.focus_areas[0].cost, 27);
  EXPECT_DOUBLE_EQ(r.value, brute_force(p).value);
}

TEST(SelectionWindow, DecimalCostsAndTheTolerance) {
  // Costs 0.1, 0.2, 0.3 and 0.35 are multiples of 0.05: nothing in
  // [0.62, 0.64]. A window [0.6, 0.6] is met by 0.1 + 0.2 + 0.3, which is
  // 0.6000000000000001 in binary: within the tolerance, never rejected.
  SelectionProblem p;
  p.items = {item("a", 0.1, 1, 0, "fa1"), item("b", 0.2, 1, 0, "fa1"), item("c", 0.3, 1, 0, "fa1"),
             item("d", 0.35, 1, 0, "fa1")};
  p.budget = 10;
  p.focus_area_limits = {{"fa1", 0.62, 0.64}};
  EXPECT_CONTAINS(exact_error(p), "(every cost is a multiple of 0.05; must items in, never items out, at most one "
                                  "item per exclusive group); the nearest sums are 0.6 and 0.65");
  p.focus_area_limits = {{"fa1", 0.6, 0.6}};
  const auto r = select_exact(p);
  EXPECT_TRUE(r.proven_optimal);
  EXPECT_EQ(r.selected, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SelectionWindow, CostsWithoutADecimalUnitAreLeftToTheSearch) {
  // 1/3, 2/3 and 1/7 are no whole multiples of a decimal unit: the subset-sum
  // test steps aside and the search proves that nothing costs 0.5 to 0.52.
  SelectionProblem p;
  p.items = {item("a", 1.0 / 3, 1, 0, "fa1"), item("b", 2.0 / 3, 1, 0, "fa1"), item("c", 1.0 / 7, 1, 0, "fa1")};
  p.budget = 10;
  p.focus_area_limits = {{"fa1", 0.5, 0.52}};
  EXPECT_CONTAINS(exact_error(p), "infeasible: no selection meets the budget, the hours budget, the exclusive groups "
                                  "and the area floors and caps together (proven by branch and bound");
  p.focus_area_limits = {{"fa1", 0.47, 0.48}};  // 1/3 + 1/7 = 0.476...
  EXPECT_EQ(sorted(select_exact(p).selected), (std::vector<std::string>{"a", "c"}));
}

TEST(SelectionWindow, EqualsBruteForceOnNarrowWindows) {
  // Random instances whose costs are multiples of a unit (whole or decimal),
  // with windows narrower than the dearest item, groups, must and never: the
  // exact method is infeasible exactly when brute force finds nothing, and
  // otherwise reaches the brute-force optimum.
  std::mt19937 rng(133134);
  std::uniform_real_distribution<double> u(0, 1);
  const double units[] = {1, 5, 0.05, 2.5, 0.1, 0.01};
  int by_window = 0, by_other = 0, feasible = 0;
  for (int trial = 0; trial < 600; ++trial) {
    const double unit = units[trial % 6];
    SelectionProblem p;
    const std::size_t n = 4 + static_cast<std::size_t>(u(rng) * 11);
    std::set<std::string> must_groups;
    std::map<std::string, double> total, dearest;
    for (std::size_t j = 0; j < n; ++j) {
      SelectionItem it = item("i" + std::to_string(j), unit * (1 + static_cast<int>(u(rng) * 12)), 1 + 9 * u(rng));
      it.focus_area = u(rng) < 0.6 ? "fa1" : u(rng) < 0.7 ? "fa2" : "";
      if (u(rng) < 0.3) it.group = "g" + std::to_string(static_cast<int>(u(rng) * 3));
      const double f = u(rng);
      if (f < 0.08 && !must_groups.count(it.group)) {
        it.must = true;
        if (!it.group.empty()) must_groups.insert(it.group);
      } else if (f < 0.15) {
        it.never = true;
      }
      if (!it.focus_area.empty()) {
        total[it.focus_area] += it.cost;
        dearest[it.focus_area] = std::max(dearest[it.focus_area], it.cost);
      }
      p.items.push_back(it);
    }
    double all = 0;
    for (const auto& it : p.items) all += it.cost;
    p.budget = u(rng) < 0.3 ? kInf : (0.4 + 0.6 * u(rng)) * all;
    for (const auto& [area, t] : total) {
      FocusAreaLimit l;
      l.focus_area = area;
      l.floor = (0.1 + 0.6 * u(rng)) * t;
      l.cap = l.floor + u(rng) * dearest[area];  // narrower than the dearest item
      if (u(rng) < 0.3) l.floor = unit * std::round(l.floor / unit);  // sometimes a reachable-looking edge
      l.cap = std::max(l.cap, l.floor);
      p.focus_area_limits.push_back(l);
    }
    SCOPED_TRACE("trial " + std::to_string(trial));
    const Check opt = brute_force(p);
    if (!opt.feasible) {
      const std::string m = exact_error(p);
      EXPECT_CONTAINS(m, "infeasible");
      (m.find("no choice of its items") != std::string::npos ? by_window : by_other) += 1;
      continue;
    }
    ++feasible;
    const auto r = select_exact(p);
    EXPECT_TRUE(r.proven_optimal);
    EXPECT_NEAR(r.value, opt.value, 1e-6);
    EXPECT_TRUE(evaluate(p, r).feasible);
    EXPECT_NO_THROW(select_greedy(p));
  }
  EXPECT_GT(feasible, 100);
  EXPECT_GT(by_window, 100);
}
