#include "styrkort/evaluator.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>
#include <type_traits>
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

Evaluator::Evaluator(Strategy strategy) : strategy_(std::move(strategy)) {
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
  normalisation_.assign(n, -1);
  for (int i = 0; i < n; ++i)
    if (nodes[i].is_indicator())
      if (auto norm = strategy_.normalisation_of(nodes[i])) normalisation_[i] = static_cast<std::int8_t>(*norm);
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
  scored_.assign(n, std::vector<char>(n_units, 1));
  for (int i = 0; i < n; ++i) {
    for (int u : nodes[i].not_applicable) applicable_[i][u] = 0;
    for (int u : nodes[i].not_scored) scored_[i][u] = 0;
    any_imputation_ |= nodes[i].impute.method != ImputeMethod::none || !nodes[i].not_scored.empty();
  }
  // A node with children none of which applies to a unit does not apply to it
  // either (not applicable, not "not assessable"): children come first.
  for (int node : strategy_.topological_order()) {
    const int cb = child_start_[node], ce = child_start_[node + 1];
    if (cb == ce) continue;
    for (int u = 0; u < n_units; ++u) {
      if (!applicable_[node][u]) continue;
      bool any = false;
      for (int j = cb; j < ce && !any; ++j) any = applicable_[child_[j].node][u];
      applicable_[node][u] = any;
    }
  }
}

void Evaluator::scatter(const Measurements& m, const std::vector<int>& ind_slot, const std::vector<int>& unit_of,
                        const std::vector<int>& period_of, Panel& p, int threads) const {
  const auto& ic = m.indicator();
  const auto& uc = m.unit();
  const auto& pc = m.period();
  const double* v = m.value().data();
  const bool one_unit = uc.empty();
  const std::size_t rows = m.size();
  auto cell_of = [&](std::size_t r) {
    return p.cell(ind_slot[ic[r]], one_unit ? 0 : unit_of[uc[r]], period_of[pc[r]]);
  };
  // Rows in parallel, each thread a range of them. Two rows for one cell are an
  // error, found afterwards: the rows with a value then outnumber the cells
  // observed. (Stores are relaxed atomics, so that even such rows in two
  // threads are no data race; on x86 they are plain stores.)
  std::atomic<std::size_t> rows_placed{0};
  parallel_for(
      rows, threads,
      [&](std::size_t begin, std::size_t end) {
        std::size_t n = 0;
        const auto observed = static_cast<std::int8_t>(ValueOrigin::observed);
        // In blocks of rows: each code column mapped to the panel's axes in a
        // loop of its own width (no switch on the width per row), then the
        // block's cells placed.
        constexpr std::size_t kBlock = 2048;
        std::size_t cell[kBlock];
        for (std::size_t first = begin; first < end; first += kBlock) {
          const std::size_t count = std::min(kBlock, end - first);
          ic.visit([&](const auto* codes) {
            for (std::size_t k = 0; k < count; ++k)
              cell[k] = static_cast<std::size_t>(ind_slot[codes[first + k]]) * p.n_units;
          });
          if (!one_unit)
            uc.visit([&](const auto* codes) {
              for (std::size_t k = 0; k < count; ++k) cell[k] += static_cast<std::size_t>(unit_of[codes[first + k]]);
            });
          pc.visit([&](const auto* codes) {
            for (std::size_t k = 0; k < count; ++k)
              cell[k] = cell[k] * p.n_periods + static_cast<std::size_t>(period_of[codes[first + k]]);
          });
          for (std::size_t k = 0; k < count; ++k) {
            double x = v[first + k];
            if (std::isnan(x)) continue;  // a missing observation
            __atomic_store(&p.value[cell[k]], &x, __ATOMIC_RELAXED);
            __atomic_store_n(&p.origin[cell[k]], observed, __ATOMIC_RELAXED);
            ++n;
          }
        }
        rows_placed += n;
      },
      std::size_t{1} << 18);
  std::atomic<std::size_t> cells_observed{0};
  parallel_for(
      p.origin.size(), threads,
      [&](std::size_t begin, std::size_t end) {
        std::size_t n = 0;
        for (std::size_t c = begin; c < end; ++c) n += p.origin[c] == static_cast<std::int8_t>(ValueOrigin::observed);
        cells_observed += n;
      },
      std::size_t{1} << 20);
  if (cells_observed == rows_placed) return;
  // A cell with two values: the first row (in the table's order) that gives a
  // value to a cell that has one, and the row before it with that cell.
  std::vector<char> seen(p.origin.size(), 0);
  for (std::size_t r = 0; r < rows; ++r) {
    if (std::isnan(v[r])) continue;
    const std::size_t c = cell_of(r);
    if (!seen[c]) {
      seen[c] = 1;
      continue;
    }
    std::size_t first = 0;
    while (first < r && (std::isnan(v[first]) || cell_of(first) != c)) ++first;
    throw MeasurementError(m.at(r), "a second value for indicator '" + m.indicator_ids()[ic[r]] + "', unit '" +
                                        strategy_.units[one_unit ? 0 : unit_of[uc[r]]].id + "', period '" +
                                        m.period_ids()[pc[r]] + "' (the first is at row " +
                                        std::to_string(m.at(first).row) +
                                        "); give one value per indicator, unit and period");
  }
}

std::shared_ptr<const Panel> Evaluator::prepare(const Measurements& m, int threads) const {
  auto panel = std::make_shared<Panel>();
  Panel& p = *panel;
  const auto& s = strategy_;
  // The first row with a code; npos when no row uses it (an unused category of
  // a categorical column, which is not an error).
  auto first_row_with = [&](const Codes& codes, std::int32_t code) {
    return codes.visit([&](const auto* c) {
      for (std::size_t r = 0; r < codes.size(); ++r)
        if (c[r] == code) return r;
      return std::string::npos;
    });
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
        throw MeasurementError(m.at(row, "indicator"),
                               "unknown indicator '" + id + "': it is not an indicator of the strategy");
      throw MeasurementError(m.at(row, "indicator"),
                             "'" + id + "' is a " + to_string(s.nodes[node].kind) +
                                 ", not an indicator; measurements are given for indicators only");
    }
    ind_slot[k] = slot_[node];
  }
  // Units.
  std::vector<int> unit_of(m.unit_ids().size());
  // Without a unit column every row belongs to the single unit; a table without
  // rows has nothing to place (and an empty unit column cannot be told apart).
  if (m.unit().empty() && m.size() > 0 && s.units.size() != 1)
    throw MeasurementError(Location{m.source(), "", -1, "unit", {}},
                           "the measurements have no unit column but the strategy has " +
                               std::to_string(s.units.size()) + " units; add a 'unit' column");
  for (std::size_t k = 0; k < unit_of.size(); ++k) {
    unit_of[k] = s.unit_index(m.unit_ids()[k]);
    if (unit_of[k] < 0 && first_row_with(m.unit(), static_cast<std::int32_t>(k)) != std::string::npos)
      throw MeasurementError(m.at(first_row_with(m.unit(), static_cast<std::int32_t>(k)), "unit"),
                             "unknown unit '" + m.unit_ids()[k] + "': it is not among the strategy's units");
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
        throw MeasurementError(m.at(first_row_with(m.period(), static_cast<std::int32_t>(k)), "period"),
                               "unknown period '" + id +
                                   "': use YYYY, YYYY-T1..3, YYYY-H1..2, YYYY-Q1..4 or YYYY-M01..12, or declare "
                                   "the periods in the strategy");
      seen.emplace(id, *parsed);
    }
    auto add = [&](const std::string& id) {
      if (!id.empty()) seen.emplace(id, s.resolve_period(id, ""));
    };
    auto add_target = [&](const Target& t) {
      if (!t.given()) return;
      add(t.period);
      for (const auto& m : t.milestones) add(m.period);
    };
    for (const auto& n : s.nodes) {
      if (n.baseline.given()) add(n.baseline.period);
      add_target(n.target);
      for (const auto& u : n.by_unit) {
        if (u.baseline.given()) add(u.baseline.period);
        add_target(u.target);
      }
      if (n.trend) {
        add(n.trend->start);
        add(n.trend->horizon);
      }
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
      throw MeasurementError(m.at(first_row_with(m.period(), static_cast<std::int32_t>(k)), "period"),
                             "unknown period '" + m.period_ids()[k] + "': it is not among the strategy's periods");
    period_of[k] = it->second;
  }

  p.n_indicators = static_cast<int>(indicators_.size());
  p.n_units = static_cast<int>(s.units.size());
  const std::size_t cells = static_cast<std::size_t>(p.n_indicators) * p.n_units * p.n_periods;
  p.value.assign(cells, kNaN);
  p.origin.assign(cells, static_cast<std::int8_t>(ValueOrigin::missing));
  scatter(m, ind_slot, unit_of, period_of, p, threads);
  // Carry sub-units' observations forward before they are rolled up, then carry
  // forward what the parents have (observed or rolled up).
  // Precedence (docs/format.md): a unit's own observation, else the roll-up of
  // its sub-units (each with their own observations carried forward), else its
  // own older observation carried forward.
  carry_forward(p);
  fill_units(p);
  carry_forward(p);
  resolve_targets(p);
  compute_trends(p, threads);
  return panel;
}

namespace {
// A target's points in time order: its milestones, then the final target.
std::vector<const Reference*> points_of(const Target& t) {
  std::vector<const Reference*> out;
  for (const auto& m : t.milestones) out.push_back(&m);
  out.push_back(&t);
  return out;
}
}  // namespace

void Evaluator::resolve_targets(Panel& p) const {
  // Which target and baseline each (indicator, unit) follows:
  //  1. the unit's own (by_unit);
  //  2. for an indicator summed over units, a sub-unit never inherits its
  //     parent's target (the whole organisation's): it has none, unless the
  //     indicator shares targets by unit weight, when it takes its parent's
  //     times its weight over the applicable siblings' weights;
  //  3. else the indicator's own.
  const int U = p.n_units, P = p.n_periods;
  struct Spec {
    const Target* target = nullptr;
    const Reference* anchor = nullptr;  // where the path starts (a declared baseline)
    double factor = 1.0;
  };
  std::vector<int> top_down(strategy_.units_bottom_up().rbegin(), strategy_.units_bottom_up().rend());
  std::map<std::tuple<const Target*, const Reference*, double>, int> path_of;
  p.target_path.assign(static_cast<std::size_t>(p.n_indicators) * U, -1);
  p.baseline_value.assign(p.target_path.size(), kNaN);
  p.baseline_time.assign(p.target_path.size(), kNaN);
  p.baseline_index.assign(p.target_path.size(), -1);
  std::vector<double> times(P);
  for (int t = 0; t < P; ++t) times[t] = p.periods[t].time;
  std::vector<Spec> spec(U);
  std::vector<double> share(U, 0.0);
  for (int i = 0; i < p.n_indicators; ++i) {
    const Node& nd = strategy_.nodes[indicators_[i]];
    const auto& app = applicable_[indicators_[i]];
    const bool summed = nd.unit_aggregation == UnitAggregation::sum;
    const bool shared = nd.target_share == TargetShare::unit_weight;
    std::vector<const UnitReference*> own(U, nullptr);
    for (const auto& r : nd.by_unit) own[r.unit] = &r;
    const int nd_baseline_index = nd.baseline.given() ? p.period_index(nd.baseline.period) : -1;
    if (shared) {
      std::fill(share.begin(), share.end(), 0.0);
      for (int u = 0; u < U; ++u) {
        const int parent = strategy_.units[u].parent;
        if (parent < 0) continue;
        double sum = 0;
        for (int k : unit_children_[parent]) sum += app[k] ? strategy_.units[k].weight : 0.0;
        share[u] = sum > 0 ? strategy_.units[u].weight / sum : 0.0;
      }
    }
    for (int u : top_down) {
      const std::size_t iu = static_cast<std::size_t>(i) * U + u;
      const int parent = strategy_.units[u].parent;
      const bool sub = summed && parent >= 0;
      const std::size_t ip = static_cast<std::size_t>(i) * U + (parent >= 0 ? parent : 0);
      // The baseline: the unit's own, a share of its parent's, or the indicator's
      // period alone for a sub-unit of a sum (its own value at that period).
      double b_value = nd.baseline.value, b_time = nd.baseline.given() ? nd.baseline.time : kNaN;
      int b_index = nd_baseline_index;
      const Reference* anchor = nd.baseline.given() ? &nd.baseline : nullptr;
      if (own[u] && own[u]->baseline.given()) {
        b_value = own[u]->baseline.value;
        b_time = own[u]->baseline.time;
        b_index = p.period_index(own[u]->baseline.period);
        anchor = &own[u]->baseline;
      } else if (sub) {
        b_value = shared ? p.baseline_value[ip] * share[u] : kNaN;
        anchor = shared ? spec[parent].anchor : nullptr;
      }
      p.baseline_value[iu] = b_value;
      p.baseline_time[iu] = b_time;
      p.baseline_index[iu] = b_index;
      // The target.
      Spec sp;
      if (own[u] && own[u]->target.given()) {
        sp = {&own[u]->target, anchor, 1.0};
      } else if (sub) {
        if (shared && spec[parent].target && share[u] > 0)
          sp = {spec[parent].target, spec[parent].anchor, spec[parent].factor * share[u]};
      } else if (nd.target.given()) {
        sp = {&nd.target, anchor, 1.0};
      }
      spec[u] = sp;
      if (!sp.target || !app[u]) continue;
      auto [it, fresh] =
          path_of.emplace(std::make_tuple(sp.target, sp.anchor, sp.factor), static_cast<int>(p.path_final.size()));
      if (fresh) {
        static const Reference none;
        const Reference& a = sp.anchor ? *sp.anchor : none;
        const Target& tg = *sp.target;
        if (p.path_point_start.empty()) p.path_point_start.push_back(0);
        const std::size_t first = p.path_point_value.size();
        for (const Reference* pt : points_of(tg)) {
          p.path_point_period.push_back(p.period_index(pt->period));
          p.path_point_value.push_back(sp.factor * pt->value);
        }
        p.path_point_start.push_back(static_cast<std::int32_t>(p.path_point_value.size()));
        for (int t = 0; t < P; ++t) {
          p.path_target.push_back(sp.factor * (tg.milestones.empty() ? tg.value : target_at(tg, a, times[t])));
          // the first point at or after this period (the final target after the last)
          std::size_t next = p.path_point_value.size() - 1;
          for (std::size_t k = first; k < p.path_point_value.size(); ++k)
            if (p.periods[p.path_point_period[k]].time >= times[t]) {
              next = k;
              break;
            }
          p.path_next.push_back(p.path_point_value[next]);
          p.path_next_period.push_back(p.path_point_period[next]);
        }
        p.path_final.push_back(sp.factor * tg.value);
        p.path_final_time.push_back(tg.time);
      }
      p.target_path[iu] = it->second;
    }
    path_of.clear();
  }
}

void Evaluator::fill_units(Panel& p) const {
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
        // An own observation stands; an own older one carried forward gives way.
        if (!std::isnan(p.value[c]) && p.origin[c] != static_cast<std::int8_t>(ValueOrigin::carried_forward)) continue;
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

void Evaluator::carry_forward(Panel& p) const {
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

void Evaluator::compute_trends(Panel& p, int threads) const {
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
      const int ps = ts.start.empty() ? -1 : p.period_index(ts.start);
      const double horizon_given = ts.horizon.empty() ? kNaN : strategy_.resolve_period(ts.horizon, nd.where).time;
      const auto& app = applicable_[node];
      for (int u = 0; u < U; ++u) {
        const std::size_t base = p.cell(static_cast<int>(i), u, 0);
        const std::size_t iu = i * U + u;
        const double* x = &p.value[base];
        std::int8_t* trend = &p.trend[base];
        float* ratio = &p.trend_ratio[base];
        std::int8_t* arrow = &p.arrow[base];
        float* forecast = &p.forecast[base];
        const std::int32_t path = p.target_path[iu];
        const double final_target = path >= 0 ? p.path_final[path] : kNaN;
        const double final_time = path >= 0 ? p.path_final_time[path] : kNaN;

        const double horizon = std::isnan(horizon_given) ? final_time : horizon_given;
        const double green = rule.method == StatusMethod::sdg_dashboard ? rule.green : final_target;
        const bool arrows = nd.direction != Direction::band && !std::isnan(green) && !std::isnan(horizon);
        // No target and not a band: the trend is the directed growth alone
        // (progress_trend's first case, the same formulas from trend.hpp),
        // computed without its general cases, as for most cells of a large panel.
        const bool growth_only = path < 0 && nd.direction != Direction::band;
        // The starting point: the trend's own start when it names one (the
        // unit's value there, else its first one after it); else the baseline
        // (the unit's own value at the baseline period, else the declared
        // value); else the unit's first observation.
        double x0 = kNaN, t0 = kNaN;
        auto first_from = [&](int from) {
          for (int t = from; t < P; ++t)
            if (!std::isnan(x[t])) {
              x0 = x[t];
              t0 = times[t];
              return;
            }
        };
        if (!app[u]) {
          // not applicable: no trend
        } else if (ps >= 0) {
          first_from(ps);
        } else if (!std::isnan(p.baseline_time[iu])) {
          const int pb = p.baseline_index[iu];
          x0 = pb >= 0 ? x[pb] : kNaN;
          if (std::isnan(x0)) x0 = p.baseline_value[iu];
          t0 = p.baseline_time[iu];
        } else {
          first_from(0);
        }
        for (int t = 0; t < P; ++t) {
          if (std::isnan(x0) || std::isnan(x[t]) || !(times[t] > t0)) {
            trend[t] = static_cast<std::int8_t>(TrendCategory::not_assessable);
            ratio[t] = NAN;
            forecast[t] = NAN;
            arrow[t] = static_cast<std::int8_t>(Arrow::not_assessable);
            continue;
          }
          TrendResult tr;
          if (growth_only) {
            const double observed = observed_growth(ts.model, x0, x[t], times[t] - t0);
            tr = std::isnan(observed) ? TrendResult{TrendCategory::not_assessable, kNaN, kNaN}
                                      : growth_trend(ts.model, nd.direction, x0, observed);
            trend[t] = static_cast<std::int8_t>(tr.category);
            ratio[t] = static_cast<float>(tr.ratio);
            forecast[t] = NAN;
            arrow[t] = static_cast<std::int8_t>(arrows ? sdg_arrow(nd.direction, x0, t0, x[t], times[t], green, horizon)
                                                       : Arrow::not_assessable);
            continue;
          }
          TrendInput in{nd.direction, nd.band_low, nd.band_high, ts.model,     x0,
                        t0,           x[t],        times[t],     final_target, final_time};
          tr = progress_trend(in);
          const std::size_t pt = static_cast<std::size_t>(path) * P + t;
          if (path >= 0 && p.periods[p.path_next_period[pt]].time < final_time) {
            // On a target path the required growth is the one that reaches the
            // milestone this period works toward, by its period; the forecast
            // still aims at the final target.
            in.target = p.path_next[pt];
            in.target_time = p.periods[p.path_next_period[pt]].time;
            const double aimed = tr.forecast;
            tr = progress_trend(in);
            tr.forecast = aimed;
          }
          trend[t] = static_cast<std::int8_t>(tr.category);
          ratio[t] = static_cast<float>(tr.ratio);
          forecast[t] = static_cast<float>(tr.forecast);
          arrow[t] = static_cast<std::int8_t>(arrows ? sdg_arrow(nd.direction, x0, t0, x[t], times[t], green, horizon)
                                                     : Arrow::not_assessable);
        }
      }
    }
  });
}

// ----------------------------------------------------------------- evaluation

namespace {
/// Calls f(from, to) for each run [from, to) of consecutive units applicable
/// (app[u] set): a node's cells for such a run are contiguous.
template <class F>
void for_runs(const std::vector<char>& app, F&& f) {
  const std::size_t n = app.size();
  for (std::size_t u = 0; u < n;) {
    while (u < n && !app[u]) ++u;
    std::size_t to = u;
    while (to < n && app[to]) ++to;
    if (to > u) f(u, to);
    u = to;
  }
}

bool is_cross_unit(Normalisation n) {
  return n == Normalisation::minmax || n == Normalisation::zscore || n == Normalisation::rank ||
         n == Normalisation::percentile_rank;
}
constexpr std::int8_t as_i8(Status s) { return static_cast<std::int8_t>(s); }
}  // namespace

void Evaluator::evaluate_indicators(const Panel& p, const EvaluationOptions& o, Evaluation& e) const {
  const int U = p.n_units, P = p.n_periods;
  // One indicator; `periods`: P, or std::integral_constant<int, 1> for a panel
  // of one period (a sensitivity batch), whose loops over periods then fold away.
  auto one = [&](std::size_t i, std::vector<double>& g, std::vector<double>& out, auto periods) {
    const int np = periods;
    const int node = indicators_[i];
    const Node& nd = strategy_.nodes[node];
    const std::int8_t code = e.normalisation[node];
    const Normalisation norm = static_cast<Normalisation>(std::max<std::int8_t>(code, 0));
    const StatusRule rule = strategy_.status_rule_of(nd);
    const bool band = nd.direction == Direction::band;
    const bool scorable = band || code >= 0;
    const bool cross = code >= 0 && is_cross_unit(norm);
    const bool needs_target = !band && (norm == Normalisation::progress || norm == Normalisation::ratio);
    const auto& app = applicable_[node];
    const double* val = &p.value[p.cell(static_cast<int>(i), 0, 0)];
    double* score = &e.score[e.cell(node, 0, 0)];
    std::int8_t* status = &e.status[e.cell(node, 0, 0)];
    std::uint8_t* flags = &e.flags[e.cell(node, 0, 0)];
    for (int u = 0; u < U; ++u) {
      const std::size_t b = static_cast<std::size_t>(u) * np;
      const double* x = val + b;
      double* sc = score + b;
      std::uint8_t* fl = flags + b;
      std::fill(fl, fl + np, std::uint8_t{0});
      if (!app[u]) {
        for (int t = 0; t < np; ++t) {
          sc[t] = kNaN;
          status[b + t] = as_i8(Status::not_applicable);
        }
        continue;
      }
      const std::size_t iu = i * U + u;
      const std::int32_t path = p.target_path[iu];
      const double* target = path >= 0 ? &p.path_target[static_cast<std::size_t>(path) * np] : nullptr;
      if (!scorable || (needs_target && !target)) {
        // No normalisation, or none for this unit: not assessable, and a warning says why.
        for (int t = 0; t < np; ++t) {
          sc[t] = kNaN;
          if (scorable) fl[t] |= kNoTarget;
        }
      } else if (cross) {
        // filled below, across units
      } else if (band) {
        for (int t = 0; t < np; ++t) sc[t] = normalise_band(x[t], nd.band_low, nd.band_high, nd.tolerance);
      } else if (norm == Normalisation::bounded) {
        // below, a run of units at a time
      } else if (norm == Normalisation::ratio) {
        for (int t = 0; t < np; ++t) {
          sc[t] = normalise_ratio(x[t], target[t], nd.direction);
          fl[t] |= nd.direction == Direction::higher_is_better && x[t] < 0 ? kCappedLow : 0;
        }
      } else {  // progress from the unit's starting point (docs/format.md)
        const int pb = p.baseline_index[iu];
        double x0 = pb >= 0 ? x[pb] : kNaN;
        if (std::isnan(x0)) x0 = p.baseline_value[iu];
        if (std::isnan(x0) && std::isnan(p.baseline_time[iu]))
          for (int t = 0; t < np; ++t)
            if (!std::isnan(x[t])) {
              x0 = x[t];
              break;
            }
        for (int t = 0; t < np; ++t) {
          sc[t] = normalise_progress(x[t], x0, target[t], nd.direction);
          // Worse than the starting point: the score is held at 0.
          const bool worse = !meets_target(x[t], target[t], nd.direction) &&
                             !meets_target(x0, target[t], nd.direction) && (x[t] - x0) / (target[t] - x0) < 0;
          fl[t] |= worse ? kCappedLow : 0;
        }
      }
    }
    // The same scale for every unit: one pass over each run of applicable
    // units, whose cells are contiguous (a sensitivity batch has one period:
    // a unit's own cells would be one value at a time).
    if (scorable && !cross && !band && norm == Normalisation::bounded)
      for_runs(app, [&](std::size_t from, std::size_t to) {
        const std::size_t b = from * np, n = (to - from) * np;
        normalise_bounded_many(val + b, n, nd.worst, nd.best, score + b, flags + b, kCappedLow, kCappedHigh);
      });
    if (cross) {
      for (const auto& group : sibling_groups_)
        for (int t = 0; t < np; ++t) {
          const std::size_t n = group.size();
          for (std::size_t k = 0; k < n; ++k) {
            const int u = group[k];
            g[k] = app[u] ? goodness(val[static_cast<std::size_t>(u) * np + t], nd.direction, nd.band_low, nd.band_high)
                          : kNaN;
          }
          normalise_across(norm, g.data(), out.data(), n);
          for (std::size_t k = 0; k < n; ++k)
            if (app[group[k]]) score[static_cast<std::size_t>(group[k]) * np + t] = out[k];
        }
    }
    for (int u = 0; u < U; ++u) {
      if (!app[u]) continue;
      const std::size_t b = static_cast<std::size_t>(u) * np;
      if (rule.method == StatusMethod::sdg_dashboard && nd.unit_aggregation == UnitAggregation::sum &&
          strategy_.units[u].parent >= 0) {
        // Raw-value thresholds of a sum are the whole organisation's: a
        // sub-unit's part of the sum is never judged by them (as it never
        // inherits the whole's target).
        for (int t = 0; t < np; ++t) {
          status[b + t] = as_i8(Status::not_assessable);
          flags[b + t] |= kWholeThresholds;
        }
      } else if (rule.method == StatusMethod::sdg_dashboard) {
        for (int t = 0; t < np; ++t) status[b + t] = as_i8(status_from_value(rule, val[b + t], nd.direction));
      }
    }
    if (rule.method != StatusMethod::sdg_dashboard)
      for_runs(app, [&](std::size_t from, std::size_t to) {
        statuses_from_scores(rule, score + from * np, status + from * np, (to - from) * np);
      });
  };
  parallel_for(indicators_.size(), o.threads, [&](std::size_t begin, std::size_t end) {
    std::vector<double> g(U), out(U);
    for (std::size_t i = begin; i < end; ++i) {
      if (!o.changed.empty() && !o.changed[indicators_[i]]) continue;
      if (P == 1) one(i, g, out, std::integral_constant<int, 1>{});
      else one(i, g, out, P);
    }
  });
  flag_subunits_only(p, o.changed, e);
}

void Evaluator::flag_subunits_only(const Panel& p, const std::vector<char>& changed, Evaluation& e) const {
  // Values only on sub-units of a unit whose indicator does not say how they
  // combine (unit_aggregation none): the unit's own cell stays empty, which a
  // reader of the organisation's row would take for "no data". Only units
  // with sub-units can have such cells, and only indicators evaluated again
  // (`changed`) can have new ones (a batch of samples keeps the others).
  std::vector<int> parents;
  for (int u = 0; u < p.n_units; ++u)
    if (!unit_children_[u].empty()) parents.push_back(u);
  if (parents.empty()) return;
  const int P = p.n_periods;
  for (int i = 0; i < p.n_indicators; ++i) {
    const int node = indicators_[i];
    if (strategy_.nodes[node].unit_aggregation != UnitAggregation::none) continue;
    if (!changed.empty() && !changed[node]) continue;
    const auto& app = applicable_[node];
    for (int u : parents) {
      if (!app[u]) continue;
      for (int t = 0; t < P; ++t) {
        if (!std::isnan(p.value[p.cell(i, u, t)])) continue;
        for (int k : unit_children_[u])
          if (app[k] && !std::isnan(p.value[p.cell(i, k, t)])) {
            e.flags[e.cell(node, u, t)] |= kSubunitsOnly;
            break;
          }
      }
    }
  }
}

namespace {
// Per-cell accumulators of a node's children over a block of cells.
// Kept column by column (a RunningMean's fields in acc, wsum, low) so that the
// common arithmetic mean is a plain loop the compiler can vectorise.
/// The weighted arithmetic mean's sums over a child's scores x[0..n) (NaN:
/// no score, left out): acc += w x, wsum += w, and the children with a score
/// counted; two scores at a time where SSE2 is there (the same sums: adding 0
/// where a score is missing, as the scalar loop does).
void add_weighted(const double* x, std::size_t n, double w, double* acc, double* wsum, std::int32_t* present) {
  std::size_t t = 0;
#if defined(__SSE2__)
  const __m128d weight = _mm_set1_pd(w);
  for (; t + 2 <= n; t += 2) {
    const __m128d v = _mm_loadu_pd(x + t);
    const __m128d ok = _mm_cmpord_pd(v, v);  // all ones where not NaN
    _mm_storeu_pd(acc + t, _mm_add_pd(_mm_loadu_pd(acc + t), _mm_and_pd(ok, _mm_mul_pd(weight, v))));
    _mm_storeu_pd(wsum + t, _mm_add_pd(_mm_loadu_pd(wsum + t), _mm_and_pd(ok, weight)));
    const int mask = _mm_movemask_pd(ok);
    present[t] += mask & 1;
    present[t + 1] += mask >> 1;
  }
#endif
  for (; t < n; ++t) {
    const bool ok = x[t] == x[t];
    acc[t] += ok ? w * x[t] : 0.0;
    wsum[t] += ok ? w : 0.0;
    present[t] += ok;
  }
}

struct NodeScratch {
  std::vector<double> acc, wsum, low;
  std::vector<ChildStatuses> statuses;
  std::vector<std::int32_t> n_present, ind_present;  // per cell
  // Per unit: which children, and how many indicators below, apply depends on
  // the unit alone, not on the period.
  std::vector<std::int32_t> n_app, ind_total;
  void reset(std::size_t n, std::size_t units, bool with_statuses) {
    acc.assign(n, 0.0);
    wsum.assign(n, 0.0);
    low.assign(n, RunningMean{}.low);
    statuses.assign(with_statuses ? n : 0, ChildStatuses{});
    for (auto* v : {&n_present, &ind_present}) v->assign(n, 0);
    for (auto* v : {&n_app, &ind_total}) v->assign(units, 0);
  }
  RunningMean mean(std::size_t k) const { return {acc[k], wsum[k], low[k]}; }
};
}  // namespace

void Evaluator::evaluate_nodes(const Panel& p, const EvaluationOptions& o, Evaluation& e) const {
  const int U = p.n_units, P = p.n_periods;
  const std::size_t UP = static_cast<std::size_t>(U) * P;
  // Indicator counts below each aggregate (for coverage), counted once per path.
  auto& present = e.indicators_present;
  auto& total = e.indicators_total;

  std::vector<std::vector<const Assessment*>> manual(strategy_.nodes.size());
  for (const auto& a : strategy_.assessments) {
    if (a.status) manual[a.node].push_back(&a);
    const int t = p.period_index(a.period);
    if (t >= 0) e.comments.push_back({a.node, a.unit, t, a.comment});
  }
  std::mutex overrides_mutex;
  auto apply_manual = [&](int node, std::size_t ub, std::size_t ue) {
    for (const Assessment* a : manual[node]) {
      const int t = p.period_index(a->period);
      if (t < 0 || static_cast<std::size_t>(a->unit) < ub || static_cast<std::size_t>(a->unit) >= ue) continue;
      const std::size_t c = e.cell(node, a->unit, t);
      {
        std::lock_guard<std::mutex> lock(overrides_mutex);
        e.overrides.push_back({node, a->unit, t, static_cast<Status>(e.status[c]), *a->status, a->comment});
      }
      e.status[c] = as_i8(*a->status);
    }
  };
  for (int node : indicators_) apply_manual(node, 0, U);

  // One node for the units [ub, ue): its children are complete for those units.
  // `periods`: np, or std::integral_constant<int, 1> for a panel of one
  // period (a sensitivity batch), whose loops over periods then fold away.
  auto roll_up = [&](int node, std::size_t ub, std::size_t ue, NodeScratch& s, auto periods) {
    const int np = periods;
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
    const auto& scored = scored_[node];
    const double min_indicator_coverage = strategy_.min_indicator_coverage_of(nd);
    const int slot = aggregate_slot_[node];
    const std::size_t block = static_cast<std::size_t>(slot) * UP;

    const std::size_t first = ub * np, n = (ue - ub) * np;
    s.reset(n, ue - ub, children_rule);
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
      // Runs of units applicable to both node and child: the child's cells for
      // a run are contiguous, so each concern is one pass over the run (a
      // sensitivity batch has one period: a unit alone would be one cell).
      for (std::size_t u = ub; u < ue;) {
        while (u < ue && !(app[u] && capp[u])) ++u;
        std::size_t to = u;
        while (to < ue && app[to] && capp[to]) ++to;
        if (to == u) break;
        const std::size_t c0 = u * np, k0 = c0 - first, len = (to - u) * np;
        const double* x = cs + c0;
        std::int32_t* n_present = &s.n_present[k0];
        std::int32_t* ind_present = &s.ind_present[k0];
        for (std::size_t v = u; v < to; ++v) {
          s.n_app[v - ub] += 1;
          // the indicators below, the same in every period
          if (np > 0) s.ind_total[v - ub] += corigin ? 1 : ctotal[v * np];
        }
        if (corigin)
          for (std::size_t t = 0; t < len; ++t) ind_present[t] += corigin[c0 + t] >= 0;
        else
          for (std::size_t t = 0; t < len; ++t) ind_present[t] += cpresent[c0 + t];
        if (agg.method == Aggregation::arithmetic) {
          add_weighted(x, len, w, &s.acc[k0], &s.wsum[k0], n_present);
        } else {
          for (std::size_t t = 0; t < len; ++t) {
            n_present[t] += x[t] == x[t];  // not NaN
            RunningMean m = s.mean(k0 + t);
            m.add(agg.method, agg.p, x[t], w);
            s.acc[k0 + t] = m.acc;
            s.wsum[k0 + t] = m.wsum;
            s.low[k0 + t] = m.low;
          }
        }
        if (children_rule)
          for (std::size_t t = 0; t < len; ++t) {
            const std::size_t c = c0 + t;
            const auto st = static_cast<Status>(cst[c]);
            const double pos =
                two_worst && dash.given && cval && is_colour(st)
                    ? dashboard_position(cval[c], dash.direction, dash.worst, dash.red, dash.green, dash.best)
                    : kNaN;
            s.statuses[k0 + t].add(st, pos);
          }
        u = to;
      }
    }
    // Finish each cell: coverage, score, status.
    for (std::size_t u = ub; u < ue; ++u) {
      const std::size_t c0 = u * np;
      const std::int32_t n_app = s.n_app[u - ub], ind_total = s.ind_total[u - ub];
      for (int t = 0; t < np; ++t) {
        const std::size_t c = c0 + t, k = c - first;
        double& score = e.score[e.cell(node, 0, 0) + c];
        std::int8_t& status = e.status[e.cell(node, 0, 0) + c];
        std::uint8_t& flags = e.flags[e.cell(node, 0, 0) + c];
        present[block + c] = s.ind_present[k];
        total[block + c] = ind_total;
        e.rank[block + c] = 0;
        flags = 0;
        if (!app[u]) {
          score = kNaN;
          status = as_i8(Status::not_applicable);
          e.coverage[block + c] = kNaN;
          continue;
        }
        const double cov = ind_total ? static_cast<double>(s.ind_present[k]) / ind_total : 0.0;
        e.coverage[block + c] = ind_total ? cov : kNaN;
        if (!scored[u]) {
          // Declared not scored: its parents take the peers' mean (impute()).
          score = kNaN;
          status = as_i8(Status::not_applicable);
          flags = kNotScored;
          continue;
        }
        const bool enough = s.n_present[k] > 0 && s.wsum[k] > 0 &&
                            reaches(s.n_present[k], nd.min_coverage * n_app, n_app) &&
                            reaches(cov, min_indicator_coverage, 1.0);
        if (!enough) {
          score = kNaN;
          status = as_i8(Status::not_assessable);
          continue;
        }
        score = s.mean(k).result(agg.method, agg.p);
        const Status st = children_rule ? s.statuses[k].result(rule) : status_from_score(rule, score);
        status = as_i8(st);
        if (is_colour(st) && !reaches(cov, kLowCoverageWarning, 1.0)) flags |= kLowCoverage;
      }
    }
  };

  const auto& order = strategy_.topological_order();
  // Indicators imputed from their peers, before anything rolls them up.
  for (int node : indicators_)
    if (impute_method(node, o.impute) == ImputeMethod::peer_mean) impute(node, p, e, o.impute);
  bool imputing = any_imputation_;
  if (o.impute == 0) {
    imputing = false;
    for (const auto& nd : strategy_.nodes) imputing |= !nd.not_scored.empty();
  } else if (o.impute == 1) {
    imputing = true;
  }
  if (!imputing) {
    // A unit's scores depend only on its own children's scores: each thread
    // rolls up its range of units through the whole tree.
    parallel_for(
        static_cast<std::size_t>(U), o.threads,
        [&](std::size_t ub, std::size_t ue) {
          NodeScratch s;
          for (int node : order) {
            if (slot_[node] >= 0 || (!o.changed.empty() && !o.changed[node])) continue;
            if (P == 1) roll_up(node, ub, ue, s, std::integral_constant<int, 1>{});
            else roll_up(node, ub, ue, s, P);
            apply_manual(node, ub, ue);
          }
        },
        8);
  } else {
    // Imputation needs every unit of a node before its parents: node by node.
    for (int node : order) {
      if (slot_[node] >= 0) continue;
      parallel_for(
          static_cast<std::size_t>(U), o.threads,
          [&](std::size_t ub, std::size_t ue) {
            NodeScratch s;
            roll_up(node, ub, ue, s, P);
          },
          8);
      if (impute_method(node, o.impute) == ImputeMethod::peer_mean || !strategy_.nodes[node].not_scored.empty())
        impute(node, p, e, o.impute);
      apply_manual(node, 0, U);
    }
  }
  std::sort(e.overrides.begin(), e.overrides.end(), [](const Override& a, const Override& b) {
    return std::tie(a.node, a.unit, a.period) < std::tie(b.node, b.unit, b.period);
  });
}

ImputeMethod Evaluator::impute_method(int node, std::int8_t impute_override) const {
  if (impute_override == 0) return ImputeMethod::none;
  if (impute_override == 1 && slot_[node] >= 0) return ImputeMethod::peer_mean;
  return strategy_.nodes[node].impute.method;
}

void Evaluator::impute(int node, const Panel& p, Evaluation& e, std::int8_t impute_override) const {
  // Missing scores take the mean of the unit's peer group (units with the same
  // peer_group) among peers that have a score of their own (OECD/JRC Handbook
  // 2008, section 3: unconditional mean imputation within groups; the SDR
  // imputes a goal, or an indicator, by its regional mean). For a node, peers
  // must also have at least `impute.min_indicator_coverage` of its indicators
  // with data; for an indicator, the unit must have at least
  // `impute.min_sibling_values` values among the other indicators of its
  // parents (SDR 2020/2021: at least one of the goal's indicators). A node
  // declared not scored for a unit takes the mean too (for its parents), and
  // keeps its status not applicable.
  const Node& nd = strategy_.nodes[node];
  const StatusRule rule = strategy_.status_rule_of(nd);
  const int slot = aggregate_slot_[node];
  const int islot = slot_[node];
  const bool any_impute = impute_method(node, impute_override) == ImputeMethod::peer_mean;
  std::map<std::string, std::vector<int>> groups;
  for (int u = 0; u < e.n_units; ++u)
    if (!strategy_.units[u].peer_group.empty() && applicable_[node][u])
      groups[strategy_.units[u].peer_group].push_back(u);
  // For an indicator: the other indicators under its parents (each once).
  std::vector<int> siblings;
  if (islot >= 0 && nd.impute.min_sibling_values > 0) {
    for (const auto& l : nd.parents)
      for (int j = child_start_[l.parent]; j < child_start_[l.parent + 1]; ++j)
        if (child_[j].node != node && slot_[child_[j].node] >= 0) siblings.push_back(slot_[child_[j].node]);
    std::sort(siblings.begin(), siblings.end());
    siblings.erase(std::unique(siblings.begin(), siblings.end()), siblings.end());
  }
  auto peer_counts = [&](int u, int t) {
    const std::size_t c = e.cell(node, u, t);
    if (std::isnan(e.score[c]) || (e.flags[c] & (kImputed | kNotScored))) return false;
    return slot < 0 || reaches(e.coverage[e.aggregate_cell(slot, u, t)], nd.impute.min_indicator_coverage, 1.0);
  };
  auto may_impute = [&](int u, int t) {
    const std::size_t c = e.cell(node, u, t);
    if (!scored_[node][u]) return true;
    if (!any_impute || !std::isnan(e.score[c])) return false;
    if (siblings.empty()) return nd.impute.min_sibling_values == 0;
    int have = 0;
    for (int k : siblings)
      if (applicable_[indicators_[k]][u] && p.origin[p.cell(k, u, t)] >= 0) ++have;
    return have >= nd.impute.min_sibling_values;
  };
  for (int t = 0; t < e.n_periods; ++t)
    for (const auto& [name, members] : groups) {
      double sum = 0;
      int count = 0;
      for (int u : members)
        if (peer_counts(u, t)) {
          sum += e.score[e.cell(node, u, t)];
          ++count;
        }
      if (!count) continue;
      for (int u : members) {
        if (!may_impute(u, t)) continue;
        const std::size_t c = e.cell(node, u, t);
        e.score[c] = sum / count;
        e.flags[c] |= kImputed;
        if (scored_[node][u] && rule.method == StatusMethod::score_bands)
          e.status[c] = as_i8(status_from_score(rule, e.score[c]));
      }
    }
}

namespace {
/// Sorts `order` (score, unit) by score, ascending, as std::sort by score
/// would (units with equal scores in any order: only the ranks are used).
/// An LSD radix sort on the scores' bits, mapped so that unsigned order is
/// numeric order; the passes on a byte every key shares are skipped. For a
/// few hundred units it is several times faster than a comparison sort,
/// whose branches a computer cannot predict on random scores. Up to
/// kTopBitsOnly units only the keys' high 32 bits are radix-sorted (sign,
/// exponent and 20 bits of mantissa: scores closer than about 1e-6 of each
/// other share them), and an insertion sort by the whole key then moves the
/// rare units that do past each other: half the passes (5.1 -> 2.3 us for
/// 200 scores). Its worst case, every key sharing its high bits, is
/// quadratic, which the limit keeps to a few tens of microseconds.
void sort_by_score(std::vector<std::pair<double, int>>& order, std::vector<std::pair<double, int>>& scratch,
                   std::vector<std::uint64_t>& keys, std::vector<std::uint64_t>& key_scratch) {
  const std::size_t n = order.size();
  if (n < 32) {
    std::sort(order.begin(), order.end(),
              [](const std::pair<double, int>& a, const std::pair<double, int>& b) { return a.first < b.first; });
    return;
  }
  keys.resize(n);
  key_scratch.resize(n);
  scratch.resize(n);
  std::uint64_t all_and = ~std::uint64_t{0}, all_or = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double d = order[k].first + 0.0;  // -0 as +0: equal scores, equal keys
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    bits = (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
    keys[k] = bits;
    all_and &= bits;
    all_or |= bits;
  }
  constexpr std::size_t kTopBitsOnly = 512;
  const bool top_only = n <= kTopBitsOnly;
  for (int shift = top_only ? 32 : 0; shift < 64; shift += 8) {
    if ((((all_and ^ all_or) >> shift) & 0xFF) == 0) continue;  // every key has this byte
    std::size_t start[257] = {};
    for (std::size_t k = 0; k < n; ++k) ++start[((keys[k] >> shift) & 0xFF) + 1];
    for (int b = 0; b < 256; ++b) start[b + 1] += start[b];
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t to = start[(keys[k] >> shift) & 0xFF]++;
      key_scratch[to] = keys[k];
      scratch[to] = order[k];
    }
    keys.swap(key_scratch);
    order.swap(scratch);
  }
  if (!top_only) return;
  for (std::size_t k = 1; k < n; ++k) {
    if (keys[k - 1] <= keys[k]) continue;
    const std::uint64_t key = keys[k];
    const std::pair<double, int> item = order[k];
    std::size_t j = k;
    for (; j > 0 && keys[j - 1] > key; --j) {
      keys[j] = keys[j - 1];
      order[j] = order[j - 1];
    }
    keys[j] = key;
    order[j] = item;
  }
}
}  // namespace

void Evaluator::rank_units(Evaluation& e, const std::vector<char>& changed, int threads) const {
  // Ranks of units among their siblings (same parent unit), 1 = best, equal
  // scores share the better rank (competition ranking).
  const int P = e.n_periods;
  parallel_for(aggregates_.size(), threads, [&](std::size_t begin, std::size_t end) {
    std::vector<std::pair<double, int>> order, scratch;
    std::vector<std::uint64_t> keys, key_scratch;
    for (std::size_t slot = begin; slot < end; ++slot) {
      const int node = aggregates_[slot];
      if (!changed.empty() && !changed[node]) continue;
      for (const auto& group : sibling_groups_)
        for (int t = 0; t < P; ++t) {
          order.clear();
          for (int u : group) {
            const double s = e.score[e.cell(node, u, t)];
            if (!std::isnan(s)) order.emplace_back(-s, u);
          }
          sort_by_score(order, scratch, keys, key_scratch);
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

void Evaluator::check_options(const EvaluationOptions& o) const {
  const int n_nodes = static_cast<int>(strategy_.nodes.size());
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
      throw ArgumentError(std::string("evaluate: ") + what + " needs one entry per node (" + std::to_string(n_nodes) +
                          "), got " + std::to_string(size));
  };
  check_len(o.normalisation.size(), "normalisation");
  check_len(o.aggregation.size(), "aggregation");
  check_len(o.power.size(), "power");
  for (std::size_t k = 0; k < o.aggregation.size(); ++k)
    if (o.aggregation[k] > static_cast<std::int8_t>(Aggregation::minimum))
      throw ArgumentError("evaluate: aggregation of node '" + strategy_.nodes[k].id + "' is not a method");
  for (std::size_t k = 0; k < o.power.size(); ++k)
    if (!std::isnan(o.power[k]) && !std::isfinite(o.power[k]))
      throw ArgumentError("evaluate: power of node '" + strategy_.nodes[k].id + "' must be finite");
  if (o.impute < -1 || o.impute > static_cast<std::int8_t>(ImputeMethod::peer_mean))
    throw ArgumentError("evaluate: impute must be -1 (keep), 0 (none) or 1 (peer_mean)");
  // The normalisation of each indicator is checked by the same rules as the
  // strategy's own (same messages).
  for (std::size_t k = 0; k < o.normalisation.size(); ++k) {
    if (o.normalisation[k] < 0 || !strategy_.nodes[k].is_indicator()) continue;
    if (o.normalisation[k] > static_cast<std::int8_t>(Normalisation::percentile_rank))
      throw ArgumentError("evaluate: normalisation of node '" + strategy_.nodes[k].id + "' is not a method");
    try {
      strategy_.check_normalisation(strategy_.nodes[k], static_cast<Normalisation>(o.normalisation[k]),
                                    "evaluate(normalisation=...)");
    } catch (const StrategyError& err) {
      throw ArgumentError(err.what());
    }
  }
}

Evaluation Evaluator::evaluate(std::shared_ptr<const Panel> panel, const EvaluationOptions& o) const {
  if (!panel) throw ArgumentError("evaluate: no panel; call prepare(measurements) first");
  const Panel& p = *panel;
  if (p.n_indicators != static_cast<int>(indicators_.size()) || p.n_units != static_cast<int>(strategy_.units.size()))
    throw ArgumentError("evaluate: the panel was prepared for another strategy");
  check_options(o);
  Evaluation e;
  if (o.changed.empty()) {
    evaluate_into(p, o, e);
  } else {  // a new evaluation computes every node
    EvaluationOptions all = o;
    all.changed.clear();
    evaluate_into(p, all, e);
  }
  e.panel = panel;
  return e;
}

void Evaluator::evaluate_into(const Panel& p, const EvaluationOptions& o, Evaluation& e) const {
  const int n_nodes = static_cast<int>(strategy_.nodes.size());
  if (!o.changed.empty() &&
      (o.changed.size() != static_cast<std::size_t>(n_nodes) || any_imputation_ || o.impute == 1 ||
       e.score.size() != static_cast<std::size_t>(n_nodes) * p.n_units * p.n_periods))
    throw ArgumentError(
        "evaluate_into: `changed` needs one entry per node, an evaluation of the same shape to update, and no "
        "imputation");
  e.normalisation = normalisation_;
  for (std::size_t k = 0; k < o.normalisation.size(); ++k)
    if (o.normalisation[k] >= 0 && strategy_.nodes[k].is_indicator()) e.normalisation[k] = o.normalisation[k];
  e.overrides.clear();
  e.comments.clear();
  if (e.periods.size() != p.periods.size()) e.periods = p.periods;
  e.n_nodes = n_nodes;
  e.n_units = p.n_units;
  e.n_periods = p.n_periods;
  e.aggregates = aggregates_;
  const std::size_t UP = static_cast<std::size_t>(p.n_units) * p.n_periods;
  e.score.resize(static_cast<std::size_t>(n_nodes) * UP);
  e.status.resize(e.score.size());
  e.flags.resize(e.score.size());
  e.coverage.resize(aggregates_.size() * UP);
  e.indicators_present.resize(e.coverage.size());
  e.indicators_total.resize(e.coverage.size());
  e.rank.resize(e.coverage.size());
  evaluate_indicators(p, o, e);
  evaluate_nodes(p, o, e);
  rank_units(e, o.changed, o.threads);
}

}  // namespace styrkort
