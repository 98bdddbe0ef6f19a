// Warnings and reasons: what the engine decided on thin ground, and why each
// cell has its status, in words and numbers a board member can check. Both
// are computed on demand from an evaluation's arrays (flags, coverage counts,
// the children's statuses), so evaluating stays a pass over numbers.
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "styrkort/evaluator.hpp"
#include "styrkort/names.hpp"
#include "styrkort/normalise.hpp"
#include "styrkort/status_rules.hpp"

namespace styrkort {

namespace {

using detail::format_number;

std::string num(double x) { return format_number(x, 4); }
std::string pct(double share) { return format_number(100.0 * share, 3) + " %"; }
std::string quoted(const std::string& s) { return "'" + s + "'"; }

bool on_score_scale(std::int8_t normalisation) {
  // zscore and rank are not on 0..100; every other score is capped to it.
  return normalisation != static_cast<std::int8_t>(Normalisation::zscore) &&
         normalisation != static_cast<std::int8_t>(Normalisation::rank);
}

}  // namespace

std::vector<Warning> Evaluator::node_warnings(const std::vector<std::int8_t>& normalisation) const {
  std::vector<Warning> out;
  const auto& nodes = strategy_.nodes;
  for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
    const Node& n = nodes[i];
    if (n.is_indicator() && n.direction != Direction::band && normalisation[i] < 0)
      out.push_back({WarningCode::missing_target, i, -1, -1,
                     "indicator " + quoted(n.id) +
                         " has no target, no bounds and no normalisation named, so it is not assessable; give it a "
                         "\"target\" (or \"bounds\"), or name a \"normalisation\" such as minmax to compare units"});
    const StatusRule r = strategy_.status_rule_of(n);
    if (r.method != StatusMethod::score_bands) continue;
    if (n.is_indicator() && n.direction != Direction::band && !on_score_scale(normalisation[i])) continue;
    const char* level = r.green > kScoreScale * (1 + kThresholdTolerance)    ? "green"
                        : r.yellow > kScoreScale * (1 + kThresholdTolerance) ? "yellow"
                                                                             : nullptr;
    if (level)
      out.push_back({WarningCode::unreachable_threshold, i, -1, -1,
                     std::string("the ") + level + " threshold " +
                         num(std::string(level) == "green" ? r.green : r.yellow) + " of " + quoted(n.id) +
                         " is above 100, the highest score, so no unit can be " + level + "; lower the threshold"});
  }
  return out;
}

std::vector<Warning> Evaluator::strategy_warnings() const { return node_warnings(normalisation_); }

std::vector<Warning> Evaluator::warnings(const Evaluation& e) const {
  std::vector<Warning> out = node_warnings(e.normalisation);
  const int N = e.n_nodes, U = e.n_units, P = e.n_periods;
  const Panel& p = *e.panel;
  const auto& nodes = strategy_.nodes;
  // Per unit (once for all periods): an indicator without a target for this
  // unit, and a part of a sum under the whole's raw-value thresholds.
  for (int n = 0; n < N; ++n)
    for (int u = 0; u < U; ++u) {
      std::uint8_t any = 0;
      for (const std::uint8_t* f = &e.flags[e.cell(n, u, 0)]; f != &e.flags[e.cell(n, u, 0)] + P; ++f) any |= *f;
      const Node& nd = nodes[n];
      const std::string unit = quoted(strategy_.units[u].id);
      if (any & kNoTarget) {
        const bool sub = nd.unit_aggregation == UnitAggregation::sum && strategy_.units[u].parent >= 0;
        out.push_back({WarningCode::missing_target, n, u, -1,
                       "indicator " + quoted(nd.id) + " has no target for unit " + unit +
                           (sub ? " (it is summed over units, so a sub-unit does not inherit the whole's target; give "
                                  "the unit a target in \"by_unit\", or share the target with \"target_share\")"
                                : "; give it a target") +
                           ", so it is not assessable there"});
      }
      if (any & kWholeThresholds)
        out.push_back({WarningCode::missing_target, n, u, -1,
                       "indicator " + quoted(nd.id) +
                           " is summed over units and its status thresholds (sdg_dashboard) are the whole "
                           "organisation's, so unit " +
                           unit +
                           ", a part of the sum, gets no colour from them; give the unit a target in \"by_unit\" and "
                           "judge it by score bands, or declare the indicator not applicable to it"});
    }
  // Per cell.
  for (int n = 0; n < N; ++n) {
    const Node& nd = nodes[n];
    const int slot = aggregate_slot_[n];
    const int islot = slot_[n];
    for (int u = 0; u < U; ++u)
      for (int t = 0; t < P; ++t) {
        const std::size_t c = e.cell(n, u, t);
        const std::uint8_t f = e.flags[c];
        if (!(f & (kCappedLow | kCappedHigh | kLowCoverage | kSubunitsOnly | kImputed))) continue;
        const std::string at = quoted(nd.id) + " for " + quoted(strategy_.units[u].id) + " in " + e.periods[t].id;
        if (f & kLowCoverage) {
          const std::size_t a = e.aggregate_cell(slot, u, t);
          out.push_back({WarningCode::low_coverage, n, u, t,
                         "the status of " + at + " rests on " + std::to_string(e.indicators_present[a]) + " of " +
                             std::to_string(e.indicators_total[a]) + " indicators with data (" + pct(e.coverage[a]) +
                             ")"});
        }
        if (f & kSubunitsOnly)
          out.push_back({WarningCode::subunit_values_only, n, u, t,
                         "indicator " + at +
                             " has no value while its sub-units have values; say how they combine "
                             "with \"unit_aggregation\" (sum, mean, ...) or give the unit's own value"});
        if (f & (kCappedLow | kCappedHigh)) {
          const double x = p.value[p.cell(islot, u, t)];
          const char* why = (f & kCappedHigh) ? " is beyond the best bound; the score is held at 100"
                                              : " is worse than the start of the scale; the score is held at 0";
          out.push_back({WarningCode::score_capped, n, u, t, "the value " + num(x) + " of " + at + why});
        }
        if (f & kImputed)
          out.push_back({WarningCode::imputed, n, u, t,
                         "the score " + num(e.score[c]) + " of " + at + " is the mean of the unit's peer group " +
                             quoted(strategy_.units[u].peer_group) + ", not data of its own"});
      }
  }
  return out;
}

std::string Evaluator::reason(const Evaluation& e, int node, int unit, int period) const {
  const Node& nd = strategy_.nodes[node];
  const std::size_t c = e.cell(node, unit, period);
  const Status status = static_cast<Status>(e.status[c]);
  const std::uint8_t flags = e.flags[c];
  const double score = e.score[c];
  // Overrides are sorted by (node, unit, period).
  const auto o = std::lower_bound(e.overrides.begin(), e.overrides.end(), std::make_tuple(node, unit, period),
                                  [](const Override& a, const std::tuple<int, int, int>& k) {
                                    return std::make_tuple(a.node, a.unit, a.period) < k;
                                  });
  if (o != e.overrides.end() && o->node == node && o->unit == unit && o->period == period)
    return std::string("manual: ") + o->comment + " (computed: " + to_string(o->computed) + ")";
  if (flags & kNotScored)
    return "not scored for this unit; in its parents' scores it counts as its peers' mean" +
           (std::isnan(score) ? std::string(" (no peer has a score)") : " (" + num(score) + ")");
  if (status == Status::not_applicable) {
    const bool declared =
        std::find(nd.not_applicable.begin(), nd.not_applicable.end(), unit) != nd.not_applicable.end();
    return declared ? "not applicable to this unit" : "none of its parts applies to this unit";
  }
  const StatusRule rule = strategy_.status_rule_of(nd);
  const std::string imputed = (flags & kImputed) ? "imputed from the peer group's mean; " : "";
  if (nd.is_indicator()) {
    const int i = slot_[node];
    const Panel& p = *e.panel;
    const double x = p.value[p.cell(i, unit, period)];
    if (status == Status::not_assessable) {
      if (std::isnan(x) && !(flags & kImputed)) return "no value";
      if (nd.direction != Direction::band && e.normalisation[node] < 0) return "no target, bounds or normalisation";
      if (flags & kNoTarget) return "no target for this unit";
      if (flags & kWholeThresholds) return "the status thresholds are the whole organisation's; this unit has a part";
      return "the value " + num(x) + " gives no score (" +
             std::string(e.normalisation[node] >= 0 ? to_string(static_cast<Normalisation>(e.normalisation[node]))
                                                    : "") +
             ": the compared units do not differ)";
    }
    if (rule.method == StatusMethod::sdg_dashboard) {
      const bool lower = nd.direction == Direction::lower_is_better;
      const std::string v = "value " + num(x);
      switch (status) {
        case Status::green: return v + (lower ? " ≤ " : " ≥ ") + "green threshold " + num(rule.green);
        case Status::red: return v + (lower ? " > " : " < ") + "red threshold " + num(rule.red);
        default:
          return v + " between red " + num(rule.red) + " and green " + num(rule.green) + ", " +
                 (status == Status::yellow ? "on the green side of " : "on the red side of ") + "the midpoint " +
                 num(0.5 * (rule.red + rule.green));
      }
    }
  } else if (status == Status::not_assessable) {
    const int slot = aggregate_slot_[node];
    const std::size_t a = e.aggregate_cell(slot, unit, period);
    const int have = e.indicators_present[a], all = e.indicators_total[a];
    const double need = strategy_.min_indicator_coverage_of(nd);
    if (all > 0 && !reaches(e.coverage[a], need, 1.0))
      return std::to_string(have) + " of " + std::to_string(all) + " indicators with data (" + pct(e.coverage[a]) +
             ") < " + pct(need) + " required";
    // Enough data, but too few parts with a score (no target, not assessable parts).
    int parts = 0, scored = 0;
    for (int j = child_start_[node]; j < child_start_[node + 1]; ++j) {
      const int child = child_[j].node;
      if (!(links_[child_[j].link].weight > 0) || !applicable_[child][unit]) continue;
      ++parts;
      scored += !std::isnan(e.score[e.cell(child, unit, period)]);
    }
    if (scored == 0) return "none of its " + std::to_string(parts) + " parts has a score";
    return std::to_string(scored) + " of " + std::to_string(parts) + " parts with a score (" +
           pct(static_cast<double>(scored) / parts) + ") < " + pct(nd.min_coverage) + " required";
  }
  if (status == Status::not_assessable) return "no score";
  switch (rule.method) {
    case StatusMethod::score_bands: {
      const std::string s = imputed + "score " + num(score);
      if (status == Status::green) return s + " ≥ " + num(rule.green);
      if (status == Status::yellow) return s + " ≥ " + num(rule.yellow) + ", < " + num(rule.green);
      if (status == Status::orange) return s + " ≥ " + num(rule.orange) + ", < " + num(rule.yellow);
      return s + " < " + num(std::isnan(rule.orange) ? rule.yellow : rule.orange);
    }
    default: break;
  }
  // Rules on the children's statuses: recount them for this cell.
  struct Part {
    Status status;
    double position;
    int node;
  };
  std::vector<Part> parts;
  int green = 0, at_least_yellow = 0;
  for (int j = child_start_[node]; j < child_start_[node + 1]; ++j) {
    const int child = child_[j].node;
    if (!(links_[child_[j].link].weight > 0) || !applicable_[child][unit]) continue;
    const Status s = static_cast<Status>(e.status[e.cell(child, unit, period)]);
    if (!is_colour(s)) continue;
    double pos = kNaN;
    const Dashboard& d = dashboard_[child];
    if (d.given && slot_[child] >= 0)
      pos = dashboard_position(e.panel->value[e.panel->cell(slot_[child], unit, period)], d.direction, d.worst, d.red,
                               d.green, d.best);
    parts.push_back({s, pos, child});
    green += s == Status::green;
    at_least_yellow += s >= Status::yellow;
  }
  const int n = static_cast<int>(parts.size());
  auto named = [&](const Part& q) { return strategy_.nodes[q.node].name + " (" + to_string(q.status) + ")"; };
  std::stable_sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return a.status < b.status ||
           (a.status == b.status && !std::isnan(a.position) && (std::isnan(b.position) || a.position < b.position));
  });
  switch (rule.method) {
    case StatusMethod::share_green: {
      const std::string g = std::to_string(green) + " of " + std::to_string(n) + " parts green (" +
                            pct(n ? static_cast<double>(green) / n : 0.0) + ")";
      if (status == Status::green) return g + " ≥ " + pct(rule.green);
      const std::string y = std::to_string(at_least_yellow) + " of " + std::to_string(n) + " at least yellow (" +
                            pct(n ? static_cast<double>(at_least_yellow) / n : 0.0) + ")";
      if (status == Status::yellow) return g + " < " + pct(rule.green) + "; " + y + " ≥ " + pct(rule.yellow);
      return g + " < " + pct(rule.green) +
             (std::isnan(rule.yellow) ? std::string() : "; " + y + " < " + pct(rule.yellow));
    }
    case StatusMethod::worst: return n ? "worst part: " + named(parts[0]) : "no part has a colour";
    case StatusMethod::two_worst:
      if (n == 1) return "one part with a colour: " + named(parts[0]);
      if (n >= 2) return "two worst parts: " + named(parts[0]) + ", " + named(parts[1]);
      return "no part has a colour";
    default: return "";
  }
}

}  // namespace styrkort
