#include "styrkort/engine.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include "styrkort/aggregate.hpp"
#include "styrkort/error.hpp"
#include "styrkort/normalise.hpp"
#include "styrkort/parallel.hpp"
#include "styrkort/status_rules.hpp"
#include "styrkort/trend.hpp"

namespace styrkort {

int Panel::period_index(const std::string& id) const {
  for (int i = 0; i < n_periods; ++i)
    if (periods[i].id == id) return i;
  return -1;
}

// ---------------------------------------------------------------- preparation

Engine::Engine(Strategy strategy) : strategy_(std::move(strategy)) {
  if (!strategy_.finalised()) strategy_.finalise();
  const auto& nodes = strategy_.nodes;
  const int n = static_cast<int>(nodes.size());
  const int n_units = static_cast<int>(strategy_.units.size());
  slot_.assign(n, -1);
  for (int i = 0; i < n; ++i)
    if (nodes[i].is_indicator()) {
      slot_[i] = static_cast<int>(indicators_.size());
      indicators_.push_back(i);
    }
  std::vector<std::vector<Child>> children(n);
  for (int c = 0; c < n; ++c)
    for (const auto& l : nodes[c].parents) {
      children[l.parent].push_back({c, static_cast<int>(links_.size())});
      links_.push_back({c, l.parent, l.weight});
    }
  child_start_.assign(n + 1, 0);
  for (int i = 0; i < n; ++i) {
    child_start_[i + 1] = child_start_[i] + static_cast<int>(children[i].size());
    child_.insert(child_.end(), children[i].begin(), children[i].end());
  }
  unit_children_.assign(n_units, {});
  std::map<int, int> group_of_parent;
  sibling_group_of_.assign(n_units, -1);
  for (int u = 0; u < n_units; ++u) {
    const int parent = strategy_.units[u].parent;
    if (parent >= 0) unit_children_[parent].push_back(u);
    auto [it, fresh] = group_of_parent.emplace(parent, static_cast<int>(sibling_groups_.size()));
    if (fresh) sibling_groups_.emplace_back();
    sibling_groups_[it->second].push_back(u);
    sibling_group_of_[u] = it->second;
  }
  aggregate_slot_.assign(n, -1);
  normalisation_.resize(n);
  for (int i = 0; i < n; ++i) normalisation_[i] = strategy_.normalisation_of(nodes[i]);
  dashboard_.assign(n, Dashboard{});
  for (int i = 0; i < n; ++i) {
    if (!nodes[i].is_indicator()) {
      aggregate_slot_[i] = static_cast<int>(aggregates_.size());
      aggregates_.push_back(i);
      continue;
    }
    const StatusRule r = strategy_.status_rule_of(nodes[i]);
    if (r.method == StatusMethod::sdg_dashboard)
      dashboard_[i] = {true, nodes[i].direction, nodes[i].worst, r.red, r.green, nodes[i].best};
  }
  applicable_.assign(n, std::vector<char>(n_units, 1));
  for (int i = 0; i < n; ++i) {
    for (int u : nodes[i].not_applicable) applicable_[i][u] = 0;
    any_imputation_ |= nodes[i].impute.method != ImputeMethod::none;
  }
}

std::shared_ptr<const Panel> Engine::prepare(const Measurements& m, int threads) const {
  auto panel = std::make_shared<Panel>();
  Panel& p = *panel;
  const auto& s = strategy_;
  // The first row with a code; npos when no row uses it (an unused category of
  // a categorical column, which is not an error).
  auto first_row_with = [&](const Column<std::int32_t>& codes, std::int32_t code) {
    for (std::size_t r = 0; r < codes.size(); ++r)
      if (codes[r] == code) return r;
    return std::string::npos;
  };

  // Indicators: one lookup per distinct id.
  std::vector<int> ind_slot(m.indicator_ids().size());
  for (std::size_t k = 0; k < ind_slot.size(); ++k) {
    const std::string& id = m.indicator_ids()[k];
    const int node = s.node_index(id);
    if (node < 0 || !s.nodes[node].is_indicator()) {
      const std::size_t row = first_row_with(m.indicator(), static_cast<std::int32_t>(k));
      if (row == std::string::npos) {
        ind_slot[k] = -1;
        continue;
      }
      if (node < 0)
        throw MeasurementError(m.row_place(row) + ": unknown indicator '" + id +
                               "': it is not an indicator of the strategy");
      throw MeasurementError(m.row_place(row) + ": '" + id + "' is a " + to_string(s.nodes[node].kind) +
                             ", not an indicator; measurements are given for indicators only");
    }
    ind_slot[k] = slot_[node];
  }
  // Units.
  std::vector<int> unit_of(m.unit_ids().size());
  // Without a unit column every row belongs to the single unit; a table without
  // rows has nothing to place (and an empty unit column cannot be told apart).
  if (m.unit().empty() && m.size() > 0 && s.units.size() != 1)
    throw MeasurementError(m.source() + ": the measurements have no unit column but the strategy has " +
                           std::to_string(s.units.size()) + " units; add a 'unit' column");
  for (std::size_t k = 0; k < unit_of.size(); ++k) {
    unit_of[k] = s.unit_index(m.unit_ids()[k]);
    if (unit_of[k] < 0 && first_row_with(m.unit(), static_cast<std::int32_t>(k)) != std::string::npos)
      throw MeasurementError(m.row_place(first_row_with(m.unit(), static_cast<std::int32_t>(k))) +
                             ": unknown unit '" + m.unit_ids()[k] + "': it is not among the strategy's units");
  }
  // Periods: the strategy's own, or every period named in the data and in the strategy.
  std::vector<int> period_of(m.period_ids().size());
  if (s.periods_declared) {
    p.periods = s.periods;
  } else {
    std::map<std::string, Period> seen;
    for (std::size_t k = 0; k < m.period_ids().size(); ++k) {
      const std::string& id = m.period_ids()[k];
      auto parsed = parse_period(id);
      if (!parsed && first_row_with(m.period(), static_cast<std::int32_t>(k)) == std::string::npos) continue;
      if (!parsed)
        throw MeasurementError(m.row_place(first_row_with(m.period(), static_cast<std::int32_t>(k))) +
                               ": unknown period '" + id +
                               "': use YYYY, YYYY-T1..3, YYYY-H1..2, YYYY-Q1..4 or YYYY-M01..12, or declare "
                               "the periods in the strategy");
      seen.emplace(id, *parsed);
    }
    auto add = [&](const std::string& id) {
      if (!id.empty()) seen.emplace(id, s.resolve_period(id, ""));
    };
    for (const auto& n : s.nodes) {
      if (n.baseline.given()) add(n.baseline.period);
      if (n.target.given()) add(n.target.period);
      if (n.trend) { add(n.trend->start); add(n.trend->horizon); }
    }
    add(s.defaults.trend.start);
    add(s.defaults.trend.horizon);
    for (const auto& a : s.assessments) add(a.period);
    for (auto& [id, period] : seen) p.periods.push_back(period);
    std::stable_sort(p.periods.begin(), p.periods.end(), [](const Period& a, const Period& b) {
      return a.time < b.time || (a.time == b.time && a.kind < b.kind);
    });
  }
  p.n_periods = static_cast<int>(p.periods.size());
  std::unordered_map<std::string, int> axis;
  for (int i = 0; i < p.n_periods; ++i) axis.emplace(p.periods[i].id, i);
  for (std::size_t k = 0; k < period_of.size(); ++k) {
    auto it = axis.find(m.period_ids()[k]);
    if (it == axis.end() && first_row_with(m.period(), static_cast<std::int32_t>(k)) == std::string::npos) {
      period_of[k] = -1;
      continue;
    }
    if (it == axis.end())
      throw MeasurementError(m.row_place(first_row_with(m.period(), static_cast<std::int32_t>(k))) +
                             ": unknown period '" + m.period_ids()[k] + "': it is not among the strategy's periods");
    period_of[k] = it->second;
  }

  p.n_indicators = static_cast<int>(indicators_.size());
  p.n_units = static_cast<int>(s.units.size());
  const std::size_t cells = static_cast<std::size_t>(p.n_indicators) * p.n_units * p.n_periods;
  p.value.assign(cells, kNaN);
  p.origin.assign(cells, static_cast<std::int8_t>(ValueOrigin::missing));
  const auto& ic = m.indicator();
  const auto& uc = m.unit();
  const auto& pc = m.period();
  const auto& v = m.value();
  const bool one_unit = uc.empty();
  for (std::size_t r = 0; r < v.size(); ++r) {
    if (std::isnan(v[r])) continue;  // a missing observation
    const int unit = one_unit ? 0 : unit_of[uc[r]];
    const std::size_t c = p.cell(ind_slot[ic[r]], unit, period_of[pc[r]]);
    if (!std::isnan(p.value[c])) {
      std::size_t first = 0;
      for (; first < r; ++first)
        if (ic[first] == ic[r] && pc[first] == pc[r] && (one_unit || unit_of[uc[first]] == unit) &&
            !std::isnan(v[first]))
          break;
      throw MeasurementError(m.row_place(r) + ": a second value for indicator '" + m.indicator_ids()[ic[r]] +
                             "', unit '" + s.units[unit].id + "', period '" + m.period_ids()[pc[r]] +
                             "' (the first is at row " + m.row_place(first).substr(m.row_place(first).rfind(' ') + 1) +
                             "); give one value per indicator, unit and period");
    }
    p.value[c] = v[r];
    p.origin[c] = static_cast<std::int8_t>(ValueOrigin::observed);
  }
  // Carry sub-units' observations forward before they are rolled up, then carry
  // forward what the parents have (observed or rolled up).
  carry_forward(p);
  fill_units(p);
  carry_forward(p);
  compute_trends(p, threads);
  return panel;
}

void Engine::fill_units(Panel& p) const {
  // Roll values up the organisational tree, sub-units first, where the unit
  // has no value of its own and the indicator says how values combine. A sum
  // needs every applicable sub-unit; the means, max and min use those present.
  for (int i = 0; i < p.n_indicators; ++i) {
    const Node& nd = strategy_.nodes[indicators_[i]];
    if (nd.unit_aggregation == UnitAggregation::none) continue;
    const auto& app = applicable_[indicators_[i]];
    for (int u : strategy_.units_bottom_up()) {
      const auto& kids = unit_children_[u];
      if (kids.empty() || !app[u]) continue;
      for (int t = 0; t < p.n_periods; ++t) {
        const std::size_t c = p.cell(i, u, t);
        if (!std::isnan(p.value[c])) continue;
        double acc = 0, wsum = 0, lo = INFINITY, hi = -INFINITY;
        int count = 0, expected = 0;
        for (int k : kids) {
          if (!app[k]) continue;
          ++expected;
          const double x = p.value[p.cell(i, k, t)];
          if (std::isnan(x)) continue;
          const double w = nd.unit_aggregation == UnitAggregation::weighted_mean ? strategy_.units[k].weight : 1.0;
          acc += w * x;
          wsum += w;
          lo = std::min(lo, x);
          hi = std::max(hi, x);
          ++count;
        }
        // A sum over only some of the sub-units would be silently too small.
        if (count == 0 || (nd.unit_aggregation == UnitAggregation::sum && count < expected)) continue;
        double x = kNaN;
        switch (nd.unit_aggregation) {
          case UnitAggregation::sum: x = acc; break;
          case UnitAggregation::mean: x = acc / count; break;
          case UnitAggregation::weighted_mean: x = wsum > 0 ? acc / wsum : kNaN; break;
          case UnitAggregation::max: x = hi; break;
          case UnitAggregation::min: x = lo; break;
          default: break;
        }
        if (std::isnan(x)) continue;
        p.value[c] = x;
        p.origin[c] = static_cast<std::int8_t>(ValueOrigin::units);
      }
    }
  }
}

void Engine::carry_forward(Panel& p) const {
  // Last observation carried forward, up to a maximum age in years.
  for (int i = 0; i < p.n_indicators; ++i) {
    const double max_age = strategy_.carry_forward_of(strategy_.nodes[indicators_[i]]);
    if (!(max_age > 0)) continue;
    for (int u = 0; u < p.n_units; ++u) {
      double last = kNaN, last_time = kNaN;
      for (int t = 0; t < p.n_periods; ++t) {
        const std::size_t c = p.cell(i, u, t);
        if (p.origin[c] >= 0 && p.origin[c] != static_cast<std::int8_t>(ValueOrigin::carried_forward)) {
          last = p.value[c];
          last_time = p.periods[t].time;
        } else if (!std::isnan(last) && p.periods[t].time - last_time <= max_age + 1e-9) {
          p.value[c] = last;
          p.origin[c] = static_cast<std::int8_t>(ValueOrigin::carried_forward);
        }
      }
    }
  }
}

void Engine::compute_trends(Panel& p, int threads) const {
  const int U = p.n_units, P = p.n_periods;
  const std::size_t cells = p.value.size();
  p.trend.resize(cells);
  p.trend_ratio.resize(cells);
  p.arrow.resize(cells);
  p.forecast.resize(cells);
  std::vector<double> times(P);
  for (int t = 0; t < P; ++t) times[t] = p.periods[t].time;
  parallel_for(indicators_.size(), threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      const int node = indicators_[i];
      const Node& nd = strategy_.nodes[node];
      const StatusRule rule = strategy_.status_rule_of(nd);
      const TrendSpec ts = strategy_.trend_of(nd);
      const int pb = nd.baseline.given() ? p.period_index(nd.baseline.period) : -1;
      const int ps = ts.start.empty() ? -1 : p.period_index(ts.start);
      const double horizon =
          ts.horizon.empty() ? nd.target.time : strategy_.resolve_period(ts.horizon, nd.where).time;
      const double green = rule.method == StatusMethod::sdg_dashboard ? rule.green : nd.target.value;
      const bool arrows = nd.direction != Direction::band && !std::isnan(green) && !std::isnan(horizon);
      const auto& app = applicable_[node];
      for (int u = 0; u < U; ++u) {
        const std::size_t base = p.cell(static_cast<int>(i), u, 0);
        const double* x = &p.value[base];
        std::int8_t* trend = &p.trend[base];
        float* ratio = &p.trend_ratio[base];
        std::int8_t* arrow = &p.arrow[base];
        float* forecast = &p.forecast[base];
        // The starting point: the unit's own value at the baseline period, else
        // the strategy's baseline, else the trend start, else the first observation.
        double x0 = kNaN, t0 = kNaN;
        if (!app[u]) {
          // not applicable: no trend
        } else if (nd.baseline.given()) {
          x0 = pb >= 0 ? x[pb] : kNaN;
          if (std::isnan(x0)) x0 = nd.baseline.value;
          t0 = nd.baseline.time;
        } else if (ps >= 0) {
          x0 = x[ps];
          t0 = times[ps];
        } else {
          for (int t = 0; t < P; ++t)
            if (!std::isnan(x[t])) { x0 = x[t]; t0 = times[t]; break; }
        }
        const double xs = ps >= 0 ? x[ps] : x0, tstart = ps >= 0 ? times[ps] : t0;
        for (int t = 0; t < P; ++t) {
          if (std::isnan(x0) || std::isnan(x[t]) || !(times[t] > t0)) {
            trend[t] = static_cast<std::int8_t>(TrendCategory::not_assessable);
            ratio[t] = NAN;
            forecast[t] = NAN;
            arrow[t] = static_cast<std::int8_t>(Arrow::not_assessable);
            continue;
          }
          const TrendResult tr = progress_trend({nd.direction, nd.band_low, nd.band_high, ts.model, x0, t0, x[t],
                                                 times[t], nd.target.value, nd.target.time});
          trend[t] = static_cast<std::int8_t>(tr.category);
          ratio[t] = static_cast<float>(tr.ratio);
          forecast[t] = static_cast<float>(tr.forecast);
          arrow[t] = static_cast<std::int8_t>(
              arrows ? sdg_arrow(nd.direction, xs, tstart, x[t], times[t], green, horizon) : Arrow::not_assessable);
        }
      }
    }
  });
}

// ----------------------------------------------------------------- evaluation

namespace {
bool is_cross_unit(Normalisation n) {
  return n == Normalisation::minmax || n == Normalisation::zscore || n == Normalisation::rank ||
         n == Normalisation::percentile_rank;
}
constexpr std::int8_t as_i8(Status s) { return static_cast<std::int8_t>(s); }
}  // namespace

void Engine::evaluate_indicators(const Panel& p, const EvaluationOptions& o, Evaluation& e) const {
  const int U = p.n_units, P = p.n_periods;
  parallel_for(indicators_.size(), o.threads, [&](std::size_t begin, std::size_t end) {
    std::vector<double> g(U), out(U);
    for (std::size_t i = begin; i < end; ++i) {
      const int node = indicators_[i];
      const Node& nd = strategy_.nodes[node];
      Normalisation norm = normalisation_[node];
      if (!o.normalisation.empty() && o.normalisation[node] >= 0)
        norm = static_cast<Normalisation>(o.normalisation[node]);
      const StatusRule rule = strategy_.status_rule_of(nd);
      const bool band = nd.direction == Direction::band;
      const bool cross = is_cross_unit(norm);
      const int pb = nd.baseline.given() ? p.period_index(nd.baseline.period) : -1;
      const auto& app = applicable_[node];
      const double* val = &p.value[p.cell(static_cast<int>(i), 0, 0)];
      double* score = &e.score[e.cell(node, 0, 0)];
      std::int8_t* status = &e.status[e.cell(node, 0, 0)];
      for (int u = 0; u < U; ++u) {
        const double* x = val + static_cast<std::size_t>(u) * P;
        double* sc = score + static_cast<std::size_t>(u) * P;
        std::int8_t* st = status + static_cast<std::size_t>(u) * P;
        if (!app[u]) {
          for (int t = 0; t < P; ++t) {
            sc[t] = kNaN;
            st[t] = as_i8(Status::not_applicable);
          }
          continue;
        }
        if (cross) {
          // filled below, across units
        } else if (band) {
          for (int t = 0; t < P; ++t) sc[t] = normalise_band(x[t], nd.band_low, nd.band_high, nd.tolerance);
        } else if (norm == Normalisation::bounded) {
          for (int t = 0; t < P; ++t) sc[t] = normalise_bounded(x[t], nd.worst, nd.best);
        } else if (norm == Normalisation::ratio) {
          for (int t = 0; t < P; ++t) sc[t] = normalise_ratio(x[t], nd.target.value, nd.direction);
        } else {  // progress, from the unit's own baseline value when it has one
          double x0 = pb >= 0 ? x[pb] : kNaN;
          if (std::isnan(x0)) x0 = nd.baseline.given() ? nd.baseline.value : kNaN;
          if (std::isnan(x0) && !nd.baseline.given())
            for (int t = 0; t < P; ++t)
              if (!std::isnan(x[t])) { x0 = x[t]; break; }
          for (int t = 0; t < P; ++t) sc[t] = normalise_progress(x[t], x0, nd.target.value, nd.direction);
        }
      }
      if (cross) {
        for (const auto& group : sibling_groups_)
          for (int t = 0; t < P; ++t) {
            const std::size_t n = group.size();
            for (std::size_t k = 0; k < n; ++k) {
              const int u = group[k];
              g[k] = app[u] ? goodness(val[static_cast<std::size_t>(u) * P + t], nd.direction, nd.band_low,
                                       nd.band_high)
                            : kNaN;
            }
            normalise_across(norm, g.data(), out.data(), n);
            for (std::size_t k = 0; k < n; ++k)
              if (app[group[k]]) score[static_cast<std::size_t>(group[k]) * P + t] = out[k];
          }
      }
      for (int u = 0; u < U; ++u) {
        if (!app[u]) continue;
        const std::size_t b = static_cast<std::size_t>(u) * P;
        if (rule.method == StatusMethod::sdg_dashboard) {
          for (int t = 0; t < P; ++t) status[b + t] = as_i8(status_from_value(rule, val[b + t], nd.direction));
        } else {
          for (int t = 0; t < P; ++t) status[b + t] = as_i8(status_from_score(rule, score[b + t]));
        }
      }
    }
  });
}

namespace {
// Per-cell accumulators of a node's children over a block of cells.
// Kept column by column (a RunningMean's fields in acc, wsum, low) so that the
// common arithmetic mean is a plain loop the compiler can vectorise.
struct NodeScratch {
  std::vector<double> acc, wsum, low;
  std::vector<ChildStatuses> statuses;
  std::vector<std::int32_t> n_app, n_present, ind_present, ind_total;
  void reset(std::size_t n, bool with_statuses) {
    acc.assign(n, 0.0);
    wsum.assign(n, 0.0);
    low.assign(n, RunningMean{}.low);
    statuses.assign(with_statuses ? n : 0, ChildStatuses{});
    for (auto* v : {&n_app, &n_present, &ind_present, &ind_total}) v->assign(n, 0);
  }
  RunningMean mean(std::size_t k) const { return {acc[k], wsum[k], low[k]}; }
};
}  // namespace

void Engine::evaluate_nodes(const Panel& p, const EvaluationOptions& o, Evaluation& e) const {
  const int U = p.n_units, P = p.n_periods;
  const std::size_t UP = static_cast<std::size_t>(U) * P;
  // Indicator counts below each aggregate (for coverage), counted once per path.
  std::vector<std::int32_t> present(aggregates_.size() * UP), total(aggregates_.size() * UP);

  std::vector<std::vector<const Assessment*>> manual(strategy_.nodes.size());
  for (const auto& a : strategy_.assessments) manual[a.node].push_back(&a);
  std::mutex overrides_mutex;
  auto apply_manual = [&](int node, std::size_t ub, std::size_t ue) {
    for (const Assessment* a : manual[node]) {
      const int t = p.period_index(a->period);
      if (t < 0 || static_cast<std::size_t>(a->unit) < ub || static_cast<std::size_t>(a->unit) >= ue) continue;
      const std::size_t c = e.cell(node, a->unit, t);
      {
        std::lock_guard<std::mutex> lock(overrides_mutex);
        e.overrides.push_back({node, a->unit, t, static_cast<Status>(e.status[c]), a->status, a->comment});
      }
      e.status[c] = as_i8(a->status);
    }
  };
  for (int node : indicators_) apply_manual(node, 0, U);

  // One node for the units [ub, ue): its children are complete for those units.
  auto roll_up = [&](int node, std::size_t ub, std::size_t ue, NodeScratch& s) {
    const Node& nd = strategy_.nodes[node];
    AggregationSpec agg = strategy_.aggregation_of(nd);
    if (!o.aggregation.empty() && o.aggregation[node] >= 0) agg.method = static_cast<Aggregation>(o.aggregation[node]);
    if (!o.power.empty() && !std::isnan(o.power[node])) agg.p = o.power[node];
    agg.method = RunningMean::canonical(agg.method, agg.p);
    const StatusRule rule = strategy_.status_rule_of(nd);
    const bool children_rule = rule.method != StatusMethod::score_bands;
    const bool two_worst = rule.method == StatusMethod::two_worst;
    const int cb = child_start_[node], ce = child_start_[node + 1];
    const auto& app = applicable_[node];
    const int slot = aggregate_slot_[node];
    const std::size_t block = static_cast<std::size_t>(slot) * UP;

    const std::size_t first = ub * P, n = (ue - ub) * P;
    s.reset(n, children_rule);
    // Accumulate the children block by block: each child's cells for these
    // units are contiguous, so this is a few streaming passes.
    for (int j = cb; j < ce; ++j) {
      const int child = child_[j].node;
      const double w = o.link_weights.empty() ? links_[child_[j].link].weight : o.link_weights[child_[j].link];
      if (!(w > 0)) continue;
      const auto& capp = applicable_[child];
      const double* cs = &e.score[e.cell(child, 0, 0)];
      const std::int8_t* cst = &e.status[e.cell(child, 0, 0)];
      const int cslot = slot_[child];
      // Presence from the origin codes (1 byte a cell) rather than the values (8).
      const std::int8_t* corigin = cslot >= 0 ? &p.origin[p.cell(cslot, 0, 0)] : nullptr;
      const double* cval = cslot >= 0 ? &p.value[p.cell(cslot, 0, 0)] : nullptr;
      const std::int32_t* cpresent = cslot < 0 ? &present[aggregate_slot_[child] * UP] : nullptr;
      const std::int32_t* ctotal = cslot < 0 ? &total[aggregate_slot_[child] * UP] : nullptr;
      const Dashboard& dash = dashboard_[child];
      for (std::size_t u = ub; u < ue; ++u) {
        if (!app[u] || !capp[u]) continue;
        const std::size_t c0 = u * P, k0 = c0 - first;
        const double* x = cs + c0;
        // One concern a loop: each is a simple pass over the unit's periods.
        std::int32_t* n_app = &s.n_app[k0];
        std::int32_t* n_present = &s.n_present[k0];
        std::int32_t* ind_total = &s.ind_total[k0];
        std::int32_t* ind_present = &s.ind_present[k0];
        for (int t = 0; t < P; ++t) {
          n_app[t] += 1;
          n_present[t] += x[t] == x[t];  // not NaN
        }
        if (corigin) {
          for (int t = 0; t < P; ++t) {
            ind_total[t] += 1;
            ind_present[t] += corigin[c0 + t] >= 0;
          }
        } else {
          for (int t = 0; t < P; ++t) {
            ind_total[t] += ctotal[c0 + t];
            ind_present[t] += cpresent[c0 + t];
          }
        }
        if (agg.method == Aggregation::arithmetic) {
          double* acc = &s.acc[k0];
          double* wsum = &s.wsum[k0];
          for (int t = 0; t < P; ++t) {
            const bool ok = x[t] == x[t];
            acc[t] += ok ? w * x[t] : 0.0;
            wsum[t] += ok ? w : 0.0;
          }
        } else {
          for (int t = 0; t < P; ++t) {
            RunningMean m = s.mean(k0 + t);
            m.add(agg.method, agg.p, x[t], w);
            s.acc[k0 + t] = m.acc;
            s.wsum[k0 + t] = m.wsum;
            s.low[k0 + t] = m.low;
          }
        }
        if (!children_rule) continue;
        for (int t = 0; t < P; ++t) {
          const std::size_t c = c0 + t;
          const auto st = static_cast<Status>(cst[c]);
          const double pos = two_worst && dash.given && cval && is_colour(st)
                                 ? dashboard_position(cval[c], dash.direction, dash.worst, dash.red, dash.green, dash.best)
                                 : kNaN;
          s.statuses[k0 + t].add(st, pos);
        }
      }
    }
    // Finish each cell: coverage, score, status.
    for (std::size_t u = ub; u < ue; ++u) {
      const std::size_t c0 = u * P;
      for (int t = 0; t < P; ++t) {
        const std::size_t c = c0 + t, k = c - first;
        double& score = e.score[e.cell(node, 0, 0) + c];
        std::int8_t& status = e.status[e.cell(node, 0, 0) + c];
        present[block + c] = s.ind_present[k];
        total[block + c] = s.ind_total[k];
        e.imputed[block + c] = 0;
        e.rank[block + c] = 0;
        if (!app[u]) {
          score = kNaN;
          status = as_i8(Status::not_applicable);
          e.coverage[block + c] = NAN;
          continue;
        }
        const double cov = s.ind_total[k] ? static_cast<double>(s.ind_present[k]) / s.ind_total[k] : 0.0;
        e.coverage[block + c] = s.ind_total[k] ? static_cast<float>(cov) : NAN;
        const bool enough = s.n_present[k] > 0 && s.wsum[k] > 0 &&
                            s.n_present[k] >= nd.min_coverage * s.n_app[k] - 1e-12 &&
                            cov >= nd.min_indicator_coverage - 1e-12;
        if (!enough) {
          score = kNaN;
          status = as_i8(Status::not_assessable);
          continue;
        }
        score = s.mean(k).result(agg.method, agg.p);
        const Status st = children_rule ? s.statuses[k].result(rule) : status_from_score(rule, score);
        status = as_i8(st);
      }
    }
  };

  const auto& order = strategy_.topological_order();
  if (!any_imputation_) {
    // A unit's scores depend only on its own children's scores: each thread
    // rolls up its range of units through the whole tree.
    parallel_for(static_cast<std::size_t>(U), o.threads, [&](std::size_t ub, std::size_t ue) {
      NodeScratch s;
      for (int node : order) {
        if (slot_[node] >= 0) continue;
        roll_up(node, ub, ue, s);
        apply_manual(node, ub, ue);
      }
    }, 8);
  } else {
    // Imputation needs every unit of a node before its parents: node by node.
    for (int node : order) {
      if (slot_[node] >= 0) continue;
      parallel_for(static_cast<std::size_t>(U), o.threads, [&](std::size_t ub, std::size_t ue) {
        NodeScratch s;
        roll_up(node, ub, ue, s);
      }, 8);
      if (strategy_.nodes[node].impute.method == ImputeMethod::peer_mean) impute(node, e);
      apply_manual(node, 0, U);
    }
  }
  std::sort(e.overrides.begin(), e.overrides.end(), [](const Override& a, const Override& b) {
    return std::tie(a.node, a.unit, a.period) < std::tie(b.node, b.unit, b.period);
  });
}

void Engine::impute(int node, Evaluation& e) const {
  // Missing node scores take the mean of the unit's peer group (units with the
  // same peer_group) among peers that have a score of their own and meet the
  // coverage rule (OECD/JRC Handbook 2008, section 3: unconditional mean
  // imputation within groups).
  const Node& nd = strategy_.nodes[node];
  const StatusRule rule = strategy_.status_rule_of(nd);
  const int slot = aggregate_slot_[node];
  std::map<std::string, std::vector<int>> groups;
  for (int u = 0; u < e.n_units; ++u)
    if (!strategy_.units[u].peer_group.empty() && applicable_[node][u])
      groups[strategy_.units[u].peer_group].push_back(u);
  for (int t = 0; t < e.n_periods; ++t)
    for (const auto& [name, members] : groups) {
      double sum = 0;
      int count = 0;
      for (int u : members) {
        const std::size_t c = e.cell(node, u, t), a = e.aggregate_cell(slot, u, t);
        if (!std::isnan(e.score[c]) && !e.imputed[a] &&
            e.coverage[a] >= nd.impute.min_indicator_coverage - 1e-12) {
          sum += e.score[c];
          ++count;
        }
      }
      if (!count) continue;
      for (int u : members) {
        const std::size_t c = e.cell(node, u, t), a = e.aggregate_cell(slot, u, t);
        if (!std::isnan(e.score[c])) continue;
        e.score[c] = sum / count;
        e.imputed[a] = 1;
        if (rule.method == StatusMethod::score_bands) e.status[c] = as_i8(status_from_score(rule, e.score[c]));
      }
    }
}

void Engine::rank_units(Evaluation& e, int threads) const {
  // Ranks of units among their siblings (same parent unit), 1 = best, equal
  // scores share the better rank (competition ranking).
  const int P = e.n_periods;
  parallel_for(aggregates_.size(), threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::pair<double, int>> order;
    for (std::size_t slot = begin; slot < end; ++slot) {
      const int node = aggregates_[slot];
      for (const auto& group : sibling_groups_)
        for (int t = 0; t < P; ++t) {
          order.clear();
          for (int u : group) {
            const double s = e.score[e.cell(node, u, t)];
            if (!std::isnan(s)) order.emplace_back(-s, u);
          }
          std::sort(order.begin(), order.end());
          for (std::size_t k = 0; k < order.size(); ++k) {
            const bool tie = k > 0 && order[k].first == order[k - 1].first;
            const std::size_t a = e.aggregate_cell(static_cast<int>(slot), order[k].second, t);
            e.rank[a] = tie ? e.rank[e.aggregate_cell(static_cast<int>(slot), order[k - 1].second, t)]
                            : static_cast<std::int32_t>(k + 1);
          }
        }
    }
  });
}

Evaluation Engine::evaluate(std::shared_ptr<const Panel> panel, const EvaluationOptions& o) const {
  if (!panel) throw ArgumentError("evaluate: no panel; call prepare(measurements) first");
  const Panel& p = *panel;
  const int n_nodes = static_cast<int>(strategy_.nodes.size());
  if (p.n_indicators != static_cast<int>(indicators_.size()) || p.n_units != static_cast<int>(strategy_.units.size()))
    throw ArgumentError("evaluate: the panel was prepared for another strategy");
  if (!o.link_weights.empty()) {
    if (o.link_weights.size() != links_.size())
      throw ArgumentError("evaluate: link_weights has " + std::to_string(o.link_weights.size()) +
                          " entries; the strategy has " + std::to_string(links_.size()) + " links");
    for (std::size_t k = 0; k < links_.size(); ++k)
      if (!(o.link_weights[k] >= 0) || !std::isfinite(o.link_weights[k]))
        throw ArgumentError("evaluate: link_weights[" + std::to_string(k) + "] (" +
                            strategy_.nodes[links_[k].child].id + " -> " + strategy_.nodes[links_[k].parent].id +
                            ") is negative or not finite; weights must be >= 0");
  }
  auto check_len = [&](std::size_t size, const char* what) {
    if (size != 0 && size != static_cast<std::size_t>(n_nodes))
      throw ArgumentError(std::string("evaluate: ") + what + " needs one entry per node (" +
                          std::to_string(n_nodes) + "), got " + std::to_string(size));
  };
  check_len(o.normalisation.size(), "normalisation");
  check_len(o.aggregation.size(), "aggregation");
  check_len(o.power.size(), "power");
  for (std::size_t k = 0; k < o.normalisation.size(); ++k)
    if (o.normalisation[k] > static_cast<std::int8_t>(Normalisation::percentile_rank))
      throw ArgumentError("evaluate: normalisation of node '" + strategy_.nodes[k].id + "' is not a method");
  for (std::size_t k = 0; k < o.aggregation.size(); ++k)
    if (o.aggregation[k] > static_cast<std::int8_t>(Aggregation::minimum))
      throw ArgumentError("evaluate: aggregation of node '" + strategy_.nodes[k].id + "' is not a method");
  for (std::size_t k = 0; k < o.power.size(); ++k)
    if (!std::isnan(o.power[k]) && !std::isfinite(o.power[k]))
      throw ArgumentError("evaluate: power of node '" + strategy_.nodes[k].id + "' must be finite");

  Evaluation e;
  e.panel = panel;
  e.periods = p.periods;
  e.n_nodes = n_nodes;
  e.n_units = p.n_units;
  e.n_periods = p.n_periods;
  e.aggregates = aggregates_;
  const std::size_t UP = static_cast<std::size_t>(p.n_units) * p.n_periods;
  e.score.resize(static_cast<std::size_t>(n_nodes) * UP);
  e.status.resize(e.score.size());
  e.coverage.resize(aggregates_.size() * UP);
  e.rank.resize(e.coverage.size());
  e.imputed.resize(e.coverage.size());
  evaluate_indicators(p, o, e);
  evaluate_nodes(p, o, e);
  rank_units(e, o.threads);
  return e;
}

}  // namespace styrkort
