#include "styrkort/strategy.hpp"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <unordered_set>

#include "styrkort/error.hpp"

namespace styrkort {

namespace {
std::string fmt(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}
bool finite_or_nan(double x) { return std::isnan(x) || std::isfinite(x); }

// A cycle as messages write it: "a -> b -> c -> a"; a long one by its first
// members, its last and its length (a 50,000-long cycle is not a
// 500,000-character line). ids: the members once each, in the links' order.
std::string cycle_text(const std::vector<std::string>& ids, std::size_t shown = 6) {
  if (ids.empty()) return {};
  std::string out;
  const std::size_t n = ids.size();
  if (n <= shown) {
    for (const auto& id : ids) out += id + " -> ";
    return out + ids.front();
  }
  for (std::size_t k = 0; k + 1 < shown; ++k) out += ids[k] + " -> ";
  return out + "... -> " + ids.back() + " -> " + ids.front() + " (a cycle of " + std::to_string(n) + " links)";
}
}  // namespace

StrategyError Strategy::error(const std::string& where, const std::string& rule) const {
  return StrategyError(Location{source.empty() ? std::string("strategy") : source, where, -1, {}, {}}, rule);
}

int Strategy::node_index(const std::string& id) const {
  auto it = node_by_id_.find(id);
  return it == node_by_id_.end() ? -1 : it->second;
}

int Strategy::unit_index(const std::string& id) const {
  auto it = unit_by_id_.find(id);
  return it == unit_by_id_.end() ? -1 : it->second;
}

Period Strategy::resolve_period(const std::string& id, const std::string& where) const {
  if (periods_declared) {
    auto it = period_by_id_.find(id);
    if (it == period_by_id_.end())
      throw error(where, "unknown period '" + id + "': it is not among the strategy's periods; add it to \"periods\"");
    return periods[it->second];
  }
  if (auto p = parse_period(id)) return *p;
  throw error(where, "unknown period '" + id +
                         "': use YYYY, YYYY-T1..3, YYYY-H1..2, YYYY-Q1..4 or YYYY-M01..12, "
                         "or declare it in \"periods\" with a \"time\"");
}

void Strategy::check_unique_ids() {
  auto unique = [&](auto& list, auto& index, const char* what) {
    index.clear();
    index.reserve(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      const auto& e = list[i];
      if (e.id.empty()) throw error(e.where, std::string("the ") + what + " id is empty");
      auto [it, fresh] = index.emplace(e.id, static_cast<int>(i));
      if (!fresh)
        throw error(e.where,
                    std::string("duplicate ") + what + " id '" + e.id + "' (first at " + list[it->second].where + ")");
    }
  };
  unique(nodes, node_by_id_, "node");
  unique(units, unit_by_id_, "unit");
  std::unordered_map<std::string, int> activity_ids;
  unique(activities, activity_ids, "activity");
}

void Strategy::resolve_units() {
  if (units.empty()) {
    Unit all;
    all.id = "all";
    all.name = organisation.empty() ? "All" : organisation;
    all.kind = "municipality";
    all.where = "units (implicit)";
    units.push_back(all);
    unit_by_id_.emplace("all", 0);
  }
  for (auto& u : units) {
    if (!(u.weight >= 0.0) || !std::isfinite(u.weight))
      throw error(u.where + ".weight",
                  "weight of unit '" + u.id + "' is " + fmt(u.weight) + "; it must be a finite number >= 0");
    u.parent = -1;
    if (!u.parent_id.empty()) {
      u.parent = unit_index(u.parent_id);
      if (u.parent < 0)
        throw error(u.where + ".parent", "unknown parent unit '" + u.parent_id + "' of unit '" + u.id + "'");
    }
  }
  // Depth of each unit, each unit walked once (linear in the number of units):
  // walk up to a unit whose depth is known, then fill in the walk's depths.
  // A walk that meets itself is a cycle.
  const int n = static_cast<int>(units.size());
  std::vector<int> depth(n, -1), on_walk(n, -1);
  std::vector<int> walk;
  for (int i = 0; i < n; ++i) {
    if (depth[i] >= 0) continue;
    walk.clear();
    int p = i;
    while (p >= 0 && depth[p] < 0) {
      if (on_walk[p] == i) {  // the walk came back to p: the cycle is walk[from..]
        const auto from = static_cast<std::size_t>(std::find(walk.begin(), walk.end(), p) - walk.begin());
        std::vector<std::string> cycle;
        for (std::size_t k = from; k < walk.size(); ++k) cycle.push_back(units[walk[k]].id);
        throw error(units[p].where + ".parent", "the units' parents form a cycle: " + cycle_text(cycle));
      }
      on_walk[p] = i;
      walk.push_back(p);
      p = units[p].parent;
    }
    int d = p < 0 ? -1 : depth[p];
    for (auto k = walk.size(); k-- > 0;) depth[walk[k]] = ++d;
  }
  // Deepest first; a counting sort keeps the units' order within a depth.
  int max_depth = 0;
  for (int d : depth) max_depth = std::max(max_depth, d);
  std::vector<int> start(static_cast<std::size_t>(max_depth) + 2, 0);
  for (int d : depth) ++start[static_cast<std::size_t>(max_depth - d) + 1];
  for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  units_bottom_up_.assign(n, 0);
  for (int i = 0; i < n; ++i) units_bottom_up_[start[static_cast<std::size_t>(max_depth - depth[i])]++] = i;
}

void Strategy::check_status_rule(const StatusRule& r, const Node* ind, const std::string& where) const {
  auto need = [&](double x, const char* key) {
    if (!std::isfinite(x))
      throw error(where + "." + key,
                  std::string("the status rule '") + to_string(r.method) + "' needs a finite number here");
  };
  // A threshold the method does not look at would be a colour rule that does
  // nothing: refused, with the thresholds the method has.
  struct Threshold {
    double value;
    const char* key;
  };
  auto unused = [&](std::initializer_list<Threshold> list, const char* uses) {
    for (const auto& t : list)
      if (!std::isnan(t.value))
        throw error(where + "." + t.key, std::string("the status rule '") + to_string(r.method) + "' has no " + t.key +
                                             " threshold (" + uses + ")");
  };
  switch (r.method) {
    case StatusMethod::score_bands: unused({{r.red, "red"}}, "it uses green, yellow and orange"); break;
    case StatusMethod::sdg_dashboard:
      unused({{r.yellow, "yellow"}, {r.orange, "orange"}}, "it uses green and red");
      break;
    case StatusMethod::share_green: unused({{r.orange, "orange"}, {r.red, "red"}}, "it uses green and yellow"); break;
    case StatusMethod::worst:
    case StatusMethod::two_worst:
      unused({{r.green, "green"}, {r.yellow, "yellow"}, {r.orange, "orange"}, {r.red, "red"}},
             "it takes the colours of the node's parts");
      break;
  }
  switch (r.method) {
    case StatusMethod::score_bands:
      need(r.green, "green");
      need(r.yellow, "yellow");
      if (!(r.green > r.yellow))
        throw error(where, "thresholds in the wrong order: score_bands needs green (" + fmt(r.green) + ") > yellow (" +
                               fmt(r.yellow) + ")");
      if (!std::isnan(r.orange) && !(r.yellow > r.orange))
        throw error(where, "thresholds in the wrong order: score_bands needs yellow (" + fmt(r.yellow) +
                               ") > orange (" + fmt(r.orange) + ")");
      break;
    case StatusMethod::sdg_dashboard:
      if (!ind)
        throw error(where, "sdg_dashboard works on an indicator's raw value; use it on "
                           "indicators, and share_green, worst, two_worst or score_bands on other nodes");
      need(r.green, "green");
      need(r.red, "red");
      if (ind->direction == Direction::band)
        throw error(where, "sdg_dashboard needs a direction higher_is_better or "
                           "lower_is_better; indicator '" +
                               ind->id + "' has direction band");
      if (ind->direction == Direction::higher_is_better && !(r.green > r.red))
        throw error(where, "thresholds in the wrong order for indicator '" + ind->id + "' (higher_is_better): green (" +
                               fmt(r.green) + ") must be > red (" + fmt(r.red) + ")");
      if (ind->direction == Direction::lower_is_better && !(r.green < r.red))
        throw error(where, "thresholds in the wrong order for indicator '" + ind->id + "' (lower_is_better): green (" +
                               fmt(r.green) + ") must be < red (" + fmt(r.red) + ")");
      break;
    case StatusMethod::share_green:
      if (ind)
        throw error(where, "share_green works on a node's children; indicator '" + ind->id +
                               "' has none: use score_bands or sdg_dashboard");
      need(r.green, "green");
      if (!(r.green >= 0 && r.green <= 1))
        throw error(where + ".green", "a share must be within [0, 1], got " + fmt(r.green));
      if (!std::isnan(r.yellow) && !(r.yellow >= 0 && r.yellow <= 1))
        throw error(where + ".yellow", "a share must be within [0, 1], got " + fmt(r.yellow));
      break;
    case StatusMethod::worst:
    case StatusMethod::two_worst:
      if (ind)
        throw error(where, std::string(to_string(r.method)) + " works on a node's children; indicator '" + ind->id +
                               "' has none: use score_bands or sdg_dashboard");
      break;
  }
}

double target_at(const Target& target, const Reference& anchor, double t) {
  if (!target.given()) return kNaN;
  if (t >= target.time) return target.value;
  // The points of the path in time order: the milestones, then the final target.
  auto point = [&](std::size_t k) -> const Reference& {
    return k < target.milestones.size() ? target.milestones[k] : target;
  };
  const std::size_t n = target.milestones.size() + 1;
  std::size_t k = 0;
  while (k < n && point(k).time < t) ++k;
  const Reference& next = point(k);  // the first point at or after t
  if (next.time == t || target.interpolation == Interpolation::step) return next.value;
  // Before the first milestone the path starts from the baseline, strictly after
  // it: the baseline period itself is judged against the first milestone, not
  // against its own value.
  const Reference* prev = k > 0 ? &point(k - 1) : (anchor.given() && anchor.time < t ? &anchor : nullptr);
  if (!prev) return next.value;  // at or before the baseline, or without one
  const double f = (t - prev->time) / (next.time - prev->time);
  if (target.interpolation == Interpolation::cagr)
    return prev->value * std::pow(next.value / prev->value, f);  // positive values, checked by finalise()
  const double step = next.value - prev->value;
  if (std::isfinite(step)) return prev->value + f * step;
  return (1.0 - f) * prev->value + f * next.value;  // values near ±DBL_MAX: no overflow in between
}

void Strategy::check_target(Target& t, const Reference& baseline, const Node& n, const std::string& where) {
  if (!t.given()) {
    if (!t.milestones.empty())
      throw error(where + ".milestones",
                  "milestones of indicator '" + n.id + "' need the final target's \"value\" and \"period\"");
    return;
  }
  for (std::size_t k = 0; k < t.milestones.size(); ++k) {
    Reference& m = t.milestones[k];
    const std::string at = where + ".milestones[" + std::to_string(k) + "]";
    if (!std::isfinite(m.value)) throw error(at + ".value", "the value must be finite");
    m.time = resolve_period(m.period, at + ".period").time;
    if (!(m.time < t.time))
      throw error(at + ".period", "milestone period '" + m.period + "' of indicator '" + n.id +
                                      "' must come before the target period '" + t.period + "'");
  }
  std::stable_sort(t.milestones.begin(), t.milestones.end(),
                   [](const Reference& a, const Reference& b) { return a.time < b.time; });
  for (std::size_t k = 1; k < t.milestones.size(); ++k)
    if (t.milestones[k].time == t.milestones[k - 1].time)
      throw error(where + ".milestones", "two milestones of indicator '" + n.id + "' fall at the same time ('" +
                                             t.milestones[k - 1].period + "' and '" + t.milestones[k].period +
                                             "'); give one value per period");
  if (!t.milestones.empty() && n.direction == Direction::band)
    throw error(where + ".milestones",
                "indicator '" + n.id +
                    "' has direction band and is judged "
                    "by its band, not by target values; milestones would have no effect (remove them)");
  if (baseline.given() && !t.milestones.empty() && !(t.milestones.front().time > baseline.time))
    throw error(where + ".milestones", "the first milestone '" + t.milestones.front().period + "' of indicator '" +
                                           n.id + "' must come after the baseline period '" + baseline.period + "'");
  if (t.interpolation == Interpolation::cagr) {
    bool positive = t.value > 0 && (!baseline.given() || baseline.value > 0);
    for (const auto& m : t.milestones) positive = positive && m.value > 0;
    if (!positive)
      throw error(where + ".interpolation", "interpolation cagr (a constant growth rate) "
                                            "needs a baseline, milestones and target > 0 for indicator '" +
                                                n.id + "'; use linear or step");
  }
}

void Strategy::check_normalisation(const Node& n, Normalisation norm, const std::string& where) const {
  if (n.direction == Direction::band) return;  // scored by the distance to its band
  bool any_target = false, ratio_ok = true;
  auto positive = [&](const Target& t) {
    if (!t.given()) return;
    any_target = true;
    ratio_ok = ratio_ok && t.value > 0;
    for (const auto& m : t.milestones) ratio_ok = ratio_ok && m.value > 0;
  };
  positive(n.target);
  for (const auto& u : n.by_unit) positive(u.target);
  if ((norm == Normalisation::progress || norm == Normalisation::ratio) && !any_target)
    throw error(where, "indicator '" + n.id + "' uses normalisation " + to_string(norm) + " and needs a \"target\"");
  if (norm == Normalisation::ratio && !ratio_ok)
    throw error(where, "normalisation ratio needs targets (and milestones) > 0 for indicator '" + n.id + "'");
  if (norm == Normalisation::bounded && std::isnan(n.worst))
    throw error(where,
                "indicator '" + n.id + "' uses normalisation bounded and needs \"bounds\": {\"worst\", \"best\"}");
}

void Strategy::check_indicator(Node& n) {
  const std::string& w = n.where;
  if (n.direction != Direction::band)
    for (auto [x, key] : {std::pair{n.band_low, "band"}, {n.tolerance, "tolerance"}})
      if (!std::isnan(x))
        throw error(w + "." + key, std::string("\"") + key + "\" is for an indicator with direction band; '" + n.id +
                                       "' has direction " + to_string(n.direction));
  if (n.direction == Direction::band) {
    if (!std::isfinite(n.band_low) || !std::isfinite(n.band_high) || n.band_low > n.band_high)
      throw error(w + ".band",
                  "indicator '" + n.id + "' has direction band and needs \"band\": [low, high] with low <= high");
    if (!(n.tolerance > 0) || !std::isfinite(n.tolerance))
      throw error(w + ".tolerance", "indicator '" + n.id +
                                        "' has direction band and needs a \"tolerance\" > 0 (the distance from "
                                        "the band at which its score reaches 0)");
  }
  // A baseline and a target: the indicator's own, then each unit's.
  auto check_pair = [&](Reference& baseline, Target& target, const std::string& at) {
    for (Reference* ref : {&baseline, static_cast<Reference*>(&target)}) {
      const char* key = ref == &baseline ? "baseline" : "target";
      if (!finite_or_nan(ref->value)) throw error(at + "." + key + ".value", "the value must be finite");
      if (ref->given()) {
        if (ref->period.empty()) throw error(at + "." + key, std::string("a ") + key + " needs a \"period\"");
        ref->time = resolve_period(ref->period, at + "." + key + ".period").time;
      }
    }
    if (baseline.given() && target.given() && !(target.time > baseline.time))
      throw error(at + ".target.period", "the target period '" + target.period + "' of indicator '" + n.id +
                                             "' must come after its baseline period '" + baseline.period + "'");
    check_target(target, baseline, n, at + ".target");
  };
  check_pair(n.baseline, n.target, w);
  std::unordered_set<int> by_unit_seen;
  for (std::size_t k = 0; k < n.by_unit.size(); ++k) {
    UnitReference& u = n.by_unit[k];
    u.where = w + ".by_unit[" + std::to_string(k) + "]";
    u.unit = unit_index(u.unit_id);
    if (u.unit < 0) throw error(u.where + ".unit", "unknown unit '" + u.unit_id + "'");
    if (!by_unit_seen.insert(u.unit).second)
      throw error(u.where + ".unit", "unit '" + u.unit_id + "' appears twice in by_unit of indicator '" + n.id +
                                         "'; give one baseline and one target per unit");
    if (!u.baseline.given() && !u.target.given())
      throw error(u.where, "give a \"baseline\" or a \"target\" for unit '" + u.unit_id + "'");
    // A unit's target comes after its own baseline, else after the indicator's.
    Reference inherited = n.baseline;
    check_pair(u.baseline.given() ? u.baseline : inherited, u.target, u.where);
  }
  if (n.target_share != TargetShare::none && n.unit_aggregation != UnitAggregation::sum)
    throw error(w + ".target_share", "target_share splits a target over sub-units of an "
                                     "indicator summed over units; indicator '" +
                                         n.id + "' has unit_aggregation " + to_string(n.unit_aggregation) +
                                         " (its sub-units use the indicator's target as it is)");
  const bool has_bounds = !std::isnan(n.worst) || !std::isnan(n.best);
  if (has_bounds) {
    if (!std::isfinite(n.worst) || !std::isfinite(n.best))
      throw error(w + ".bounds", "bounds need finite \"worst\" and \"best\"");
    if (n.direction == Direction::higher_is_better && !(n.best > n.worst))
      throw error(w + ".bounds", "bounds in the wrong order for indicator '" + n.id + "' (higher_is_better): best (" +
                                     fmt(n.best) + ") must be > worst (" + fmt(n.worst) + ")");
    if (n.direction == Direction::lower_is_better && !(n.best < n.worst))
      throw error(w + ".bounds", "bounds in the wrong order for indicator '" + n.id + "' (lower_is_better): best (" +
                                     fmt(n.best) + ") must be < worst (" + fmt(n.worst) + ")");
  }
  if (!(std::isnan(n.carry_forward) || n.carry_forward >= 0)) throw error(w + ".carry_forward", "must be >= 0 (years)");
  // Can the chosen normalisation be computed?
  // (Whether the normalisation can be computed is checked once the links are
  // known to form no cycle: finalise() -> check_normalisations().)
  if (n.trend) {
    if (!n.trend->start.empty()) resolve_period(n.trend->start, w + ".trend.start");
    if (!n.trend->horizon.empty()) resolve_period(n.trend->horizon, w + ".trend.horizon");
  }
}

void Strategy::resolve_nodes() {
  // Each node's parents, marked by the node's index: a parent named twice is
  // found in linear time (an indicator may have 100,000 parents).
  std::vector<int> named_by(nodes.size(), -1), named_at(nodes.size(), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    Node& n = nodes[i];
    for (size_t k = 0; k < n.parents.size(); ++k) {
      auto& l = n.parents[k];
      const std::string at = n.where + ".parents[" + std::to_string(k) + "]";
      l.parent = node_index(l.parent_id);
      if (l.parent < 0) throw error(at, "unknown parent '" + l.parent_id + "' of node '" + n.id + "'");
      if (!(l.weight >= 0) || !std::isfinite(l.weight))
        throw error(at + ".weight", "negative or non-finite weight " + fmt(l.weight) + " on the link from '" + n.id +
                                        "' to '" + l.parent_id + "'; weights must be >= 0");
      if (nodes[l.parent].is_indicator())
        throw error(at, "node '" + n.id + "' has indicator '" + l.parent_id +
                            "' as parent; indicators are leaves of the goal tree");
      if (named_by[l.parent] == static_cast<int>(i))
        throw error(at, "node '" + n.id + "' names parent '" + l.parent_id + "' twice (first at " + n.where +
                            ".parents[" + std::to_string(named_at[l.parent]) + "])");
      named_by[l.parent] = static_cast<int>(i);
      named_at[l.parent] = static_cast<int>(k);
    }
    if (n.priority < 0) throw error(n.where + ".priority", "must be an integer >= 1");
    for (double c : {n.min_coverage, n.min_indicator_coverage, n.impute.min_indicator_coverage})
      if (!std::isnan(c) && !(c >= 0 && c <= 1))
        throw error(n.where, "coverage thresholds of node '" + n.id + "' must be shares within [0, 1], got " + fmt(c));
    if (n.aggregation && n.aggregation->method == Aggregation::power && !std::isfinite(n.aggregation->p))
      throw error(n.where + ".aggregation.p", "the power mean needs a finite \"p\"");
    n.not_applicable.clear();
    for (size_t k = 0; k < n.not_applicable_ids.size(); ++k) {
      const int u = unit_index(n.not_applicable_ids[k]);
      if (u < 0)
        throw error(n.where + ".not_applicable[" + std::to_string(k) + "]",
                    "unknown unit '" + n.not_applicable_ids[k] + "'");
      n.not_applicable.push_back(u);
    }
    n.not_scored.clear();
    for (size_t k = 0; k < n.not_scored_ids.size(); ++k) {
      const std::string at = n.where + ".not_scored[" + std::to_string(k) + "]";
      const int u = unit_index(n.not_scored_ids[k]);
      if (u < 0) throw error(at, "unknown unit '" + n.not_scored_ids[k] + "'");
      if (units[u].peer_group.empty())
        throw error(at, "unit '" + units[u].id +
                            "' has no peer_group; a node not scored for a "
                            "unit takes the mean of the unit's peers, so give the unit a \"peer_group\"");
      n.not_scored.push_back(u);
    }
    if (!n.not_scored.empty() && n.parents.empty())
      throw error(n.where + ".not_scored",
                  "node '" + n.id +
                      "' has no parent; not_scored stands "
                      "in a parent's score for the node, so it needs a parent (use not_applicable instead)");
    if (n.is_indicator()) check_indicator(n);
    if (n.status_rule) check_status_rule(*n.status_rule, n.is_indicator() ? &n : nullptr, n.where + ".status_rule");
  }
}

void Strategy::check_acyclic() {
  // Kahn's algorithm with children first: a node is ready when all its
  // children are placed.
  const int n = static_cast<int>(nodes.size());
  std::vector<int> pending(n, 0);
  for (const auto& c : nodes)
    for (const auto& l : c.parents) ++pending[l.parent];
  topo_.clear();
  for (int i = 0; i < n; ++i)
    if (pending[i] == 0) topo_.push_back(i);
  for (size_t k = 0; k < topo_.size(); ++k)
    for (const auto& l : nodes[topo_[k]].parents)
      if (--pending[l.parent] == 0) topo_.push_back(l.parent);
  if (static_cast<int>(topo_.size()) == n) return;
  // The unplaced nodes are on a cycle or above one; every one of them has an
  // unplaced child, so walking down through unplaced children must repeat a node.
  std::vector<std::vector<int>> kids(n);
  for (int c = 0; c < n; ++c)
    for (const auto& l : nodes[c].parents) kids[l.parent].push_back(c);
  int cur = -1;
  for (int i = 0; i < n && cur < 0; ++i)
    if (pending[i] > 0) cur = i;
  std::vector<int> path;
  std::vector<int> seen_at(n, -1);
  while (seen_at[cur] < 0) {
    seen_at[cur] = static_cast<int>(path.size());
    path.push_back(cur);
    int next = -1;
    for (int c : kids[cur])
      if (pending[c] > 0) {
        next = c;
        break;
      }
    cur = next;
  }
  // The cycle is path[seen_at[cur]..]; say it child -> parent, as the links run.
  std::vector<std::string> cycle;
  for (size_t k = path.size(); k-- > static_cast<size_t>(seen_at[cur]);) cycle.push_back(nodes[path[k]].id);
  throw error(nodes[path.back()].where + ".parents",
              "the goal tree has a cycle: " + cycle_text(cycle) + "; a node cannot count toward itself");
}

void Strategy::resolve_activities_and_assessments() {
  for (auto& a : activities) {
    a.focus_area = -1;
    if (!a.focus_area_id.empty()) {
      a.focus_area = node_index(a.focus_area_id);
      if (a.focus_area < 0)
        throw error(a.where + ".focus_area", "unknown focus area '" + a.focus_area_id + "' of activity '" + a.id + "'");
    }
    a.unit = -1;
    if (!a.unit_id.empty()) {
      a.unit = unit_index(a.unit_id);
      if (a.unit < 0) throw error(a.where + ".unit", "unknown unit '" + a.unit_id + "' of activity '" + a.id + "'");
    }
    for (auto [x, key] : {std::pair{a.planned_cost, "planned_cost"},
                          {a.spent_cost, "spent_cost"},
                          {a.planned_hours, "planned_hours"},
                          {a.spent_hours, "spent_hours"}})
      if (!std::isnan(x) && !(x >= 0 && std::isfinite(x)))
        throw error(a.where + "." + key, "must be a finite number >= 0, got " + fmt(x));
  }
  for (auto& s : assessments) {
    s.node = node_index(s.node_id);
    if (s.node < 0) throw error(s.where + ".node", "unknown node '" + s.node_id + "'");
    if (s.unit_id.empty()) {
      if (units.size() != 1) throw error(s.where + ".unit", "the strategy has several units; say which one");
      s.unit = 0;
    } else {
      s.unit = unit_index(s.unit_id);
      if (s.unit < 0) throw error(s.where + ".unit", "unknown unit '" + s.unit_id + "'");
    }
    resolve_period(s.period, s.where + ".period");
    if (s.status && !is_colour(*s.status))
      throw error(s.where + ".status", "a manual status is green, yellow, orange or red");
    if (s.comment.find_first_not_of(" \t\r\n") == std::string::npos)
      throw error(s.where + ".comment", s.status ? "a manual status needs a comment saying why"
                                                 : "an assessment without a status is a comment; give the \"comment\"");
  }
}

void Strategy::finalise() {
  finalised_ = false;
  inherited_normalisation_.clear();
  // Periods: sort by time; the same time is allowed only for different kinds.
  period_by_id_.clear();
  std::stable_sort(periods.begin(), periods.end(), [](const Period& a, const Period& b) {
    return a.time < b.time || (a.time == b.time && a.kind < b.kind);
  });
  for (size_t i = 0; i < periods.size(); ++i) {
    if (!period_by_id_.emplace(periods[i].id, static_cast<int>(i)).second)
      throw error("$.periods", "duplicate period id '" + periods[i].id + "'");
    if (i > 0 && periods[i].time == periods[i - 1].time && periods[i].kind == periods[i - 1].kind)
      throw error("$.periods",
                  "periods '" + periods[i - 1].id + "' and '" + periods[i].id + "' have the same kind and time");
  }
  check_unique_ids();
  resolve_units();
  check_status_rule(defaults.indicator_status, nullptr, "$.defaults.indicator_status_rule");
  check_status_rule(defaults.node_status, nullptr, "$.defaults.node_status_rule");
  if (!(defaults.carry_forward >= 0)) throw error("$.defaults.carry_forward", "must be >= 0");
  if (!(defaults.min_indicator_coverage >= 0 && defaults.min_indicator_coverage <= 1))
    throw error("$.defaults.min_indicator_coverage",
                "a share within [0, 1], got " + fmt(defaults.min_indicator_coverage));
  // An unknown period would leave every indicator's trend window silently as if unset.
  if (!defaults.trend.start.empty()) resolve_period(defaults.trend.start, "$.defaults.trend.start");
  if (!defaults.trend.horizon.empty()) resolve_period(defaults.trend.horizon, "$.defaults.trend.horizon");
  resolve_nodes();
  check_acyclic();
  inherit_normalisations();
  check_normalisations();
  resolve_activities_and_assessments();
  finalised_ = true;
}

void Strategy::inherit_normalisations() {
  // The nearest ancestor naming a normalisation, for every node in one pass
  // from the roots down (parents before children): the nearest over the
  // parents, the first parent on a tie. This is what a breadth-first search
  // up from the node with parents in order finds, without one search per
  // indicator (linear in nodes and links).
  const std::size_t n = nodes.size();
  constexpr int kFar = std::numeric_limits<int>::max();
  std::vector<int> dist(n, kFar);  // from the node itself (0: its own)
  std::vector<std::int8_t> own_or_above(n, -1);
  inherited_normalisation_.assign(n, -1);
  for (auto it = topo_.rbegin(); it != topo_.rend(); ++it) {
    const int i = *it;
    int best = kFar;
    std::int8_t norm = -1;
    for (const auto& l : nodes[i].parents)
      if (dist[l.parent] != kFar && dist[l.parent] + 1 < best) {
        best = dist[l.parent] + 1;
        norm = own_or_above[l.parent];
      }
    inherited_normalisation_[i] = norm;
    if (nodes[i].normalisation) {
      dist[i] = 0;
      own_or_above[i] = static_cast<std::int8_t>(*nodes[i].normalisation);
    } else {
      dist[i] = best;
      own_or_above[i] = norm;
    }
  }
}

void Strategy::check_normalisations() const {
  for (const auto& n : nodes)
    if (n.is_indicator())
      if (const auto norm = normalisation_of(n)) check_normalisation(n, *norm, n.where);
}

std::optional<Normalisation> Strategy::normalisation_of(const Node& n) const {
  if (n.normalisation) return *n.normalisation;
  const std::less<const Node*> before;
  const bool ours = !nodes.empty() && !before(&n, nodes.data()) && before(&n, nodes.data() + nodes.size());
  if (ours && inherited_normalisation_.size() == nodes.size()) {
    const auto i = static_cast<std::size_t>(&n - nodes.data());
    if (inherited_normalisation_[i] >= 0) return static_cast<Normalisation>(inherited_normalisation_[i]);
  } else {
    // A node outside the finalised strategy: the nearest ancestor that names
    // one, breadth first with parents in order, by id.
    std::vector<const Node*> queue{&n};
    std::unordered_set<int> seen;
    for (std::size_t k = 0; k < queue.size(); ++k)
      for (const auto& l : queue[k]->parents) {
        const int p = node_index(l.parent_id);
        if (p < 0 || !seen.insert(p).second) continue;
        if (nodes[p].normalisation) return *nodes[p].normalisation;
        queue.push_back(&nodes[p]);
      }
  }
  if (defaults.normalisation) return *defaults.normalisation;
  if (!std::isnan(n.worst)) return Normalisation::bounded;
  bool target = n.target.given(), baseline = n.baseline.given();
  for (const auto& u : n.by_unit) {
    target = target || u.target.given();
    baseline = baseline || u.baseline.given();
  }
  if (target && baseline) return Normalisation::progress;
  if (target) return Normalisation::ratio;
  return std::nullopt;  // not assessable: comparing units instead must be asked for by name
}

double Strategy::min_indicator_coverage_of(const Node& n) const {
  return std::isnan(n.min_indicator_coverage) ? defaults.min_indicator_coverage : n.min_indicator_coverage;
}

AggregationSpec Strategy::aggregation_of(const Node& n) const {
  return n.aggregation ? *n.aggregation : defaults.aggregation;
}

StatusRule Strategy::status_rule_of(const Node& n) const {
  if (n.status_rule) return *n.status_rule;
  return n.is_indicator() ? defaults.indicator_status : defaults.node_status;
}

TrendSpec Strategy::trend_of(const Node& n) const { return n.trend ? *n.trend : defaults.trend; }

double Strategy::carry_forward_of(const Node& n) const {
  return std::isnan(n.carry_forward) ? defaults.carry_forward : n.carry_forward;
}

}  // namespace styrkort
