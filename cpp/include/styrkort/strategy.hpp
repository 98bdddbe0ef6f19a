#pragma once
// The strategy model: a DAG of nodes (vision, goals, directions, focus areas,
// sub-goals, activities, indicators), organisational units as a tree, ordered
// periods, the action plans' activities and manual assessments.
//
// A Strategy is built from JSON (strategy_json.hpp) or field by field, then
// `finalise()` resolves ids to indices, fills defaults and validates every rule,
// naming the place (the `where` of each element: a JSON path or a table row).
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/methods.hpp"
#include "styrkort/period.hpp"

namespace styrkort {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct StatusRule {
  StatusMethod method = StatusMethod::score_bands;
  double green = kNaN;   // score_bands, sdg_dashboard: threshold; share_green: share
  double yellow = kNaN;  // score_bands: threshold; share_green: share at least yellow
  double orange = kNaN;  // score_bands: optional threshold
  double red = kNaN;     // sdg_dashboard: threshold on the raw value
};

struct AggregationSpec {
  Aggregation method = Aggregation::arithmetic;
  double p = 1.0;  // exponent of the power mean
};

struct TrendSpec {
  TrendModel model = TrendModel::cagr;
  std::string start;    // period id; empty: the baseline period, else the first observation
  std::string horizon;  // period id of the SDG-arrow horizon; empty: the target period
};

struct ImputeSpec {
  ImputeMethod method = ImputeMethod::none;
  double min_indicator_coverage = 0.0;  // a node's peers must have at least this coverage
  int min_sibling_values = 0;           // an indicator: the unit's values among its parents' other indicators
};

struct Link {
  std::string parent_id;
  double weight = 1.0;
  int parent = -1;  // resolved by finalise()
};

struct Reference {  // a baseline, a target or a milestone: a value at a period
  double value = kNaN;
  std::string period;
  double time = kNaN;  // resolved by finalise()
  bool given() const { return !std::isnan(value); }
};

/// A target: the final value at a period, reached through optional milestones
/// (earlier periods' values). Between two points of the path the target in
/// force follows `interpolation`: `linear` in time, `step` (a milestone holds
/// for every period after the previous one up to its own), or `cagr`
/// (constant growth rate; positive values). Before the first point the path
/// starts from the baseline (linear, cagr) when one is given, else holds the
/// first point's value; after the final period the final value holds.
struct Target : Reference {
  std::vector<Reference> milestones;  // sorted by time by finalise(), all before `period`
  Interpolation interpolation = Interpolation::linear;
};

/// The target in force at time `t` along `target`'s path, starting from
/// `anchor` (a baseline; may be absent). NaN without a target.
double target_at(const Target& target, const Reference& anchor, double t);

/// An indicator's baseline and target for one organisational unit, replacing
/// the indicator's own.
struct UnitReference {
  std::string unit_id, where;
  int unit = -1;  // resolved
  Reference baseline;
  Target target;
};

struct Node {
  std::string id, name, owner, where;
  NodeKind kind = NodeKind::goal;
  int priority = 0;  // 0: none; 1 is the most important
  std::vector<Link> parents;
  std::optional<AggregationSpec> aggregation;
  double min_coverage = 0.0;
  double min_indicator_coverage = kNaN;  // NaN: the strategy default (defaults.min_indicator_coverage)
  ImputeSpec impute;
  std::optional<StatusRule> status_rule;
  std::vector<std::string> not_applicable_ids;
  std::vector<int> not_applicable;  // unit indices, resolved
  // Units for which the node is not scored but, in its parents' scores, takes
  // the mean of its peers (the SDR's rule for landlocked countries' Goal 14).
  std::vector<std::string> not_scored_ids;
  std::vector<int> not_scored;  // unit indices, resolved

  // Indicators only.
  std::string unit_of_measure;
  Direction direction = Direction::higher_is_better;
  double band_low = kNaN, band_high = kNaN, tolerance = kNaN;
  Reference baseline;
  Target target;
  std::vector<UnitReference> by_unit;  // per-unit baselines and targets
  TargetShare target_share = TargetShare::none;
  double worst = kNaN, best = kNaN;
  std::optional<Normalisation> normalisation;  // on other nodes: the default below them
  UnitAggregation unit_aggregation = UnitAggregation::none;
  double carry_forward = kNaN;  // max age in years; NaN: the strategy default
  std::optional<TrendSpec> trend;

  bool is_indicator() const { return kind == NodeKind::indicator; }
};

/// An organisational unit (municipality, board, company). Not to be confused
/// with an indicator's unit of measure (Node::unit_of_measure).
struct Unit {
  std::string id, name, kind, parent_id, peer_group, where;
  double weight = 1.0;
  int parent = -1;  // resolved
};

/// Goal Attainment Scaling for an activity without a data series (Kiresuk &
/// Sherman 1968): the strategy describes the outcome at each level, the
/// follow-up records the level attained. Levels run -2..+2 with 0 the expected
/// outcome; an activity not yet followed up has no attained level (not
/// assessable, never 0).
struct GoalAttainment {
  std::array<std::string, 5> levels;  // descriptions of -2, -1, 0, +1, +2 ("" = not described)
  std::optional<int> attained;        // -2..+2
  double weight = 1.0;
};

struct Activity {
  std::string id, name, focus_area_id, owner, unit_id, where;
  int year = 0;
  std::vector<std::string> directions;
  std::optional<Means> means;
  double planned_cost = kNaN, spent_cost = kNaN, planned_hours = kNaN, spent_hours = kNaN;
  ActivityStatus status = ActivityStatus::not_started;
  std::optional<GoalAttainment> gas;
  int focus_area = -1, unit = -1;  // resolved
};

/// A manual assessment of a node for a unit and period: a status that replaces
/// the computed one (with the comment saying why), or a comment alone (analysis
/// text shown next to the computed status).
struct Assessment {
  std::string node_id, unit_id, period, comment, where;
  std::optional<Status> status;
  int node = -1, unit = -1;  // resolved
};

struct Defaults {
  std::optional<Normalisation> normalisation;
  AggregationSpec aggregation;
  StatusRule indicator_status{StatusMethod::score_bands, 75.0, 50.0, kNaN, kNaN};
  StatusRule node_status{StatusMethod::score_bands, 75.0, 50.0, kNaN, kNaN};
  TrendSpec trend;
  double carry_forward = 0.0;
  // Nodes that are not indicators get no status when fewer than half of the
  // applicable indicators below them have data: a colour on thin ground
  // misleads more than no colour. A strategy may lower it explicitly.
  double min_indicator_coverage = 0.5;
};

class Strategy {
 public:
  std::string name, organisation, source;  // source: file name for messages
  std::vector<Period> periods;             // declared; sorted by finalise()
  bool periods_declared = false;
  std::vector<Unit> units;
  std::vector<Node> nodes;
  std::vector<Activity> activities;
  std::vector<Assessment> assessments;
  Defaults defaults;

  /// Resolve ids, fill defaults and check every rule. Throws StrategyError.
  void finalise();
  bool finalised() const { return finalised_; }

  int node_index(const std::string& id) const;  // -1 when unknown
  int unit_index(const std::string& id) const;
  /// Nodes in an order where every child comes before its parents.
  const std::vector<int>& topological_order() const { return topo_; }
  /// Units in an order where every sub-unit comes before its parent.
  const std::vector<int>& units_bottom_up() const { return units_bottom_up_; }
  /// The period named `id`: declared, or parsed from the id when the strategy
  /// declares none. Throws StrategyError naming `where` when unknown.
  Period resolve_period(const std::string& id, const std::string& where) const;

  /// An indicator's normalisation: its own, else the nearest ancestor's, else
  /// the strategy default, else chosen from what the indicator has (bounds:
  /// bounded; a target and a baseline: progress; a target: ratio). Nothing
  /// when none applies: the indicator is not assessable (never a silent
  /// switch to comparing units).
  std::optional<Normalisation> normalisation_of(const Node& n) const;
  /// Checks that `norm` can be computed for indicator `n`; throws
  /// StrategyError naming `where` (used for the strategy and for overrides).
  void check_normalisation(const Node& n, Normalisation norm, const std::string& where) const;
  double min_indicator_coverage_of(const Node& n) const;
  AggregationSpec aggregation_of(const Node& n) const;
  StatusRule status_rule_of(const Node& n) const;
  TrendSpec trend_of(const Node& n) const;
  double carry_forward_of(const Node& n) const;

 private:
  /// The error at `where` (a JSON path or a table row) in this strategy's source.
  StrategyError error(const std::string& where, const std::string& rule) const;
  void check_unique_ids();
  void resolve_units();
  void resolve_nodes();
  void check_acyclic();
  void inherit_normalisations();
  void check_normalisations() const;
  void check_indicator(Node& n);
  void check_target(Target& t, const Reference& baseline, const Node& n, const std::string& where);
  void check_status_rule(const StatusRule& r, const Node* indicator, const std::string& where) const;
  void resolve_activities_and_assessments();

  bool finalised_ = false;
  std::unordered_map<std::string, int> node_by_id_, unit_by_id_, period_by_id_;
  std::vector<int> topo_, units_bottom_up_;
  // Per node: the normalisation of its nearest ancestor naming one (-1: none);
  // filled by finalise() (empty before).
  std::vector<std::int8_t> inherited_normalisation_;
};

}  // namespace styrkort
