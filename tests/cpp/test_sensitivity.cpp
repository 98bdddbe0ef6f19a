// The sensitivity analysis: the Sobol' sequence, the estimators against
// analytic indices (Ishigami, Sobol's G function, an additive composite), the
// batch against plain evaluations, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/evaluator.hpp"
#include "styrkort/measurements.hpp"
#include "styrkort/sensitivity.hpp"
#include "styrkort/sobol.hpp"
#include "styrkort/strategy_json.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

/// Outputs of f on a Saltelli design of n rows in d inputs (each U(0, 1)), in
/// SALib's order (A, AB_1 .. AB_d, B), from a scrambled Sobol' sequence.
template <class F>
std::vector<double> saltelli_outputs(std::size_t n, int d, std::uint64_t seed, F&& f) {
  const SobolSequence s(2 * d, true, seed);
  std::vector<double> out, x(d);
  for (std::size_t j = 0; j < n; ++j)
    for (int slot = 0; slot < d + 2; ++slot) {
      for (int i = 0; i < d; ++i) x[i] = s.point(j, (slot == d + 1 || slot == i + 1) ? d + i : i);
      out.push_back(f(x));
    }
  return out;
}

}  // namespace

TEST(Sobol, UnscrambledPointsAreTheSequence) {
  // Dimension 1 is van der Corput's in Gray-code order, dimension 2 has m = 1
  // (x + 1), dimension 3 the polynomial x^2 + x + 1 with m = 1, 3 (Joe & Kuo).
  const SobolSequence s(3, false, 0);
  const double d1[] = {0, .5, .75, .25, .375, .875, .625, .125};
  const double d2[] = {0, .5, .25, .75, .375, .875, .125, .625};
  const double d3[] = {0, .5, .25, .75, .625, .125, .875, .375};
  for (int n = 0; n < 8; ++n) {
    EXPECT_EQ(s.bits(n, 0) * 0x1p-32, d1[n]) << n;
    EXPECT_EQ(s.bits(n, 1) * 0x1p-32, d2[n]) << n;
    EXPECT_EQ(s.bits(n, 2) * 0x1p-32, d3[n]) << n;
  }
}

TEST(Sobol, ScrambledPointsStayANet) {
  // A linear matrix scramble with a digital shift keeps the (0, m, 1)-net
  // property: 2^m points put one point in each interval of width 2^-m.
  const SobolSequence s(64, true, 42);
  for (int dim : {0, 1, 7, 31, 63}) {
    std::set<std::uint32_t> cells;
    for (std::uint64_t n = 0; n < 1024; ++n) cells.insert(s.bits(n, dim) >> 22);
    EXPECT_EQ(cells.size(), 1024u) << dim;
  }
  const SobolSequence other(2, true, 43);
  EXPECT_NE(s.bits(1, 0), other.bits(1, 0));
  EXPECT_CONTAINS(message_of<ArgumentError>([] { SobolSequence(65, true, 0); }), "1 to 64");
}

TEST(Sobol, NormalQuantile) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(normal_quantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-9);
}

TEST(SobolIndices, Ishigami) {
  // f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3 (Ishigami & Homma
  // 1990), a = 7, b = 0.1: V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0,
  // V13 = 8 b^2 pi^8 / 225, V = V1 + V2 + V13.
  const double a = 7, b = 0.1, pi = M_PI;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8,
               v13 = 8 * b * b * std::pow(pi, 8) / 225, v = v1 + v2 + v13;
  const std::size_t n = 1 << 14;
  const auto f = saltelli_outputs(n, 3, 7, [&](const std::vector<double>& x) {
    const double x1 = pi * (2 * x[0] - 1), x2 = pi * (2 * x[1] - 1), x3 = pi * (2 * x[2] - 1);
    return std::sin(x1) + a * std::pow(std::sin(x2), 2) + b * std::pow(x3, 4) * std::sin(x1);
  });
  const SobolIndices s = sobol_indices(f.data(), n, 3, 200, 0.95, 1);
  const double S1[] = {v1 / v, v2 / v, 0.0}, ST[] = {(v1 + v13) / v, v2 / v, v13 / v};
  for (int i = 0; i < 3; ++i) {
    // within Monte Carlo error: the bootstrap interval, and 0.02 at most
    EXPECT_NEAR(s.S1[i], S1[i], std::min(0.02, 2 * s.S1_conf[i] + 0.005)) << i;
    EXPECT_NEAR(s.ST[i], ST[i], std::min(0.02, 2 * s.ST_conf[i] + 0.005)) << i;
    EXPECT_GT(s.S1_conf[i], 0);
    EXPECT_LT(s.S1_conf[i], 0.05);
  }
  EXPECT_NEAR(S1[0], 0.3139, 1e-4);  // the published values
  EXPECT_NEAR(ST[2], 0.2437, 1e-4);
}

TEST(SobolIndices, GFunction) {
  // Sobol's G function: prod (|4 x_i - 2| + a_i) / (1 + a_i), V_i = 1 / (3 (1 + a_i)^2),
  // V = prod (1 + V_i) - 1, S_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V.
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  const int d = static_cast<int>(a.size());
  std::vector<double> vi(d);
  double prod = 1;
  for (int i = 0; i < d; ++i) {
    vi[i] = 1.0 / (3 * (1 + a[i]) * (1 + a[i]));
    prod *= 1 + vi[i];
  }
  const double v = prod - 1;
  const std::size_t n = 1 << 14;
  const auto f = saltelli_outputs(n, d, 11, [&](const std::vector<double>& x) {
    double g = 1;
    for (int i = 0; i < d; ++i) g *= (std::fabs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
    return g;
  });
  const SobolIndices s = sobol_indices(f.data(), n, d, 100, 0.95, 2);
  for (int i = 0; i < d; ++i) {
    EXPECT_NEAR(s.S1[i], vi[i] / v, 0.02) << i;
    EXPECT_NEAR(s.ST[i], vi[i] * prod / (1 + vi[i]) / v, 0.02) << i;
  }
  EXPECT_NEAR(vi[0] / v, 0.7163, 1e-4);  // V1 = 1/3, V = 0.4653
}

TEST(SobolIndices, ConstantOutputHasNoIndices) {
  std::vector<double> f(4 * 16, 3.0);
  const SobolIndices s = sobol_indices(f.data(), 16, 2, 10);
  EXPECT_TRUE(std::isnan(s.S1[0]));
  EXPECT_TRUE(std::isnan(s.ST[1]));
}

namespace {

// One goal, the weighted mean of three bounded indicators (0..100, so a score
// is the value), weights 1, 2, 3, for two units.
const char* kComposite = R"({
  "periods": ["2020", "2021"],
  "units": [{"id": "k", "kind": "municipality"}, {"id": "a", "parent": "k"}, {"id": "b", "parent": "k"}],
  "nodes": [
    {"id": "goal", "kind": "goal", "aggregation": {"method": "arithmetic"}},
    {"id": "i1", "kind": "indicator", "parents": [{"id": "goal", "weight": 1}], "bounds": {"worst": 0, "best": 100},
     "target": {"value": 90, "period": "2021"}},
    {"id": "i2", "kind": "indicator", "parents": [{"id": "goal", "weight": 2}], "bounds": {"worst": 0, "best": 100}},
    {"id": "i3", "kind": "indicator", "parents": [{"id": "goal", "weight": 3}], "bounds": {"worst": 0, "best": 100}}
  ]
})";

struct Fixture {
  Evaluator evaluator{strategy_from_json(kComposite, "test.json")};
  std::shared_ptr<const Panel> panel;
  Fixture() {
    std::vector<Measurements::Row> rows;
    const double values[3][3] = {{50, 40, 60}, {45, 55, 70}, {60, 35, 52}};
    const char* units[] = {"k", "a", "b"};
    const char* ind[] = {"i1", "i2", "i3"};
    for (int i = 0; i < 3; ++i)
      for (int u = 0; u < 3; ++u) {
        rows.push_back({ind[i], units[u], "2020", values[i][u] - 5});
        rows.push_back({ind[i], units[u], "2021", values[i][u]});
      }
    panel = evaluator.prepare(Measurements::from_rows(rows, "m.csv"));
  }
  int node(const std::string& id) const { return evaluator.strategy().node_index(id); }
  UncertainInput error(const std::string& name, const std::string& ind, double h) const {
    UncertainInput in;
    in.name = name;
    in.kind = InputKind::measurement_error;
    in.node = node(ind);
    in.absolute = h;
    return in;
  }
};

}  // namespace

TEST(Sensitivity, AdditiveCompositeHasKnownIndices) {
  // goal = sum w_i x_i / sum w, x_i + e_i with e_i ~ U(-h_i, h_i) independent:
  // S1_i = ST_i = w_i^2 h_i^2 / sum_j w_j^2 h_j^2 (h 5, 3, 2: 25, 36, 36 over 97).
  Fixture fx;
  const std::vector<UncertainInput> inputs = {fx.error("e1", "i1", 5), fx.error("e2", "i2", 3),
                                              fx.error("e3", "i3", 2)};
  SensitivityOptions o;
  o.n = 4096;
  o.seed = 3;
  o.nodes = {fx.node("goal")};
  const SensitivityResult r = sensitivity(fx.evaluator, *fx.panel, inputs, o);
  ASSERT_EQ(r.outputs.n_evaluations, 4096u * 5);
  const double expected[] = {25.0 / 97, 36.0 / 97, 36.0 / 97};
  for (int u = 0; u < 3; ++u)
    for (int i = 0; i < 3; ++i) {
      EXPECT_NEAR(r.S1[u * 3 + i], expected[i], 0.03) << u << " " << i;
      EXPECT_NEAR(r.ST[u * 3 + i], expected[i], 0.03) << u << " " << i;
    }
  // The nominal score is the weighted mean of the values at 2021 (unit k).
  EXPECT_NEAR(r.nominal.score[0], (50 + 2 * 45 + 3 * 60) / 6.0, 1e-5);
  // Its mean over the samples is the nominal one (the errors have mean 0).
  EXPECT_NEAR(r.score_mean[0], (50 + 2 * 45 + 3 * 60) / 6.0, 0.05);
  // The score's variance is sum w_i^2 h_i^2 / 3 / 36: the 5-95 % interval of a
  // sum of uniforms is about +-1.645 sd wide (nearly normal).
  const double sd = std::sqrt((25 + 4 * 9 + 9 * 4) / 3.0) / 6;
  EXPECT_NEAR(r.score_q95[0] - r.score_q05[0], 2 * 1.645 * sd, 0.1);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(Sensitivity, BatchEqualsPlainEvaluations) {
  // Samples of weights and aggregation, evaluated in the batch, equal evaluate()
  // of the whole panel with the same options, cell by cell.
  Fixture fx;
  std::vector<EvaluationOptions> options;
  for (int k = 0; k < 20; ++k) {
    EvaluationOptions o;
    o.link_weights = {1.0 + k, 2.0, 0.5 * k};
    o.aggregation.assign(fx.evaluator.strategy().nodes.size(), -1);
    o.aggregation[fx.node("goal")] = static_cast<std::int8_t>(k % 3);
    options.push_back(o);
  }
  const BatchOutputs b = evaluate_many(fx.evaluator, *fx.panel, 1, options, {fx.node("goal")}, 2);
  for (std::size_t k = 0; k < options.size(); ++k) {
    const Evaluation e = fx.evaluator.evaluate(fx.panel, options[k]);
    for (int u = 0; u < 3; ++u) {
      const std::size_t c = e.cell(fx.node("goal"), u, 1);
      EXPECT_EQ(b.score[k * 3 + u], static_cast<float>(e.score[c])) << k;
      EXPECT_EQ(b.status[k * 3 + u], e.status[c]);
      EXPECT_EQ(b.rank[k * 3 + u], e.rank[e.aggregate_cell(0, u, 1)]);
    }
  }
}

TEST(Sensitivity, SameResultWhateverTheThreads) {
  Fixture fx;
  UncertainInput w;
  w.name = "w";
  w.kind = InputKind::weights;
  w.node = fx.node("goal");
  w.low = 0.5;
  w.high = 3;
  UncertainInput agg;
  agg.name = "agg";
  agg.kind = InputKind::aggregation;
  agg.node = fx.node("goal");
  agg.alternatives = {0, 1};
  const std::vector<UncertainInput> inputs = {w, agg, fx.error("e", "i2", 4)};
  SensitivityOptions o;
  o.n = 256;
  o.threads = 1;
  const SensitivityResult one = sensitivity(fx.evaluator, *fx.panel, inputs, o);
  o.threads = 3;
  const SensitivityResult three = sensitivity(fx.evaluator, *fx.panel, inputs, o);
  EXPECT_EQ(one.outputs.score, three.outputs.score);
  EXPECT_EQ(one.outputs.rank, three.outputs.rank);
  EXPECT_EQ(one.S1, three.S1);
  EXPECT_EQ(one.ST_conf, three.ST_conf);
  o.seed = 1;
  const SensitivityResult other = sensitivity(fx.evaluator, *fx.panel, inputs, o);
  EXPECT_NE(one.outputs.score, other.outputs.score);
  // status probabilities add up to 1 per output
  for (std::size_t q = 0; q < one.outputs.outputs(); ++q) {
    double sum = 0;
    for (int c = 0; c < kStatusCodes; ++c) sum += one.status_probability[q * kStatusCodes + c];
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
}

TEST(Sensitivity, ExcludedIndicatorAndTarget) {
  // Leaving out i3 (weight 3) at unit k: (50 + 2 * 45) / 3; i1's target only
  // changes i1's target, which a bounded score ignores: a warning.
  Fixture fx;
  UncertainInput ex;
  ex.name = "leave out";
  ex.kind = InputKind::exclude_indicator;
  ex.nodes = {fx.node("i3")};
  UncertainInput t;
  t.name = "target i1";
  t.kind = InputKind::target;
  t.node = fx.node("i1");
  t.relative = 0.1;
  SensitivityOptions o;
  o.n = 64;
  o.nodes = {fx.node("goal")};
  const SensitivityResult r = sensitivity(fx.evaluator, *fx.panel, {ex, t}, o);
  std::set<float> scores;
  for (std::size_t k = 0; k < r.outputs.n_evaluations; ++k) scores.insert(r.outputs.score[k * 3]);
  EXPECT_EQ(scores, (std::set<float>{static_cast<float>((50 + 2 * 45) / 3.0), static_cast<float>(320 / 6.0)}));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_CONTAINS(r.warnings[0], "input 'target i1'");
}

TEST(Sensitivity, BadInputNamesTheInput) {
  Fixture fx;
  SensitivityOptions o;
  o.n = 64;
  auto run = [&](UncertainInput in) {
    return message_of<ArgumentError>([&] { sensitivity(fx.evaluator, *fx.panel, {in}, o); });
  };
  UncertainInput w;
  w.name = "wide";
  w.kind = InputKind::weights;
  w.node = fx.node("goal");
  w.low = 3;
  w.high = 1;
  EXPECT_CONTAINS(run(w), "input 'wide': low (3) is greater than high (1)");
  w.node = fx.node("i1");
  w.low = 0;
  EXPECT_CONTAINS(run(w), "input 'wide': 'i1' has no children");
  UncertainInput agg;
  agg.name = "agg";
  agg.kind = InputKind::aggregation;
  agg.node = fx.node("i1");
  agg.alternatives = {static_cast<int>(Aggregation::geometric)};
  EXPECT_CONTAINS(run(agg), "input 'agg': 'i1' is an indicator; it aggregates nothing");
  agg.node = -1;
  EXPECT_CONTAINS(run(agg), "input 'agg': no node given, or not in the strategy");
  UncertainInput imp;
  imp.name = "imp";
  imp.kind = InputKind::imputation;
  imp.alternatives = {0, 1};
  EXPECT_CONTAINS(run(imp), "input 'imp': the strategy cannot take the alternative 'peer_mean'");
  UncertainInput norm;
  norm.name = "norm";
  norm.kind = InputKind::normalisation;
  norm.alternatives = {static_cast<int>(Normalisation::progress)};
  EXPECT_CONTAINS(run(norm), "input 'norm': the strategy cannot take the alternative 'progress'");
  UncertainInput t;
  t.name = "tgt";
  t.kind = InputKind::target;
  t.node = fx.node("i2");
  t.relative = 0.1;
  EXPECT_CONTAINS(run(t), "input 'tgt': 'i2' has no target");
  t.node = fx.node("goal");
  EXPECT_CONTAINS(run(t), "input 'tgt': 'goal' is a goal, not an indicator");
  UncertainInput e = fx.error("err", "i1", 1);
  e.relative = 0.1;
  EXPECT_CONTAINS(run(e), "input 'err': give either relative or absolute");
  o.n = 100;
  EXPECT_CONTAINS(run(fx.error("err", "i1", 1)), "n = 100 is not a power of two; a Sobol' design needs one (e.g. 128)");
  o.n = 64;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] {
                    sensitivity(fx.evaluator, *fx.panel, {fx.error("x", "i1", 1), fx.error("x", "i2", 1)}, o);
                  }),
                  "two inputs are called 'x'");
}

TEST(Sensitivity, PartsMakeTheWhole) {
  // Evaluations split in parts (as across processes) and summarised together
  // give the same result as the whole batch.
  Fixture fx;
  UncertainInput w;
  w.name = "w";
  w.kind = InputKind::weights_dirichlet;
  w.node = fx.node("goal");
  w.concentration = 5;
  const std::vector<UncertainInput> inputs = {w, fx.error("e", "i2", 4)};
  SensitivityOptions o;
  o.n = 128;
  const SensitivityResult whole = sensitivity(fx.evaluator, *fx.panel, inputs, o);
  BatchOutputs all = sensitivity_part(fx.evaluator, *fx.panel, inputs, o, 0, 200);
  const BatchOutputs rest = sensitivity_part(fx.evaluator, *fx.panel, inputs, o, 200, 512);
  all.n_evaluations += rest.n_evaluations;
  all.score.insert(all.score.end(), rest.score.begin(), rest.score.end());
  all.status.insert(all.status.end(), rest.status.begin(), rest.status.end());
  all.rank.insert(all.rank.end(), rest.rank.begin(), rest.rank.end());
  const SensitivityResult joined = sensitivity_from(fx.evaluator, *fx.panel, inputs, o, all);
  EXPECT_EQ(whole.outputs.score, joined.outputs.score);
  EXPECT_EQ(whole.S1, joined.S1);
  EXPECT_EQ(whole.ST_conf, joined.ST_conf);
  EXPECT_EQ(whole.rank_q95, joined.rank_q95);
  // Dirichlet weights keep their sum (nominal 1 + 2 + 3) and so the mean of
  // the scores at unit k stays within the indicators' range.
  EXPECT_GE(whole.score_q05[0], 40.0);
  EXPECT_LE(whole.score_q95[0], 60.0);
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { sensitivity_part(fx.evaluator, *fx.panel, inputs, o, 500, 600); }),
                  "not within the design's 512");
  BatchOutputs short_ = sensitivity_part(fx.evaluator, *fx.panel, inputs, o, 0, 10);
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { sensitivity_from(fx.evaluator, *fx.panel, inputs, o, short_); }),
                  "the given outputs are not those of this design");
}

TEST(Sensitivity, EvaluateIntoUpdatesOnlyTheChangedNodes) {
  // Other weights of the goal's links: only the goal changes; updating an
  // evaluation with `changed` marking the goal gives the full evaluation.
  Fixture fx;
  const auto& ev = fx.evaluator;
  EvaluationOptions a, b;
  a.link_weights = {1, 2, 3};
  b.link_weights = {4, 1, 1};
  Evaluation e;
  ev.evaluate_into(*fx.panel, a, e);
  b.changed.assign(ev.strategy().nodes.size(), 0);
  b.changed[fx.node("goal")] = 1;
  ev.evaluate_into(*fx.panel, b, e);
  const Evaluation full = ev.evaluate(fx.panel, b);
  EXPECT_EQ(e.score, full.score);
  EXPECT_EQ(e.status, full.status);
  EXPECT_EQ(e.rank, full.rank);
  EXPECT_NEAR(e.score[e.cell(fx.node("goal"), 0, 1)], (4 * 50 + 45 + 60) / 6.0, 1e-12);
  // Without the goal marked, the goal keeps the first evaluation's score.
  b.changed[fx.node("goal")] = 0;
  ev.evaluate_into(*fx.panel, a, e);
  ev.evaluate_into(*fx.panel, b, e);
  EXPECT_NEAR(e.score[e.cell(fx.node("goal"), 0, 1)], (50 + 2 * 45 + 3 * 60) / 6.0, 1e-12);
  // Imputation reaches across nodes and units: `changed` is refused with it.
  b.impute = 1;
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { ev.evaluate_into(*fx.panel, b, e); }), "no imputation");
}
