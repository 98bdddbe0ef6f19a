#pragma once
// Selection of projects and incoming requests under a budget (docs/methods.md,
// "Allocation methods: selection under a budget"): a 0/1 knapsack on own
// money, optionally with a second resource (staff hours), mutually exclusive
// groups (at most one item per group), must / never flags and per-focus-area
// floors and caps on the own money spent in an area.
//
// The exact method is a depth-first branch and bound:
//  - bounds: the fractional (LP) knapsack bound of Dantzig ("Discrete-variable
//    extremum problems", Operations Research 5, 1957) on own money, kept
//    exact for the areas' caps and floors (each area's value is concave in
//    its money, so floors first with each area's best items, then a greedy by
//    value per unit of money, is optimal for the LP). Staff hours and the
//    exclusive groups are priced by Lagrange multipliers (Martello & Toth,
//    Knapsack Problems, Wiley 1990, ch. 2.2 and 4.3; any non-negative prices
//    give a valid bound): the hours price by bisection on its subgradient,
//    all prices together by projected subgradient rounds, plain and
//    deflected (Camerini, Fratta & Maffioli, Math. Programming Study 3,
//    1975). At each node the bound is the least of: that fractional bound;
//    with two resources the same with their roles swapped; with groups the
//    Lagrangian at the node's money price keeping each group exact (its best
//    item or none). (With unlimited money the hours carry the fractional
//    bound, and caps and floors are priced too.)
//  - before the search, and again at each node against each better
//    incumbent, items whose LP reduced cost shows that flipping them cannot
//    beat the incumbent are fixed (reduced-cost fixing, the idea behind the
//    "core" of Balas & Zemel, Operations Research 28, 1980); a small core
//    problem around the LP break item first serves as a heuristic;
//  - branching: items in order of priced value density, the LP's side first;
//    the items of an area whose floor and cap leave a window narrower than
//    its dearest item (a subset-sum condition the LP cannot see) first of
//    all. Floors cut a branch as soon as an area's remaining items or the
//    remaining money cannot reach them. The incumbent starts from the better
//    of two greedy fills;
//  - before all that, each such narrow window is checked exactly by subset
//    sums (dynamic programming over the costs in a common unit, their gcd):
//    when no choice of the area's items costs between its floor and its cap
//    the problem is infeasible, said with the nearest sums, in milliseconds
//    where the search could take minutes (see selection.cpp for why the test
//    is exact and its memory bound). Costs that are no whole multiples of a
//    decimal unit (1/3) are left to the search.
// The result always states the best bound and the gap; when a time or node
// limit stops the search it says so and `proven_optimal` is false.
//
// Unlike a dynamic programme this needs no integer costs: costs, hours and
// values are real numbers.
//
// Numerical tolerance (tolerance.hpp, shared with the budget splits): a sum
// fits under a limit L when it is at most L + 1e-9 max(1, |L|) (a floor F is
// met at F - 1e-9 max(1, F)), and the optimum is proven to within
// 1e-9 max(1, sum of the values).
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace styrkort {

/// A project proposal or an incoming request.
struct SelectionItem {
  std::string id;       ///< unique, not empty
  double cost = 0;      ///< own cost: the money counted against the budget (>= 0)
  double hours = 0;     ///< staff hours, counted against the hours budget (>= 0)
  double external = 0;  ///< external funding (>= 0; informational, only reported)
  double rate = 0;      ///< co-financing rate of the external funding, in [0, 1) (informational)
  double value = 0;     ///< value or score to maximise (>= 0)
  std::string focus_area;  ///< focus area id; empty: none
  std::string group;    ///< mutually exclusive group id; empty: none
  bool must = false;    ///< always selected
  bool never = false;   ///< never selected
};

/// Floor and cap on the own money spent on the selected items of a focus area.
/// The focus area must be the focus area of at least one item.
struct FocusAreaLimit {
  std::string focus_area;
  double floor = 0;                                     ///< >= 0
  double cap = std::numeric_limits<double>::infinity();  ///< >= floor; infinity: none
};

struct SelectionProblem {
  std::vector<SelectionItem> items;
  double budget = 0;                                              ///< own money, >= 0; infinity: unlimited
  double hours_budget = std::numeric_limits<double>::infinity();  ///< >= 0; infinity: no hours budget
  std::vector<FocusAreaLimit> focus_area_limits;
};

struct SelectionOptions {
  double time_limit = 60.0;                ///< seconds, > 0 (infinity: none)
  std::int64_t node_limit = 2'000'000'000;  ///< search nodes, >= 1
};

/// Own money spent on the selection in one focus area, with its limits.
struct FocusAreaSpend {
  std::string focus_area;
  double cost = 0;
  double floor = 0;
  double cap = std::numeric_limits<double>::infinity();
};

struct SelectionResult {
  std::string method;                   ///< "branch_and_bound" or "greedy"
  bool feasible = false;                ///< a selection meeting every constraint was found
  bool proven_optimal = false;          ///< no selection is better (to the tolerance above)
  std::vector<std::string> selected;    ///< ids of the selected items, in input order
  std::vector<std::size_t> selected_index;  ///< their positions in the input
  double value = 0;                     ///< total value of the selection (NaN when none was found)
  double bound = 0;                     ///< best upper bound on the optimum (= value when proven)
  double gap = 0;                       ///< bound - value; 0 when proven optimal
  double relative_gap = 0;              ///< gap / |bound| (0 when the bound is 0)
  double root_bound = 0;                ///< the LP (Lagrangian) bound at the root
  double cost = 0, hours = 0, external = 0;  ///< totals of the selection
  std::vector<FocusAreaSpend> focus_areas;  ///< per focus area, in order of first appearance
  std::int64_t nodes = 0;               ///< branch-and-bound nodes explored
  double seconds = 0;                   ///< wall time of the call
  std::string stopped_by;               ///< empty, or the limit that ended the search early
};

/// Exact selection by branch and bound (see the top of this file). Throws
/// ArgumentError on bad input (naming the item and the rule) and on a problem
/// without any feasible selection (saying why and by how much when a simple
/// count shows it: must items over the budget, a floor its items cannot reach,
/// an area window between floor and cap that no choice of its items meets
/// (with the nearest sums), floors and must items together over the budget;
/// otherwise after the search has proven it). When a limit stops the search before any feasible selection
/// is found the result has feasible = false and value = NaN.
SelectionResult select_exact(const SelectionProblem& problem, const SelectionOptions& options = {});

/// Greedy by ratio, for comparison: the must items, then for each area with a
/// floor (in order of first appearance) its items by value / own cost until
/// the floor is met, then every other item with a positive value by value /
/// own cost (zero cost first), each taken when it fits every constraint.
/// Reports the LP bound of the exact method and the gap to it; feasible is
/// false when the fill misses a floor. Same input errors as select_exact.
SelectionResult select_greedy(const SelectionProblem& problem);

}  // namespace styrkort
