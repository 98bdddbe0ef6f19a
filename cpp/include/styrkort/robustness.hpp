#pragma once
// Robustness of a budget split and of a selection to the weights of the focus
// areas (docs/methods.md, "Allocation methods: robustness"): sample weights, re-solve
// for every sample, and report how the areas' shares are distributed and how
// often each project is selected (its acceptability, as in stochastic
// multicriteria acceptability analysis), with the Monte Carlo error.
//
// Sources:
//  - weights consistent with a ranking: the uniform distribution on
//    {w : w_1 >= w_2 >= ... >= w_n >= 0, sum w = 1}, sampled by sorted uniform
//    spacings: n - 1 uniforms on [0, 1] sorted, their n spacings are uniform
//    on the simplex (Rubinstein, Simulation and the Monte Carlo Method, Wiley
//    1981, ch. 3; Devroye, Non-Uniform Random Variate Generation, Springer
//    1986, ch. V.2), and sorted in descending order they are uniform on the
//    ordered simplex (Butler, Jia & Dyer, "Simulation techniques for the
//    sensitivity analysis of multi-criteria decision models", European Journal
//    of Operational Research 103, 1997). Its mean is the rank-order centroid
//    (Barron & Barrett, Management Science 42, 1996);
//  - acceptability: Lahdelma, Hokkanen & Salminen, "SMAA - Stochastic
//    multiobjective acceptability analysis", EJOR 106, 1998;
//  - weights around given weights: the Dirichlet distribution with parameters
//    kappa w, drawn as normalised gamma variates (Devroye 1986, ch. XI.4);
//    gamma variates by Marsaglia & Tsang, "A simple method for generating
//    gamma variables", ACM TOMS 26(3), 2000 (with their U^(1/a) boost for
//    a < 1, here in logarithms so that tiny parameters do not underflow);
//  - per-sample streams: std::mt19937_64 seeded with SplitMix64 (Steele, Lea
//    & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014)
//    of the seed and the sample index.
//
// Reproducibility: sample s always uses the stream seeded with
// sample_seed(seed, s), the uniforms and gamma variates are computed here (not
// by the implementation-defined std distributions), and every statistic is
// accumulated in sample order after the parallel loop. So a result depends on
// the inputs and the seed only - not on the number of threads, nor on the
// standard library. (A selection stopped by its time limit is the exception:
// where a search stops depends on the machine.)
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "styrkort/methods.hpp"
#include "styrkort/selection.hpp"
#include "styrkort/split.hpp"

namespace styrkort {

/// The seed of the random stream of sample `index`: SplitMix64 applied to the
/// seed, xor the index, SplitMix64 again. Each sample's weights are drawn from
/// std::mt19937_64(sample_seed(seed, index)).
std::uint64_t sample_seed(std::uint64_t seed, std::uint64_t index);

/// Where the sampled weights come from.
///  - ranking: uniformly among the weights consistent with a priority ranking;
///  - dirichlet: around given weights (e.g. AHP weights).
enum class WeightSampling { ranking, dirichlet };
const char* to_string(WeightSampling);
// Names: "ranking", "dirichlet".
template <> std::optional<WeightSampling> parse_name<WeightSampling>(const std::string& name);
template <> std::string names_of<WeightSampling>();

/// A distribution of weights (one per area, summing to 1) to sample from.
class WeightSampler {
 public:
  /// Uniformly among the weights consistent with the focus areas' priorities
  /// (1 = most important): a smaller priority never weighs less, and areas of
  /// the same priority (a tie) weigh exactly the same. The priorities are
  /// validated as in weights_from_priorities (1 <= priority <= n; only their
  /// order matters).
  ///
  /// With m distinct priorities, group g (in priority order) of s_g areas and
  /// S_k = s_1 + ... + s_k, the consistent weights v_1 >= ... >= v_m >= 0
  /// (per area of each group) with sum_g s_g v_g = 1 form a simplex whose
  /// vertices put 1/S_k on every area of the first k groups. Without ties
  /// (S_k = k) a draw is: m - 1 uniforms, sorted; their m spacings sorted in
  /// descending order and given to the areas by priority. With ties the m
  /// spacings u_k (uniform on the standard simplex) are the barycentric
  /// coordinates of the draw: v_g = sum_{k >= g} u_k / S_k. Both are exactly
  /// uniform. The mean is v_g = (1/m) sum_{k >= g} 1/S_k: the rank-order
  /// centroid when there are no ties. (With ties this is the centroid of the
  /// tied weights, which is not the mean of the tied positions' ROC weights
  /// that weights_from_priorities gives: {1, 1, 2} -> 5/12, 5/12, 1/6 here,
  /// against 4/9, 4/9, 1/9.)
  /// Throws ArgumentError naming priorities[i] when a priority is invalid or
  /// the list is empty.
  static WeightSampler ranking(const std::vector<int>& priorities);

  /// Around given weights: Dirichlet with parameters kappa w_i, where w are
  /// the weights normalised to sum 1. The mean is w and the variance of w_i is
  /// w_i (1 - w_i) / (kappa + 1): a larger concentration kappa keeps the
  /// samples closer to w (kappa = n with equal weights is uniform on the
  /// simplex; kappa ~ 10-100 is a moderate uncertainty about AHP weights).
  /// An area of weight 0 always gets 0.
  /// Throws ArgumentError naming weights[i] when a weight is negative or not
  /// finite, when the list is empty or sums to 0, and when kappa is not a
  /// finite number > 0.
  static WeightSampler dirichlet(const std::vector<double>& weights, double concentration);

  WeightSampling kind() const { return kind_; }
  std::size_t size() const { return n_; }
  const std::vector<int>& priorities() const { return priorities_; }  ///< ranking only
  const std::vector<double>& weights() const { return weights_; }    ///< dirichlet: normalised
  double concentration() const { return concentration_; }            ///< dirichlet only

  /// The exact expected weights (the centroid for ranking; w for dirichlet).
  std::vector<double> mean() const;

  /// The weights of sample `index` for `seed` (size() entries, summing to 1),
  /// written to `out` (resized). The same (seed, index) always gives the same
  /// weights.
  void draw(std::uint64_t seed, std::uint64_t index, std::vector<double>& out) const;
  std::vector<double> draw(std::uint64_t seed, std::uint64_t index) const;

 private:
  WeightSampler() = default;
  WeightSampling kind_ = WeightSampling::ranking;
  std::size_t n_ = 0;
  std::vector<int> priorities_;
  // ranking: the group (0-based, in priority order) of each area, the groups'
  // cumulative sizes S_k, and whether every group has one area.
  std::vector<std::size_t> group_;
  std::vector<double> cumulative_;
  bool untied_ = true;
  // dirichlet
  std::vector<double> weights_;
  double concentration_ = 0;
};

/// Samples 0..samples-1 of `sampler` for `seed`: result[s] = sampler.draw(seed,
/// s). Drawn in parallel (threads <= 0: every core). Throws ArgumentError when
/// samples < 1.
std::vector<std::vector<double>> sample_weights(const WeightSampler& sampler, long long samples, std::uint64_t seed,
                                                int threads = 0);

/// The Monte Carlo standard error of a proportion p estimated from n
/// independent samples: sqrt(p (1 - p) / n). At most monte_carlo_error_bound(n)
/// = 0.5 / sqrt(n) (p = 1/2). Throws ArgumentError when n < 1 or p is not in
/// [0, 1].
double monte_carlo_error(double p, long long samples);
double monte_carlo_error_bound(long long samples);

/// The most memory the robustness functions take for their samples (2 GiB):
/// the split functions keep (2 n + 1) doubles per sample for n focus areas
/// (the shares, the weights, one sorted copy), the selection functions 10
/// bytes, sample_weights n doubles and a vector. More samples than fit are
/// refused with an ArgumentError naming the memory they would need, before any
/// work (10,000 samples give a Monte Carlo error of at most 0.5 %).
inline constexpr double max_sample_bytes = 2.0 * 1024 * 1024 * 1024;

/// How many samples, which seed, how many threads, and what to report.
struct RobustnessOptions {
  long long samples = 10000;  ///< N >= 1
  std::uint64_t seed = 1;
  int threads = 0;  ///< <= 0: every core; the result does not depend on it
  /// Quantile levels, each in [0, 1] (type 7: linear interpolation between
  /// order statistics, as R's default and numpy's "linear").
  std::vector<double> quantiles{0.05, 0.25, 0.5, 0.75, 0.95};
  /// Histogram bin edges, strictly increasing, at least 2. Bins are
  /// [e_k, e_k+1), the last one closed [e_m-1, e_m]. Empty: 20 equal bins of
  /// [0, 1].
  std::vector<double> bin_edges;
  /// Keep every sample's shares (SplitRobustnessResult::samples_of).
  bool keep_samples = false;
  /// Called with (samples done, samples) from the calling thread while the
  /// samples run (parallel.hpp's Progress); throwing from it stops the work.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// The 21 edges of 20 equal bins of [0, 1] (the default histogram).
std::vector<double> default_bin_edges();

/// The distribution of a quantity over the samples.
struct Distribution {
  double mean = 0;
  double sd = 0;          ///< sample standard deviation (n - 1 in the denominator; 0 for n = 1)
  double mean_error = 0;  ///< Monte Carlo standard error of the mean: sd / sqrt(n)
  double min = 0, max = 0;
  std::vector<double> quantiles;         ///< at RobustnessOptions::quantiles
  std::vector<long long> histogram;      ///< counts per bin (empty when there are no bins)
  long long below = 0, above = 0;        ///< values outside the bins
};

/// Mean, standard deviation, quantiles and histogram of `values` (in any
/// order; not empty). `bin_edges` may be empty (no histogram). Throws
/// ArgumentError on empty values, quantile levels outside [0, 1], or edges
/// that are not finite and strictly increasing (fewer than 2 when given).
Distribution describe(const std::vector<double>& values, const std::vector<double>& quantile_levels,
                      const std::vector<double>& bin_edges);

/// Which split is re-solved for every sample (split.hpp), with the sampled
/// weights in place of the areas' weights and everything else (floors, caps,
/// curves, grants, priorities for tie-breaking) as given. Strict priority and whole
/// units are not offered: the first ignores the weights (except within ties),
/// and the second has integer shares - use split_robustness_with for them.
enum class SplitRule { proportional, diminishing, leverage };
const char* to_string(SplitRule);
// Names: "proportional", "diminishing", "leverage".
template <> std::optional<SplitRule> parse_name<SplitRule>(const std::string& name);
template <> std::string names_of<SplitRule>();

/// One focus area's share over the samples.
struct FocusAreaShareDistribution {
  std::string focus_area;
  Distribution share;   ///< amount / budget (own money for leverage)
  Distribution weight;  ///< the sampled weight
  // How often the area gets each share: share.histogram[k] / N, with a Monte
  // Carlo standard error of at most SplitRobustnessResult::mc_error_bound.
};

struct SplitRobustnessResult {
  long long samples = 0;
  std::uint64_t seed = 0;
  std::string rule;                     ///< "proportional", ..., or "custom"
  std::vector<double> quantile_levels;  ///< as used
  std::vector<double> bin_edges;        ///< as used
  std::vector<FocusAreaShareDistribution> focus_areas;  ///< in the input order
  /// 0.5 / sqrt(N): the largest Monte Carlo standard error of any proportion
  /// estimated here (a histogram bin's count / N).
  double mc_error_bound = 0;
  /// With keep_samples: samples_of[i][s] = area i's share in sample s.
  std::vector<std::vector<double>> samples_of;
};

/// Re-solves `rule` on `focus_areas` (split.hpp) with `budget` (a finite number > 0)
/// for N weight samples and reports each area's share = amount / budget
/// (own money for leverage; a budget the caps leave unspent lowers the shares'
/// sum below 1). `focus_areas` are validated by the split itself (the first sample
/// raises its ArgumentError). Throws ArgumentError when sampler.size() differs
/// from the number of areas, and on invalid options.
SplitRobustnessResult split_robustness(const std::vector<FocusArea>& focus_areas, double budget, SplitRule rule,
                                       const WeightSampler& sampler, const RobustnessOptions& options = {});

/// Any rule: `shares(weights)` returns the quantity to report per area
/// (normally its share of the budget) for one weight sample. It is called from
/// several threads at once (pass threads = 1 for one that is not
/// thread-safe) and must be a function of the weights only for the result to
/// be reproducible. Throws ArgumentError when `focus_area_ids` and the sampler
/// differ in size, and when a call returns a vector of the wrong size or a
/// value that is not finite (naming the sample and the area); exceptions from
/// `shares` are passed on.
using ShareFunction = std::function<std::vector<double>(const std::vector<double>& weights)>;
SplitRobustnessResult split_robustness_with(const std::vector<std::string>& focus_area_ids, const ShareFunction& shares,
                                            const WeightSampler& sampler, const RobustnessOptions& options = {});

/// How often one item was selected.
struct ItemAcceptability {
  std::string id;
  long long selected = 0;     ///< in how many samples
  double acceptability = 0;   ///< p = selected / N
  double standard_error = 0;  ///< sqrt(p (1 - p) / N), <= 0.5 / sqrt(N)
};

struct SelectionRobustnessResult {
  long long samples = 0;
  std::uint64_t seed = 0;
  std::vector<ItemAcceptability> items;  ///< in the input order
  Distribution value;                    ///< the optimum's value over the samples (no histogram)
  double mc_error_bound = 0;             ///< 0.5 / sqrt(N)
  /// Samples in which a time or node limit stopped the search: unproven
  /// (the best selection found counts), and of those, without any feasible
  /// selection (nothing counts as selected; excluded from `value`).
  long long not_proven = 0;
  long long not_feasible = 0;
};

/// Re-solves the selection (select_exact) for N weight samples. In each
/// sample, item j's value is w[a(j)] * value_j: the sampled weight of its
/// focus area (focus_area_ids[k] is the focus area of weight k) times the item's own value
/// or score in `problem`. Everything else in `problem` stays as given (must /
/// never items are always / never selected).
/// Throws ArgumentError when focus_area_ids and the sampler differ in size, a
/// focus area id is empty or repeated, or an item's focus area is empty or not
/// in focus_area_ids
/// (naming the item); the problem's own errors (select_exact's, including an
/// infeasible problem) are raised by the first sample.
SelectionRobustnessResult selection_robustness(const SelectionProblem& problem,
                                               const std::vector<std::string>& focus_area_ids,
                                               const WeightSampler& sampler, const RobustnessOptions& options = {},
                                               const SelectionOptions& selection = {});

/// Any re-weighting: `values(weights, out)` writes one value per item (out
/// has the items' size; >= 0 and finite) for one weight sample, e.g. a
/// weighted-sum score over criteria whose weights are sampled. Called from
/// several threads at once (see ShareFunction). Throws ArgumentError when a
/// call writes a value that is negative or not finite (naming the sample and
/// the item) or resizes `out`.
using ItemValueFunction = std::function<void(const std::vector<double>& weights, std::vector<double>& values)>;
SelectionRobustnessResult selection_robustness_with(const SelectionProblem& problem, const ItemValueFunction& values,
                                                    const WeightSampler& sampler, const RobustnessOptions& options = {},
                                                    const SelectionOptions& selection = {});

}  // namespace styrkort
