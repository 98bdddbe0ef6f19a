#include "styrkort/robustness.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <map>
#include <mutex>
#include <random>
#include <unordered_map>
#include <utility>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"
#include "styrkort/parallel.hpp"
#include "styrkort/weights.hpp"

namespace styrkort {

namespace {

constexpr std::array<std::pair<WeightSampling, const char*>, 2> kWeightSampling{
    {{WeightSampling::ranking, "ranking"}, {WeightSampling::dirichlet, "dirichlet"}}};
constexpr std::array<std::pair<SplitRule, const char*>, 3> kSplitRule{{{SplitRule::proportional, "proportional"},
                                                                       {SplitRule::diminishing, "diminishing"},
                                                                       {SplitRule::leverage, "leverage"}}};

using detail::name_in;
using detail::names_in;
using detail::parse_in;

/// A number as a user would write it (up to 6 significant digits).
std::string num(double x) { return detail::format_number(x, 6); }

/// SplitMix64's output function: a bijective mix of a 64-bit state advanced by
/// the golden-ratio increment (Steele, Lea & Flood 2014).
std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// A uniform number in the open interval (0, 1) from the top 53 bits of one
/// draw (the midpoint of one of 2^53 equal cells), the same on every platform.
double uniform01(std::mt19937_64& rng) { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53; }

/// A standard normal variate (Marsaglia's polar method; one of the pair).
double standard_normal(std::mt19937_64& rng) {
  for (;;) {
    const double x = 2.0 * uniform01(rng) - 1.0, y = 2.0 * uniform01(rng) - 1.0;
    const double s = x * x + y * y;
    if (s > 0.0 && s < 1.0) return x * std::sqrt(-2.0 * std::log(s) / s);
  }
}

/// The logarithm of a Gamma(shape, 1) variate, shape > 0 (Marsaglia & Tsang
/// 2000; for shape < 1, G(shape) = G(shape + 1) U^(1/shape), in logarithms).
double log_gamma_variate(double shape, std::mt19937_64& rng) {
  if (shape < 1.0) {
    const double boost = std::log(uniform01(rng)) / shape;
    return log_gamma_variate(shape + 1.0, rng) + boost;
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = standard_normal(rng);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = uniform01(rng);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return std::log(d * v);
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return std::log(d * v);
  }
}

void check_samples(const std::string& fn, long long samples) {
  if (samples < 1)
    throw ArgumentError(fn + ": the number of samples N is " + std::to_string(samples) + "; it must be at least 1");
}

/// Refuses more samples than fit in max_sample_bytes at `bytes_per_sample`,
/// naming the memory they would need (before anything is allocated).
void check_memory(const std::string& fn, long long samples, double bytes_per_sample, const std::string& what) {
  const double need = static_cast<double>(samples) * bytes_per_sample;
  if (need <= max_sample_bytes) return;
  const long long fit = static_cast<long long>(max_sample_bytes / bytes_per_sample);
  char gib[32];
  std::snprintf(gib, sizeof gib, "%.1f", need / (1024.0 * 1024.0 * 1024.0));
  throw ArgumentError(fn + ": " + std::to_string(samples) + " samples would need " + gib + " GiB of memory (" + what +
                      "), more than the 2 GiB allowed; use at most " + std::to_string(fit) +
                      " samples (10000 give a Monte Carlo error of at most 0.5 %)");
}

/// The memory of the split functions: per sample, each focus area's share and
/// weight and one sorted copy when they are described.
void check_split_memory(const std::string& fn, long long samples, std::size_t n) {
  check_memory(fn, samples, 8.0 * (2.0 * static_cast<double>(n) + 1.0),
               std::to_string(2 * n + 1) + " numbers of 8 bytes per sample for " + std::to_string(n) + " focus areas");
}

void check_options(const std::string& fn, const RobustnessOptions& o) {
  check_samples(fn, o.samples);
  for (std::size_t k = 0; k < o.quantiles.size(); ++k)
    if (!(o.quantiles[k] >= 0.0 && o.quantiles[k] <= 1.0))
      throw ArgumentError(fn + ": quantiles[" + std::to_string(k) + "] is " + num(o.quantiles[k]) +
                          "; a quantile level must be in [0, 1] (e.g. 0.05 for the 5 % quantile)");
}

void check_edges(const std::string& fn, const std::vector<double>& e) {
  if (e.size() == 1)
    throw ArgumentError(fn + ": one bin edge (" + num(e[0]) + "); give at least two (or none for 20 bins of [0, 1])");
  for (std::size_t k = 0; k < e.size(); ++k) {
    if (!std::isfinite(e[k]))
      throw ArgumentError(fn + ": bin_edges[" + std::to_string(k) + "] is " + num(e[k]) +
                          "; bin edges must be finite numbers");
    if (k > 0 && !(e[k] > e[k - 1]))
      throw ArgumentError(fn + ": bin_edges[" + std::to_string(k) + "] = " + num(e[k]) +
                          " is not greater than bin_edges[" + std::to_string(k - 1) + "] = " + num(e[k - 1]) +
                          "; bin edges must be strictly increasing");
  }
}

std::vector<double> edges_of(const std::string& fn, const RobustnessOptions& o) {
  std::vector<double> e = o.bin_edges.empty() ? default_bin_edges() : o.bin_edges;
  check_edges(fn, e);
  return e;
}

/// Runs worker(s, weights) for every sample s = 0..N-1 in parallel; each chunk
/// of samples gets its own worker from make_worker() (its scratch) and its own
/// weight buffer. Workers write to per-sample slots, so nothing depends on the
/// scheduling.
template <class MakeWorker>
void for_each_sample(const WeightSampler& sampler, long long samples, std::uint64_t seed, int threads,
                     MakeWorker&& make_worker, const RobustnessOptions* options = nullptr) {
  Progress progress;
  if (options) progress.report = options->progress;
  parallel_for(
      static_cast<std::size_t>(samples), threads,
      [&](std::size_t begin, std::size_t end) {
        auto worker = make_worker();
        std::vector<double> w;
        for (std::size_t s = begin; s < end && !progress.stop; ++s) {
          sampler.draw(seed, s, w);
          worker(s, w);
          ++progress.done;
        }
      },
      &progress, 16);
}

/// The common report of the split functions from the per-area share samples.
SplitRobustnessResult split_report(const std::vector<std::string>& ids, std::vector<std::vector<double>>&& shares,
                                   std::vector<std::vector<double>>&& weights, const std::string& rule,
                                   const RobustnessOptions& o, const std::vector<double>& edges) {
  SplitRobustnessResult r;
  r.samples = o.samples;
  r.seed = o.seed;
  r.rule = rule;
  r.quantile_levels = o.quantiles;
  r.bin_edges = edges;
  r.mc_error_bound = monte_carlo_error_bound(o.samples);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    FocusAreaShareDistribution a;
    a.focus_area = ids[i];
    a.share = describe(shares[i], o.quantiles, edges);
    a.weight = describe(weights[i], o.quantiles, edges);
    r.focus_areas.push_back(std::move(a));
  }
  if (o.keep_samples) r.samples_of = std::move(shares);
  return r;
}

}  // namespace

// ---------------------------------------------------------------- names

const char* to_string(WeightSampling v) { return name_in(kWeightSampling, v); }
template <> std::optional<WeightSampling> parse_name<WeightSampling>(const std::string& name) {
  return parse_in<WeightSampling>(kWeightSampling, name);
}
template <> std::string names_of<WeightSampling>() { return names_in(kWeightSampling); }

const char* to_string(SplitRule v) { return name_in(kSplitRule, v); }
template <> std::optional<SplitRule> parse_name<SplitRule>(const std::string& name) {
  return parse_in<SplitRule>(kSplitRule, name);
}
template <> std::string names_of<SplitRule>() { return names_in(kSplitRule); }

// ---------------------------------------------------------------- sampling

std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t index) { return splitmix64(splitmix64(seed) ^ index); }

WeightSampler WeightSampler::ranking(const std::vector<int>& priorities) {
  const std::string where = "WeightSampler::ranking: ";
  check_priorities(priorities, where);
  const std::size_t n = priorities.size();
  WeightSampler s;
  s.kind_ = WeightSampling::ranking;
  s.n_ = n;
  s.priorities_ = priorities;
  std::map<int, std::size_t> size_of;  // distinct priorities in order -> group size
  for (int p : priorities) ++size_of[p];
  std::map<int, std::size_t> group_of;
  double cumulative = 0;
  for (const auto& [priority, size] : size_of) {
    group_of[priority] = s.cumulative_.size();
    cumulative += static_cast<double>(size);
    s.cumulative_.push_back(cumulative);
    if (size > 1) s.untied_ = false;
  }
  s.group_.resize(n);
  for (std::size_t i = 0; i < n; ++i) s.group_[i] = group_of[priorities[i]];
  return s;
}

WeightSampler WeightSampler::dirichlet(const std::vector<double>& weights, double concentration) {
  const std::string where = "WeightSampler::dirichlet: ";
  if (weights.empty()) throw ArgumentError(where + "no weights; give one weight per area");
  double total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!(std::isfinite(weights[i]) && weights[i] >= 0.0))
      throw ArgumentError(where + "weights[" + std::to_string(i) + "] is " + num(weights[i]) +
                          "; weights must be finite numbers >= 0");
    total += weights[i];
  }
  if (!(total > 0.0)) throw ArgumentError(where + "the weights sum to 0; at least one must be positive");
  if (!(std::isfinite(concentration) && concentration > 0.0))
    throw ArgumentError(where + "concentration kappa is " + num(concentration) +
                        "; it must be a finite number > 0 (larger = closer to the given weights)");
  WeightSampler s;
  s.kind_ = WeightSampling::dirichlet;
  s.n_ = weights.size();
  s.weights_.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) s.weights_[i] = weights[i] / total;
  s.concentration_ = concentration;
  return s;
}

std::vector<double> WeightSampler::mean() const {
  if (kind_ == WeightSampling::dirichlet) return weights_;
  const std::size_t m = cumulative_.size();
  std::vector<double> v(m);
  double tail = 0;
  for (std::size_t g = m; g-- > 0;) {
    tail += 1.0 / cumulative_[g];
    v[g] = tail / static_cast<double>(m);
  }
  std::vector<double> out(n_);
  for (std::size_t i = 0; i < n_; ++i) out[i] = v[group_[i]];
  return out;
}

void WeightSampler::draw(std::uint64_t seed, std::uint64_t index, std::vector<double>& out) const {
  std::mt19937_64 rng(sample_seed(seed, index));
  thread_local std::vector<double> scratch;
  out.assign(n_, 0.0);
  if (kind_ == WeightSampling::ranking) {
    const std::size_t m = cumulative_.size();
    // m - 1 sorted uniforms; their m spacings are uniform on the simplex.
    scratch.resize(m + 1);
    scratch[0] = 0.0;
    for (std::size_t k = 1; k < m; ++k) scratch[k] = uniform01(rng);
    scratch[m] = 1.0;
    std::sort(scratch.begin() + 1, scratch.begin() + static_cast<std::ptrdiff_t>(m));
    for (std::size_t k = 0; k < m; ++k) scratch[k] = scratch[k + 1] - scratch[k];
    scratch.resize(m);
    if (untied_) {
      // Sorted in descending order: uniform on the ordered simplex; position
      // k goes to the area of priority position k.
      std::sort(scratch.begin(), scratch.end(), [](double a, double b) { return a > b; });
    } else {
      // Barycentric coordinates on the vertices (1/S_k on the first k groups).
      double tail = 0;
      for (std::size_t g = m; g-- > 0;) {
        tail += scratch[g] / cumulative_[g];
        scratch[g] = tail;
      }
    }
    for (std::size_t i = 0; i < n_; ++i) out[i] = scratch[group_[i]];
    return;
  }
  // Dirichlet(kappa w): normalised gamma variates, from their logarithms.
  scratch.assign(n_, -std::numeric_limits<double>::infinity());
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n_; ++i) {
    if (weights_[i] > 0.0) {
      scratch[i] = log_gamma_variate(concentration_ * weights_[i], rng);
      top = std::max(top, scratch[i]);
    }
  }
  double total = 0;
  for (std::size_t i = 0; i < n_; ++i) {
    out[i] = weights_[i] > 0.0 ? std::exp(scratch[i] - top) : 0.0;
    total += out[i];
  }
  for (double& x : out) x /= total;
}

std::vector<double> WeightSampler::draw(std::uint64_t seed, std::uint64_t index) const {
  std::vector<double> out;
  draw(seed, index, out);
  return out;
}

std::vector<std::vector<double>> sample_weights(const WeightSampler& sampler, long long samples, std::uint64_t seed,
                                                int threads) {
  check_samples("sample_weights", samples);
  check_memory("sample_weights", samples, 8.0 * static_cast<double>(sampler.size()) + sizeof(std::vector<double>),
               "the weights of every sample");
  std::vector<std::vector<double>> out(static_cast<std::size_t>(samples));
  for_each_sample(sampler, samples, seed, threads,
                  [&] { return [&](std::size_t s, const std::vector<double>& w) { out[s] = w; }; });
  return out;
}

// ---------------------------------------------------------------- statistics

double monte_carlo_error(double p, long long samples) {
  check_samples("monte_carlo_error", samples);
  if (!(p >= 0.0 && p <= 1.0))
    throw ArgumentError("monte_carlo_error: the proportion p is " + num(p) + "; it must be in [0, 1]");
  return std::sqrt(p * (1.0 - p) / static_cast<double>(samples));
}

double monte_carlo_error_bound(long long samples) {
  check_samples("monte_carlo_error_bound", samples);
  return 0.5 / std::sqrt(static_cast<double>(samples));
}

std::vector<double> default_bin_edges() {
  std::vector<double> e(21);
  for (int k = 0; k <= 20; ++k) e[static_cast<std::size_t>(k)] = k / 20.0;
  return e;
}

Distribution describe(const std::vector<double>& values, const std::vector<double>& quantile_levels,
                      const std::vector<double>& bin_edges) {
  const std::string fn = "describe";
  if (values.empty()) throw ArgumentError(fn + ": no values to describe");
  RobustnessOptions check;
  check.samples = 1;
  check.quantiles = quantile_levels;
  check_options(fn, check);
  check_edges(fn, bin_edges);

  Distribution d;
  const std::size_t n = values.size();
  double sum = 0;
  for (double x : values) sum += x;
  d.mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double x : values) ss += (x - d.mean) * (x - d.mean);
  d.sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  d.mean_error = d.sd / std::sqrt(static_cast<double>(n));

  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  d.min = sorted.front();
  d.max = sorted.back();
  for (double p : quantile_levels) {
    const double h = p * static_cast<double>(n - 1);
    const std::size_t lo = std::min(static_cast<std::size_t>(std::floor(h)), n - 1);
    const std::size_t hi = std::min(lo + 1, n - 1);
    d.quantiles.push_back(sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]));
  }

  if (bin_edges.size() >= 2) {
    d.histogram.assign(bin_edges.size() - 1, 0);
    for (double x : values) {
      if (x < bin_edges.front()) {
        ++d.below;
      } else if (x > bin_edges.back()) {
        ++d.above;
      } else if (x == bin_edges.back()) {
        ++d.histogram.back();
      } else {
        const auto it = std::upper_bound(bin_edges.begin(), bin_edges.end(), x);
        ++d.histogram[static_cast<std::size_t>(it - bin_edges.begin()) - 1];
      }
    }
  }
  return d;
}

// ---------------------------------------------------------------- split

SplitRobustnessResult split_robustness(const std::vector<FocusArea>& areas, double budget, SplitRule rule,
                                       const WeightSampler& sampler, const RobustnessOptions& options) {
  const std::string fn = "split_robustness";
  check_options(fn, options);
  const std::vector<double> edges = edges_of(fn, options);
  if (sampler.size() != areas.size())
    throw ArgumentError(fn + ": the sampler has " + std::to_string(sampler.size()) + " weights but there are " +
                        std::to_string(areas.size()) +
                        " areas; give one weight (or priority) per area, in the same order");
  if (!(std::isfinite(budget) && budget > 0.0))
    throw ArgumentError(fn + ": the budget is " + num(budget) +
                        "; it must be a finite number > 0 (the shares are amounts over the budget)");

  const std::size_t n = areas.size();
  check_split_memory(fn, options.samples, n);
  const std::size_t N = static_cast<std::size_t>(options.samples);
  std::vector<std::vector<double>> shares(n, std::vector<double>(N)), weights(n, std::vector<double>(N));
  for_each_sample(
      sampler, options.samples, options.seed, options.threads,
      [&] {
        // Each chunk's scratch: its own copy of the areas.
        return [&, table = areas](std::size_t s, const std::vector<double>& w) mutable {
          for (std::size_t i = 0; i < n; ++i) table[i].weight = w[i];
          SplitResult r;
          switch (rule) {
            case SplitRule::proportional: r = split_proportional(table, budget); break;
            case SplitRule::diminishing: r = split_diminishing(table, budget); break;
            case SplitRule::leverage: r = split_leverage(table, budget); break;
          }
          for (std::size_t i = 0; i < n; ++i) {
            shares[i][s] = r.amount[i] / budget;
            weights[i][s] = w[i];
          }
        };
      },
      &options);
  std::vector<std::string> ids;
  for (const auto& a : areas) ids.push_back(a.id);
  return split_report(ids, std::move(shares), std::move(weights), to_string(rule), options, edges);
}

SplitRobustnessResult split_robustness_with(const std::vector<std::string>& focus_area_ids,
                                            const ShareFunction& share_of, const WeightSampler& sampler,
                                            const RobustnessOptions& options) {
  const std::string fn = "split_robustness_with";
  check_options(fn, options);
  const std::vector<double> edges = edges_of(fn, options);
  if (sampler.size() != focus_area_ids.size())
    throw ArgumentError(fn + ": the sampler has " + std::to_string(sampler.size()) + " weights but there are " +
                        std::to_string(focus_area_ids.size()) +
                        " focus area ids; give one weight (or priority) per focus area");
  if (!share_of) throw ArgumentError(fn + ": no share function given");

  const std::size_t n = focus_area_ids.size();
  check_split_memory(fn, options.samples, n);
  const std::size_t N = static_cast<std::size_t>(options.samples);
  std::vector<std::vector<double>> shares(n, std::vector<double>(N)), weights(n, std::vector<double>(N));
  for_each_sample(
      sampler, options.samples, options.seed, options.threads,
      [&] {
        return [&](std::size_t s, const std::vector<double>& w) {
          const std::vector<double> x = share_of(w);
          if (x.size() != n)
            throw ArgumentError(fn + ": in sample " + std::to_string(s) + " the share function returned " +
                                std::to_string(x.size()) + " values for " + std::to_string(n) +
                                " areas; return one per area, in the order of the focus area ids");
          for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(x[i]))
              throw ArgumentError(fn + ": in sample " + std::to_string(s) + " the share function returned " +
                                  num(x[i]) + " for focus area '" + focus_area_ids[i] +
                                  "'; shares must be finite numbers");
            shares[i][s] = x[i];
            weights[i][s] = w[i];
          }
        };
      },
      &options);
  return split_report(focus_area_ids, std::move(shares), std::move(weights), "custom", options, edges);
}

// ---------------------------------------------------------------- selection

namespace {

/// Re-solves `problem` with the values set by set_values(sample, weights,
/// values) for every sample and counts the selections.
template <class MakeSetter>
SelectionRobustnessResult selection_report(const SelectionProblem& problem, const WeightSampler& sampler,
                                           const RobustnessOptions& o, const SelectionOptions& selection,
                                           MakeSetter&& make_setter) {
  const std::size_t m = problem.items.size();
  const std::size_t N = static_cast<std::size_t>(o.samples);
  std::vector<double> value(N, std::numeric_limits<double>::quiet_NaN());
  std::vector<char> proven(N, 0), feasible(N, 0);
  std::vector<long long> count(m, 0);
  std::mutex merge;
  Progress progress;
  progress.report = o.progress;
  parallel_for(
      N, o.threads,
      [&](std::size_t begin, std::size_t end) {
        // Each chunk's scratch: a copy of the problem, the values, the weights.
        SelectionProblem p = problem;
        auto set_values = make_setter();
        std::vector<double> w, v(m);
        std::vector<long long> local(m, 0);
        for (std::size_t s = begin; s < end && !progress.stop; ++s, ++progress.done) {
          sampler.draw(o.seed, s, w);
          set_values(s, w, v);
          for (std::size_t j = 0; j < m; ++j) p.items[j].value = v[j];
          const SelectionResult r = select_exact(p, selection);
          proven[s] = r.proven_optimal ? 1 : 0;
          feasible[s] = r.feasible ? 1 : 0;
          if (!r.feasible) continue;
          value[s] = r.value;
          for (std::size_t j : r.selected_index) ++local[j];
        }
        // Integer counts: the sum does not depend on the order of the chunks.
        std::lock_guard<std::mutex> lock(merge);
        for (std::size_t j = 0; j < m; ++j) count[j] += local[j];
      },
      &progress, 4);

  SelectionRobustnessResult r;
  r.samples = o.samples;
  r.seed = o.seed;
  r.mc_error_bound = monte_carlo_error_bound(o.samples);
  for (std::size_t j = 0; j < m; ++j) {
    ItemAcceptability a;
    a.id = problem.items[j].id;
    a.selected = count[j];
    a.acceptability = static_cast<double>(count[j]) / static_cast<double>(N);
    a.standard_error = monte_carlo_error(a.acceptability, o.samples);
    r.items.push_back(std::move(a));
  }
  std::vector<double> found;
  for (std::size_t s = 0; s < N; ++s) {
    if (!proven[s]) ++r.not_proven;
    if (!feasible[s]) {
      ++r.not_feasible;
      continue;
    }
    found.push_back(value[s]);
  }
  if (!found.empty()) {
    r.value = describe(found, o.quantiles, {});
  } else {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    r.value.mean = r.value.sd = r.value.mean_error = r.value.min = r.value.max = nan;
    r.value.quantiles.assign(o.quantiles.size(), nan);
  }
  return r;
}

}  // namespace

SelectionRobustnessResult selection_robustness(const SelectionProblem& problem,
                                               const std::vector<std::string>& focus_area_ids,
                                               const WeightSampler& sampler, const RobustnessOptions& options,
                                               const SelectionOptions& selection) {
  const std::string fn = "selection_robustness";
  check_options(fn, options);
  check_memory(fn, options.samples, 10.0, "the value and two flags of every sample");
  if (sampler.size() != focus_area_ids.size())
    throw ArgumentError(fn + ": the sampler has " + std::to_string(sampler.size()) + " weights but there are " +
                        std::to_string(focus_area_ids.size()) +
                        " focus area ids; give one weight (or priority) per focus area");
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t k = 0; k < focus_area_ids.size(); ++k) {
    if (focus_area_ids[k].empty())
      throw ArgumentError(fn + ": focus_area_ids[" + std::to_string(k) + "] is empty; every focus area needs an id");
    const auto [it, fresh] = index.emplace(focus_area_ids[k], k);
    if (!fresh)
      throw ArgumentError(fn + ": focus area id '" + focus_area_ids[k] + "' is repeated (focus_area_ids[" +
                          std::to_string(it->second) + "] and [" + std::to_string(k) + "]); ids must be unique");
  }
  const std::size_t m = problem.items.size();
  std::vector<std::size_t> area_of(m);
  std::vector<double> base(m);
  for (std::size_t j = 0; j < m; ++j) {
    const SelectionItem& it = problem.items[j];
    const std::string item = "item '" + it.id + "' (item " + std::to_string(j + 1) + ")";
    if (it.focus_area.empty())
      throw ArgumentError(fn + ": " + item +
                          " has no focus area; every item's value is weighted by the sampled weight of its focus area");
    const auto found = index.find(it.focus_area);
    if (found == index.end())
      throw ArgumentError(fn + ": " + item + " is in focus area '" + it.focus_area +
                          "', which is not one of the sampled focus areas (focus_area_ids)");
    area_of[j] = found->second;
    base[j] = it.value;
  }
  return selection_report(problem, sampler, options, selection, [&] {
    return [&](std::size_t, const std::vector<double>& w, std::vector<double>& v) {
      for (std::size_t j = 0; j < m; ++j) v[j] = w[area_of[j]] * base[j];
    };
  });
}

SelectionRobustnessResult selection_robustness_with(const SelectionProblem& problem, const ItemValueFunction& values_of,
                                                    const WeightSampler& sampler, const RobustnessOptions& options,
                                                    const SelectionOptions& selection) {
  const std::string fn = "selection_robustness_with";
  check_options(fn, options);
  check_memory(fn, options.samples, 10.0, "the value and two flags of every sample");
  if (!values_of) throw ArgumentError(fn + ": no value function given");
  const std::size_t m = problem.items.size();
  return selection_report(problem, sampler, options, selection, [&] {
    return [&](std::size_t s, const std::vector<double>& w, std::vector<double>& v) {
      values_of(w, v);
      if (v.size() != m)
        throw ArgumentError(fn + ": in sample " + std::to_string(s) + " the value function left " +
                            std::to_string(v.size()) + " values for " + std::to_string(m) +
                            " items; write one value per item and do not resize the vector");
      for (std::size_t j = 0; j < m; ++j)
        if (!(std::isfinite(v[j]) && v[j] >= 0.0))
          throw ArgumentError(fn + ": in sample " + std::to_string(s) + " the value function gave item '" +
                              problem.items[j].id + "' (item " + std::to_string(j + 1) + ") the value " + num(v[j]) +
                              "; values must be finite numbers >= 0");
    };
  });
}

}  // namespace styrkort
