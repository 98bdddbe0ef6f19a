#include "styrkort/sensitivity.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"
#include "styrkort/parallel.hpp"
#include "styrkort/sobol.hpp"

namespace styrkort {

// ------------------------------------------------------------------ the panel

std::shared_ptr<Panel> slice_panel(const Panel& p, int t) {
  if (t < 0 || t >= p.n_periods)
    throw ArgumentError("sensitivity: period index " + std::to_string(t) + " is not on the panel's axis");
  auto out = std::make_shared<Panel>();
  Panel& s = *out;
  const int I = p.n_indicators, U = p.n_units, P = p.n_periods;
  s.periods = {p.periods[t]};
  s.n_indicators = I;
  s.n_units = U;
  s.n_periods = 1;
  const std::size_t cells = static_cast<std::size_t>(I) * U;
  s.value.resize(cells);
  s.origin.resize(cells);
  s.trend.resize(cells);
  s.trend_ratio.resize(cells);
  s.arrow.resize(cells);
  s.forecast.resize(cells);
  for (std::size_t iu = 0; iu < cells; ++iu) {
    const std::size_t c = iu * P + t;
    s.value[iu] = p.value[c];
    s.origin[iu] = p.origin[c];
    s.trend[iu] = p.trend[c];
    s.trend_ratio[iu] = p.trend_ratio[c];
    s.arrow[iu] = p.arrow[c];
    s.forecast[iu] = p.forecast[c];
  }
  s.target_path = p.target_path;
  const std::size_t paths = p.path_final.size();
  s.path_target.resize(paths);
  s.path_next.resize(paths);
  s.path_next_period.assign(paths, 0);
  for (std::size_t k = 0; k < paths; ++k) {
    s.path_target[k] = p.path_target[k * P + t];
    s.path_next[k] = p.path_next[k * P + t];
  }
  s.path_final = p.path_final;
  s.path_final_time = p.path_final_time;
  // The progress normalisation's starting point lies on other periods: it is
  // resolved here as Evaluator::evaluate_indicators does (the value at the
  // baseline period, else the declared baseline, else the first value), and
  // kept pointing at the slice's own value when it is this period's.
  s.baseline_value.resize(cells);
  s.baseline_time = p.baseline_time;
  s.baseline_index.assign(cells, -1);
  for (std::size_t iu = 0; iu < cells; ++iu) {
    const double* x = &p.value[iu * P];
    const int pb = p.baseline_index[iu];
    double x0 = pb >= 0 ? x[pb] : kNaN;
    int from = std::isnan(x0) ? -1 : pb;
    if (std::isnan(x0)) x0 = p.baseline_value[iu];
    if (std::isnan(x0) && std::isnan(p.baseline_time[iu]))
      for (int k = 0; k < P; ++k)
        if (!std::isnan(x[k])) {
          x0 = x[k];
          from = k;
          break;
        }
    s.baseline_value[iu] = x0;
    if (from == t) s.baseline_index[iu] = 0;
  }
  return out;
}

// ------------------------------------------------------------------ the batch

namespace {

/// What one thread needs to evaluate samples: its own copy of the panel (the
/// inputs that change values or targets write into it) and its own buffers.
struct Scratch {
  Panel panel;
  EvaluationOptions options;
  Evaluation evaluation;
  EvaluationOptions previous;  // the options of the evaluation in `evaluation`
  bool have_previous = false;
};

/// What a batch may skip: consecutive samples differ in a few inputs (in the
/// Saltelli design AB_i differs from its neighbours in one or two), so only
/// the nodes whose inputs changed, and the nodes above them, are evaluated
/// again. Off when imputation applies (it reaches across nodes and units).
struct Tracking {
  bool on = false;
  std::vector<int> always;                // indicator nodes whose values or targets change every sample
  std::vector<std::vector<int>> parents;  // per node
  std::vector<int> order;                 // children first

  Tracking(const Evaluator& ev, bool imputation, std::vector<int> always_changed) : always(std::move(always_changed)) {
    const Strategy& st = ev.strategy();
    on = !imputation;
    for (const auto& nd : st.nodes) on = on && nd.impute.method == ImputeMethod::none && nd.not_scored.empty();
    parents.assign(st.nodes.size(), {});
    for (const auto& l : ev.links()) parents[l.child].push_back(l.parent);
    order = st.topological_order();
  }

  /// Mark in s.options.changed what differs from the evaluation held in s.
  void mark(const Evaluator& ev, Scratch& s) const {
    EvaluationOptions& o = s.options;
    if (!on || !s.have_previous) {
      o.changed.clear();
      return;
    }
    const EvaluationOptions& p = s.previous;
    const std::size_t n = parents.size();
    o.changed.assign(n, 0);
    for (int node : always) o.changed[node] = 1;
    const auto& links = ev.links();
    auto weight = [&](const EvaluationOptions& x, std::size_t k) {
      return x.link_weights.empty() ? links[k].weight : x.link_weights[k];
    };
    for (std::size_t k = 0; k < links.size(); ++k)
      if (weight(o, k) != weight(p, k)) o.changed[links[k].parent] = 1;
    auto code = [](const std::vector<std::int8_t>& v, std::size_t i) { return v.empty() ? std::int8_t{-1} : v[i]; };
    auto power = [](const std::vector<double>& v, std::size_t i) { return v.empty() ? kNaN : v[i]; };
    for (std::size_t i = 0; i < n; ++i) {
      const double a = power(o.power, i), b = power(p.power, i);
      if (code(o.normalisation, i) != code(p.normalisation, i) || code(o.aggregation, i) != code(p.aggregation, i) ||
          !(a == b || (std::isnan(a) && std::isnan(b))))
        o.changed[i] = 1;
    }
    if (o.impute != p.impute) std::fill(o.changed.begin(), o.changed.end(), 1);
    for (int node : order)
      if (o.changed[node])
        for (int parent : parents[node]) o.changed[parent] = 1;
  }
};

std::vector<int> output_nodes(const Evaluator& ev, const std::vector<int>& nodes) {
  const int n = static_cast<int>(ev.strategy().nodes.size());
  if (nodes.empty()) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i)
      if (!ev.strategy().nodes[i].is_indicator()) out.push_back(i);
    return out;
  }
  for (int node : nodes)
    if (node < 0 || node >= n) throw ArgumentError("sensitivity: output node index " + std::to_string(node));
  return nodes;
}

/// The aggregate slot of every node (-1 for indicators).
std::vector<int> aggregate_slots(const Evaluator& ev) {
  std::vector<int> slot(ev.strategy().nodes.size(), -1);
  int k = 0;
  for (std::size_t i = 0; i < slot.size(); ++i)
    if (!ev.strategy().nodes[i].is_indicator()) slot[i] = k++;
  return slot;
}

void keep(const Evaluation& e, const std::vector<int>& nodes, const std::vector<int>& slots, BatchOutputs& out,
          std::size_t k) {
  const std::size_t U = static_cast<std::size_t>(out.n_units), base = k * out.outputs();
  for (std::size_t o = 0; o < nodes.size(); ++o) {
    const int node = nodes[o];
    for (std::size_t u = 0; u < U; ++u) {
      const std::size_t c = e.cell(node, static_cast<int>(u), 0);
      out.score[base + o * U + u] = static_cast<float>(e.score[c]);
      out.status[base + o * U + u] = e.status[c];
      out.rank[base + o * U + u] =
          slots[node] >= 0 ? static_cast<std::int16_t>(e.rank[e.aggregate_cell(slots[node], static_cast<int>(u), 0)])
                           : std::int16_t{0};
    }
  }
}

/// Evaluate `count` samples: `setup(k, scratch)` prepares sample k's options
/// and panel from the base; the outputs of `nodes` are kept.
template <class Setup>
BatchOutputs run_batch(const Evaluator& ev, const Panel& base, std::size_t count, const std::vector<int>& nodes,
                       int threads, const std::function<void(std::size_t, std::size_t)>& report,
                       const Tracking& tracking, Setup&& setup) {
  BatchOutputs out;
  out.nodes = nodes;
  out.n_units = base.n_units;
  out.n_evaluations = count;
  const std::size_t size = count * out.outputs();
  out.score.resize(size);
  out.status.resize(size);
  out.rank.resize(size);
  if (base.n_units > std::numeric_limits<std::int16_t>::max())
    throw ArgumentError("sensitivity: more than 32767 units");
  const std::vector<int> slots = aggregate_slots(ev);
  Progress progress;
  progress.report = report;
  parallel_for(
      count, threads,
      [&](std::size_t begin, std::size_t end) {
        Scratch s;
        s.panel = base;
        for (std::size_t k = begin; k < end && !progress.stop; ++k) {
          setup(k, s);
          s.options.threads = 1;
          tracking.mark(ev, s);
          ev.evaluate_into(s.panel, s.options, s.evaluation);
          s.previous = s.options;
          s.have_previous = true;
          keep(s.evaluation, nodes, slots, out, k);
          ++progress.done;
        }
      },
      &progress, 4);
  if (progress.stop) throw Error("sensitivity: stopped");
  return out;
}

/// A stream of uniform numbers from a key (a counter-based generator).
struct Stream {
  std::uint64_t key, n = 0;
  double next() { return uniform_of(key_of(key, ++n)); }
  double normal() { return normal_quantile(next()); }
  /// log of a Gamma(shape, 1) variate (Marsaglia & Tsang 2000, "A simple
  /// method for generating gamma variables", ACM TOMS 26; shape < 1 by
  /// G(a) = G(a + 1) U^(1/a)).
  double log_gamma(double shape) {
    if (shape < 1.0) {
      const double boost = std::log(next()) / shape;
      return log_gamma(shape + 1.0) + boost;
    }
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      const double x = normal();
      double v = 1.0 + c * x;
      if (v <= 0.0) continue;
      v = v * v * v;
      const double u = next();
      if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return std::log(d * v);
    }
  }
};

/// Which alternative a uniform number picks (cumulative probabilities).
int pick(double u, const std::vector<double>& cumulative) {
  for (std::size_t k = 0; k + 1 < cumulative.size(); ++k)
    if (u < cumulative[k]) return static_cast<int>(k);
  return static_cast<int>(cumulative.size()) - 1;
}

/// An input resolved against the strategy: the links, cells and paths it
/// changes.
struct Resolved {
  const UncertainInput* in = nullptr;
  std::vector<int> links;                 // weights*: the node's child links
  std::vector<double> nominal;            // their weights
  std::vector<std::vector<int>> excluded;  // exclude_indicator: per candidate, its links
  std::vector<int> indicators;            // normalisation: the indicator nodes
  std::vector<double> cumulative;         // discrete inputs
  int slot = -1;                          // measurement_error, target: the indicator's slot
  std::vector<int> paths;                 // target: the indicator's target paths
};

std::string input_label(const UncertainInput& in) { return "input '" + in.name + "'"; }

const char* kind_name(InputKind k) {
  switch (k) {
    case InputKind::weights: return "weights";
    case InputKind::weights_dirichlet: return "weights_dirichlet";
    case InputKind::normalisation: return "normalisation";
    case InputKind::aggregation: return "aggregation";
    case InputKind::imputation: return "imputation";
    case InputKind::exclude_indicator: return "exclude_indicator";
    case InputKind::measurement_error: return "measurement_error";
    case InputKind::target: return "target";
  }
  return "?";
}

std::vector<Resolved> resolve(const Evaluator& ev, const Panel& panel, const std::vector<UncertainInput>& inputs) {
  const Strategy& s = ev.strategy();
  const int n_nodes = static_cast<int>(s.nodes.size());
  std::vector<int> slot(n_nodes, -1);
  for (std::size_t k = 0; k < ev.indicators().size(); ++k) slot[ev.indicators()[k]] = static_cast<int>(k);
  std::vector<Resolved> out;
  std::vector<std::string> seen;
  for (const auto& in : inputs) {
    const std::string who = input_label(in);
    if (in.name.empty()) throw ArgumentError("sensitivity: every input needs a name");
    if (std::find(seen.begin(), seen.end(), in.name) != seen.end())
      throw ArgumentError("sensitivity: two inputs are called '" + in.name + "'; give each its own name");
    seen.push_back(in.name);
    Resolved r;
    r.in = &in;
    auto node_ok = [&](int node, const char* what) {
      if (node < 0 || node >= n_nodes) throw ArgumentError(who + ": no " + what + " given, or not in the strategy");
    };
    auto indicator_ok = [&](int node) {
      node_ok(node, "indicator");
      if (!s.nodes[node].is_indicator())
        throw ArgumentError(who + ": '" + s.nodes[node].id + "' is a " + to_string(s.nodes[node].kind) +
                            ", not an indicator");
    };
    auto discrete = [&](std::size_t count) {
      if (count == 0) throw ArgumentError(who + ": no alternatives");
      if (!in.p.empty() && in.p.size() != count)
        throw ArgumentError(who + ": p has " + std::to_string(in.p.size()) + " probabilities for " +
                            std::to_string(count) + " alternatives");
      double total = 0;
      for (double q : in.p) {
        if (!(q >= 0) || !std::isfinite(q)) throw ArgumentError(who + ": the probabilities p must be >= 0");
        total += q;
      }
      if (!in.p.empty() && std::fabs(total - 1.0) > 1e-9)
        throw ArgumentError(who + ": the probabilities p add up to " + detail::format_number(total, 6) + ", not 1");
      double acc = 0;
      for (std::size_t k = 0; k < count; ++k) {
        acc += in.p.empty() ? 1.0 / static_cast<double>(count) : in.p[k];
        r.cumulative.push_back(acc);
      }
      r.cumulative.back() = 1.0;
    };
    auto child_links = [&](int node) {
      std::vector<int> links;
      for (std::size_t k = 0; k < ev.links().size(); ++k)
        if (ev.links()[k].parent == node) links.push_back(static_cast<int>(k));
      return links;
    };
    switch (in.kind) {
      case InputKind::weights:
      case InputKind::weights_dirichlet: {
        node_ok(in.node, "node");
        r.links = child_links(in.node);
        if (r.links.empty())
          throw ArgumentError(who + ": '" + s.nodes[in.node].id + "' has no children whose weights could vary");
        for (int l : r.links) r.nominal.push_back(ev.links()[l].weight);
        if (in.kind == InputKind::weights) {
          if (!std::isfinite(in.low) || !std::isfinite(in.high) || in.low < 0)
            throw ArgumentError(who + ": low and high must be finite weights >= 0");
          if (in.low > in.high)
            throw ArgumentError(who + ": low (" + detail::format_number(in.low, 6) + ") is greater than high (" +
                                detail::format_number(in.high, 6) + ")");
        } else {
          if (!(in.concentration > 0) || !std::isfinite(in.concentration))
            throw ArgumentError(who + ": concentration must be a positive number");
          if (std::accumulate(r.nominal.begin(), r.nominal.end(), 0.0) <= 0)
            throw ArgumentError(who + ": the weights of '" + s.nodes[in.node].id + "' add up to 0");
        }
        break;
      }
      case InputKind::normalisation: {
        discrete(in.alternatives.size());
        if (in.nodes.empty()) {
          r.indicators = ev.indicators();
        } else {
          for (int node : in.nodes) indicator_ok(node);
          r.indicators = in.nodes;
        }
        for (int code : in.alternatives) {
          if (code < 0 || code > static_cast<int>(Normalisation::percentile_rank))
            throw ArgumentError(who + ": unknown normalisation code " + std::to_string(code));
          for (int node : r.indicators) {
            if (s.nodes[node].direction == Direction::band) continue;  // a band is scored by its band
            try {
              s.check_normalisation(s.nodes[node], static_cast<Normalisation>(code), "alternatives");
            } catch (const StrategyError& err) {
              throw ArgumentError(who + ": the strategy cannot take the alternative '" +
                                  to_string(static_cast<Normalisation>(code)) + "': " + err.what());
            }
          }
        }
        break;
      }
      case InputKind::aggregation: {
        node_ok(in.node, "node");
        if (s.nodes[in.node].is_indicator())
          throw ArgumentError(who + ": '" + s.nodes[in.node].id + "' is an indicator; it aggregates nothing");
        discrete(in.alternatives.size());
        for (int code : in.alternatives) {
          if (code < 0 || code > static_cast<int>(Aggregation::minimum))
            throw ArgumentError(who + ": unknown aggregation code " + std::to_string(code));
          if (static_cast<Aggregation>(code) == Aggregation::power &&
              !std::isfinite(s.aggregation_of(s.nodes[in.node]).p))
            throw ArgumentError(who + ": the strategy cannot take the alternative 'power': '" + s.nodes[in.node].id +
                                "' declares no power p");
        }
        break;
      }
      case InputKind::imputation: {
        discrete(in.alternatives.size());
        for (int code : in.alternatives) {
          if (code < 0 || code > static_cast<int>(ImputeMethod::peer_mean))
            throw ArgumentError(who + ": unknown imputation code " + std::to_string(code));
          if (static_cast<ImputeMethod>(code) == ImputeMethod::peer_mean) {
            bool groups = false;
            for (const auto& u : s.units) groups |= !u.peer_group.empty();
            if (!groups)
              throw ArgumentError(who + ": the strategy cannot take the alternative 'peer_mean': no unit has a "
                                        "peer_group to take the mean of");
          }
        }
        break;
      }
      case InputKind::exclude_indicator: {
        if (in.nodes.empty()) throw ArgumentError(who + ": no indicators to leave out");
        for (int node : in.nodes) {
          indicator_ok(node);
          std::vector<int> links;
          for (std::size_t k = 0; k < ev.links().size(); ++k)
            if (ev.links()[k].child == node) links.push_back(static_cast<int>(k));
          r.excluded.push_back(links);
        }
        discrete(in.nodes.size() + 1);  // none, or one of them, equally likely
        break;
      }
      case InputKind::measurement_error: {
        indicator_ok(in.node);
        r.slot = slot[in.node];
        const bool rel = in.relative > 0, abs = in.absolute > 0;
        if (rel == abs || !std::isfinite(in.relative) || !std::isfinite(in.absolute) || in.relative < 0 ||
            in.absolute < 0)
          throw ArgumentError(who + ": give either relative or absolute, a positive number");
        break;
      }
      case InputKind::target: {
        indicator_ok(in.node);
        r.slot = slot[in.node];
        if (!(in.relative > 0) || !std::isfinite(in.relative))
          throw ArgumentError(who + ": relative must be a positive number");
        for (int u = 0; u < panel.n_units; ++u) {
          const std::int32_t path = panel.target_path[static_cast<std::size_t>(r.slot) * panel.n_units + u];
          if (path >= 0 && std::find(r.paths.begin(), r.paths.end(), path) == r.paths.end()) r.paths.push_back(path);
        }
        if (r.paths.empty())
          throw ArgumentError(who + ": '" + s.nodes[in.node].id + "' has no target for any unit to vary");
        break;
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

/// Set an input's realisation into a sample's options and panel: `first` is
/// its first uniform coordinate, `stream` gives the others.
void realise(const Resolved& r, double first, Stream stream, Scratch& s) {
  const UncertainInput& in = *r.in;
  auto uniform = [&](std::size_t c) { return c == 0 ? first : stream.next(); };
  switch (in.kind) {
    case InputKind::weights:
      for (std::size_t c = 0; c < r.links.size(); ++c)
        s.options.link_weights[r.links[c]] = in.low + (in.high - in.low) * uniform(c);
      break;
    case InputKind::weights_dirichlet: {
      // w = sum(nominal) * Dirichlet(concentration * nominal / sum(nominal)),
      // by normalised Gamma variates; a zero weight stays zero.
      const double total = std::accumulate(r.nominal.begin(), r.nominal.end(), 0.0);
      std::vector<double> g(r.links.size(), 0.0);
      double max_log = -INFINITY;
      for (std::size_t c = 0; c < g.size(); ++c)
        if (r.nominal[c] > 0) {
          g[c] = stream.log_gamma(in.concentration * r.nominal[c] / total);
          max_log = std::max(max_log, g[c]);
        }
      double sum = 0;
      for (std::size_t c = 0; c < g.size(); ++c) {
        g[c] = r.nominal[c] > 0 ? std::exp(g[c] - max_log) : 0.0;
        sum += g[c];
      }
      for (std::size_t c = 0; c < g.size(); ++c) s.options.link_weights[r.links[c]] = total * g[c] / sum;
      break;
    }
    case InputKind::normalisation: {
      const auto code = static_cast<std::int8_t>(in.alternatives[pick(first, r.cumulative)]);
      for (int node : r.indicators) s.options.normalisation[node] = code;
      break;
    }
    case InputKind::aggregation:
      s.options.aggregation[in.node] = static_cast<std::int8_t>(in.alternatives[pick(first, r.cumulative)]);
      break;
    case InputKind::imputation:
      s.options.impute = static_cast<std::int8_t>(in.alternatives[pick(first, r.cumulative)]);
      break;
    case InputKind::exclude_indicator: {
      const int k = pick(first, r.cumulative);
      if (k > 0)
        for (int l : r.excluded[k - 1]) s.options.link_weights[l] = 0.0;
      break;
    }
    case InputKind::measurement_error: {
      const std::size_t b = static_cast<std::size_t>(r.slot) * s.panel.n_units;
      const double size = in.relative > 0 ? in.relative : in.absolute;
      for (int u = 0; u < s.panel.n_units; ++u) {
        const double q = uniform(static_cast<std::size_t>(u));
        const double e = in.normal ? size * normal_quantile(q) : size * (2.0 * q - 1.0);
        const double x = s.panel.value[b + u];  // errors of two inputs on one indicator compose
        s.panel.value[b + u] = in.relative > 0 ? x * (1.0 + e) : x + e;
      }
      break;
    }
    case InputKind::target: {
      const double e = in.relative * (2.0 * first - 1.0);
      for (int path : r.paths) s.panel.path_target[path] *= 1.0 + e;
      break;
    }
  }
}

/// The options and panel of a sample before its inputs are set: the strategy's
/// own, and the prepared values and targets.
void reset(const Evaluator& ev, const std::vector<Resolved>& rs, const Panel& base, Scratch& s) {
  const std::size_t n = ev.strategy().nodes.size();
  s.options.link_weights.resize(ev.links().size());
  for (std::size_t k = 0; k < ev.links().size(); ++k) s.options.link_weights[k] = ev.links()[k].weight;
  s.options.normalisation.assign(n, -1);
  s.options.aggregation.assign(n, -1);
  s.options.impute = -1;
  for (const Resolved& r : rs) {
    if (r.in->kind == InputKind::measurement_error) {
      const std::size_t b = static_cast<std::size_t>(r.slot) * base.n_units;
      std::copy(&base.value[b], &base.value[b] + base.n_units, &s.panel.value[b]);
    } else if (r.in->kind == InputKind::target) {
      for (int path : r.paths) s.panel.path_target[path] = base.path_target[path];
    }
  }
}

// ------------------------------------------------------------- the estimators

/// Bootstrap multiplicities: how often each of n rows is drawn in each of R
/// resamples of n rows with replacement (Efron & Tibshirani 1993), R x n.
Eigen::MatrixXf bootstrap_counts(std::size_t n, int resamples, std::uint64_t seed) {
  Eigen::MatrixXf c = Eigen::MatrixXf::Zero(resamples, static_cast<Eigen::Index>(n));
  for (int r = 0; r < resamples; ++r)
    for (std::size_t k = 0; k < n; ++k) {
      const auto j = static_cast<Eigen::Index>(
          std::min<double>(static_cast<double>(n) - 1, std::floor(uniform_of(key_of(seed, 0xB0075, r, k)) * n)));
      c(r, j) += 1.0f;
    }
  return c;
}

/// The indices of K outputs: y is (n (d + 2)) x K in SALib's row order.
/// Per output, the terms of each row (centred on the mean of all outputs):
/// a + b, a^2 + b^2, then b (ab_i - a) (Saltelli 2010, eq. (b) of table 2) and
/// (a - ab_i)^2 (Jansen 1999) per input; the indices are ratios of their sums
/// to the variance of A and B together (as SALib's analyze.sobol). The
/// bootstrap sums the same terms weighted by each resample's multiplicities.
void indices_block(const Eigen::MatrixXd& y, std::size_t n, int d, const Eigen::MatrixXf& counts, double z,
                   std::vector<SobolIndices>& out) {
  const Eigen::Index K = y.cols(), width = 2 + 2 * d;
  const std::size_t rows = static_cast<std::size_t>(d) + 2;
  Eigen::MatrixXd terms(static_cast<Eigen::Index>(n), K * width);
  std::vector<char> valid(K, 1);
  std::vector<double> a(n), b(n);  // an output's A and B rows, centred
  for (Eigen::Index o = 0; o < K; ++o) {
    // Centred on the mean of every output of the design, as SALib's
    // analyze.sobol standardises them: the first-order estimator is not
    // invariant to a shift in a finite sample, and this centring makes it
    // agree with SALib's to rounding.
    double centre = 0;
    for (std::size_t k = 0; k < n * rows; ++k) centre += y(static_cast<Eigen::Index>(k), o);
    centre /= static_cast<double>(n * rows);
    // Column by column (terms is column-major: each column contiguous).
    const double* yo = y.col(o).data();
    for (std::size_t j = 0; j < n; ++j) {
      a[j] = yo[j * rows] - centre;
      b[j] = yo[j * rows + d + 1] - centre;
    }
    double* sum = terms.col(o * width).data();
    double* squares = terms.col(o * width + 1).data();
    for (std::size_t j = 0; j < n; ++j) {
      sum[j] = a[j] + b[j];
      squares[j] = a[j] * a[j] + b[j] * b[j];
    }
    for (int i = 0; i < d; ++i) {
      double* first = terms.col(o * width + 2 + i).data();
      double* total = terms.col(o * width + 2 + d + i).data();
      for (std::size_t j = 0; j < n; ++j) {
        const double ab = yo[j * rows + 1 + i] - centre;
        first[j] = b[j] * (ab - a[j]);
        total[j] = (a[j] - ab) * (a[j] - ab);
      }
    }
    for (std::size_t k = 0; k < n * rows; ++k)
      if (!std::isfinite(y(static_cast<Eigen::Index>(k), o))) valid[o] = 0;
  }
  const Eigen::RowVectorXd point = terms.colwise().sum();
  // The bootstrap sums in single precision (twice the SIMD width): they only
  // set the intervals' width; the point estimates above are in double.
  Eigen::MatrixXd boot;
  if (counts.rows() > 0) boot = (counts * terms.cast<float>()).cast<double>();
  const double nn = static_cast<double>(n);
  auto ratios = [&](auto sums, Eigen::Index o, std::vector<double>& s1, std::vector<double>& st) {
    const double mean = sums(o * width) / (2 * nn);
    const double var = sums(o * width + 1) / (2 * nn) - mean * mean;
    const bool ok = valid[o] && var > 1e-24 * (1.0 + sums(o * width + 1) / (2 * nn));
    for (int i = 0; i < d; ++i) {
      s1[i] = ok ? sums(o * width + 2 + i) / nn / var : kNaN;
      st[i] = ok ? 0.5 * sums(o * width + 2 + d + i) / nn / var : kNaN;
    }
  };
  const int R = static_cast<int>(counts.rows());
  std::vector<double> s1(d), st(d);
  std::vector<std::vector<double>> b1(d, std::vector<double>(R)), bt(d, std::vector<double>(R));
  for (Eigen::Index o = 0; o < K; ++o) {
    SobolIndices& res = out[o];
    res.S1.assign(d, kNaN);
    res.ST.assign(d, kNaN);
    res.S1_conf.assign(d, kNaN);
    res.ST_conf.assign(d, kNaN);
    ratios([&](Eigen::Index c) { return point(c); }, o, res.S1, res.ST);
    if (R < 2 || !valid[o]) continue;
    for (int r = 0; r < R; ++r) {
      ratios([&](Eigen::Index c) { return boot(r, c); }, o, s1, st);
      for (int i = 0; i < d; ++i) {
        b1[i][r] = s1[i];
        bt[i][r] = st[i];
      }
    }
    // z times the bootstrap standard deviation (ddof 1), as SALib reports it.
    auto sd = [&](const std::vector<double>& v) {
      double m = 0;
      for (double x : v) m += x;
      m /= R;
      double ss = 0;
      for (double x : v) ss += (x - m) * (x - m);
      return std::sqrt(ss / (R - 1));
    };
    for (int i = 0; i < d; ++i) {
      res.S1_conf[i] = z * sd(b1[i]);
      res.ST_conf[i] = z * sd(bt[i]);
    }
  }
}

void check_conf(int resamples, double conf_level) {
  if (resamples < 0) throw ArgumentError("sensitivity: resamples must be >= 0");
  if (!(conf_level > 0 && conf_level < 1)) throw ArgumentError("sensitivity: conf_level must be in (0, 1)");
}

/// Quantiles 0.05, 0.5 and 0.95 by linear interpolation between order
/// statistics (Hyndman & Fan 1996, definition 7; numpy's default), by
/// selection rather than a full sort (v is reordered).
std::array<double, 3> quantiles_by_selection(std::vector<float>& v) {
  std::array<double, 3> out{kNaN, kNaN, kNaN};
  if (v.empty()) return out;
  const double levels[3] = {0.05, 0.5, 0.95};
  std::size_t from = 0;
  for (int k = 0; k < 3; ++k) {
    const double h = (static_cast<double>(v.size()) - 1) * levels[k];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    // everything before `from` is <= everything after it: select within the rest
    std::nth_element(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(lo),
                     v.end());
    const double a = v[lo];
    const double b =
        lo + 1 < v.size() ? *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end()) : a;
    out[k] = a + (h - static_cast<double>(lo)) * (b - a);
    from = lo;
  }
  return out;
}

/// The k-th smallest of [first, last) (reordered): in a bucket of a
/// histogram over [min, max] found by counting, and within it again, so that
/// values bunched by an outlier still leave small buckets; nth_element on
/// small ranges.
float select(float* first, float* last, std::size_t k, int depth) {
  constexpr std::size_t kBuckets = 256;
  const std::size_t n = static_cast<std::size_t>(last - first);
  if (n <= 2 * kBuckets || depth >= 3) {
    std::nth_element(first, first + k, last);
    return first[k];
  }
  float lo_value = *first, hi_value = *first;
  for (const float* p = first; p != last; ++p) {
    lo_value = std::min(lo_value, *p);
    hi_value = std::max(hi_value, *p);
  }
  const double range = static_cast<double>(hi_value) - lo_value;
  if (!(range > 0) || !std::isfinite(range)) {
    if (range == 0) return lo_value;  // all equal
    std::nth_element(first, first + k, last);
    return first[k];
  }
  const double scale = kBuckets / range;
  auto bucket = [&](float x) {
    return std::min<std::size_t>(kBuckets - 1, static_cast<std::size_t>((static_cast<double>(x) - lo_value) * scale));
  };
  std::array<std::uint32_t, kBuckets + 1> start{};
  for (const float* p = first; p != last; ++p) ++start[bucket(*p) + 1];
  for (std::size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  const std::size_t b = static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), k) - start.begin()) - 1;
  std::vector<float> in(start[b + 1] - start[b]);
  std::size_t m = 0;
  for (const float* p = first; p != last; ++p)
    if (bucket(*p) == b) in[m++] = *p;
  return select(in.data(), in.data() + in.size(), k - start[b], depth + 1);
}

/// The same, exactly, with less work: a histogram of the values in kBuckets
/// equal-width buckets over [min, max] (the bucket of a value never decreases
/// as the value grows) finds the bucket of each order statistic needed; only
/// those buckets' values are gathered and selected from. Three light passes
/// instead of three selections and three minimum searches over every value.
std::array<double, 3> quantiles(std::vector<float>& v) {
  constexpr std::size_t kBuckets = 1024;
  const std::size_t n = v.size();
  if (n < 64) return quantiles_by_selection(v);
  float lo_value = v[0], hi_value = v[0];
  for (const float x : v) {
    lo_value = std::min(lo_value, x);
    hi_value = std::max(hi_value, x);
  }
  const double range = static_cast<double>(hi_value) - lo_value;
  if (!(range > 0) || !std::isfinite(range)) return quantiles_by_selection(v);
  const double scale = kBuckets / range;
  auto bucket = [&](float x) {
    return std::min<std::size_t>(kBuckets - 1, static_cast<std::size_t>((static_cast<double>(x) - lo_value) * scale));
  };
  std::array<std::uint32_t, kBuckets + 1> start{};  // counts, then where each bucket starts in rank order
  for (const float x : v) ++start[bucket(x) + 1];
  for (std::size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  const double levels[3] = {0.05, 0.5, 0.95};
  std::array<std::size_t, 6> ranks{};  // per level: lo and lo + 1 (or lo again at the end)
  std::array<double, 3> h{};
  for (int k = 0; k < 3; ++k) {
    h[k] = (static_cast<double>(n) - 1) * levels[k];
    const auto lo = static_cast<std::size_t>(std::floor(h[k]));
    ranks[2 * k] = lo;
    ranks[2 * k + 1] = lo + 1 < n ? lo + 1 : lo;
  }
  // the buckets of the ranks, and where each needed bucket's values go
  std::array<std::size_t, 6> of{};
  std::array<std::int32_t, kBuckets> slot;
  slot.fill(-1);
  std::array<std::size_t, 7> offset{};
  std::array<std::size_t, 6> needed{};
  std::size_t m = 0;
  for (int r = 0; r < 6; ++r) {
    const std::size_t b =
        static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), ranks[r]) - start.begin()) - 1;
    of[r] = b;
    if (slot[b] < 0) {
      slot[b] = static_cast<std::int32_t>(m);
      needed[m] = b;
      offset[m + 1] = offset[m] + (start[b + 1] - start[b]);
      ++m;
    }
  }
  std::vector<float> picked(offset[m]);
  std::array<std::size_t, 6> fill{};
  for (std::size_t s = 0; s < m; ++s) fill[s] = offset[s];
  for (const float x : v) {
    const std::int32_t s = slot[bucket(x)];
    if (s >= 0) picked[fill[s]++] = x;
  }
  auto statistic = [&](int r) {
    const std::int32_t s = slot[of[r]];
    return static_cast<double>(
        select(picked.data() + offset[s], picked.data() + offset[s + 1], ranks[r] - start[of[r]], 0));
  };
  std::array<double, 3> out{};
  for (int k = 0; k < 3; ++k) {
    const double a = statistic(2 * k), b = statistic(2 * k + 1);
    out[k] = a + (h[k] - static_cast<double>(ranks[2 * k])) * (b - a);
  }
  return out;
}

/// The same of integer values 1 .. size given as counts (counts[r]: how many are r + 1).
std::array<double, 3> quantiles(const std::size_t* counts, std::size_t size, std::size_t total) {
  std::array<double, 3> out{kNaN, kNaN, kNaN};
  if (total == 0) return out;
  auto order_statistic = [&](std::size_t i) {  // the i-th smallest (0-based)
    std::size_t cum = 0;
    for (std::size_t r = 0; r < size; ++r) {
      cum += counts[r];
      if (cum > i) return static_cast<double>(r + 1);
    }
    return static_cast<double>(size);
  };
  const double levels[3] = {0.05, 0.5, 0.95};
  for (int k = 0; k < 3; ++k) {
    const double h = (static_cast<double>(total) - 1) * levels[k];
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const double a = order_statistic(lo), b = lo + 1 < total ? order_statistic(lo + 1) : a;
    out[k] = a + (h - static_cast<double>(lo)) * (b - a);
  }
  return out;
}

}  // namespace

SobolIndices sobol_indices(const double* f, std::size_t n, int d, int resamples, double conf_level,
                           std::uint64_t seed) {
  if (n < 2 || d < 1) throw ArgumentError("sobol_indices: needs n >= 2 rows and d >= 1 inputs");
  check_conf(resamples, conf_level);
  Eigen::MatrixXd y(static_cast<Eigen::Index>(n * (d + 2)), 1);
  for (std::size_t k = 0; k < n * (d + 2); ++k) y(static_cast<Eigen::Index>(k), 0) = f[k];
  std::vector<SobolIndices> out(1);
  indices_block(y, n, d, bootstrap_counts(n, resamples, seed), normal_quantile(0.5 + conf_level / 2), out);
  return out[0];
}

void check_inputs(const Evaluator& evaluator, const std::vector<UncertainInput>& inputs) {
  // Targets need a panel; without one they are checked in sensitivity().
  Panel empty;
  empty.n_units = 0;
  std::vector<UncertainInput> rest;
  for (const auto& in : inputs)
    if (in.kind != InputKind::target) rest.push_back(in);
  resolve(evaluator, empty, rest);
}

BatchOutputs evaluate_many(const Evaluator& ev, const Panel& panel, int period,
                           const std::vector<EvaluationOptions>& options, const std::vector<int>& nodes, int threads,
                           const std::function<void(std::size_t, std::size_t)>& progress) {
  const int t = period < 0 ? panel.n_periods - 1 : period;
  const auto base = slice_panel(panel, t);
  for (const auto& o : options) ev.check_options(o);
  bool imputation = false;
  for (const auto& o : options) imputation = imputation || o.impute != -1;
  const Tracking tracking(ev, imputation, {});
  return run_batch(ev, *base, options.size(), output_nodes(ev, nodes), threads, progress, tracking,
                   [&](std::size_t k, Scratch& s) { s.options = options[k]; });
}

namespace {

/// The analysis, or a part of its evaluations: with `part`, only evaluations
/// [begin, end) are run and returned in `outputs` (nothing is summarised);
/// with `given`, the evaluations are not run but taken from it.
SensitivityResult run(const Evaluator& ev, const Panel& panel, const std::vector<UncertainInput>& inputs,
                      const SensitivityOptions& o, bool part, std::size_t begin, std::size_t end, BatchOutputs* given) {
  SensitivityResult res;
  const int D = static_cast<int>(inputs.size());
  if (D == 0) throw ArgumentError("sensitivity: no uncertain inputs");
  check_conf(o.resamples, o.conf_level);
  if (o.n < 2) throw ArgumentError("sensitivity: n must be at least 2");
  if (o.sobol && (o.n & (o.n - 1)))
    throw ArgumentError("sensitivity: n = " + std::to_string(o.n) +
                        " is not a power of two; a Sobol' design needs one (e.g. " +
                        std::to_string(1LL << static_cast<int>(std::ceil(std::log2(static_cast<double>(o.n))))) + ")");
  if (o.sobol && 2 * D > kSobolMaxDimensions)
    throw ArgumentError("sensitivity: " + std::to_string(D) + " inputs; the Sobol' design takes at most " +
                        std::to_string(kSobolMaxDimensions / 2) + " (group inputs, or use method monte_carlo)");
  res.n = o.n;
  res.sobol = o.sobol;
  res.period = o.period < 0 ? panel.n_periods - 1 : o.period;
  if (panel.n_periods == 0) throw ArgumentError("sensitivity: the measurements have no period");
  const auto base = slice_panel(panel, res.period);
  const std::vector<Resolved> rs = resolve(ev, *base, inputs);
  for (const auto& in : inputs) res.inputs.push_back(in.name);
  const std::vector<int> nodes = output_nodes(ev, o.nodes);

  const std::size_t n = static_cast<std::size_t>(o.n);
  const std::size_t rows = o.sobol ? static_cast<std::size_t>(D) + 2 : 1;
  const std::size_t count = n * rows;
  const SobolSequence sobol(o.sobol ? 2 * D : 1, true, o.seed);
  res.sample.resize(count * D);
  // Sample k: row j = k / rows and slot s = k % rows (0: A, 1 .. D: AB_i, D + 1: B).
  auto coordinate = [&](std::size_t j, int matrix, int i) {
    return o.sobol ? sobol.point(j, matrix * D + i)
                   : uniform_of(key_of(o.seed, 0x3C, j, static_cast<std::uint64_t>(i)));
  };
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t j = k / rows, slot = k % rows;
    for (int i = 0; i < D; ++i) {
      const int matrix =
          o.sobol && (slot == static_cast<std::size_t>(D) + 1 || slot == static_cast<std::size_t>(i) + 1);
      res.sample[k * D + i] = coordinate(j, matrix, i);
    }
  }
  bool imputation = false;
  std::vector<int> always;
  for (const auto& in : inputs) {
    imputation = imputation || in.kind == InputKind::imputation;
    if (in.kind == InputKind::measurement_error || in.kind == InputKind::target) always.push_back(in.node);
  }
  const Tracking tracking(ev, imputation, always);
  auto setup = [&](std::size_t k, Scratch& s) {
    reset(ev, rs, *base, s);
    const std::size_t j = k / rows, slot = k % rows;
    for (int i = 0; i < D; ++i) {
      const int matrix =
          o.sobol && (slot == static_cast<std::size_t>(D) + 1 || slot == static_cast<std::size_t>(i) + 1);
      realise(rs[i], res.sample[k * D + i], Stream{key_of(o.seed, 0x57, j, static_cast<std::uint64_t>(matrix), i)}, s);
    }
  };
  if (part) {
    if (begin > end || end > count)
      throw ArgumentError("sensitivity: evaluations [" + std::to_string(begin) + ", " + std::to_string(end) +
                          ") are not within the design's " + std::to_string(count));
    res.outputs = run_batch(ev, *base, end - begin, nodes, o.threads, o.progress, tracking,
                            [&](std::size_t k, Scratch& s) { setup(begin + k, s); });
    return res;
  }
  if (given) {
    if (given->n_evaluations != count || given->nodes != nodes || given->n_units != base->n_units ||
        given->score.size() != count * given->outputs() || given->status.size() != given->score.size() ||
        given->rank.size() != given->score.size())
      throw ArgumentError("sensitivity: the given outputs are not those of this design (" + std::to_string(count) +
                          " evaluations of " + std::to_string(nodes.size()) + " nodes x " +
                          std::to_string(base->n_units) + " units)");
    res.outputs = std::move(*given);
  } else {
    res.outputs = run_batch(ev, *base, count, nodes, o.threads, o.progress, tracking, setup);
  }
  res.nominal =
      run_batch(ev, *base, 1, nodes, 1, {}, tracking, [&](std::size_t, Scratch& s) { reset(ev, rs, *base, s); });

  // The mean absolute rank shift (COINr's summary of rank uncertainty, Becker
  // et al. 2017 / JRC COIN): over units with a rank, |rank - nominal rank|,
  // for the first output node that is a root of the strategy.
  const auto& snodes = ev.strategy().nodes;
  for (std::size_t q = 0; q < nodes.size() && res.rank_node < 0; ++q)
    if (snodes[nodes[q]].parents.empty() && !snodes[nodes[q]].is_indicator()) res.rank_node = static_cast<int>(q);
  for (std::size_t q = 0; q < nodes.size() && res.rank_node < 0; ++q)
    if (!snodes[nodes[q]].is_indicator()) res.rank_node = static_cast<int>(q);
  const std::size_t U = static_cast<std::size_t>(base->n_units), O = res.outputs.outputs();
  res.rank_shift.assign(count, kNaN);
  if (res.rank_node >= 0) {
    const std::size_t off = static_cast<std::size_t>(res.rank_node) * U;
    for (std::size_t k = 0; k < count; ++k) {
      double sum = 0;
      int m = 0;
      for (std::size_t u = 0; u < U; ++u) {
        const int r0 = res.nominal.rank[off + u], r = res.outputs.rank[k * O + off + u];
        if (r0 > 0 && r > 0) {
          sum += std::abs(r - r0);
          ++m;
        }
      }
      res.rank_shift[k] = m ? sum / m : kNaN;
    }
  }
  res.rank_node = res.rank_node >= 0 ? nodes[res.rank_node] : -1;

  // Inputs that change nothing: every AB_i evaluation equals its A.
  if (o.sobol)
    for (int i = 0; i < D; ++i) {
      bool same = true;
      for (std::size_t j = 0; j < n && same; ++j) {
        const std::size_t a = j * rows * O, ab = (j * rows + 1 + i) * O;
        same = std::memcmp(&res.outputs.score[a], &res.outputs.score[ab], O * sizeof(float)) == 0 &&
               std::memcmp(&res.outputs.status[a], &res.outputs.status[ab], O) == 0 &&
               std::memcmp(&res.outputs.rank[a], &res.outputs.rank[ab], O * sizeof(std::int16_t)) == 0;
      }
      if (same)
        res.warnings.push_back("input '" + inputs[i].name + "' (" + kind_name(inputs[i].kind) +
                               ") changes no score, status or rank of the chosen nodes at period " +
                               base->periods[0].id + " in any sample");
    }

  // Summaries and Sobol' indices per output over every evaluation, in blocks
  // of contiguous outputs, blocks in parallel. The outputs are stored
  // evaluation-major (each evaluation's outputs contiguous); a block is
  // transposed once, in tiles of kTile evaluations that stay in cache, into
  // output-major columns that the estimators, the quantiles and the counts
  // then read contiguously (reading the evaluation-major store output by
  // output strides a page an element; the first version spent most of the
  // summaries' time there).
  res.score_mean.assign(O, kNaN);
  res.score_median = res.score_q05 = res.score_q95 = res.score_mean;
  res.rank_mean = res.rank_median = res.rank_q05 = res.rank_q95 = res.score_mean;
  res.status_probability.assign(O * kStatusCodes, 0.0);
  const Eigen::MatrixXf counts = o.sobol ? bootstrap_counts(n, o.resamples, o.seed) : Eigen::MatrixXf();
  const double z = normal_quantile(0.5 + o.conf_level / 2);
  const std::size_t cells = o.sobol ? O * static_cast<std::size_t>(D) : 0;
  res.S1.assign(cells, kNaN);
  res.S1_conf = res.ST = res.ST_conf = res.S1;
  constexpr std::size_t kSummaryBlock = 512;
  // The estimators take outputs kIndexBlock at a time (one matrix product per
  // group for the bootstrap); kSummaryBlock is a multiple of it, so the groups
  // are those of every block size (the same sums in the same order).
  constexpr std::size_t kIndexBlock = 32;
  static_assert(kSummaryBlock % kIndexBlock == 0, "index groups must not straddle summary blocks");
  parallel_for((O + kSummaryBlock - 1) / kSummaryBlock, o.threads, [&](std::size_t bb, std::size_t be) {
    std::vector<float> columns(kSummaryBlock * count);  // columns[q * count + k]: output q of evaluation k
    std::vector<std::int16_t> rank_columns(kSummaryBlock * count);
    std::vector<std::int8_t> status_columns(kSummaryBlock * count);
    std::vector<float> values;
    values.reserve(count);
    std::vector<std::size_t> histogram(U);
    std::vector<SobolIndices> indices(kIndexBlock);
    Eigen::MatrixXd y;
    constexpr std::size_t kTile = 64;  // evaluations a tile of the transpose
    // Raw pointers: the stores of int8 statuses may alias anything, and the
    // compiler would reload each vector's data pointer for every element.
    const float* const score = res.outputs.score.data();
    const std::int16_t* const rank = res.outputs.rank.data();
    const std::int8_t* const status = res.outputs.status.data();
    const std::size_t stride = O;
    for (std::size_t b = bb; b < be; ++b) {
      const std::size_t first = b * kSummaryBlock, K = std::min(kSummaryBlock, O - first);
      for (std::size_t kt = 0; kt < count; kt += kTile) {
        const std::size_t ke = std::min(count, kt + kTile);
        for (std::size_t q = 0; q < K; ++q) {
          float* dc = &columns[q * count];
          std::int16_t* dr = &rank_columns[q * count];
          std::int8_t* ds = &status_columns[q * count];
          for (std::size_t k = kt; k < ke; ++k) {
            const std::size_t src = k * stride + first + q;
            dc[k] = score[src];
            dr[k] = rank[src];
            ds[k] = status[src];
          }
        }
      }
      // Sobol' indices first: the estimators need the evaluations in order.
      if (o.sobol) {
        for (std::size_t g = 0; g < K; g += kIndexBlock) {
          const std::size_t G = std::min(kIndexBlock, K - g);
          y.resize(static_cast<Eigen::Index>(count), static_cast<Eigen::Index>(G));
          for (std::size_t q = 0; q < G; ++q) {
            const float* col = &columns[(g + q) * count];
            double* dst = y.col(static_cast<Eigen::Index>(q)).data();
            for (std::size_t k = 0; k < count; ++k) dst[k] = col[k];
          }
          indices_block(y, n, D, counts, z, indices);
          for (std::size_t q = 0; q < G; ++q)
            for (int i = 0; i < D; ++i) {
              const std::size_t c = (first + g + q) * D + i;
              res.S1[c] = indices[q].S1[i];
              res.S1_conf[c] = indices[q].S1_conf[i];
              res.ST[c] = indices[q].ST[i];
              res.ST_conf[c] = indices[q].ST_conf[i];
            }
        }
      }
      for (std::size_t q = 0; q < K; ++q) {
        const std::size_t c = first + q;
        const float* dc = &columns[q * count];
        const std::int16_t* dr = &rank_columns[q * count];
        const std::int8_t* ds = &status_columns[q * count];
        // the assessable scores in order, then their sum in that order
        values.resize(count);
        std::size_t m = 0;
        for (std::size_t k = 0; k < count; ++k) {
          values[m] = dc[k];
          m += !std::isnan(dc[k]);
        }
        values.resize(m);
        double sum = 0;
        for (const float x : values) sum += x;
        if (!values.empty()) {
          res.score_mean[c] = sum / static_cast<double>(values.size());
          const auto qs = quantiles(values);
          res.score_q05[c] = qs[0];
          res.score_median[c] = qs[1];
          res.score_q95[c] = qs[2];
        }
        std::fill(histogram.begin(), histogram.end(), 0);
        std::size_t ranked = 0;
        double rank_sum = 0;
        std::size_t status_counts[kStatusCodes] = {};
        for (std::size_t k = 0; k < count; ++k) {
          const int r = dr[k];
          if (r > 0 && static_cast<std::size_t>(r) <= U) {
            ++histogram[r - 1];
            ++ranked;
            rank_sum += r;
          }
          const int st = ds[k];
          if (st >= 0 && st < kStatusCodes) ++status_counts[st];
        }
        if (ranked) {
          res.rank_mean[c] = rank_sum / static_cast<double>(ranked);
          const auto qs = quantiles(histogram.data(), U, ranked);
          res.rank_q05[c] = qs[0];
          res.rank_median[c] = qs[1];
          res.rank_q95[c] = qs[2];
        }
        for (int st = 0; st < kStatusCodes; ++st)
          res.status_probability[c * kStatusCodes + st] =
              static_cast<double>(status_counts[st]) / static_cast<double>(count);
      }
    }
  });
  if (!o.sobol) return res;
  if (res.rank_node >= 0) {
    Eigen::MatrixXd y(static_cast<Eigen::Index>(count), 1);
    for (std::size_t k = 0; k < count; ++k) y(static_cast<Eigen::Index>(k), 0) = res.rank_shift[k];
    std::vector<SobolIndices> out(1);
    indices_block(y, n, D, counts, z, out);
    res.rank_shift_indices = out[0];
  }
  return res;
}

}  // namespace

SensitivityResult sensitivity(const Evaluator& ev, const Panel& panel, const std::vector<UncertainInput>& inputs,
                              const SensitivityOptions& o) {
  return run(ev, panel, inputs, o, false, 0, 0, nullptr);
}

BatchOutputs sensitivity_part(const Evaluator& ev, const Panel& panel, const std::vector<UncertainInput>& inputs,
                              const SensitivityOptions& o, std::size_t begin, std::size_t end) {
  return std::move(run(ev, panel, inputs, o, true, begin, end, nullptr).outputs);
}

SensitivityResult sensitivity_from(const Evaluator& ev, const Panel& panel, const std::vector<UncertainInput>& inputs,
                                   const SensitivityOptions& o, BatchOutputs outputs) {
  return run(ev, panel, inputs, o, false, 0, 0, &outputs);
}

}  // namespace styrkort
