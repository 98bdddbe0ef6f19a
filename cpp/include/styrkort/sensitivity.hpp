#pragma once
// Uncertainty and sensitivity analysis of an evaluation: thousands of variants
// of one prepared strategy (other weights, normalisations, aggregations,
// imputation, left-out indicators, measurement errors, targets) evaluated in
// one parallel batch from the prepared panel, keeping only the scores,
// statuses and ranks of the chosen nodes at one period.
//
// Design (Saltelli et al. 2010, "Variance based sensitivity analysis of model
// output. Design and estimator for the total sensitivity index", Comput. Phys.
// Commun. 181: 259-270): two matrices A and B of N points (the first and the
// last D coordinates of a scrambled Sobol' sequence in 2D dimensions, one
// coordinate per uncertain input) and the D matrices AB_i (A with input i
// from B): N (D + 2) evaluations, in SALib's order (row j: A, AB_1 .. AB_D, B).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "styrkort/evaluator.hpp"

namespace styrkort {

enum class InputKind : std::int8_t {
  weights,            // each child link weight of `node` uniform in [low, high]
  weights_dirichlet,  // the child link weights of `node` ~ sum * Dirichlet(concentration * nominal shares)
  normalisation,      // one of `alternatives` (Normalisation codes) for the indicators in `nodes` (empty: all)
  aggregation,        // one of `alternatives` (Aggregation codes) for `node`
  imputation,         // one of `alternatives` (ImputeMethod codes) for every indicator
  exclude_indicator,  // none of `nodes`, or one of them, left out (its link weights 0)
  measurement_error,  // each unit's value of indicator `node` at the period x (1 + e) or x + e
  target,             // the targets of indicator `node` x (1 + e), e ~ U(-relative, relative), one e for all units
};

/// One uncertain input, a group of the sensitivity analysis (its name is what
/// the results and the messages call it).
struct UncertainInput {
  std::string name;
  InputKind kind = InputKind::weights;
  int node = -1;  // weights*, aggregation: the parent node; measurement_error, target: the indicator
  std::vector<int> nodes;  // normalisation: the indicators (empty: all); exclude_indicator: the candidates
  std::vector<int> alternatives;  // method codes
  std::vector<double> p;  // probabilities of the alternatives (empty: equally likely)
  double low = 0, high = 0;  // weights
  double concentration = 0;  // weights_dirichlet
  double relative = 0, absolute = 0;  // measurement_error (one of them > 0), target (relative)
  bool normal = false;  // measurement_error: e ~ N(0, sd) rather than U(-h, h)
};

/// The outputs kept per evaluation: for each chosen node and unit, at one period.
struct BatchOutputs {
  std::vector<int> nodes;  // the output nodes
  int n_units = 0;
  std::size_t n_evaluations = 0;
  std::vector<float> score;  // [evaluation][node][unit]; NaN: not assessable
  std::vector<std::int8_t> status;  // [evaluation][node][unit]
  std::vector<std::int16_t> rank;  // [evaluation][node][unit]; 0: none (indicators have no rank)
  std::size_t outputs() const { return nodes.size() * static_cast<std::size_t>(n_units); }
};

/// First-order and total Sobol' indices of one output, per input.
struct SobolIndices {
  std::vector<double> S1, S1_conf, ST, ST_conf;
};

struct SensitivityOptions {
  long long n = 1024;  // Sobol: base samples N (a power of two); Monte Carlo: samples
  bool sobol = true;  // false: Monte Carlo (no indices)
  std::uint64_t seed = 0;
  int period = -1;  // on the panel's axis; -1: the last
  std::vector<int> nodes;  // output nodes; empty: every node that is not an indicator
  int resamples = 100;  // bootstrap resamples for the confidence intervals
  double conf_level = 0.95;  // the intervals' level (S +- z sd of the bootstrap)
  int threads = 0;  // 0: every core
  std::function<void(std::size_t, std::size_t)> progress;  // called from the calling thread
};

struct SensitivityResult {
  long long n = 0;
  bool sobol = true;
  int period = -1;
  std::vector<std::string> inputs;  // names
  BatchOutputs outputs;  // every evaluation
  BatchOutputs nominal;  // the strategy's own choices (one evaluation)
  std::vector<double> sample;  // [evaluation][input]: the input's first uniform coordinate
  int rank_node = -1;  // the node whose mean absolute rank shift is summarised
  std::vector<double> rank_shift;  // [evaluation]
  // [node][unit][input] (Sobol only; NaN where the output is not assessable in
  // some evaluation or does not vary)
  std::vector<double> S1, S1_conf, ST, ST_conf;
  SobolIndices rank_shift_indices;  // [input]
  // [node][unit] over every evaluation: scores and ranks (NaN, 0 left out)
  std::vector<double> score_mean, score_median, score_q05, score_q95;
  std::vector<double> rank_mean, rank_median, rank_q05, rank_q95;
  std::vector<double> status_probability;  // [node][unit][status code 0 .. kStatusCodes - 1]
  std::vector<std::string> warnings;  // inputs that change nothing
};

/// The number of status codes (Status values are 0 .. kStatusCodes - 1).
constexpr int kStatusCodes = 6;

/// A panel of one period of `panel` (index `period`) that evaluates to the same
/// scores, statuses and ranks at that period as the whole panel.
std::shared_ptr<Panel> slice_panel(const Panel& panel, int period);

/// Check the inputs against the strategy (throws ArgumentError naming the input).
void check_inputs(const Evaluator& evaluator, const std::vector<UncertainInput>& inputs);

/// The whole analysis: sample, evaluate in parallel, summarise.
SensitivityResult sensitivity(const Evaluator& evaluator, const Panel& panel, const std::vector<UncertainInput>& inputs,
                              const SensitivityOptions& options);

/// Evaluations [begin, end) of the analysis' design only (the same outputs as
/// the whole analysis has for them), for splitting a batch across processes or
/// machines; sensitivity_from summarises the outputs of all of them.
BatchOutputs sensitivity_part(const Evaluator& evaluator, const Panel& panel, const std::vector<UncertainInput>& inputs,
                              const SensitivityOptions& options, std::size_t begin, std::size_t end);
/// The analysis from the outputs of every evaluation of its design, computed
/// elsewhere (by sensitivity_part). Throws ArgumentError when they do not fit.
SensitivityResult sensitivity_from(const Evaluator& evaluator, const Panel& panel,
                                   const std::vector<UncertainInput>& inputs, const SensitivityOptions& options,
                                   BatchOutputs outputs);

/// Evaluations of hand-written options at one period, in parallel, keeping the
/// scores, statuses and ranks of `nodes` (empty: every node that is not an
/// indicator).
BatchOutputs evaluate_many(const Evaluator& evaluator, const Panel& panel, int period,
                           const std::vector<EvaluationOptions>& options, const std::vector<int>& nodes, int threads,
                           const std::function<void(std::size_t, std::size_t)>& progress = {});

/// Saltelli 2010 first-order and Jansen 1999 total indices with bootstrap
/// confidence intervals from outputs laid out as SALib's (n rows of D + 2:
/// A, AB_1 .. AB_D, B), for n rows and d inputs. NaN when an output is not
/// finite or does not vary.
SobolIndices sobol_indices(const double* f, std::size_t n, int d, int resamples = 100, double conf_level = 0.95,
                           std::uint64_t seed = 0);

}  // namespace styrkort
