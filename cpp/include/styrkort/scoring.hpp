#pragma once
// Scoring requests (study visits, network memberships, project invitations,
// twin-city proposals, ...) against the strategy's criteria, so that the score
// can feed the selection under a budget (selection.hpp).
//
//  - Value functions map a raw rating to [0, 1], as single-attribute value
//    functions of multi-attribute value theory (MAVT: Keeney & Raiffa,
//    Decisions with Multiple Objectives, 1976; Belton & Stewart, Multiple
//    Criteria Decision Analysis, 2002, ch. 5): linear, piecewise linear, step
//    (a table) and exponential (Kirkwood, Strategic Decision Making, 1997, ch. 4).
//  - Weighted sum: the additive MAVT model, score = sum w v / sum w, in [0, 1].
//  - TOPSIS: Hwang & Yoon, Multiple Attribute Decision Making, 1981 (vector
//    normalisation, ideal and anti-ideal, Euclidean distances, relative
//    closeness); on the raw ratings or, with a flag, on the values.
//
// Bad input (a weight < 0, a value function that is not monotone in the
// criterion's direction, a missing rating without a stated default, ...)
// throws ArgumentError naming the criterion and, for a rating, the request.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace styrkort {

/// Benefit: more is better (fit, effect, reach); cost: less is better (money,
/// staff hours). Strings "benefit" and "cost".
enum class CriterionDirection { benefit, cost };

/// The kinds of value function. Strings "linear", "piecewise", "step",
/// "exponential".
enum class ValueFunctionKind { linear, piecewise, step, exponential };

const char* to_string(CriterionDirection);
const char* to_string(ValueFunctionKind);
/// The enum named by `name`; ArgumentError listing the names when unknown.
CriterionDirection parse_criterion_direction(const std::string& name);
ValueFunctionKind parse_value_function_kind(const std::string& name);

/// A value function: raw rating -> value in [0, 1]. Build it with one of the
/// factories; `check_criteria` (called by every scoring function) checks it
/// against its criterion's direction. Evaluation:
///  - linear(worst, best): (x - worst) / (best - worst), clamped to [0, 1];
///    worst > best for a cost criterion.
///  - piecewise({{x0, v0}, {x1, v1}, ...}): linear interpolation between the
///    points (x strictly increasing, v in [0, 1], at least two points); flat
///    outside them (v0 below x0, the last v above the last x). The values
///    must be non-decreasing for a benefit criterion and non-increasing for a
///    cost criterion.
///  - step({{rating, value}, ...}): a table (an ordinal or categorical scale,
///    e.g. fit 0-3 or codes for categories); the rating must be one of the
///    table's ratings (anything else is an error when scoring). Ratings
///    strictly increasing, values in [0, 1] and monotone as for piecewise, so
///    code unordered categories in the order of their values.
///  - exponential(worst, best, shape): with z = the linear value above and
///    c = shape, v = (1 - exp(-c z)) / (1 - exp(-c)), and v = z for c = 0.
///    This is Kirkwood's (1997, ch. 4) exponential single-dimensional value
///    function with exponential constant rho = (best - worst) / c, in the
///    dimensionless form of the R package `utility` (utility.fun.exp;
///    Reichert, Schuwirth & Langhans 2013). c > 0: concave (diminishing
///    returns: the first steps away from worst are worth most); c < 0: convex.
///    Evaluated without overflow for any finite c.
/// A NaN rating gives NaN (missing), as does a rating that a step table lacks.
struct ValueFunction {
  ValueFunctionKind kind = ValueFunctionKind::linear;
  double worst = 0.0;  ///< linear, exponential: the rating worth 0
  double best = 1.0;   ///< linear, exponential: the rating worth 1
  double shape = 0.0;  ///< exponential: c
  std::vector<std::pair<double, double>> points;  ///< piecewise: points; step: the table

  static ValueFunction linear(double worst, double best);
  static ValueFunction piecewise(std::vector<std::pair<double, double>> points);
  static ValueFunction step(std::vector<std::pair<double, double>> table);
  static ValueFunction exponential(double worst, double best, double shape);

  /// The value of rating x (see above). Assumes a checked function.
  double operator()(double x) const;
};

/// A criterion: id, weight (>= 0, finite; the weights are used relative to
/// their sum, which must be > 0), direction and value function. A missing
/// rating (NaN) is an error unless `missing_rating` states a default rating,
/// which then replaces it (and is marked as imputed in the result).
struct Criterion {
  std::string id;
  double weight = 1.0;
  CriterionDirection direction = CriterionDirection::benefit;
  ValueFunction value = ValueFunction::linear(0.0, 1.0);
  std::optional<double> missing_rating;
};

/// A request (an alternative): its id and one raw rating per criterion, in
/// the order of the criteria (NaN: missing).
struct Request {
  std::string id;
  std::vector<double> ratings;
};

/// Throws ArgumentError unless: there is at least one criterion; ids are
/// non-empty and unique; weights are finite, >= 0, with a positive sum; each
/// value function is well formed and monotone in its criterion's direction
/// (linear/exponential: finite worst != best, best > worst for benefit and
/// best < worst for cost, finite shape; piecewise/step: see ValueFunction);
/// a stated missing_rating is finite and has a value.
void check_criteria(const std::vector<Criterion>& criteria);

/// TOPSIS options.
///  - on_values: rate each request by its value-function values instead of
///    its raw ratings (then every criterion is a benefit criterion: values
///    are already oriented, higher is better).
///  - vector_normalisation: divide each criterion's column by its Euclidean
///    norm (Hwang & Yoon); a column of zeros stays zero. Switch it off only
///    for ratings already on a common scale (e.g. on_values).
struct TopsisOptions {
  bool on_values = false;
  bool vector_normalisation = true;
};

enum class ScoringMethod { weighted_sum, topsis };
const char* to_string(ScoringMethod);

/// The result of a scoring, per request (rows, in the order given) and per
/// request x criterion (row-major, n_requests x n_criteria; use `at`).
///  - weight: the normalised weights w_c / sum w (they sum to 1).
///  - value: v_c(x), the value-function value in [0, 1] (both methods).
///  - imputed: 1 where a missing rating was replaced by the criterion's
///    missing_rating.
///  - score: weighted sum: sum_c weight_c value_c in [0, 1]; TOPSIS: the
///    relative closeness C = d- / (d+ + d-) in [0, 1], and C = 1 when d+ = 0
///    (the request attains the ideal on every criterion, which includes the
///    case where all requests are alike).
///  - rank: 1 = highest score; scores within 1e-12 tie and share the lowest
///    rank number ("1, 2, 2, 4").
///  - contribution: weight x value. Weighted sum: weight_c value_c, so a
///    request's contributions sum to its score. TOPSIS: the weighted
///    normalised rating weight_c r_c (the entries of Hwang & Yoon's V).
/// TOPSIS only (empty for the weighted sum):
///  - normalised: r, the (vector-normalised) raw rating or value;
///  - ideal, anti_ideal: per criterion, in the units of `contribution`
///    (the best and worst weighted rating over the requests, by direction);
///  - d_plus, d_minus: per request, the Euclidean distances to them;
///  - pull: (v - anti_ideal)^2 - (v - ideal)^2 per cell: positive where the
///    request is nearer the ideal than the anti-ideal on that criterion. A
///    request's pulls sum to d-^2 - d+^2, which is > 0 exactly when C > 0.5;
///    so the pulls say why.
struct ScoreResult {
  ScoringMethod method = ScoringMethod::weighted_sum;
  std::vector<std::string> request_ids;
  std::vector<std::string> criterion_ids;
  std::vector<double> weight;
  std::vector<double> score;
  std::vector<int> rank;
  std::vector<double> value;
  std::vector<double> contribution;
  std::vector<unsigned char> imputed;
  std::vector<double> normalised;
  std::vector<double> ideal, anti_ideal;
  std::vector<double> d_plus, d_minus;
  std::vector<double> pull;

  std::size_t n_requests() const { return request_ids.size(); }
  std::size_t n_criteria() const { return criterion_ids.size(); }
  /// Cell (request i, criterion c) of a row-major per-cell vector.
  double at(const std::vector<double>& cells, std::size_t i, std::size_t c) const {
    return cells[i * criterion_ids.size() + c];
  }
};

/// The weighted sum (additive MAVT model) of the requests' values. Throws
/// ArgumentError for bad criteria (check_criteria), duplicate or empty
/// request ids, a request with the wrong number of ratings, an infinite
/// rating, a missing rating without a default, and a rating a step table
/// lacks (naming the request and the criterion).
ScoreResult score_weighted_sum(const std::vector<Criterion>& criteria, const std::vector<Request>& requests);

/// TOPSIS (Hwang & Yoon 1981) on the raw ratings (using each criterion's
/// direction) or, with options.on_values, on the values. Steps: r = x / ||x||
/// per criterion (vector normalisation), v = w r with the normalised weights,
/// ideal = best v and anti-ideal = worst v per criterion, d+ and d- the
/// Euclidean distances, C = d- / (d+ + d-). The same input checks as the
/// weighted sum: every rating is checked against its value function in both
/// modes. Raw ratings are taken as numbers on a ratio scale (vector
/// normalisation divides by the norm), so a step scale's codes should be
/// meaningful numbers; otherwise use on_values.
ScoreResult score_topsis(const std::vector<Criterion>& criteria, const std::vector<Request>& requests,
                         const TopsisOptions& options = {});

/// Ranks by descending score: 1 = highest, ties (within `tolerance`) share the
/// lowest rank number; NaN scores come last and share the rank after the
/// others.
std::vector<int> rank_descending(const std::vector<double>& scores, double tolerance = 1e-12);

}  // namespace styrkort
