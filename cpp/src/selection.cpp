// Selection under a budget: validation, the greedy fill, the LP/Lagrangian
// relaxation with reduced-cost fixing, and the depth-first branch and bound.
// See selection.hpp for the method and its sources.
#include "styrkort/selection.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <utility>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"
#include "styrkort/tolerance.hpp"

namespace styrkort {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double x) { return detail::format_number(x, 10); }
std::string q(const std::string& s) { return "'" + s + "'"; }

using tolerance::reaches;
using tolerance::slack;
using tolerance::within;

// ------------------------------------------------------------------ input

struct Prepared {
  std::size_t n = 0;
  std::vector<double> cost, hours, value, external;
  std::vector<int> area, group;  // -1: none
  std::vector<char> must, never;
  std::vector<std::string> area_names;
  std::vector<double> floor, cap;  // per area
  std::size_t n_groups = 0;
  double budget = 0, hours_budget = kInf;
  bool any_floor = false, any_cap = false;
  double value_sum = 0;
};

void check_amount(const SelectionItem& it, const char* what, double x) {
  if (std::isnan(x)) throw ArgumentError("item " + q(it.id) + ": " + what + " is not a number (NaN)");
  if (x < 0) throw ArgumentError("item " + q(it.id) + ": " + what + " " + fmt(x) + " is negative");
  if (std::isinf(x)) throw ArgumentError("item " + q(it.id) + ": " + what + " is infinite");
}

void check_limit(const char* what, double x) {
  if (std::isnan(x)) throw ArgumentError(std::string("selection: the ") + what + " is not a number (NaN)");
  if (x < 0) throw ArgumentError(std::string("selection: the ") + what + " " + fmt(x) + " is negative");
}

// ------------------------------------------------------------ area windows
//
// An area whose floor and cap leave a window narrower than its dearest item
// is a subset-sum condition: some choice of the area's items must cost between
// the floor and the cap. The fractional bound cannot see it, so a search can
// spend seconds proving that no choice does (32 items costing 5 or 10 and a
// window [133, 134]: every sum is a multiple of 5). Before the search each
// such window is checked exactly by dynamic programming over the reachable
// sums (Bellman's subset-sum recursion; Kellerer, Pferschy & Pisinger,
// Knapsack Problems, Springer 2004, sect. 4.1):
//  - the costs are written as whole multiples of one unit u: the gcd of the
//    costs with k decimals (k = 0, 1, ..., 9), divided by 10^k. Sums of
//    whole numbers are exact, so the set of reachable sums is exact;
//  - the items are those every feasible selection is limited to in the area:
//    its must items always, its never items not, at most one item of each
//    exclusive group (none of a group a must item uses). The budget, the
//    hours and the other areas are left out, so the test is a relaxation:
//    when no sum falls in the window no selection meets it (a proof); when
//    one does, the search decides;
//  - the window in units is widened by the tolerance (tolerance.hpp) and by a
//    thousandth of a unit, more than the rounding can move a sum (a cost is
//    off its whole number of units by at most 1e-12 of it, and a sum of k
//    costs in floating point by (k - 1) 2^-53 of it: Higham, Accuracy and
//    Stability of Numerical Algorithms, 2nd ed., SIAM 2002, sect. 4.2; the
//    test steps aside where these could add up to the margin), so every
//    selection the search would accept has its sum in the window: the test
//    never rejects a feasible problem.
// Memory: one bit per sum up to the window's floor plus the dearest item (the
// nearest sum above the cap is no further: adding the items one by one steps
// over the window by at most that much), at most kMaxWindowUnits bits (2 MiB)
// and a second bitset as large for the exclusive groups; time: one pass of
// word-wide shifts per item. When the costs are not whole multiples of a
// decimal unit (1/3, say) or the range is larger, the test is left out and the
// search decides as before.

constexpr std::size_t kMaxWindowUnits = std::size_t{1} << 24;
constexpr double kUnitMargin = 1e-3;  // in units: covers the rounding of floating-point sums

// Costs as whole multiples of one unit.
struct CostUnits {
  double unit = 1;
  std::vector<std::int64_t> count;  // cost / unit, in the order of the costs
};

std::optional<CostUnits> cost_units(const std::vector<double>& costs) {
  constexpr double kExact = 9007199254740992.0;  // 2^53: whole numbers are exact below it
  double largest = 0;
  for (double c : costs) largest = std::max(largest, c);
  double scale = 1;
  for (int k = 0; k <= 9 && largest * scale < kExact; ++k, scale *= 10) {
    CostUnits u;
    std::int64_t g = 0;
    bool whole = true;
    for (double c : costs) {
      const double x = c * scale, n = std::round(x);
      // Rounding only (0.07 * 100 is 7.000000000000001), far below one unit.
      if (std::fabs(x - n) > 1e-12 * std::max(1.0, n)) {
        whole = false;
        break;
      }
      u.count.push_back(static_cast<std::int64_t>(n));
      g = std::gcd(g, u.count.back());
    }
    if (!whole) continue;
    if (g == 0) g = 1;  // every cost is 0
    for (std::int64_t& n : u.count) n /= g;
    u.unit = static_cast<double>(g) / scale;
    return u;
  }
  return std::nullopt;
}

// Reachable sums, one bit per sum 0..top.
class Sums {
 public:
  explicit Sums(std::size_t top) : top_(top), words_(top / 64 + 1, 0) {}
  void set(std::size_t s) { words_[s / 64] |= std::uint64_t{1} << (s % 64); }
  bool test(std::size_t s) const { return s <= top_ && ((words_[s / 64] >> (s % 64)) & 1u); }
  // this |= from << shift (sums above top dropped). From the top word down,
  // so that `from` may be this bitset: each word reads only lower ones.
  void add_shifted(const Sums& from, std::size_t shift) {
    const std::size_t ws = shift / 64, bs = shift % 64;
    for (std::size_t w = words_.size(); w-- > ws;) {
      std::uint64_t v = from.words_[w - ws] << bs;
      if (bs && w > ws) v |= from.words_[w - ws - 1] >> (64 - bs);
      words_[w] |= v;
    }
  }

 private:
  std::size_t top_;
  std::vector<std::uint64_t> words_;
};

// Throws when an area's narrow window between floor and cap cannot be met
// by any choice of its items (see above).
void check_area_windows(const Prepared& P, const std::vector<char>& group_taken) {
  const std::size_t A = P.area_names.size();
  for (std::size_t a = 0; a < A; ++a) {
    if (!(P.floor[a] > 0) || !std::isfinite(P.cap[a])) continue;
    // The area's costs: its must items first, then each item it may take.
    std::vector<double> costs;
    std::vector<std::size_t> free;
    for (std::size_t i = 0; i < P.n; ++i)
      if (P.area[i] == static_cast<int>(a) && P.must[i]) costs.push_back(P.cost[i]);
    const std::size_t n_must = costs.size();
    double dearest = 0;
    for (std::size_t i = 0; i < P.n; ++i) {
      if (P.area[i] != static_cast<int>(a) || P.must[i] || P.never[i] || !(P.cost[i] > 0)) continue;
      if (P.group[i] >= 0 && group_taken[static_cast<std::size_t>(P.group[i])]) continue;
      costs.push_back(P.cost[i]);
      free.push_back(i);
      dearest = std::max(dearest, P.cost[i]);
    }
    // A window at least as wide as the dearest item cannot be stepped over:
    // adding the items one by one from the must items (at most the cap) up
    // to all of them (at least the floor, checked before) lands in it.
    if (P.cap[a] - P.floor[a] >= dearest) continue;
    const std::optional<CostUnits> units = cost_units(costs);
    if (!units) continue;  // not whole multiples of a decimal unit: the search decides
    const double u = units->unit;
    const double lo_real = std::ceil((P.floor[a] - slack(P.floor[a])) / u - kUnitMargin);
    const double hi_real = std::floor((P.cap[a] + slack(P.cap[a])) / u + kUnitMargin);
    std::int64_t must_units = 0, dearest_units = 0;
    for (std::size_t k = 0; k < n_must; ++k) must_units += units->count[k];
    for (std::size_t k = n_must; k < units->count.size(); ++k) dearest_units = std::max(dearest_units, units->count[k]);
    const double top_real = std::max(hi_real, lo_real + static_cast<double>(dearest_units));
    if (top_real > static_cast<double>(kMaxWindowUnits)) continue;  // too wide a range: the search decides
    const double rounding = (1e-12 + static_cast<double>(costs.size()) * 0x1p-53) * top_real;
    if (rounding > kUnitMargin) continue;  // sums could round by the margin: the search decides
    const std::int64_t lo = std::max<std::int64_t>(0, static_cast<std::int64_t>(lo_real));
    const std::int64_t hi = static_cast<std::int64_t>(hi_real);
    if (lo <= must_units && must_units <= hi) continue;  // the must items alone meet it
    const std::size_t top = static_cast<std::size_t>(top_real);
    if (must_units > static_cast<std::int64_t>(top)) continue;  // cannot happen: the must items keep the cap
    Sums sums(top);
    sums.set(static_cast<std::size_t>(must_units));
    // Items without a group add to every sum so far; a group's items each
    // add to the sums from before the group, so at most one of them counts.
    std::unordered_map<int, std::vector<std::size_t>> groups;
    for (std::size_t k = 0; k < free.size(); ++k) {
      const std::size_t shift = static_cast<std::size_t>(units->count[n_must + k]);
      const int g = P.group[free[k]];
      if (g >= 0) groups[g].push_back(shift);
      else sums.add_shifted(sums, shift);
    }
    for (const auto& [g, shifts] : groups) {
      const Sums before = sums;
      for (std::size_t shift : shifts) sums.add_shifted(before, shift);
    }
    bool met = false;
    for (std::int64_t s = lo; s <= hi && !met; ++s) met = sums.test(static_cast<std::size_t>(s));
    if (met) continue;
    std::int64_t below = -1, above = -1;
    for (std::int64_t s = lo - 1; s >= 0 && below < 0; --s)
      if (sums.test(static_cast<std::size_t>(s))) below = s;
    for (std::int64_t s = hi + 1; s <= static_cast<std::int64_t>(top) && above < 0; ++s)
      if (sums.test(static_cast<std::size_t>(s))) above = s;
    std::string nearest, fix;
    if (below >= 0 && above >= 0) {
      nearest = "; the nearest sums are " + fmt(below * u) + " and " + fmt(above * u);
      fix = "lower the floor to " + fmt(below * u) + " or raise the cap to " + fmt(above * u);
    } else {
      fix = "lower the floor or raise the cap";
    }
    const std::string multiple = u != 1 ? "every cost is a multiple of " + fmt(u) + "; " : "";
    throw ArgumentError("infeasible: area " + q(P.area_names[a]) + ": no choice of its items costs between its floor " +
                        fmt(P.floor[a]) + " and its cap " + fmt(P.cap[a]) + " (" + multiple +
                        "must items in, never items out, at most one item per exclusive group)" + nearest + "; " + fix);
  }
}

Prepared prepare(const SelectionProblem& pr) {
  Prepared P;
  check_limit("budget", pr.budget);
  check_limit("hours budget", pr.hours_budget);
  P.budget = pr.budget;
  P.hours_budget = pr.hours_budget;
  const std::size_t n = pr.items.size();
  P.n = n;
  P.cost.resize(n);
  P.hours.resize(n);
  P.value.resize(n);
  P.external.resize(n);
  P.area.assign(n, -1);
  P.group.assign(n, -1);
  P.must.assign(n, 0);
  P.never.assign(n, 0);
  std::unordered_map<std::string, std::size_t> ids, areas, groups;
  std::vector<std::string> group_names;
  for (std::size_t i = 0; i < n; ++i) {
    const SelectionItem& it = pr.items[i];
    if (it.id.empty()) throw ArgumentError("item at position " + std::to_string(i + 1) + ": the id is empty");
    const auto seen = ids.emplace(it.id, i);
    if (!seen.second)
      throw ArgumentError("duplicate item id " + q(it.id) + " (positions " + std::to_string(seen.first->second + 1) +
                          " and " + std::to_string(i + 1) + ")");
    check_amount(it, "own cost", it.cost);
    check_amount(it, "staff hours", it.hours);
    check_amount(it, "external funding", it.external);
    check_amount(it, "value", it.value);
    if (!(it.rate >= 0 && it.rate < 1))
      throw ArgumentError("item " + q(it.id) + ": co-financing rate " + fmt(it.rate) + " is outside [0, 1)");
    if (it.must && it.never) throw ArgumentError("item " + q(it.id) + " is both must and never");
    P.cost[i] = it.cost;
    P.hours[i] = it.hours;
    P.value[i] = it.value;
    P.external[i] = it.external;
    P.must[i] = it.must;
    P.never[i] = it.never;
    P.value_sum += it.value;
    if (!it.focus_area.empty()) {
      const auto a = areas.emplace(it.focus_area, P.area_names.size());
      if (a.second) P.area_names.push_back(it.focus_area);
      P.area[i] = static_cast<int>(a.first->second);
    }
    if (!it.group.empty()) {
      const auto g = groups.emplace(it.group, group_names.size());
      if (g.second) group_names.push_back(it.group);
      P.group[i] = static_cast<int>(g.first->second);
    }
  }
  P.n_groups = group_names.size();
  std::vector<long> group_must(P.n_groups, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (!P.must[i] || P.group[i] < 0) continue;
    long& g = group_must[static_cast<std::size_t>(P.group[i])];
    if (g >= 0)
      throw ArgumentError("items " + q(pr.items[static_cast<std::size_t>(g)].id) + " and " + q(pr.items[i].id) +
                          " are both must but in the same exclusive group " +
                          q(group_names[static_cast<std::size_t>(P.group[i])]) +
                          " (at most one item per group can be selected)");
    g = static_cast<long>(i);
  }

  const std::size_t A = P.area_names.size();
  P.floor.assign(A, 0.0);
  P.cap.assign(A, kInf);
  std::vector<char> limited(A, 0);
  for (const FocusAreaLimit& l : pr.focus_area_limits) {
    const auto a = areas.find(l.focus_area);
    if (a == areas.end())
      throw ArgumentError("focus area limits: unknown focus area " + q(l.focus_area) +
                          " (no item has this focus area)");
    if (limited[a->second])
      throw ArgumentError("focus area limits: focus area " + q(l.focus_area) + " is listed twice");
    limited[a->second] = 1;
    const std::string where = "focus area limits: focus area " + q(l.focus_area) + ": ";
    if (std::isnan(l.floor)) throw ArgumentError(where + "the floor is not a number (NaN)");
    if (l.floor < 0) throw ArgumentError(where + "floor " + fmt(l.floor) + " is negative");
    if (std::isinf(l.floor)) throw ArgumentError(where + "the floor is infinite");
    if (std::isnan(l.cap)) throw ArgumentError(where + "the cap is not a number (NaN)");
    if (l.cap < l.floor) throw ArgumentError(where + "cap " + fmt(l.cap) + " is below its floor " + fmt(l.floor));
    P.floor[a->second] = l.floor;
    P.cap[a->second] = l.cap;
    if (l.floor > 0) P.any_floor = true;
    if (std::isfinite(l.cap)) P.any_cap = true;
  }

  // Infeasibility that a count shows, with the amount.
  double must_cost = 0, must_hours = 0;
  std::vector<double> must_area(A, 0.0);
  std::vector<char> group_taken(P.n_groups, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!P.must[i]) continue;
    must_cost += P.cost[i];
    must_hours += P.hours[i];
    if (P.area[i] >= 0) must_area[static_cast<std::size_t>(P.area[i])] += P.cost[i];
    if (P.group[i] >= 0) group_taken[static_cast<std::size_t>(P.group[i])] = 1;
  }
  if (!within(must_cost, P.budget))
    throw ArgumentError("infeasible: must items cost " + fmt(must_cost) + ", which exceeds the budget " +
                        fmt(P.budget) + " by " + fmt(must_cost - P.budget));
  if (!within(must_hours, P.hours_budget))
    throw ArgumentError("infeasible: must items need " + fmt(must_hours) +
                        " staff hours, which exceeds the hours budget " + fmt(P.hours_budget) + " by " +
                        fmt(must_hours - P.hours_budget));
  for (std::size_t a = 0; a < A; ++a)
    if (!within(must_area[a], P.cap[a]))
      throw ArgumentError("infeasible: must items in area " + q(P.area_names[a]) + " cost " + fmt(must_area[a]) +
                          ", which exceeds its cap " + fmt(P.cap[a]) + " by " + fmt(must_area[a] - P.cap[a]));
  if (P.any_floor) {
    // The most an area's items can cost: must items, every other eligible item,
    // but only the dearest one of each exclusive group not taken by a must item.
    std::vector<double> reach = must_area;
    std::vector<double> group_max(P.n_groups * A, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (P.must[i] || P.never[i] || P.area[i] < 0) continue;
      const std::size_t a = static_cast<std::size_t>(P.area[i]);
      if (P.group[i] < 0) {
        reach[a] += P.cost[i];
      } else if (!group_taken[static_cast<std::size_t>(P.group[i])]) {
        double& m = group_max[static_cast<std::size_t>(P.group[i]) * A + a];
        m = std::max(m, P.cost[i]);
      }
    }
    for (std::size_t g = 0; g < P.n_groups; ++g)
      for (std::size_t a = 0; a < A; ++a) reach[a] += group_max[g * A + a];
    for (std::size_t a = 0; a < A; ++a)
      if (!reaches(reach[a], P.floor[a]))
        throw ArgumentError("infeasible: area " + q(P.area_names[a]) + " floor " + fmt(P.floor[a]) +
                            " cannot be met: its items cost at most " + fmt(reach[a]) +
                            " (never items left out, at most one item per exclusive group)");
    check_area_windows(P, group_taken);
    double need = must_cost;
    for (std::size_t a = 0; a < A; ++a) need += std::max(0.0, P.floor[a] - must_area[a]);
    if (!within(need, P.budget))
      throw ArgumentError("infeasible: the area floors and must items need at least " + fmt(need) +
                          " of own money, which exceeds the budget " + fmt(P.budget) + " by " + fmt(need - P.budget));
  }
  return P;
}

// ------------------------------------------------------- a partial selection

struct Sel {
  std::vector<char> x;
  double cost = 0, hours = 0, value = 0;
  std::vector<double> area_cost;
  std::vector<char> group_used;
};

void add(const Prepared& P, Sel& s, std::size_t j) {
  s.x[j] = 1;
  s.cost += P.cost[j];
  s.hours += P.hours[j];
  s.value += P.value[j];
  if (P.area[j] >= 0) s.area_cost[static_cast<std::size_t>(P.area[j])] += P.cost[j];
  if (P.group[j] >= 0) s.group_used[static_cast<std::size_t>(P.group[j])] = 1;
}

Sel must_selection(const Prepared& P) {
  Sel s;
  s.x.assign(P.n, 0);
  s.area_cost.assign(P.area_names.size(), 0.0);
  s.group_used.assign(P.n_groups, 0);
  for (std::size_t j = 0; j < P.n; ++j)
    if (P.must[j]) add(P, s, j);
  return s;
}

bool can_add(const Prepared& P, const Sel& s, std::size_t j) {
  if (s.x[j] || P.never[j]) return false;
  if (P.group[j] >= 0 && s.group_used[static_cast<std::size_t>(P.group[j])]) return false;
  if (!within(s.cost + P.cost[j], P.budget)) return false;
  if (!within(s.hours + P.hours[j], P.hours_budget)) return false;
  const int a = P.area[j];
  if (a >= 0 && !within(s.area_cost[static_cast<std::size_t>(a)] + P.cost[j], P.cap[static_cast<std::size_t>(a)]))
    return false;
  return true;
}

bool floors_met(const Prepared& P, const Sel& s) {
  for (std::size_t a = 0; a < P.floor.size(); ++a)
    if (!reaches(s.area_cost[a], P.floor[a])) return false;
  return true;
}

// The greedy fill: must items; then each floored area's items in `order`
// until its floor is met; then every item with a positive value in `order`.
Sel greedy_fill(const Prepared& P, const std::vector<std::size_t>& order) {
  Sel s = must_selection(P);
  for (std::size_t a = 0; a < P.floor.size(); ++a) {
    if (P.floor[a] <= 0) continue;
    for (std::size_t j : order) {
      if (reaches(s.area_cost[a], P.floor[a])) break;
      if (P.area[j] == static_cast<int>(a) && can_add(P, s, j)) add(P, s, j);
    }
  }
  for (std::size_t j : order)
    if (P.value[j] > 0 && can_add(P, s, j)) add(P, s, j);
  return s;
}

std::vector<std::size_t> ratio_order(const Prepared& P) {
  std::vector<double> key(P.n);
  for (std::size_t j = 0; j < P.n; ++j) key[j] = P.cost[j] > 0 ? P.value[j] / P.cost[j] : (P.value[j] > 0 ? kInf : 0.0);
  std::vector<std::size_t> order(P.n);
  for (std::size_t j = 0; j < P.n; ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (key[a] != key[b]) return key[a] > key[b];
    return P.value[a] > P.value[b];
  });
  return order;
}

// ------------------------------------------------------------ the relaxation

// The Lagrangian relaxation (Martello & Toth 1990, ch. 4.3): every side
// constraint gets a price and moves into the objective; what remains is a
// fractional knapsack on one "primary" resource, solved by Dantzig's greedy.
// For any non-negative prices the result is an upper bound:
//   value(x) <= value(base) + theta*S + sum_g pi_g + sum_a kappa_a*(cap_a - s_a)
//               - phi_a*(floor_a - s_a) + sum_j (v_j - theta*ws_j - pi_g(j)
//               - (kappa_a(j) - phi_a(j))*c_j) x_j
// for every feasible x (S: what is left of the secondary resource, s_a: the
// money already spent in area a). Money is primary unless it is unlimited.
struct Relaxation {
  bool primary_money = true;
  double theta = 0;                // price of the secondary resource
  double mu = 0;                   // price of the primary resource (density of the break item)
  std::vector<double> pi;          // per exclusive group
  std::vector<double> kappa, phi;  // per area: prices of its cap and its floor (per unit of money)
  double bound = 0;                // the bound at the root, including the value of `base`
  double lagrangian = 0;           // the Lagrangian function at these prices (>= bound)
  std::vector<std::size_t> order;  // free items by priced density, descending
  std::vector<double> mv;          // priced value of each free item
  std::vector<double> scaled_prices;  // the subgradient's variables (to start again from)
  bool subgradient = false;           // whether prices other than the hours' were sought
};

struct Fractional {
  double value = 0, mu = 0;
};

using Buffer = std::vector<std::pair<double, std::size_t>>;

// Dantzig's fractional knapsack over `items` with values m and weights w;
// take(j, t) is called for every item used, t its fraction.
template <class Take>
Fractional fractional(const std::vector<std::size_t>& items, const std::vector<double>& m, const std::vector<double>& w,
                      double capacity, Buffer& buf, Take&& take) {
  buf.clear();
  for (std::size_t j : items)
    if (m[j] > 0) buf.emplace_back(w[j] > 0 ? m[j] / w[j] : kInf, j);
  std::sort(buf.begin(), buf.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  Fractional f;
  double room = std::max(0.0, capacity);
  for (const auto& e : buf) {
    const std::size_t j = e.second;
    if (w[j] <= room) {
      f.value += m[j];
      room -= w[j];
      take(j, 1.0);
    } else {
      const double t = room / w[j];
      f.value += m[j] * t;
      take(j, t);
      f.mu = e.first;
      break;
    }
  }
  return f;
}

// The items that may still be added to `base`.
std::vector<std::size_t> free_items(const Prepared& P, const Sel& base) {
  std::vector<std::size_t> F;
  for (std::size_t j = 0; j < P.n; ++j)
    if (can_add(P, base, j)) F.push_back(j);
  return F;
}

// The constant part of the Lagrangian at the partial selection s, with
// `secondary_left` of the secondary resource left.
double lagrange_constant(const Prepared& P, const Relaxation& R, const Sel& s, double secondary_left) {
  double c = s.value;
  if (R.theta > 0) c += R.theta * secondary_left;
  for (std::size_t g = 0; g < P.n_groups; ++g)
    if (!s.group_used[g]) c += R.pi[g];
  for (std::size_t a = 0; a < P.area_names.size(); ++a) {
    if (R.kappa[a] > 0) c += R.kappa[a] * (P.cap[a] - s.area_cost[a]);
    c -= R.phi[a] * (P.floor[a] - s.area_cost[a]);
  }
  return c;
}

// The fractional knapsack on money that keeps the areas' caps and floors:
// each floor first with its area's best items (by priced density), then
// every item by density while money and caps allow. Optimal for the LP
// because each area's value is concave in the money it gets. x receives the
// fractions (indexed by item), rho each area's marginal price of money
// (mu + kappa_a - phi_a in the Lagrangian), from which the prices of caps and
// floors follow.
struct AreaLP {
  double value = 0, mu = 0;
  bool feasible = true;
};

AreaLP area_lp(const Prepared& P, const Sel& base, const std::vector<std::size_t>& F, const std::vector<double>& m,
               double room, Buffer& buf, std::vector<double>& x, std::vector<std::vector<std::size_t>>& lists,
               std::vector<double>& rho) {
  const std::size_t A = P.area_names.size();
  auto density = [&](std::size_t j) { return P.cost[j] > 0 ? m[j] / P.cost[j] : (m[j] > 0 ? kInf : -kInf); };
  buf.clear();
  for (std::size_t j : F) {
    buf.emplace_back(density(j), j);
    x[j] = 0;
  }
  std::sort(buf.begin(), buf.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  lists.resize(A);
  for (auto& l : lists) l.clear();
  for (const auto& e : buf)
    if (P.area[e.second] >= 0) lists[static_cast<std::size_t>(P.area[e.second])].push_back(e.second);
  std::vector<double> cap_left(A);
  for (std::size_t a = 0; a < A; ++a) cap_left[a] = std::max(0.0, P.cap[a] - base.area_cost[a]);
  AreaLP r;
  room = std::max(0.0, room);
  for (std::size_t a = 0; a < A; ++a) {
    double need = P.floor[a] - base.area_cost[a];
    if (need <= slack(P.floor[a])) continue;
    for (std::size_t j : lists[a]) {
      const double c = P.cost[j];
      if (c <= 0) continue;
      const double t = std::min({1.0, need / c, room / c, cap_left[a] / c});
      if (t <= 0) break;
      x[j] = t;
      r.value += m[j] * t;
      room -= c * t;
      cap_left[a] -= c * t;
      need -= c * t;
      if (need <= slack(P.floor[a])) break;
    }
    if (need > slack(P.floor[a])) r.feasible = false;
  }
  for (const auto& e : buf) {
    const std::size_t j = e.second;
    if (m[j] <= 0) break;
    const double rest = 1.0 - x[j];
    if (rest <= 0) continue;
    const double w = P.cost[j] * rest;
    const int a = P.area[j];
    const double lim = a >= 0 ? std::min(room, cap_left[static_cast<std::size_t>(a)]) : room;
    if (w <= lim) {
      x[j] = 1;
      r.value += m[j] * rest;
      room -= w;
      if (a >= 0) cap_left[static_cast<std::size_t>(a)] -= w;
    } else {
      const double t = lim / P.cost[j];
      x[j] += t;
      r.value += m[j] * t;
      room -= lim;
      if (a >= 0) cap_left[static_cast<std::size_t>(a)] -= lim;
      if (a < 0 || room <= cap_left[static_cast<std::size_t>(a)]) {
        r.mu = e.first;  // money ran out here
        break;
      }
    }
  }
  // Each area's marginal price: the density where its money ends, or the
  // price of money mu when that lies between its last item in and first out.
  rho.assign(A, r.mu);
  for (std::size_t a = 0; a < A; ++a) {
    double last = kInf, next = -kInf;
    bool partial = false;
    for (std::size_t q = 0; q < lists[a].size(); ++q) {
      const std::size_t j = lists[a][q];
      if (x[j] <= 0) {
        next = density(j);
        break;
      }
      last = density(j);
      partial = x[j] < 1;
      if (partial) break;
    }
    rho[a] = partial ? last : std::min(last, std::max(next, r.mu));
  }
  return r;
}

// Prices for the relaxation at `base` over the free items F. With money
// primary the caps and floors stay in the fractional knapsack (area_lp) and
// their prices come from its solution; hours and groups are priced. With
// hours primary (unlimited money) caps and floors are priced too. The hours
// price starts from a bisection on its subgradient (exact when hours are the
// only priced constraint); with groups (or priced caps and floors) all prices
// are then improved by projected subgradient steps with Polyak's step length
// towards `lower` (the incumbent's value, NaN when there is none), starting
// from `warm`'s prices when given; `quick` keeps that short (for the greedy,
// which only reports the bound).
Relaxation relax(const Prepared& P, const Sel& base, const std::vector<std::size_t>& F, double lower,
                 const Relaxation* warm = nullptr, bool quick = false) {
  const std::size_t G = P.n_groups, A = P.area_names.size();
  Relaxation R;
  R.pi.assign(G, 0.0);
  R.kappa.assign(A, 0.0);
  R.phi.assign(A, 0.0);
  R.mv.assign(P.n, 0.0);
  const double money = std::max(0.0, P.budget - base.cost);
  const double hrs = std::max(0.0, P.hours_budget - base.hours);
  const bool money_finite = std::isfinite(P.budget), hours_finite = std::isfinite(P.hours_budget);
  R.primary_money = money_finite || !hours_finite;
  const bool priced = money_finite && hours_finite;  // hours priced by theta

  // The side constraints to price, each scaled to about one unit.
  enum Kind { kHours, kGroup, kCap, kFloor };
  struct Row {
    Kind kind;
    std::size_t index;
    double scale;
  };
  std::vector<Row> rows;
  if (priced) rows.push_back({kHours, 0, std::max(1.0, hrs)});
  std::vector<int> group_free(G, 0);
  std::vector<double> area_free(A, 0.0);
  for (std::size_t j : F) {
    if (P.group[j] >= 0) ++group_free[static_cast<std::size_t>(P.group[j])];
    if (P.area[j] >= 0) area_free[static_cast<std::size_t>(P.area[j])] += P.cost[j];
  }
  for (std::size_t g = 0; g < G; ++g)
    if (group_free[g] >= 2) rows.push_back({kGroup, g, 1.0});
  if (!R.primary_money) {
    for (std::size_t a = 0; a < A; ++a) {
      const double room = P.cap[a] - base.area_cost[a];
      if (std::isfinite(room) && area_free[a] > room + slack(room)) rows.push_back({kCap, a, std::max(1.0, room)});
      const double need = P.floor[a] - base.area_cost[a];
      if (need > slack(P.floor[a])) rows.push_back({kFloor, a, std::max(1.0, need)});
    }
  }

  Buffer buf;
  buf.reserve(F.size());
  std::vector<double> y(rows.size(), 0.0), grad(rows.size(), 0.0);
  std::vector<double> group_sum(G, 0.0), area_sum(A, 0.0), x(P.n, 0.0), rho(A, 0.0);
  std::vector<std::vector<std::size_t>> lists;
  // The Lagrangian at the (scaled) prices yy; fills grad with its
  // subgradient and R.mv with the values priced by hours and groups.
  auto eval = [&](const std::vector<double>& yy) {
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const double price = yy[k] / rows[k].scale;
      switch (rows[k].kind) {
        case kHours: R.theta = price; break;
        case kGroup: R.pi[rows[k].index] = price; break;
        case kCap: R.kappa[rows[k].index] = price; break;
        case kFloor: R.phi[rows[k].index] = price; break;
      }
    }
    for (std::size_t j : F) {
      double m = P.value[j] - R.theta * P.hours[j];
      if (P.group[j] >= 0) m -= R.pi[static_cast<std::size_t>(P.group[j])];
      if (P.area[j] >= 0) {
        const std::size_t a = static_cast<std::size_t>(P.area[j]);
        m -= (R.kappa[a] - R.phi[a]) * P.cost[j];
      }
      R.mv[j] = m;
    }
    double value = 0;
    if (R.primary_money) {
      const AreaLP lp = area_lp(P, base, F, R.mv, money, buf, x, lists, rho);
      if (!lp.feasible) return -kInf;  // not even the LP meets the floors
      value = lp.value;
      R.mu = lp.mu;
    } else {
      for (std::size_t j : F) x[j] = 0;
      const Fractional f = fractional(F, R.mv, P.hours, hrs, buf, [&](std::size_t j, double t) { x[j] = t; });
      value = f.value;
      R.mu = f.mu;
    }
    double hours_used = 0;
    std::fill(group_sum.begin(), group_sum.end(), 0.0);
    std::fill(area_sum.begin(), area_sum.end(), 0.0);
    for (std::size_t j : F) {
      if (x[j] <= 0) continue;
      hours_used += P.hours[j] * x[j];
      if (P.group[j] >= 0) group_sum[static_cast<std::size_t>(P.group[j])] += x[j];
      if (P.area[j] >= 0) area_sum[static_cast<std::size_t>(P.area[j])] += P.cost[j] * x[j];
    }
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const std::size_t i = rows[k].index;
      double r = 0;
      switch (rows[k].kind) {
        case kHours: r = hrs - hours_used; break;
        case kGroup: r = 1.0 - group_sum[i]; break;
        case kCap: r = P.cap[i] - base.area_cost[i] - area_sum[i]; break;
        case kFloor: r = area_sum[i] - (P.floor[i] - base.area_cost[i]); break;
      }
      grad[k] = r / rows[k].scale;
    }
    return lagrange_constant(P, R, base, hrs) + value;
  };

  if (warm && warm->scaled_prices.size() == y.size()) y = warm->scaled_prices;
  double best = eval(y);
  std::vector<double> best_y = y;
  auto consider = [&](double d) {
    if (d < best) {
      best = d;
      best_y = y;
    }
  };
  // Bisection on the hours price, the other prices held.
  auto bisect_hours = [&](int steps) {
    double lo = 0, hi = 0;
    for (std::size_t j : F)
      if (P.hours[j] > 0) hi = std::max(hi, P.value[j] / P.hours[j]);
    for (int it = 0; it < steps && hi - lo > 1e-12 * hi; ++it) {
      const double mid = 0.5 * (lo + hi);
      y[0] = mid * rows[0].scale;
      consider(eval(y));
      if (grad[0] < 0) lo = mid;
      else hi = mid;
    }
    y = best_y;
  };
  if (!warm && priced && best > -kInf && grad[0] < 0) bisect_hours(60);
  // Group prices in closed form: given the price of money (and each area's),
  // a best price of a group lies between its two best items' reduced values
  // (0 if they are negative).
  // Alternating that with the prices of money (and hours) gives good group
  // prices fast, where plain subgradient steps over many groups would crawl.
  std::vector<std::vector<std::size_t>> group_items(G);
  for (std::size_t j : F)
    if (P.group[j] >= 0) group_items[static_cast<std::size_t>(P.group[j])].push_back(j);
  bool any_group_row = false;
  for (const Row& r : rows) any_group_row = any_group_row || r.kind == kGroup;
  if (!warm && any_group_row && best > -kInf) {
    for (int rep = 0; rep < (quick ? 2 : 20); ++rep) {
      const double before = best;
      eval(best_y);  // R.mu, rho and R.mv at the best prices
      y = best_y;
      for (std::size_t k = 0; k < rows.size(); ++k) {
        if (rows[k].kind != kGroup) continue;
        // Any price between the second best and the best reduced value gives
        // the same bound; the lower end leaves the best item a positive
        // reduced cost, which the fixing can use.
        const std::size_t g = rows[k].index;
        double first = 0, second = 0;
        for (std::size_t j : group_items[g]) {
          double r = R.mv[j] + R.pi[g];  // the value priced without the group
          if (R.primary_money && P.area[j] >= 0) r -= rho[static_cast<std::size_t>(P.area[j])] * P.cost[j];
          else r -= R.mu * (R.primary_money ? P.cost[j] : P.hours[j]);
          if (r > first) {
            second = first;
            first = r;
          } else {
            second = std::max(second, r);
          }
        }
        y[k] = second * rows[k].scale;
      }
      consider(eval(y));
      if (priced) bisect_hours(30);
      if (best > before - 1e-6 * std::max(1.0, std::fabs(before))) break;
    }
  }
  if (best > -kInf && rows.size() > (priced ? 1u : 0u)) {
    // Rounds of projected subgradient steps, each from the best prices so
    // far; every other round deflects each step by the previous direction
    // (Camerini, Fratta & Maffioli, Math. Programming Study 3, 1975), which
    // damps the zigzag between the prices of related constraints. The two
    // kinds get stuck in different places, so alternating them helps. The
    // rounds stop when one no longer gains, or after a budget of evaluations
    // that shrinks with the number of items.
    const double eps = 1e-9 * std::max(1.0, P.value_sum);
    const int budget =
        quick ? 100 : static_cast<int>(std::clamp(2.0e6 / std::max<std::size_t>(F.size(), 1), 600.0, 3000.0));
    std::vector<double> dir(rows.size(), 0.0);
    int used = 0;
    bool done = false;
    for (int round = 0; !done && used < budget; ++round) {
      const bool deflect = (round + (warm ? 1 : 0)) % 2 == 1;
      const double round_start = best;
      const int patience = deflect ? 20 : 8;
      double step_size = 1.0;
      int stale = 0;
      y = best_y;
      std::fill(dir.begin(), dir.end(), 0.0);
      for (int it = 0; it < 300 && step_size > 1e-6 && used < budget; ++it) {
        const double d = eval(y);
        ++used;
        if (d < best - eps) {
          best = d;
          best_y = y;
          stale = 0;
        } else if (++stale >= patience) {
          step_size *= 0.5;
          stale = 0;
          y = best_y;
          std::fill(dir.begin(), dir.end(), 0.0);
          continue;
        }
        const double target = std::isnan(lower) ? best - 0.05 * std::max(1.0, std::fabs(best)) : lower;
        if (d - target <= eps) {
          done = true;  // the prices prove the incumbent optimal
          break;
        }
        double gd = 0, dd = 0;
        for (std::size_t k = 0; k < rows.size(); ++k) {
          if (y[k] <= 0 && grad[k] > 0) grad[k] = 0;  // projected: the price stays at zero
          gd += grad[k] * dir[k];
          dd += dir[k] * dir[k];
        }
        const double beta = deflect && gd < 0 && dd > 0 ? -1.5 * gd / dd : 0.0;
        double norm2 = 0;
        for (std::size_t k = 0; k < rows.size(); ++k) {
          dir[k] = grad[k] + beta * dir[k];
          if (y[k] <= 0 && dir[k] > 0) dir[k] = 0;
          norm2 += dir[k] * dir[k];
        }
        if (norm2 == 0) {
          done = true;  // a zero subgradient: these prices are optimal
          break;
        }
        const double step = step_size * (d - target) / norm2;
        for (std::size_t k = 0; k < rows.size(); ++k) y[k] = std::max(0.0, y[k] - step * dir[k]);
      }
      const double scale = std::isnan(lower) ? std::max(1.0, std::fabs(best)) : std::max(eps, best - lower);
      if (round >= 1 && round_start - best < 1e-3 * scale) done = true;
    }
  }
  const double inner = eval(best_y);  // the best prices, with their mv, mu and rho
  R.scaled_prices = best_y;
  R.subgradient = rows.size() > (priced ? 1u : 0u);
  if (R.primary_money && inner > -kInf) {
    // The prices of caps and floors from the areas' marginal prices.
    for (std::size_t a = 0; a < A; ++a) {
      R.kappa[a] = std::isfinite(P.cap[a]) ? std::max(0.0, rho[a] - R.mu) : 0.0;
      R.phi[a] = P.floor[a] - base.area_cost[a] > 0 ? std::max(0.0, R.mu - rho[a]) : 0.0;
    }
    for (std::size_t j : F)
      if (P.area[j] >= 0) {
        const std::size_t a = static_cast<std::size_t>(P.area[j]);
        R.mv[j] -= (R.kappa[a] - R.phi[a]) * P.cost[j];
      }
  }
  const std::vector<double>& w = R.primary_money ? P.cost : P.hours;
  const double cap_primary = R.primary_money ? money : hrs;
  const double cap_secondary = R.primary_money ? hrs : money;
  std::vector<double> key(P.n, 0.0);
  for (std::size_t j : F) key[j] = w[j] > 0 ? R.mv[j] / w[j] : (R.mv[j] > 0 ? kInf : -kInf);
  R.order = F;
  std::stable_sort(R.order.begin(), R.order.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
  double U = lagrange_constant(P, R, base, cap_secondary);
  if (R.mu > 0) U += R.mu * cap_primary;
  for (std::size_t j : F) U += std::max(0.0, R.mv[j] - R.mu * w[j]);
  // Both are valid bounds; they agree up to rounding when the prices of caps
  // and floors are exact.
  R.bound = inner == -kInf ? -kInf : std::min(U, inner);
  R.lagrangian = U;
  return R;
}

// ------------------------------------------------------------------ result

SelectionResult make_result(const Prepared& P, const SelectionProblem& pr, const std::vector<char>& x) {
  SelectionResult r;
  r.feasible = true;
  double value = 0;
  std::vector<double> area_cost(P.area_names.size(), 0.0);
  for (std::size_t j = 0; j < P.n; ++j) {
    if (!x[j]) continue;
    r.selected.push_back(pr.items[j].id);
    r.selected_index.push_back(j);
    value += P.value[j];
    r.cost += P.cost[j];
    r.hours += P.hours[j];
    r.external += P.external[j];
    if (P.area[j] >= 0) area_cost[static_cast<std::size_t>(P.area[j])] += P.cost[j];
  }
  r.value = value;
  for (std::size_t a = 0; a < P.area_names.size(); ++a)
    r.focus_areas.push_back({P.area_names[a], area_cost[a], P.floor[a], P.cap[a]});
  return r;
}

void set_gap(SelectionResult& r, double bound, double eps) {
  if (!r.feasible) {
    r.value = kNaN;
    r.bound = bound;
    r.gap = kInf;
    r.relative_gap = kInf;
    r.proven_optimal = false;
    return;
  }
  r.bound = std::max(bound, r.value);
  r.gap = r.bound - r.value;
  if (r.gap <= eps) r.proven_optimal = true;
  if (r.proven_optimal) {
    r.bound = r.value;
    r.gap = 0;
  }
  r.relative_gap = r.bound != 0 ? r.gap / std::fabs(r.bound) : 0.0;
}

// ------------------------------------------------------- branch and bound

class Search {
 public:
  // `core`: the items to branch on; `root`: the selection they are added to.
  Search(const Prepared& P, const Relaxation& R, const Sel& root, const std::vector<std::size_t>& core,
         double incumbent, double eps, const SelectionOptions& opt, std::chrono::steady_clock::time_point start)
      : P_(P), eps_(eps), opt_(opt), start_(start), best_(incumbent) {
    m_ = core.size();
    const std::size_t A = P.area_names.size();
    prim_money_ = R.primary_money;
    theta_ = R.theta;
    mu_ = R.mu;
    root_bound_ = R.lagrangian;
    cap_p_ = prim_money_ ? P.budget : P.hours_budget;
    cap_s_ = prim_money_ ? P.hours_budget : P.budget;
    // With money primary the fractional knapsack keeps the areas' caps and
    // floors exactly (a greedy per unit of money stays optimal: the floors
    // first with each area's best items, then the rest); their prices are
    // then not needed.
    exact_areas_ = prim_money_ && (P.any_cap || P.any_floor);
    two_ = std::isfinite(P.budget) && std::isfinite(P.hours_budget);
    std::vector<Item> items(m_);
    for (std::size_t i = 0; i < m_; ++i) {
      const std::size_t j = core[i];
      Item& it = items[i];
      it.index = j;
      it.cost = P.cost[j];
      it.hours = P.hours[j];
      it.value = P.value[j];
      it.area = P.area[j];
      it.group = P.group[j];
      it.rc = R.mv[j] - R.mu * (prim_money_ ? it.cost : it.hours);
      it.group_price = it.group >= 0 ? R.pi[static_cast<std::size_t>(it.group)] : 0.0;
      it.area_price = 0;
      if (it.area >= 0) {
        const std::size_t a = static_cast<std::size_t>(it.area);
        it.area_price = (R.kappa[a] - R.phi[a]) * it.cost;
      }
      it.mv = R.mv[j] + (exact_areas_ ? it.area_price : 0.0);
      it.base = it.value - theta_ * ws(it);
      it.mv2 = R.mv[j] + theta_ * ws(it) - mu_ * wp(it);
    }
    // Branch in order of priced density (the order of the fractional bound).
    std::vector<double> key(m_);
    for (std::size_t i = 0; i < m_; ++i) {
      const double w = wp(items[i]);
      key[i] = w > 0 ? items[i].mv / w : (items[i].mv > 0 ? kInf : -kInf);
    }
    std::vector<std::size_t> perm(m_);
    for (std::size_t i = 0; i < m_; ++i) perm[i] = i;
    std::stable_sort(perm.begin(), perm.end(), [&](std::size_t a, std::size_t b) { return key[a] > key[b]; });
    items_.resize(m_);
    for (std::size_t i = 0; i < m_; ++i) items_[i] = items[perm[i]];

    money_ = root.cost;
    hours_ = root.hours;
    value_ = root.value;
    area_cost_ = root.area_cost;
    group_used_ = root.group_used;
    for (std::size_t g = 0; g < P.n_groups; ++g)
      if (!group_used_[g]) group_term_ += R.pi[g];
    for (std::size_t a = 0; a < A; ++a) {
      if (R.kappa[a] > 0) area_term_ += R.kappa[a] * (P.cap[a] - area_cost_[a]);
      area_term_ -= R.phi[a] * (P.floor[a] - area_cost_[a]);
    }
    area_avail_.assign(A, 0.0);
    area_items_.assign(A, {});
    for (std::size_t i = 0; i < m_; ++i) {
      if (items_[i].area < 0) continue;
      const std::size_t a = static_cast<std::size_t>(items_[i].area);
      area_avail_[a] += items_[i].cost;
      area_items_[a].push_back(i);
    }
    scan_cap_.assign(A, kInf);
    taken_.assign(m_, 0.0);
    x_.assign(m_, 0);
    decided_.assign(m_, 0);
    groups_ = false;
    for (const Item& it : items_)
      if (it.group >= 0) groups_ = true;
    group_best_.assign(P.n_groups, -1.0);
    kappa_ = R.kappa;
    phi_ = R.phi;
    area_price_.assign(A, 0.0);
    rho_.assign(A, 0.0);
    area_last_.assign(A, 0.0);
    area_more_.assign(A, 0);
    // Branching order: density, except that the items of an area whose floor
    // and cap leave a window narrower than its dearest item come first. Such
    // a window is a subset-sum condition that the fractional bound cannot
    // see; deciding those items first keeps the search from repeating the
    // same failed subsets under every choice of the other items.
    std::vector<double> area_max(A, 0.0);
    for (const Item& it : items_)
      if (it.area >= 0) {
        const std::size_t a = static_cast<std::size_t>(it.area);
        area_max[a] = std::max(area_max[a], it.cost);
      }
    std::vector<char> narrow(A, 0);
    for (std::size_t a = 0; a < A; ++a)
      narrow[a] = P.floor[a] > 0 && std::isfinite(P.cap[a]) && P.cap[a] - P.floor[a] < area_max[a];
    for (std::size_t i = 0; i < m_; ++i)
      if (items_[i].area >= 0 && narrow[static_cast<std::size_t>(items_[i].area)]) branch_.push_back(i);
    n_narrow_ = branch_.size();
    for (std::size_t i = 0; i < m_; ++i)
      if (!(items_[i].area >= 0 && narrow[static_cast<std::size_t>(items_[i].area)])) branch_.push_back(i);
    if (two_) {
      // A second bound with the roles swapped: the other resource carries the
      // fractional knapsack, the primary one is priced by the root's mu.
      std::vector<double> key2(m_);
      for (std::size_t i = 0; i < m_; ++i) {
        const double w = ws(items_[i]);
        key2[i] = w > 0 ? items_[i].mv2 / w : (items_[i].mv2 > 0 ? kInf : -kInf);
      }
      order2_.resize(m_);
      for (std::size_t i = 0; i < m_; ++i) order2_[i] = i;
      std::stable_sort(order2_.begin(), order2_.end(), [&](std::size_t a, std::size_t b) { return key2[a] > key2[b]; });
    }
  }

  void run(double root_bound) {
    struct Frame {
      std::size_t k;  // depth: the item branched on is branch_[k]
      int stage;  // 0: entered, 1: first branch running, 2: second branch running
      bool first_take, single, applied1, applied2;
      double bound;
    };
    std::vector<Frame> st;
    st.reserve(m_ + 1);
    st.push_back({0, 0, false, false, false, false, root_bound});
    while (!st.empty()) {
      Frame& f = st.back();
      if (f.stage == 0) {
        if (nodes_ >= opt_.node_limit) {
          stopped_by_ = "node limit";
        } else if ((nodes_ & 255) == 0 &&
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() > opt_.time_limit) {
          stopped_by_ = "time limit";
        }
        if (!stopped_by_.empty()) {
          // Every open branch lies below a frame whose second branch is
          // pending (stage 1) or below the frame just entered.
          open_bound_ = best_;
          for (const Frame& g : st)
            if (g.stage <= 1) open_bound_ = std::max(open_bound_, g.bound);
          return;
        }
        ++nodes_;
        if (!floors_reachable()) {
          st.pop_back();
          continue;
        }
        if (f.k == m_) {  // every item decided
          if (value_ > best_ && floors_ok()) {
            best_ = value_;
            best_x_ = x_;
            found_ = true;
          }
          st.pop_back();
          continue;
        }
        double b = std::min(f.bound, node_bound(f.k));
        if (two_ && b > best_ + eps_) b = std::min(b, node_bound2());
        // The group bounds cost a pass over the undecided items: where they
        // seldom cut (under one call in 32), only every 16th node tries them.
        if (groups_ && b > best_ + eps_ && (32 * group_cuts_ >= group_calls_ || (nodes_ & 15) == 0)) {
          ++group_calls_;
          b = std::min(b, group_bound(f.k, scan_mu_, exact_areas_));
          if (b > best_ + eps_) b = std::min(b, group_bound(f.k, mu_, false));
          if (b <= best_ + eps_) ++group_cuts_;
        }
        if (b <= best_ + eps_) {
          st.pop_back();
          continue;
        }
        f.bound = b;
        // Reduced-cost fixing against the current incumbent: when flipping the
        // item from its LP value leaves no room above it, only that branch.
        const std::size_t pos = branch_[f.k];
        const Item& it = items_[pos];
        f.single = root_bound_ - std::fabs(it.rc) <= best_ + eps_;
        f.first_take = f.single ? it.rc > 0 : it.mv > 0;
        f.stage = 1;
        f.applied1 = apply(pos, f.first_take);
        if (f.applied1) st.push_back({f.k + 1, 0, false, false, false, false, b});
        continue;
      }
      if (f.stage == 1) {
        if (f.applied1) undo(branch_[f.k], f.first_take);
        f.stage = 2;
        if (f.single || f.bound <= best_ + eps_) {
          st.pop_back();
          continue;
        }
        f.applied2 = apply(branch_[f.k], !f.first_take);
        if (f.applied2) {
          const std::size_t k = f.k;
          const double b = f.bound;
          st.push_back({k + 1, 0, false, false, false, false, b});
        }
        continue;
      }
      if (f.applied2) undo(branch_[f.k], !f.first_take);
      st.pop_back();
    }
  }

  bool found() const { return found_; }
  /// The items of the best selection found, added to the root.
  std::vector<std::size_t> best_items() const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < m_; ++i)
      if (best_x_[i]) out.push_back(items_[i].index);
    return out;
  }
  std::int64_t nodes() const { return nodes_; }
  const std::string& stopped_by() const { return stopped_by_; }
  double open_bound() const { return open_bound_; }

 private:
  struct Item {
    std::size_t index;
    double cost, hours, value;
    double mv;           // priced value in the main bound
    double base;         // value - theta * secondary weight (no group or area prices)
    double mv2;          // priced value in the swapped bound
    double rc;           // reduced cost at the root relaxation
    double group_price;  // pi of its group
    double area_price;   // (kappa - phi) * cost for its area
    int area, group;
  };

  double wp(const Item& it) const { return prim_money_ ? it.cost : it.hours; }
  double ws(const Item& it) const { return prim_money_ ? it.hours : it.cost; }

  bool fits(const Item& it) const {
    if (it.group >= 0 && group_used_[static_cast<std::size_t>(it.group)]) return false;
    if (!within(money_ + it.cost, P_.budget)) return false;
    if (!within(hours_ + it.hours, P_.hours_budget)) return false;
    if (it.area >= 0) {
      const std::size_t a = static_cast<std::size_t>(it.area);
      if (!within(area_cost_[a] + it.cost, P_.cap[a])) return false;
    }
    return true;
  }

  bool apply(std::size_t k, bool take) {
    const Item& it = items_[k];
    if (take) {
      if (!fits(it)) return false;
      money_ += it.cost;
      hours_ += it.hours;
      value_ += it.value;
      group_term_ -= it.group_price;
      area_term_ -= it.area_price;
      if (it.group >= 0) group_used_[static_cast<std::size_t>(it.group)] = 1;
      if (it.area >= 0) area_cost_[static_cast<std::size_t>(it.area)] += it.cost;
      x_[k] = 1;
    }
    if (it.area >= 0) area_avail_[static_cast<std::size_t>(it.area)] -= it.cost;
    decided_[k] = 1;
    return true;
  }

  void undo(std::size_t k, bool take) {
    const Item& it = items_[k];
    if (take) {
      money_ -= it.cost;
      hours_ -= it.hours;
      value_ -= it.value;
      group_term_ += it.group_price;
      area_term_ += it.area_price;
      if (it.group >= 0) group_used_[static_cast<std::size_t>(it.group)] = 0;
      if (it.area >= 0) area_cost_[static_cast<std::size_t>(it.area)] -= it.cost;
      x_[k] = 0;
    }
    if (it.area >= 0) area_avail_[static_cast<std::size_t>(it.area)] += it.cost;
    decided_[k] = 0;
  }

  // Can every floor still be met: by the area's undecided items, and by the
  // money left for all shortfalls together?
  bool floors_reachable() const {
    if (!P_.any_floor) return true;
    double need = 0;
    for (std::size_t a = 0; a < P_.floor.size(); ++a) {
      if (P_.floor[a] <= 0) continue;
      if (!reaches(area_cost_[a] + area_avail_[a], P_.floor[a])) return false;
      need += std::max(0.0, P_.floor[a] - area_cost_[a]);
    }
    return within(money_ + need, P_.budget);
  }

  bool floors_ok() const {
    for (std::size_t a = 0; a < P_.floor.size(); ++a)
      if (!reaches(area_cost_[a], P_.floor[a])) return false;
    return true;
  }

  // The fractional bound over items k.. : the priced secondary resource and
  // group prices as Lagrangian terms; with money primary the caps and floors
  // kept exactly. Items that cannot be added on their own are left out.
  double node_bound(std::size_t depth) {
    const double used_p = prim_money_ ? money_ : hours_;
    const double used_s = prim_money_ ? hours_ : money_;
    double ub = value_ + group_term_ + (exact_areas_ ? 0.0 : area_term_);
    if (theta_ > 0) ub += theta_ * std::max(0.0, cap_s_ - used_s);
    double room = std::max(0.0, cap_p_ - used_p);
    scan_mu_ = 0;
    if (exact_areas_) {
      for (std::size_t a = 0; a < scan_cap_.size(); ++a) {
        scan_cap_[a] = std::max(0.0, P_.cap[a] - area_cost_[a]);
        area_last_[a] = kInf;
        area_more_[a] = 0;
      }
      // The floors first, each with its area's best items.
      touched_.clear();
      bool short_of_floor = false;
      for (std::size_t a = 0; a < P_.floor.size() && !short_of_floor; ++a) {
        double need = P_.floor[a] - area_cost_[a];
        if (need <= slack(P_.floor[a])) continue;
        for (std::size_t i : area_items_[a]) {
          if (decided_[i]) continue;
          const Item& it = items_[i];
          if (it.cost <= 0 || !fits(it)) continue;
          const double t = std::min({1.0, need / it.cost, room / it.cost, scan_cap_[a] / it.cost});
          if (t <= 0) break;
          ub += it.mv * t;
          room -= it.cost * t;
          scan_cap_[a] -= it.cost * t;
          need -= it.cost * t;
          area_last_[a] = it.mv / it.cost;
          taken_[i] = t;
          touched_.push_back(i);
          if (need <= slack(P_.floor[a])) break;
        }
        if (need > slack(P_.floor[a])) short_of_floor = true;
      }
      if (short_of_floor) {
        for (std::size_t i : touched_) taken_[i] = 0;
        return -kInf;  // no completion meets the floors
      }
    }
    // Beyond the narrow areas' items the search goes in density order: the
    // undecided items all lie at or after the current one.
    const std::size_t from = depth < n_narrow_ ? 0 : branch_[depth];
    for (std::size_t i = from; i < m_; ++i) {
      const Item& it = items_[i];
      if (it.mv <= 0) break;  // the order puts every non-positive priced value last
      const double rest = 1.0 - taken_[i];
      if (decided_[i] || rest <= 0 || !fits(it)) continue;
      const double w = wp(it) * rest;
      double lim = room;
      bool by_area = false;
      std::size_t a = 0;
      if (exact_areas_ && it.area >= 0) {
        a = static_cast<std::size_t>(it.area);
        if (scan_cap_[a] < lim) {
          lim = scan_cap_[a];
          by_area = true;
        }
      }
      if (exact_areas_ && it.area >= 0 && lim > 0 && w > 0) {
        area_last_[a] = it.mv / wp(it);
        area_more_[a] = 1;
      }
      if (w <= lim) {
        ub += it.mv * rest;
        room -= w;
        if (exact_areas_ && it.area >= 0) scan_cap_[a] -= w;
      } else {
        ub += it.mv * rest * (lim / w);
        room -= lim;
        if (exact_areas_ && it.area >= 0) scan_cap_[a] -= lim;
        if (!by_area) {
          scan_mu_ = it.mv / wp(it);
          break;
        }
      }
    }
    if (exact_areas_) {
      for (std::size_t i : touched_) taken_[i] = 0;
      // Each area's marginal price of money: above mu where its cap stopped
      // it, below where only its floor brought it money.
      for (std::size_t a = 0; a < rho_.size(); ++a) {
        rho_[a] = scan_mu_;
        if (!std::isfinite(area_last_[a])) continue;
        if (std::isfinite(P_.cap[a]) && scan_cap_[a] <= slack(P_.cap[a])) rho_[a] = std::max(scan_mu_, area_last_[a]);
        else if (P_.floor[a] - area_cost_[a] > slack(P_.floor[a]) && !area_more_[a])
          rho_[a] = std::min(scan_mu_, area_last_[a]);
      }
    }
    return ub;
  }

  // The Lagrangian at the price mu of the primary resource with the
  // exclusive groups kept exactly (each group's best item or none). The
  // areas' caps and floors are priced by the marginal prices the last
  // fractional bound found (node_rho) or by the root's prices. Any prices
  // give a bound; this one is tight where the root's group prices are not
  // (after a group's best item has been left out).
  double group_bound(std::size_t depth, double mu, bool node_rho) {
    const double used_p = prim_money_ ? money_ : hours_;
    const double used_s = prim_money_ ? hours_ : money_;
    double ub = value_;
    if (theta_ > 0) ub += theta_ * std::max(0.0, cap_s_ - used_s);
    if (mu > 0) ub += mu * std::max(0.0, cap_p_ - used_p);
    for (std::size_t a = 0; a < area_price_.size(); ++a) {
      double k = kappa_[a], f = phi_[a];
      const double need = P_.floor[a] - area_cost_[a];
      if (node_rho) {
        k = std::isfinite(P_.cap[a]) ? std::max(0.0, rho_[a] - mu) : 0.0;
        f = need > 0 ? std::max(0.0, mu - rho_[a]) : 0.0;
      }
      area_price_[a] = k - f;
      if (k > 0) ub += k * (P_.cap[a] - area_cost_[a]);
      ub -= f * need;
    }
    touched_groups_.clear();
    for (std::size_t i = depth < n_narrow_ ? 0 : branch_[depth]; i < m_; ++i) {
      if (decided_[i]) continue;
      const Item& it = items_[i];
      if (!fits(it)) continue;
      double r = it.base - mu * wp(it);
      if (it.area >= 0) r -= area_price_[static_cast<std::size_t>(it.area)] * it.cost;
      if (it.group < 0) {
        if (r > 0) ub += r;
        continue;
      }
      double& g = group_best_[static_cast<std::size_t>(it.group)];
      if (g < 0) touched_groups_.push_back(static_cast<std::size_t>(it.group));
      g = std::max(g, std::max(r, 0.0));
    }
    for (std::size_t g : touched_groups_) {
      ub += group_best_[g];
      group_best_[g] = -1;
    }
    return ub;
  }

  // The bound with the resources' roles swapped (caps and floors priced).
  double node_bound2() const {
    const double used_p = prim_money_ ? money_ : hours_;
    const double used_s = prim_money_ ? hours_ : money_;
    double ub = value_ + group_term_ + area_term_;
    if (mu_ > 0) ub += mu_ * std::max(0.0, cap_p_ - used_p);
    double room = std::max(0.0, cap_s_ - used_s);
    for (std::size_t i : order2_) {
      const Item& it = items_[i];
      if (it.mv2 <= 0) break;
      if (decided_[i] || !fits(it)) continue;
      const double w = ws(it);
      if (w <= room) {
        ub += it.mv2;
        room -= w;
      } else {
        ub += it.mv2 * (room / w);
        break;
      }
    }
    return ub;
  }

  const Prepared& P_;
  double eps_;
  SelectionOptions opt_;
  std::chrono::steady_clock::time_point start_;
  std::size_t m_ = 0;
  bool prim_money_ = true, exact_areas_ = false, two_ = false;
  double theta_ = 0, mu_ = 0, cap_p_ = kInf, cap_s_ = kInf, root_bound_ = kInf;
  std::vector<Item> items_;  // in order of priced density
  std::vector<std::size_t> branch_;  // positions in items_, in branching order
  std::size_t n_narrow_ = 0;         // how many of them belong to narrow areas (first)
  std::vector<std::size_t> order2_;
  std::vector<std::vector<std::size_t>> area_items_;  // positions of each area's items, in branching order
  double money_ = 0, hours_ = 0, value_ = 0;
  double group_term_ = 0;  // prices of the groups not yet used
  double area_term_ = 0;   // sum over areas of kappa*(cap - spent) - phi*(floor - spent)
  std::vector<double> area_cost_, area_avail_, scan_cap_, taken_;
  std::vector<std::size_t> touched_;
  std::vector<char> group_used_, x_, best_x_, decided_;
  bool groups_ = false;
  std::int64_t group_calls_ = 0, group_cuts_ = 0;
  double scan_mu_ = 0;
  std::vector<double> group_best_;  // scratch: best reduced value per group (-1: untouched)
  std::vector<double> kappa_, phi_;  // the root's prices of caps and floors
  std::vector<double> area_price_;   // scratch: kappa - phi per area in group_bound
  std::vector<double> rho_;          // marginal price of money per area in the last fractional bound
  std::vector<double> area_last_;    // scratch: density of the area's last item in that bound
  std::vector<char> area_more_;      // scratch: the area got money beyond its floor
  std::vector<std::size_t> touched_groups_;
  double best_;
  bool found_ = false;
  std::int64_t nodes_ = 0;
  std::string stopped_by_;
  double open_bound_ = 0;
};

void check_options(const SelectionOptions& o) {
  if (!(o.time_limit > 0))
    throw ArgumentError("selection options: time limit " + fmt(o.time_limit) + " must be a positive number of seconds");
  if (o.node_limit < 1)
    throw ArgumentError("selection options: node limit " + std::to_string(o.node_limit) + " must be at least 1");
}

double elapsed(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

SelectionResult select_greedy(const SelectionProblem& problem) {
  const auto start = std::chrono::steady_clock::now();
  const Prepared P = prepare(problem);
  const Sel s = greedy_fill(P, ratio_order(P));
  const Sel base = must_selection(P);
  const Relaxation R = relax(P, base, free_items(P, base), floors_met(P, s) ? s.value : kNaN, nullptr, true);
  SelectionResult r = make_result(P, problem, s.x);
  r.method = "greedy";
  r.feasible = floors_met(P, s);
  r.root_bound = R.bound;
  set_gap(r, R.bound, 1e-9 * std::max(1.0, P.value_sum));
  if (!r.feasible) {  // the fill missed an area floor
    r.selected.clear();
    r.selected_index.clear();
  }
  r.seconds = elapsed(start);
  return r;
}

SelectionResult select_exact(const SelectionProblem& problem, const SelectionOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  check_options(options);
  const Prepared P = prepare(problem);
  const double eps = 1e-9 * std::max(1.0, P.value_sum);
  const Sel base = must_selection(P);
  const std::vector<std::size_t> F = free_items(P, base);

  // Incumbent: the better of the greedy by ratio and the greedy in the order
  // of the relaxation's priced densities.
  bool have = false;
  Sel inc = greedy_fill(P, ratio_order(P));
  if (floors_met(P, inc)) have = true;
  Relaxation R = relax(P, base, F, have ? inc.value : kNaN);
  {
    Sel s = greedy_fill(P, R.order);
    if (floors_met(P, s) && (!have || s.value > inc.value)) {
      inc = std::move(s);
      have = true;
    }
  }
  // The subgradient steps aim at the incumbent's value: with groups (or
  // priced caps and floors) take a second, deflected round from where the
  // first stopped, towards the better incumbent.
  if (have && R.subgradient) R = relax(P, base, F, inc.value, &R);
  const std::vector<double>& wp = R.primary_money ? P.cost : P.hours;
  std::vector<double> rc(P.n, 0.0);
  for (std::size_t j : F) rc[j] = R.mv[j] - R.mu * wp[j];
  std::int64_t nodes = 0;
  auto finish = [&](const std::vector<char>* x, bool proven, double bound, const std::string& stopped_by) {
    SelectionResult r = make_result(P, problem, x ? *x : std::vector<char>(P.n, 0));
    r.feasible = x != nullptr;
    r.method = "branch_and_bound";
    r.proven_optimal = proven;
    r.root_bound = R.bound;
    r.nodes = nodes;
    r.stopped_by = stopped_by;
    set_gap(r, proven ? r.value : bound, eps);
    r.seconds = elapsed(start);
    return r;
  };
  if (have && R.bound <= inc.value + eps) return finish(&inc.x, true, inc.value, "");

  // Runs the search on `core` (in LP order) from `root`; adopts a better
  // selection it finds as the incumbent.
  auto search = [&](const Sel& root, const std::vector<std::size_t>& core, std::int64_t node_limit) {
    SelectionOptions o = options;
    o.node_limit = std::max<std::int64_t>(0, node_limit);
    auto s = std::make_unique<Search>(P, R, root, core, have ? inc.value : -kInf, eps, o, start);
    s->run(R.bound);
    nodes += s->nodes();
    if (s->found()) {
      Sel next = root;
      for (std::size_t j : s->best_items()) add(P, next, j);
      inc = std::move(next);
      have = true;
    }
    return s;
  };

  // A heuristic first: the small core problem of the items with the smallest
  // |reduced cost|, the others held at their LP values (Balas & Zemel).
  constexpr std::size_t kHeuristicCore = 48;
  if (have && F.size() > 2 * kHeuristicCore) {
    std::vector<std::size_t> by_rc = F;
    std::nth_element(by_rc.begin(), by_rc.begin() + kHeuristicCore, by_rc.end(),
                     [&](std::size_t a, std::size_t b) { return std::fabs(rc[a]) < std::fabs(rc[b]); });
    std::vector<char> in_core(P.n, 0);
    for (std::size_t i = 0; i < kHeuristicCore; ++i) in_core[by_rc[i]] = 1;
    Sel root = base;
    for (std::size_t j : R.order)
      if (!in_core[j] && rc[j] > 0 && can_add(P, root, j)) add(P, root, j);
    std::vector<std::size_t> core;
    for (std::size_t j : R.order)
      if (in_core[j] && can_add(P, root, j)) core.push_back(j);
    search(root, core, std::min<std::int64_t>(50'000, options.node_limit));
  }

  // The exact search. Reduced-cost fixing: flipping item j from its LP value
  // costs at least |rc_j| of the Lagrangian bound; when that leaves no room
  // above the incumbent, every better selection keeps j at its LP value. The
  // items so fixed now leave the search; the search repeats the test against
  // each better incumbent it finds.
  Sel root = base;
  std::vector<char> fixed(P.n, 0);
  if (have) {
    for (std::size_t j : R.order) {
      if (R.lagrangian - std::fabs(rc[j]) > inc.value + eps) continue;
      fixed[j] = 1;
      if (rc[j] > 0) {
        if (!can_add(P, root, j)) return finish(&inc.x, true, inc.value, "");
        add(P, root, j);
      }
    }
  }
  std::vector<std::size_t> core;
  for (std::size_t j : R.order)
    if (!fixed[j] && can_add(P, root, j)) core.push_back(j);
  const auto s = search(root, core, options.node_limit - nodes);
  if (s->stopped_by().empty()) {
    if (have) return finish(&inc.x, true, inc.value, "");
    throw ArgumentError(
        "infeasible: no selection meets the budget, the hours budget, the exclusive groups and the area floors "
        "and caps together (proven by branch and bound over " +
        std::to_string(nodes) + " nodes)");
  }
  const std::string stopped_by = s->stopped_by() == "time limit"
                                     ? "time limit of " + fmt(options.time_limit) + " s"
                                     : "node limit of " + std::to_string(options.node_limit) + " nodes";
  return finish(have ? &inc.x : nullptr, false, std::min(R.bound, s->open_bound()), stopped_by);
}

}  // namespace styrkort
