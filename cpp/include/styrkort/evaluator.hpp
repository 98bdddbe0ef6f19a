#pragma once
// The goal-fulfilment evaluator.
//
// An Evaluator holds a prepared form of a strategy (topological order, children
// as compressed lists, resolved methods) so that it can evaluate the same
// measurements thousands of times with other link weights, normalisations or
// aggregation methods without parsing again: the uncertainty and sensitivity
// analyses build on `evaluate(panel, options)`.
//
// Data flow: Measurements --prepare--> Panel (a dense cube indicator x unit x
// period, rolled up across organisational units and carried forward) --evaluate-->
// Evaluation (scores, statuses, trends, coverage, ranks as dense arrays).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "styrkort/buffer.hpp"
#include "styrkort/measurements.hpp"
#include "styrkort/strategy.hpp"

namespace styrkort {

/// Indicator values on a dense grid [indicator][unit][period] (row-major),
/// with what depends on them alone: their origin and their trends. Trends do
/// not change with weights, normalisations or aggregation methods, so they are
/// computed once here and shared by every evaluation of the panel.
struct Panel {
  std::vector<Period> periods;  // the period axis, ordered by time
  int n_indicators = 0, n_units = 0, n_periods = 0;
  Buffer<double> value;              // NaN: missing
  Buffer<std::int8_t> origin;        // ValueOrigin
  Buffer<std::int8_t> trend;         // TrendCategory (Statistics Canada progress measure)
  Buffer<float> trend_ratio;         // R = observed / required growth (without a target: directed growth rate)
  Buffer<std::int8_t> arrow;         // Arrow (SDSN dashboards)
  Buffer<float> forecast;            // time the target is reached at the current pace; NaN: not, or no target
  // Targets and baselines per unit and period (target paths, per-unit targets,
  // shares of a summed target). Every (indicator, unit) follows one target
  // path, or none (-1); paths are shared, so an indicator with one target for
  // every unit has one path.
  std::vector<std::int32_t> target_path;  // [indicator][unit]
  std::vector<double> path_target;        // [path][period]: the target in force
  // [path][period]: the point of the path the period works toward (the first
  // milestone or the final target at or after it): its value and its time. The
  // trend's required growth is the growth that reaches it by its time.
  std::vector<double> path_next;
  std::vector<std::int32_t> path_next_period;  // [path][period]: the axis index of that point
  // The points of each path (milestones, then the final target) as axis
  // indices and values, path k's in [path_point_start[k], path_point_start[k+1]).
  std::vector<std::int32_t> path_point_start, path_point_period;
  std::vector<double> path_point_value;
  std::vector<double> path_final, path_final_time;  // per path: the final target and its time
  std::vector<double> baseline_value;     // [indicator][unit]: the declared baseline in force (NaN: none)
  std::vector<double> baseline_time;      // [indicator][unit] (NaN: no baseline period)
  std::vector<std::int32_t> baseline_index;  // [indicator][unit]: its period on the axis, -1 when not on it
  // Every baseline, milestone and target period is on the axis (declared, or
  // added from the strategy when the periods are not declared).

  std::size_t cell(int indicator, int unit, int period) const {
    return (static_cast<std::size_t>(indicator) * n_units + unit) * n_periods + period;
  }
  /// The target in force for a cell; NaN without one.
  double target(int indicator, int unit, int period) const {
    const std::int32_t path = target_path[static_cast<std::size_t>(indicator) * n_units + unit];
    return path < 0 ? kNaN : path_target[static_cast<std::size_t>(path) * n_periods + period];
  }
  int period_index(const std::string& id) const;  // -1 when not on the axis
};

/// What may change between evaluations of one prepared strategy. Empty vectors
/// keep the strategy's own choices.
struct EvaluationOptions {
  std::vector<double> link_weights;            // one per link, in Evaluator::links() order
  std::vector<std::int8_t> normalisation;      // per node (Normalisation, or -1 to keep)
  std::vector<std::int8_t> aggregation;        // per node (Aggregation, or -1 to keep)
  std::vector<double> power;                   // per node: p of the power mean (NaN to keep)
  // Imputation: -1 keeps the strategy's; 0 imputes nothing (ImputeMethod::none
  // everywhere; nodes declared not scored still take their peers' mean); 1
  // imputes every indicator by its peers' mean (ImputeMethod::peer_mean, with
  // each indicator's own thresholds).
  std::int8_t impute = -1;
  // For batches (evaluate_into only): per node, 1 where it must be computed
  // again; the other nodes' scores, statuses, flags, coverage and ranks are
  // kept as they are in the Evaluation, which must hold an evaluation of the
  // same panel cells for which those nodes had the same inputs. A node whose
  // child changes must be marked too. Empty: every node.
  std::vector<char> changed;
  int threads = 0;                             // 0: all cores
};

/// A manual status that replaced a computed one.
struct Override {
  int node, unit, period;
  Status computed, manual;
  std::string comment;
};

/// An assessment's comment shown next to a status (with or without a manual status).
struct Comment {
  int node, unit, period;
  std::string text;
};

/// Per-cell marks of what the engine decided on thin ground (bits of
/// Evaluation::flags); Evaluator::warnings turns them into warnings.
enum CellFlag : std::uint8_t {
  kCappedLow = 1,        // the score was raised to 0 (the value is worse than the scale's start)
  kCappedHigh = 2,       // the score was lowered to 100 (the value is beyond the best bound)
  kLowCoverage = 4,      // a colour on fewer than kLowCoverageWarning of the indicators
  kSubunitsOnly = 8,     // no value of the unit's own while its sub-units have values
  kNoTarget = 16,        // the normalisation needs a target this unit lacks
  kImputed = 32,         // the score is the mean of the unit's peers
  kNotScored = 64,       // declared not scored for this unit (Node::not_scored)
  kWholeThresholds = 128,  // a sub-unit of a sum: the raw-value thresholds are the whole's
};

/// Below this share of indicators with data a status gets a low_coverage
/// warning (SDSN SDG Index: more than 20 % missing data is too little for an index).
constexpr double kLowCoverageWarning = 0.8;

struct Warning {
  WarningCode code;
  int node = -1, unit = -1, period = -1;  // -1: all
  std::string message;
};

struct Evaluation {
  std::vector<Period> periods;
  int n_nodes = 0, n_units = 0, n_periods = 0;
  // Every node, [node][unit][period] in the strategy's node order.
  Buffer<double> score;                // NaN: not assessable
  Buffer<std::int8_t> status;          // Status (manual statuses applied)
  // Nodes that are not indicators ("aggregates"), [aggregate][unit][period]
  // in the order of `aggregates` (for an indicator: coverage is whether it has
  // a value, and it has no rank and no imputation).
  std::vector<int> aggregates;         // node index per aggregate slot
  Buffer<double> coverage;             // share of applicable indicators below the node with data
  Buffer<std::int32_t> indicators_present, indicators_total;  // the counts behind coverage (once per path)
  Buffer<std::int32_t> rank;           // among sibling units, 1 = best; 0: none
  Buffer<std::uint8_t> flags;          // [node][unit][period]: CellFlag bits
  std::vector<std::int8_t> normalisation;  // per node: the normalisation used (-1: none)
  std::vector<Override> overrides;
  std::vector<Comment> comments;
  std::shared_ptr<const Panel> panel;  // values and trends behind the indicator scores

  std::size_t cell(int node, int unit, int period) const {
    return (static_cast<std::size_t>(node) * n_units + unit) * n_periods + period;
  }
  /// The aggregate-block cell of a node that is not an indicator.
  std::size_t aggregate_cell(int aggregate, int unit, int period) const {
    return (static_cast<std::size_t>(aggregate) * n_units + unit) * n_periods + period;
  }
};

struct LinkRef {
  int child, parent;
  double weight;
};

class Evaluator {
 public:
  explicit Evaluator(Strategy strategy);

  const Strategy& strategy() const { return strategy_; }
  /// Indicator nodes, in the order of the panel's indicator axis.
  const std::vector<int>& indicators() const { return indicators_; }
  /// Every parent-child link, in the order EvaluationOptions::link_weights uses.
  const std::vector<LinkRef>& links() const { return links_; }

  /// Check the measurements against the strategy and build the panel.
  /// Throws MeasurementError naming the row and the rule.
  std::shared_ptr<const Panel> prepare(const Measurements& m, int threads = 0) const;

  Evaluation evaluate(std::shared_ptr<const Panel> panel, const EvaluationOptions& options = {}) const;
  /// Evaluate into `e`, reusing its buffers (for batches of thousands of
  /// evaluations, one Evaluation per thread). The options are not checked:
  /// call check_options once for options of the same shape. `e.panel` is left
  /// unset.
  void evaluate_into(const Panel& panel, const EvaluationOptions& options, Evaluation& e) const;
  /// Throws ArgumentError when options do not fit the strategy (evaluate's checks).
  void check_options(const EvaluationOptions& options) const;

  /// What the strategy alone decides on thin ground (indicators that cannot be
  /// scored for lack of a target, thresholds no score can reach), for `validate`.
  std::vector<Warning> strategy_warnings() const;
  /// Every warning of an evaluation: the strategy's, then per unit, then per cell.
  std::vector<Warning> warnings(const Evaluation& e) const;
  /// Why a cell has its status: the rule and the numbers that decided it.
  std::string reason(const Evaluation& e, int node, int unit, int period) const;

 private:
  struct Child {
    int node;
    int link;
  };
  void resolve_targets(Panel& p) const;
  /// The observations of `m` placed on the panel (codes mapped to slots, units
  /// and periods by the vectors); a second value for a cell is an error.
  void scatter(const Measurements& m, const std::vector<int>& ind_slot, const std::vector<int>& unit_of,
               const std::vector<int>& period_of, Panel& p, int threads) const;
  void fill_units(Panel& p) const;
  void carry_forward(Panel& p) const;
  void compute_trends(Panel& p, int threads) const;
  void evaluate_indicators(const Panel& p, const EvaluationOptions& o, Evaluation& e) const;
  void evaluate_nodes(const Panel& p, const EvaluationOptions& o, Evaluation& e) const;
  void impute(int node, const Panel& p, Evaluation& e, std::int8_t impute_override) const;
  ImputeMethod impute_method(int node, std::int8_t impute_override) const;
  void flag_subunits_only(const Panel& p, const std::vector<char>& changed, Evaluation& e) const;
  std::vector<Warning> node_warnings(const std::vector<std::int8_t>& normalisation) const;
  void rank_units(Evaluation& e, const std::vector<char>& changed, int threads) const;

  /// An indicator's SDSN dashboard thresholds, for two_worst positions.
  struct Dashboard {
    bool given = false;
    Direction direction = Direction::higher_is_better;
    double worst = kNaN, red = kNaN, green = kNaN, best = kNaN;
  };

  Strategy strategy_;
  std::vector<int> indicators_;          // node index per indicator slot
  std::vector<int> slot_;                // indicator slot per node, -1 for other nodes
  std::vector<int> aggregate_slot_;      // aggregate slot per node, -1 for indicators
  std::vector<int> aggregates_;          // node index per aggregate slot
  std::vector<Dashboard> dashboard_;     // per node
  std::vector<std::int8_t> normalisation_;  // per node, resolved (inherited, defaults); -1: none
  std::vector<LinkRef> links_;
  std::vector<int> child_start_;         // CSR: children of node n are child_[child_start_[n] .. child_start_[n+1])
  std::vector<Child> child_;
  std::vector<std::vector<int>> unit_children_;
  std::vector<std::vector<int>> sibling_groups_;  // units grouped by parent unit
  std::vector<int> sibling_group_of_;
  std::vector<std::vector<char>> applicable_;      // [node][unit]: declared, and some child applicable
  std::vector<std::vector<char>> scored_;          // [node][unit]: 0 where declared not_scored
  bool any_imputation_ = false;
};

}  // namespace styrkort
