#pragma once
// Splitting a budget (money, staff days, staff hours) across prioritised focus
// areas. Every method is exact and returns the split and why: which floors and
// caps bind, the marginal value of one more unit, and an explanation.
// Sources and methods:
//  - strict priority and proportional split with floors and caps: the usual
//    "water-filling" rule x = clamp(lambda w, floor, cap), solved exactly by
//    sorting the breakpoints floor/w and cap/w (O(n log n));
//  - diminishing returns: separable concave maximisation; with piecewise-
//    linear concave curves the greedy by marginal value per unit is optimal
//    (the continuous knapsack argument: Dantzig, "Discrete-variable extremum
//    problems", Operations Research 5, 1957; Ibaraki & Katoh, Resource
//    Allocation Problems, MIT Press, 1988, ch. 2);
//  - whole units: highest-averages (divisor) methods, D'Hondt (divisors
//    1, 2, 3, ...) and Sainte-Lague (1, 3, 5, ...); Balinski & Young, Fair
//    Representation, 2nd ed., Brookings 2001;
//  - leverage: co-financing as in the EU cohesion rules (Regulation (EU)
//    2021/1060, art. 112: the co-financing rate applies to eligible costs);
//    one unit of own money moves 1/(1-r) units of activity;
//  - several resources: a linear programme over the curves' segments, solved
//    by a primal simplex with upper-bounded variables (Dantzig, Linear
//    Programming and Extensions, Princeton 1963; Chvatal, Linear Programming,
//    Freeman 1983) with at most two constraint rows.
// Floors fit a budget when their sum keeps it to the tolerance of
// tolerance.hpp (shared with the selection), so that floors written to sum to
// the budget fit whatever the order of the areas; whole units are counted
// exactly. Floors that fit only by that tolerance get their floors and nothing
// more.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "styrkort/methods.hpp"

namespace styrkort {

/// One piece of a concave piecewise-linear curve: over the next `length` units
/// of the argument the curve rises by `slope` per unit. A curve is a list of
/// segments from 0 with slopes non-increasing (concave) and non-negative; the
/// last segment may be infinitely long. Beyond the end of a finite curve the
/// slope is 0 (more gives nothing more; the money may still be placed there).
struct BenefitSegment {
  double length = 0.0;
  double slope = 0.0;
};

/// External funding for an area's activities (a grant, e.g. an EU programme).
/// The grant pays `rate` (0 <= rate < 1) of the eligible costs; `cap` limits
/// the grant's money (the external part), not the activity.
struct Grant {
  std::string id;
  double rate = 0.0;
  double cap = std::numeric_limits<double>::infinity();
};

/// A focus area as the split methods see it. Fields a method does not use are
/// ignored by it, so one table of areas serves every method.
struct FocusArea {
  std::string id;       ///< unique, not empty; names the area in errors
  double weight = 1.0;  ///< priority weight, >= 0 (e.g. from weights_from_priorities)
  int priority = 0;     ///< the board's priority, smaller = more important;
                        ///< strict priority fills in this order; ties in the
                        ///< other methods are broken by priority, then id
  double floor = 0.0;   ///< the least the area gets (>= 0)
  double cap = std::numeric_limits<double>::infinity();  ///< the most (>= floor)

  /// Diminishing returns, leverage and several resources: the benefit of the
  /// area's activity (own money for split_diminishing, total activity for
  /// split_leverage, activity units for split_resources). Empty: linear with
  /// slope 1.
  std::vector<BenefitSegment> benefit;

  /// Leverage: the grants open to the area, used highest rate first (ties in
  /// the order given).
  std::vector<Grant> grants;
  /// Leverage: the share of every unit of activity that no grant covers
  /// (non-eligible costs N over total costs C + N), 0 <= share <= 1.
  double noneligible_share = 0.0;

  /// Several resources: money and staff hours needed per unit of activity
  /// (a_i and h_i; >= 0, not both 0).
  double money_per_unit = 1.0;
  double hours_per_unit = 0.0;
};

/// A split and why. Vectors are per area, in the order of the input.
struct SplitResult {
  /// What each area gets (own money for leverage; activity units for several
  /// resources; whole numbers for split_units).
  std::vector<double> amount;
  /// "floor": the area gets its floor and nothing more (with floor 0: nothing);
  /// "cap": the area is at its cap; "": in between. For the proportional rule
  /// the comparison is of lambda w with the floor and cap.
  std::vector<std::string> binding;
  /// Proportional split: lambda, the amount per unit of weight of the areas
  /// that are neither at a floor nor at a cap. NaN for the other methods.
  double level = std::numeric_limits<double>::quiet_NaN();
  /// The value of one more unit of budget: diminishing returns and leverage:
  /// the weighted marginal value (w times slope) at which the next unit would
  /// be placed (0 when nothing worth anything is left); whole units: the
  /// quotient w/d at which the next unit would be given (0 when none could);
  /// several resources: the shadow price of money. NaN for strict priority
  /// and proportional, which maximise nothing.
  double marginal_value = std::numeric_limits<double>::quiet_NaN();
  /// sum_i w_i benefit_i(x_i) for the methods that maximise it, else NaN.
  double objective = std::numeric_limits<double>::quiet_NaN();
  /// Budget left over because every area that could take it is at its cap
  /// (or has weight 0 in the methods that split by weight).
  double unspent = 0.0;
  /// A plain-language account of the split: the rule, the binding floors and
  /// caps, the marginal value or lambda, and anything left unspent.
  std::string explanation;
};

/// A leveraged split: `amount` (= own) is the area's own money.
struct LeverageResult : SplitResult {
  std::vector<double> own;       ///< own money per area
  std::vector<double> external;  ///< grant money it attracts
  std::vector<double> total;     ///< activity = own + external
};

/// A split of activity under a money and an hours budget: `amount` is the
/// activity per area, `marginal_value` the shadow price of money.
struct ResourceSplitResult : SplitResult {
  std::vector<double> money;  ///< a_i times activity
  std::vector<double> hours;  ///< h_i times activity
  /// Value of one more unit of money, and of one more hour, at the optimum
  /// (the LP duals; 0 for a budget that is not used up; when the optimum is
  /// degenerate they are one valid choice among several).
  double shadow_money = 0.0, shadow_hours = 0.0;
  /// "money", "hours", "money and hours" (the budgets that are used up) or
  /// "none" (the caps or the curves stop the split first).
  std::string binding_resource;
  double unspent_hours = 0.0;
};

/// Strict priority. Every area first gets its floor; what is left goes to the
/// areas in priority order (smaller priority first), each filled up to its cap
/// before the next gets anything. Areas of equal priority share what reaches
/// them by the proportional rule on their weights; room that weight cannot fill
/// (areas of weight 0) is then filled in id order before the next priority.
/// The split sums to the budget, or to the sum of caps when that is smaller.
SplitResult split_priority(const std::vector<FocusArea>& focus_areas, double budget);

/// Proportional to the weights with floors and caps: x_i = clamp(lambda w_i,
/// floor_i, cap_i) with sum x = budget. sum x(lambda) is piecewise linear and
/// non-decreasing in lambda with breakpoints floor_i/w_i and cap_i/w_i; they
/// are sorted and swept once, so lambda is found exactly in O(n log n) and
/// reported as `level`. An area of weight 0 gets its floor. When every area of
/// positive weight is at its cap the rest is `unspent`.
SplitResult split_proportional(const std::vector<FocusArea>& focus_areas, double budget);

/// Diminishing returns: maximise sum_i w_i benefit_i(x_i) over floor_i <= x_i
/// <= cap_i, sum x = budget, with each benefit concave and piecewise linear
/// in the area's money. The floors are placed first (they use the start of
/// each curve); then the segments above the floors are taken whole, in order
/// of weighted slope w_i s (ties: priority, then id), until the budget is spent -
/// optimal for separable concave objectives, and exact. Money that no longer
/// buys any benefit (all positive slopes used) is spread over the remaining
/// room by the proportional rule, so the split sums to the budget or to the
/// caps. Slopes must be >= 0 (use a cap where more money stops helping).
SplitResult split_diminishing(const std::vector<FocusArea>& focus_areas, double budget);

/// Highest-averages methods for whole units (staff days, positions).
///  - dhondt: divisors 1, 2, 3, ... (favours larger weights slightly);
///  - sainte_lague: divisors 1, 3, 5, ... (the most proportional divisor method).
enum class Apportionment { dhondt, sainte_lague };
const char* to_string(Apportionment);
// Names: "dhondt", "sainte_lague".
template <> std::optional<Apportionment> parse_name<Apportionment>(const std::string& name);
template <> std::string names_of<Apportionment>();

/// Whole units: each area starts at its floor (whole units); each further unit
/// goes to the area with the highest quotient w_i / d(k_i), where k_i is the
/// number of units the area already holds, floor included (the divisors go on
/// from the floor), among the areas below their caps. Ties in the quotient go
/// to the smaller priority, then the smaller id. Areas of weight 0 get only their
/// floor. Floors and caps must be whole numbers (caps may be infinite). Large
/// budgets are handled by jumping to a divisor found by bisection and giving
/// the last units one by one, with the same result as unit-by-unit.
SplitResult split_units(const std::vector<FocusArea>& focus_areas, long long units, Apportionment method);

/// The activity one unit of own money moves under a grant with co-financing
/// rate r when a share eta of every unit of activity is not eligible:
/// 1 / ((1 - r)(1 - eta) + eta). With eligible costs C and non-eligible costs
/// N (eta = N/(C+N)) this is (C + N) / ((1 - r) C + N); r = 0.5 gives 2,
/// r = 0.8 gives 5 (with eta = 0).
double leverage_factor(double rate, double noneligible_share = 0.0);

/// An area's activity as a function of its own money: a concave piecewise-
/// linear curve (BenefitSegment: own-money length, activity per unit of own
/// money). One segment per grant with r > 0 in order of decreasing rate,
/// lasting until the grant's cap is used up (external = r (1 - eta) times
/// the activity in that segment), then slope 1 without end.
std::vector<BenefitSegment> activity_curve(const FocusArea& focus_area);

/// Leverage: split own money so as to maximise sum_i w_i benefit_i(total_i),
/// where total_i = activity_curve_i(own_i) and benefit_i is over total
/// activity (empty: slope 1, i.e. maximise weighted activity). Floors and
/// caps are on own money. The composition of the two concave non-decreasing
/// piecewise-linear curves is concave piecewise linear in own money, so the
/// split is exactly that of split_diminishing on the composed curves (ties,
/// spreading of worthless money and all). Non-eligible costs are modelled as
/// a fixed share of every unit of activity (see leverage_factor) - a fixed sum
/// paid first would make the curve convex.
LeverageResult split_leverage(const std::vector<FocusArea>& focus_areas, double budget);

/// Several resources: choose activity y_i (floor_i <= y_i <= cap_i, in
/// activity units) to maximise sum_i w_i benefit_i(y_i) subject to
/// sum a_i y_i <= money and sum h_i y_i <= hours (a_i = money_per_unit, h_i =
/// hours_per_unit). A budget may be infinite (no such constraint). Solved
/// exactly as a linear programme over the curves' segments above the floors
/// (concavity makes the segments fill in order) by a bounded-variable primal
/// simplex with one row per finite budget; the result gives the shadow price
/// of each budget and which ones bind. Segments of slope 0 are not bought, so
/// budgets may be left over.
ResourceSplitResult split_resources(const std::vector<FocusArea>& focus_areas, double money, double hours);

}  // namespace styrkort
