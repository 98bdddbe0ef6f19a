#pragma once
// The goal-fulfilment engine.
//
// An Engine holds a prepared form of a strategy (topological order, children
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

#include "styrkort/measurements.hpp"
#include "styrkort/strategy.hpp"

namespace styrkort {

/// Indicator values on a dense grid [indicator][unit][period] (row-major).
struct Panel {
  std::vector<Period> periods;  // the period axis, ordered by time
  int n_indicators = 0, n_units = 0, n_periods = 0;
  std::vector<double> value;                   // NaN: missing
  std::vector<std::int8_t> origin;             // ValueOrigin
  std::size_t cell(int indicator, int unit, int period) const {
    return (static_cast<std::size_t>(indicator) * n_units + unit) * n_periods + period;
  }
  int period_index(const std::string& id) const;  // -1 when not on the axis
};

/// What may change between evaluations of one prepared strategy. Empty vectors
/// keep the strategy's own choices.
struct EvaluationOptions {
  std::vector<double> link_weights;            // one per link, in Engine::links() order
  std::vector<std::int8_t> normalisation;      // per node (Normalisation, or -1 to keep)
  std::vector<std::int8_t> aggregation;        // per node (Aggregation, or -1 to keep)
  std::vector<double> power;                   // per node: p of the power mean (NaN to keep)
  int threads = 0;                             // 0: all cores
};

/// A manual status that replaced a computed one.
struct Override {
  int node, unit, period;
  Status computed, manual;
  std::string comment;
};

struct Evaluation {
  std::vector<Period> periods;
  int n_nodes = 0, n_units = 0, n_periods = 0;
  // Every node, [node][unit][period] in the strategy's node order.
  std::vector<double> score;           // NaN: not assessable
  std::vector<std::int8_t> status;     // Status (manual statuses applied)
  std::vector<float> coverage;         // share of applicable indicators below the node with data
  std::vector<std::int32_t> rank;      // among sibling units, 1 = best; 0: none
  std::vector<std::int8_t> imputed;    // 1 where the score was imputed (peer mean)
  // Indicators, [indicator][unit][period] in Engine::indicators() order.
  std::vector<std::int8_t> trend;      // TrendCategory (Statistics Canada progress measure)
  std::vector<float> trend_ratio;      // R = observed / required growth (without a target: directed CAGR)
  std::vector<std::int8_t> arrow;      // Arrow (SDSN dashboards)
  std::vector<float> forecast;         // time at which the target is reached at the current pace; NaN: not
  std::vector<Override> overrides;
  std::shared_ptr<const Panel> panel;  // the values behind the indicator scores

  std::size_t cell(int node, int unit, int period) const {
    return (static_cast<std::size_t>(node) * n_units + unit) * n_periods + period;
  }
};

struct LinkRef {
  int child, parent;
  double weight;
};

class Engine {
 public:
  explicit Engine(Strategy strategy);

  const Strategy& strategy() const { return strategy_; }
  /// Indicator nodes, in the order of the panel's indicator axis.
  const std::vector<int>& indicators() const { return indicators_; }
  /// Every parent-child link, in the order EvaluationOptions::link_weights uses.
  const std::vector<LinkRef>& links() const { return links_; }

  /// Check the measurements against the strategy and build the panel.
  /// Throws MeasurementError naming the row and the rule.
  std::shared_ptr<const Panel> prepare(const Measurements& m) const;

  Evaluation evaluate(std::shared_ptr<const Panel> panel, const EvaluationOptions& options = {}) const;

 private:
  struct Child {
    int node;
    int link;
  };
  void fill_units(Panel& p) const;
  void carry_forward(Panel& p) const;
  void evaluate_indicators(const Panel& p, const EvaluationOptions& o, Evaluation& e) const;
  void evaluate_nodes(const Panel& p, const EvaluationOptions& o, Evaluation& e) const;
  void impute(int node, const Evaluation& e, std::vector<double>& score, Evaluation& out) const;
  void rank_units(Evaluation& e) const;

  Strategy strategy_;
  std::vector<int> indicators_;          // node index per indicator slot
  std::vector<int> slot_;                // indicator slot per node, -1 for other nodes
  std::vector<LinkRef> links_;
  std::vector<int> child_start_;         // CSR: children of node n are child_[child_start_[n] .. child_start_[n+1])
  std::vector<Child> child_;
  std::vector<std::vector<int>> unit_children_;
  std::vector<std::vector<int>> sibling_groups_;  // units grouped by parent unit
  std::vector<int> sibling_group_of_;
  std::vector<std::vector<char>> applicable_;      // [node][unit]
  bool any_imputation_ = false;
};

}  // namespace styrkort
