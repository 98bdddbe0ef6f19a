// Robustness of splits and selections to the weights (robustness.hpp): the
// weight samplers against their exact moments (rank-order centroid, Dirichlet
// mean and variance) within Monte Carlo error, hand-checkable distributions
// (two areas: the top weight is uniform on [0.5, 1]), reproducibility and
// independence from the thread count, acceptability of items that are always
// or never selected, the Monte Carlo error formula checked empirically, and
// the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/robustness.hpp"
#include "styrkort/selection.hpp"
#include "styrkort/split.hpp"
#include "styrkort/weights.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

FocusArea area(const std::string& id, int priority, double floor = 0,
               double cap = std::numeric_limits<double>::infinity()) {
  FocusArea a;
  a.id = id;
  a.priority = priority;
  a.floor = floor;
  a.cap = cap;
  return a;
}

SelectionItem item(const std::string& id, const std::string& area, double cost, double value, bool must = false,
                   bool never = false) {
  SelectionItem it;
  it.id = id;
  it.focus_area = area;
  it.cost = cost;
  it.value = value;
  it.must = must;
  it.never = never;
  return it;
}

RobustnessOptions opts(long long samples, std::uint64_t seed = 1, int threads = 0) {
  RobustnessOptions o;
  o.samples = samples;
  o.seed = seed;
  o.threads = threads;
  return o;
}

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

/// Column means and sample standard deviations of a samples x n matrix.
void moments(const std::vector<std::vector<double>>& w, std::vector<double>& mean, std::vector<double>& sd) {
  const std::size_t n = w.front().size(), N = w.size();
  mean.assign(n, 0.0);
  sd.assign(n, 0.0);
  for (const auto& row : w)
    for (std::size_t i = 0; i < n; ++i) mean[i] += row[i];
  for (double& m : mean) m /= static_cast<double>(N);
  for (const auto& row : w)
    for (std::size_t i = 0; i < n; ++i) sd[i] += (row[i] - mean[i]) * (row[i] - mean[i]);
  for (double& s : sd) s = std::sqrt(s / static_cast<double>(N - 1));
}

void expect_same(const Distribution& a, const Distribution& b) {
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.sd, b.sd);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.quantiles, b.quantiles);
  EXPECT_EQ(a.histogram, b.histogram);
  EXPECT_EQ(a.below, b.below);
  EXPECT_EQ(a.above, b.above);
}

}  // namespace

// ---------------------------------------------------------------- sampling

TEST(RobustnessSampling, RankingSamplesSumToOneAndRespectTheRanking) {
  const std::vector<int> priorities{2, 1, 4, 3, 5};
  const WeightSampler s = WeightSampler::ranking(priorities);
  EXPECT_EQ(s.kind(), WeightSampling::ranking);
  EXPECT_EQ(s.size(), 5u);
  const auto w = sample_weights(s, 20000, 11);
  ASSERT_EQ(w.size(), 20000u);
  for (const auto& row : w) {
    ASSERT_EQ(row.size(), 5u);
    EXPECT_NEAR(sum(row), 1.0, 1e-12);
    for (double x : row) EXPECT_GE(x, 0.0);
    // area 1 (rank 1) >= area 0 (rank 2) >= area 3 (rank 3) >= area 2 >= area 4
    EXPECT_GE(row[1], row[0]);
    EXPECT_GE(row[0], row[3]);
    EXPECT_GE(row[3], row[2]);
    EXPECT_GE(row[2], row[4]);
  }
}

TEST(RobustnessSampling, RankingMeanIsTheRankOrderCentroid) {
  // E[w] under the uniform distribution on the ordered simplex is exactly the
  // rank-order centroid; checked with N = 200,000 to within 4 Monte Carlo
  // standard errors (about 0.001), in a scrambled order of the areas.
  const std::vector<int> priorities{3, 1, 5, 2, 4};
  const WeightSampler s = WeightSampler::ranking(priorities);
  const std::vector<double> roc = weights_from_priorities(priorities, RankWeighting::rank_order_centroid);
  // the worked numbers of docs/methods.md for n = 5: .457 .257 .157 .090 .040 (by rank)
  EXPECT_NEAR(roc[1], 0.457, 5e-4);
  EXPECT_NEAR(roc[3], 0.257, 5e-4);
  EXPECT_NEAR(roc[0], 0.157, 5e-4);
  EXPECT_NEAR(roc[4], 0.090, 5e-4);
  EXPECT_NEAR(roc[2], 0.040, 5e-4);
  const std::vector<double> exact = s.mean();
  for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(exact[i], roc[i], 1e-12) << "area " << i;

  const long long N = 200000;
  const auto w = sample_weights(s, N, 2024);
  std::vector<double> mean, sd;
  moments(w, mean, sd);
  for (std::size_t i = 0; i < 5; ++i) {
    const double se = sd[i] / std::sqrt(static_cast<double>(N));
    EXPECT_LT(se, 0.0005);
    EXPECT_NEAR(mean[i], roc[i], 4 * se) << "area " << i << " (priority " << priorities[i] << ")";
  }
  // Not the other surrogate weights: rank sum differs by far more than the error.
  const std::vector<double> rs = weights_from_priorities(priorities, RankWeighting::rank_sum);
  EXPECT_GT(std::abs(mean[1] - rs[1]), 0.05);
}

TEST(RobustnessSampling, RankingWithTiesGivesEqualWeightsAndTheTiedCentroid) {
  // priorities {1, 1, 2}: v1 = v1' >= v2, 2 v1 + v2 = 1. The simplex has vertices
  // (1/2, 1/2, 0) and (1/3, 1/3, 1/3); v2 = u/3 with u uniform on [0, 1], so
  // v2 is uniform on [0, 1/3]: mean 1/6, quantiles p/3; v1 = (1 - v2)/2.
  const WeightSampler s = WeightSampler::ranking({1, 2, 1});
  const std::vector<double> exact = s.mean();
  EXPECT_NEAR(exact[0], 5.0 / 12, 1e-15);
  EXPECT_NEAR(exact[1], 1.0 / 6, 1e-15);
  EXPECT_NEAR(exact[2], 5.0 / 12, 1e-15);

  const long long N = 100000;
  const auto w = sample_weights(s, N, 5);
  std::vector<double> v2;
  for (const auto& row : w) {
    EXPECT_EQ(row[0], row[2]);  // a tie weighs exactly the same
    EXPECT_GE(row[0], row[1]);
    EXPECT_NEAR(sum(row), 1.0, 1e-12);
    v2.push_back(row[1]);
  }
  const std::vector<double> levels{0.05, 0.5, 0.95};
  const Distribution d = describe(v2, levels, {});
  const double se = (1.0 / 3) / std::sqrt(12.0 * N);
  EXPECT_NEAR(d.mean, 1.0 / 6, 4 * se);
  EXPECT_NEAR(d.sd, (1.0 / 3) / std::sqrt(12.0), 0.01 * (1.0 / 3) / std::sqrt(12.0));
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(d.quantiles[k], levels[k] / 3, 0.002);
  EXPECT_GE(d.min, 0.0);
  EXPECT_LE(d.max, 1.0 / 3 + 1e-15);
  // All tied: every sample is equal weights.
  for (const auto& row : sample_weights(WeightSampler::ranking({1, 1, 1, 1}), 10, 1))
    for (double x : row) EXPECT_DOUBLE_EQ(x, 0.25);
}

TEST(RobustnessSampling, DirichletMatchesItsMeanAndVariance) {
  // Dirichlet(kappa w): mean w, variance w (1 - w) / (kappa + 1). Parameters
  // 3, 1.5 and 0.5 exercise both branches of the gamma generator.
  const std::vector<double> w{6, 3, 1, 0};  // normalised to .6 .3 .1 0
  const double kappa = 5;
  const WeightSampler s = WeightSampler::dirichlet(w, kappa);
  EXPECT_EQ(s.kind(), WeightSampling::dirichlet);
  EXPECT_EQ(s.concentration(), 5.0);
  const std::vector<double> target{0.6, 0.3, 0.1, 0.0};
  for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(s.mean()[i], target[i], 1e-15);

  const long long N = 200000;
  const auto x = sample_weights(s, N, 77);
  for (const auto& row : x) {
    ASSERT_NEAR(sum(row), 1.0, 1e-12);
    ASSERT_EQ(row[3], 0.0);  // weight 0 stays 0
    for (double v : row) ASSERT_GE(v, 0.0);
  }
  std::vector<double> mean, sd;
  moments(x, mean, sd);
  for (std::size_t i = 0; i < 3; ++i) {
    const double var = target[i] * (1 - target[i]) / (kappa + 1);
    EXPECT_NEAR(mean[i], target[i], 4 * std::sqrt(var / N)) << "area " << i;
    EXPECT_NEAR(sd[i] * sd[i], var, 0.03 * var) << "area " << i;
  }
  // A large concentration stays close to the weights.
  for (const auto& row : sample_weights(WeightSampler::dirichlet({0.6, 0.4}, 1e6), 100, 3))
    EXPECT_NEAR(row[0], 0.6, 0.005);
  // A tiny one does not underflow to 0/0.
  for (const auto& row : sample_weights(WeightSampler::dirichlet({0.5, 0.5}, 1e-3), 100, 3))
    EXPECT_NEAR(sum(row), 1.0, 1e-12);
}

TEST(RobustnessSampling, EachSampleHasItsOwnSeededStream) {
  // Two areas: the spacings of one uniform u are u and 1 - u; the larger goes
  // to rank 1. The uniform is the top 53 bits of the first draw of
  // mt19937_64(sample_seed(seed, index)).
  const WeightSampler s = WeightSampler::ranking({1, 2});
  for (std::uint64_t index : {0ull, 3ull, 123456ull}) {
    std::mt19937_64 rng(sample_seed(7, index));
    const double u = (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53;
    const std::vector<double> w = s.draw(7, index);
    EXPECT_EQ(w[0], std::max(u, 1.0 - u)) << index;
    EXPECT_EQ(w[1], std::min(u, 1.0 - u)) << index;
  }
  EXPECT_NE(sample_seed(7, 0), sample_seed(7, 1));
  EXPECT_NE(sample_seed(7, 0), sample_seed(8, 0));
}

TEST(RobustnessSampling, ReproducibleForASeedAndIndependentOfTheThreadCount) {
  for (const WeightSampler& s :
       {WeightSampler::ranking({1, 3, 2, 2}), WeightSampler::dirichlet({0.5, 0.3, 0.2, 0.1}, 8)}) {
    const auto one = sample_weights(s, 5000, 99, 1);
    EXPECT_EQ(one, sample_weights(s, 5000, 99, 2));
    EXPECT_EQ(one, sample_weights(s, 5000, 99, 3));
    EXPECT_EQ(one, sample_weights(s, 5000, 99, 0));
    EXPECT_NE(one, sample_weights(s, 5000, 100, 1));  // another seed, other samples
    EXPECT_EQ(one[4321], s.draw(99, 4321));           // sample s is draw(seed, s)
    EXPECT_NE(one[0], one[1]);
  }
}

// ---------------------------------------------------------------- split

TEST(RobustnessSplit, TwoAreasProportionalIsUniformOnHalfToOne) {
  // Proportional split without floors or caps: area 1's share is its weight,
  // which under priorities {1, 2} is uniform on [0.5, 1]: mean 0.75, sd
  // 0.5/sqrt(12) = 0.1443, the p-quantile 0.5 + 0.5 p, and a histogram with
  // nothing below 0.5 and about N/10 in each of the 10 bins above.
  const std::vector<FocusArea> areas{area("a", 1), area("b", 2)};
  const long long N = 100000;
  RobustnessOptions o = opts(N, 42);
  o.keep_samples = true;
  const SplitRobustnessResult r =
      split_robustness(areas, 1000.0, SplitRule::proportional, WeightSampler::ranking({1, 2}), o);
  EXPECT_EQ(r.samples, N);
  EXPECT_EQ(r.seed, 42u);
  EXPECT_EQ(r.rule, "proportional");
  EXPECT_DOUBLE_EQ(r.mc_error_bound, 0.5 / std::sqrt(100000.0));
  ASSERT_EQ(r.focus_areas.size(), 2u);
  EXPECT_EQ(r.focus_areas[0].focus_area, "a");
  const Distribution& d = r.focus_areas[0].share;
  const double sd = 0.5 / std::sqrt(12.0);
  EXPECT_NEAR(d.mean, 0.75, 4 * sd / std::sqrt(double(N)));
  EXPECT_NEAR(d.sd, sd, 0.01 * sd);
  EXPECT_NEAR(d.mean_error, d.sd / std::sqrt(double(N)), 1e-15);
  EXPECT_GE(d.min, 0.5);
  EXPECT_LE(d.max, 1.0);
  const std::vector<double> expected_q{0.525, 0.625, 0.75, 0.875, 0.975};
  ASSERT_EQ(d.quantiles.size(), 5u);
  // The p-quantile's standard error is sqrt(p(1-p)/N)/density <= 0.25/sqrt(N) = 0.0008.
  for (std::size_t k = 0; k < 5; ++k) EXPECT_NEAR(d.quantiles[k], expected_q[k], 0.004) << k;
  ASSERT_EQ(d.histogram.size(), 20u);
  for (std::size_t k = 0; k < 10; ++k) EXPECT_EQ(d.histogram[k], 0) << "bin " << k;
  for (std::size_t k = 10; k < 20; ++k) EXPECT_NEAR(double(d.histogram[k]), N / 10.0, 4 * std::sqrt(0.09 * N)) << k;
  EXPECT_EQ(d.below + d.above, 0);
  EXPECT_EQ(std::accumulate(d.histogram.begin(), d.histogram.end(), 0ll), N);
  // Per sample: the share is the sampled weight, and the two shares sum to 1.
  const auto w = sample_weights(WeightSampler::ranking({1, 2}), N, 42);
  ASSERT_EQ(r.samples_of.size(), 2u);
  for (long long s = 0; s < N; s += 997) {
    EXPECT_NEAR(r.samples_of[0][s], w[s][0], 1e-12);
    EXPECT_NEAR(r.samples_of[0][s] + r.samples_of[1][s], 1.0, 1e-12);
  }
  // Area b mirrors area a, and the weights are reported too.
  EXPECT_NEAR(r.focus_areas[1].share.mean, 1 - d.mean, 1e-12);
  EXPECT_NEAR(r.focus_areas[1].share.quantiles[0], 1 - d.quantiles[4], 1e-12);
  EXPECT_NEAR(r.focus_areas[0].weight.mean, d.mean, 1e-12);
}

TEST(RobustnessSplit, SharesSumToOneAndRespectFloorsAndCaps) {
  std::vector<FocusArea> areas{area("a", 1, 100, 500), area("b", 2, 50), area("c", 3, 0, 200), area("d", 4, 150)};
  areas[0].benefit = {{200, 3}, {300, 1}};
  areas[1].benefit = {{100, 2}, {1000, 0.5}};
  areas[2].benefit = {{50, 4}, {150, 1}};
  areas[3].benefit = {{400, 1}};
  const double budget = 1000;
  RobustnessOptions o = opts(3000, 8);
  o.keep_samples = true;
  for (SplitRule rule : {SplitRule::proportional, SplitRule::diminishing}) {
    const auto r = split_robustness(areas, budget, rule, WeightSampler::ranking({1, 2, 3, 4}), o);
    for (long long s = 0; s < o.samples; ++s) {
      double total = 0;
      for (std::size_t i = 0; i < 4; ++i) {
        const double x = r.samples_of[i][s] * budget;
        EXPECT_GE(x, areas[i].floor - 1e-9) << to_string(rule) << " area " << i;
        EXPECT_LE(x, areas[i].cap + 1e-9) << to_string(rule) << " area " << i;
        total += x;
      }
      EXPECT_NEAR(total, budget, 1e-9) << to_string(rule) << " sample " << s;
    }
  }
}

TEST(RobustnessSplit, DiminishingWithLinearBenefitGivesAllToTheTopRank) {
  // Linear benefit (slope 1 without end): the whole budget goes to the area of
  // the largest weight, which under the ranking is always rank 1. Its share is
  // 1 in every sample (counted in the closed last bin [0.95, 1]).
  const std::vector<FocusArea> areas{area("x", 2), area("y", 1), area("z", 3)};
  const long long N = 2000;
  const auto r = split_robustness(areas, 50.0, SplitRule::diminishing, WeightSampler::ranking({2, 1, 3}), opts(N));
  EXPECT_NEAR(r.focus_areas[1].share.mean, 1.0, 1e-12);
  EXPECT_NEAR(r.focus_areas[1].share.sd, 0.0, 1e-12);
  EXPECT_EQ(r.focus_areas[1].share.histogram.back(), N);
  EXPECT_EQ(r.focus_areas[0].share.histogram.front(), N);
  EXPECT_EQ(r.focus_areas[2].share.max, 0.0);
}

TEST(RobustnessSplit, LeverageHandCheck) {
  // Area a has no grant; area b a grant at 50 %, so a unit of b's own money
  // moves 2 units of activity. With linear benefit everything goes to b iff
  // 2 w_b > w_a, i.e. w_a < 2/3; w_a is uniform on [0.5, 1], so P = 1/3 and
  // b's share is 1 with probability 1/3 and 0 otherwise.
  std::vector<FocusArea> areas{area("a", 1), area("b", 2)};
  areas[1].grants = {Grant{"eu", 0.5}};
  const long long N = 60000;
  const auto r = split_robustness(areas, 100.0, SplitRule::leverage, WeightSampler::ranking({1, 2}), opts(N, 3));
  EXPECT_EQ(r.rule, "leverage");
  const Distribution& b = r.focus_areas[1].share;
  EXPECT_NEAR(b.mean, 1.0 / 3, 4 * std::sqrt(2.0 / 9 / N));
  EXPECT_EQ(b.histogram.front() + b.histogram.back(), N);  // 0 or 1, nothing between
  EXPECT_EQ(b.histogram.back(), static_cast<long long>(std::llround(b.mean * N)));
  EXPECT_NEAR(r.focus_areas[0].share.mean + b.mean, 1.0, 1e-12);
}

TEST(RobustnessSplit, ReproducibleAndIndependentOfTheThreadCount) {
  std::vector<FocusArea> areas{area("a", 1, 10, 400), area("b", 2, 20), area("c", 3), area("d", 3, 0, 100)};
  areas[1].grants = {Grant{"eu", 0.6, 150}};
  areas[2].benefit = {{100, 2}, {200, 1}};
  const WeightSampler s = WeightSampler::ranking({1, 2, 3, 3});
  for (SplitRule rule : {SplitRule::proportional, SplitRule::diminishing, SplitRule::leverage}) {
    const auto one = split_robustness(areas, 800, rule, s, opts(4000, 17, 1));
    for (int threads : {2, 3, 0}) {
      const auto many = split_robustness(areas, 800, rule, s, opts(4000, 17, threads));
      for (std::size_t i = 0; i < areas.size(); ++i) {
        SCOPED_TRACE(std::string(to_string(rule)) + " threads " + std::to_string(threads) + " area " + areas[i].id);
        expect_same(one.focus_areas[i].share, many.focus_areas[i].share);
        expect_same(one.focus_areas[i].weight, many.focus_areas[i].weight);
      }
    }
    const auto other = split_robustness(areas, 800, rule, s, opts(4000, 18, 1));
    EXPECT_NE(one.focus_areas[0].weight.mean, other.focus_areas[0].weight.mean);
  }
}

TEST(RobustnessSplit, CustomShareFunctionAgreesWithTheBuiltInRule) {
  const std::vector<FocusArea> areas{area("a", 1, 100), area("b", 2, 0, 300), area("c", 3)};
  const WeightSampler s = WeightSampler::dirichlet({0.5, 0.3, 0.2}, 20);
  const auto builtin = split_robustness(areas, 1000, SplitRule::proportional, s, opts(3000, 4));
  const auto custom = split_robustness_with(
      {"a", "b", "c"},
      [&](const std::vector<double>& w) {
        std::vector<FocusArea> t = areas;
        for (std::size_t i = 0; i < 3; ++i) t[i].weight = w[i];
        std::vector<double> x = split_proportional(t, 1000).amount;
        for (double& v : x) v /= 1000;
        return x;
      },
      s, opts(3000, 4));
  EXPECT_EQ(custom.rule, "custom");
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    expect_same(builtin.focus_areas[i].share, custom.focus_areas[i].share);
  }
}

// ---------------------------------------------------------------- selection

TEST(RobustnessSelection, AlwaysSelectedIsOneAndNeverSelectedIsZero) {
  // Budget 2; the must item uses 1. Of a1 (area A) and b1 (area B), equal cost
  // and score, the one of the heavier area wins; A is ranked first, so a1 is
  // selected in every sample. A free item is always taken, one over the
  // budget and a never item never.
  SelectionProblem p;
  p.budget = 2;
  p.items = {item("must", "A", 1, 0.5, true), item("never", "B", 0, 9, false, true),
             item("free", "B", 0, 1),         item("toobig", "A", 5, 100),
             item("a1", "A", 1, 1),           item("b1", "B", 1, 1)};
  const long long N = 3000;
  const auto r = selection_robustness(p, {"A", "B"}, WeightSampler::ranking({1, 2}), opts(N, 21));
  ASSERT_EQ(r.items.size(), 6u);
  const std::vector<double> expected{1, 0, 1, 0, 1, 0};
  for (std::size_t j = 0; j < 6; ++j) {
    EXPECT_EQ(r.items[j].id, p.items[j].id);
    EXPECT_EQ(r.items[j].acceptability, expected[j]) << p.items[j].id;
    EXPECT_EQ(r.items[j].selected, static_cast<long long>(expected[j]) * N) << p.items[j].id;
    EXPECT_EQ(r.items[j].standard_error, 0.0) << p.items[j].id;
  }
  EXPECT_EQ(r.not_proven, 0);
  EXPECT_EQ(r.not_feasible, 0);
  EXPECT_DOUBLE_EQ(r.mc_error_bound, 0.5 / std::sqrt(double(N)));
  // Value = 0.5 w_A + 1 w_B + 1 w_A = 1.5 w_A + w_B = 1 + 0.5 w_A, w_A ~ U[0.5, 1].
  EXPECT_NEAR(r.value.mean, 1.375, 4 * 0.25 / std::sqrt(12.0 * N));
  EXPECT_GE(r.value.min, 1.25 - 1e-12);
  EXPECT_LE(r.value.max, 1.5 + 1e-12);
  EXPECT_TRUE(r.value.histogram.empty());
  // Reversing the ranking reverses the choice.
  const auto rev = selection_robustness(p, {"A", "B"}, WeightSampler::ranking({2, 1}), opts(N, 21));
  EXPECT_EQ(rev.items[4].acceptability, 0.0);
  EXPECT_EQ(rev.items[5].acceptability, 1.0);
}

TEST(RobustnessSelection, AcceptabilityIsTheProbabilityOfWinning) {
  // Budget for one of two items: a (area A, score 1) or b (area B, score 2).
  // b wins iff 2 w_B > w_A, i.e. w_A < 2/3: probability 1/3 under priorities {1, 2}.
  SelectionProblem p;
  p.budget = 1;
  p.items = {item("a", "A", 1, 1), item("b", "B", 1, 2)};
  const long long N = 20000;
  const auto r = selection_robustness(p, {"A", "B"}, WeightSampler::ranking({1, 2}), opts(N, 5));
  const double pb = r.items[1].acceptability;
  EXPECT_NEAR(pb, 1.0 / 3, 4 * std::sqrt(2.0 / 9 / N));
  EXPECT_EQ(r.items[0].selected + r.items[1].selected, N);  // exactly one each time
  EXPECT_DOUBLE_EQ(r.items[1].standard_error, std::sqrt(pb * (1 - pb) / N));
  EXPECT_LE(r.items[1].standard_error, r.mc_error_bound);
}

TEST(RobustnessSelection, ReproducibleAndIndependentOfTheThreadCount) {
  SelectionProblem p;
  p.budget = 10;
  p.hours_budget = 40;
  const std::vector<std::string> areas{"A", "B", "C"};
  std::mt19937_64 gen(3);
  for (int j = 0; j < 14; ++j) {
    SelectionItem it = item("i" + std::to_string(j), areas[j % 3], 1 + gen() % 5, 1 + gen() % 9);
    it.hours = static_cast<double>(gen() % 12);
    p.items.push_back(it);
  }
  const WeightSampler s = WeightSampler::dirichlet({0.5, 0.3, 0.2}, 10);
  const auto one = selection_robustness(p, areas, s, opts(600, 9, 1));
  const auto two = selection_robustness(p, areas, s, opts(600, 9, 2));
  const auto three = selection_robustness(p, areas, s, opts(600, 9, 3));
  for (std::size_t j = 0; j < p.items.size(); ++j) {
    EXPECT_EQ(one.items[j].selected, two.items[j].selected) << j;
    EXPECT_EQ(one.items[j].selected, three.items[j].selected) << j;
  }
  expect_same(one.value, two.value);
  expect_same(one.value, three.value);
  // Something actually varies across the samples.
  bool varies = false;
  for (const auto& a : one.items) varies |= a.acceptability > 0 && a.acceptability < 1;
  EXPECT_TRUE(varies);
}

TEST(RobustnessSelection, CustomValueFunctionAgreesWithAreaWeighting) {
  SelectionProblem p;
  p.budget = 3;
  p.items = {item("a1", "A", 1, 3), item("a2", "A", 2, 4), item("b1", "B", 1, 2), item("b2", "B", 2, 5),
             item("c1", "C", 1, 1)};
  const WeightSampler s = WeightSampler::ranking({1, 2, 3});
  const auto builtin = selection_robustness(p, {"A", "B", "C"}, s, opts(2000, 6));
  const std::vector<std::size_t> area_of{0, 0, 1, 1, 2};
  const auto custom = selection_robustness_with(
      p,
      [&](const std::vector<double>& w, std::vector<double>& v) {
        for (std::size_t j = 0; j < v.size(); ++j) v[j] = w[area_of[j]] * p.items[j].value;
      },
      s, opts(2000, 6));
  for (std::size_t j = 0; j < p.items.size(); ++j) EXPECT_EQ(builtin.items[j].selected, custom.items[j].selected) << j;
  expect_same(builtin.value, custom.value);
}

// ---------------------------------------------------------------- Monte Carlo error

TEST(RobustnessMonteCarlo, ErrorFormulaAndBound) {
  EXPECT_DOUBLE_EQ(monte_carlo_error(0.5, 100), 0.05);
  EXPECT_DOUBLE_EQ(monte_carlo_error(0.2, 400), 0.02);
  EXPECT_EQ(monte_carlo_error(0.0, 10), 0.0);
  EXPECT_EQ(monte_carlo_error(1.0, 10), 0.0);
  EXPECT_DOUBLE_EQ(monte_carlo_error_bound(100), 0.05);
  EXPECT_DOUBLE_EQ(monte_carlo_error_bound(10000), 0.005);
  for (double p = 0; p <= 1.0; p += 0.01) EXPECT_LE(monte_carlo_error(p, 250), monte_carlo_error_bound(250) + 1e-16);
}

TEST(RobustnessMonteCarlo, ErrorFormulaMatchesTheSpreadOverSeeds) {
  // 200 independent runs of N = 400 samples of the 1/3 case above: the spread
  // of the estimated acceptability over the runs is sqrt(p(1-p)/N) = 0.0236
  // (the sample sd of 200 runs is within 20 % of it with overwhelming
  // probability). Correlated or repeated streams would break this.
  SelectionProblem p;
  p.budget = 1;
  p.items = {item("a", "A", 1, 1), item("b", "B", 1, 2)};
  const long long N = 400;
  const int runs = 200;
  std::vector<double> est;
  for (int k = 0; k < runs; ++k) {
    const auto r = selection_robustness(p, {"A", "B"}, WeightSampler::ranking({1, 2}), opts(N, 1000 + k));
    est.push_back(r.items[1].acceptability);
    EXPECT_LE(r.items[1].standard_error, r.mc_error_bound);
  }
  const Distribution d = describe(est, {}, {});
  const double expected = monte_carlo_error(1.0 / 3, N);
  EXPECT_NEAR(d.sd, expected, 0.2 * expected);
  EXPECT_NEAR(d.mean, 1.0 / 3, 4 * expected / std::sqrt(double(runs)));
}

TEST(RobustnessMonteCarlo, DescribeQuantilesAndHistogram) {
  // Type-7 quantiles of {1, 2, 3, 4}: h = 3p; 25 % -> 1.75, 50 % -> 2.5.
  const Distribution d = describe({4, 1, 3, 2}, {0, 0.25, 0.5, 1}, {1, 2, 3});
  EXPECT_EQ(d.quantiles, (std::vector<double>{1, 1.75, 2.5, 4}));
  EXPECT_DOUBLE_EQ(d.mean, 2.5);
  EXPECT_DOUBLE_EQ(d.sd, std::sqrt(5.0 / 3));
  // Bins [1, 2) and [2, 3]: 1 -> first; 2, 3 -> second (closed at the top); 4 above.
  EXPECT_EQ(d.histogram, (std::vector<long long>{1, 2}));
  EXPECT_EQ(d.below, 0);
  EXPECT_EQ(d.above, 1);
  const Distribution one = describe({0.3}, {0.5}, default_bin_edges());
  EXPECT_EQ(one.sd, 0.0);
  EXPECT_EQ(one.quantiles[0], 0.3);
  EXPECT_EQ(one.histogram[6], 1);  // [0.30, 0.35)
  EXPECT_EQ(default_bin_edges().size(), 21u);
}

TEST(RobustnessMonteCarlo, MethodNames) {
  for (SplitRule r : {SplitRule::proportional, SplitRule::diminishing, SplitRule::leverage})
    EXPECT_EQ(parse_name<SplitRule>(to_string(r)), r);
  for (WeightSampling w : {WeightSampling::ranking, WeightSampling::dirichlet})
    EXPECT_EQ(parse_name<WeightSampling>(to_string(w)), w);
  EXPECT_FALSE(parse_name<SplitRule>("priority").has_value());
  EXPECT_EQ(names_of<SplitRule>(), "proportional, diminishing, leverage");
}

// ---------------------------------------------------------------- errors

TEST(RobustnessErrors, SampleCount) {
  const WeightSampler s = WeightSampler::ranking({1, 2});
  const std::vector<FocusArea> areas{area("a", 1), area("b", 2)};
  for (long long n : {0ll, -5ll}) {
    const std::string m =
        message_of<ArgumentError>([&] { split_robustness(areas, 1, SplitRule::proportional, s, opts(n)); });
    EXPECT_CONTAINS(m, "split_robustness");
    EXPECT_CONTAINS(m, "N is " + std::to_string(n));
    EXPECT_CONTAINS(m, "at least 1");
  }
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { sample_weights(s, 0, 1); }), "N is 0");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { monte_carlo_error(0.5, 0); }), "N is 0");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { monte_carlo_error(1.5, 10); }), "p is 1.5");
  SelectionProblem p;
  p.budget = 1;
  p.items = {item("a", "A", 1, 1)};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { selection_robustness(p, {"A", "B"}, s, opts(0)); }), "N is 0");
}

TEST(RobustnessErrors, RanksAndConcentration) {
  EXPECT_CONTAINS(message_of<ArgumentError>([] { WeightSampler::ranking({}); }), "no priorities");
  std::string m = message_of<ArgumentError>([] { WeightSampler::ranking({1, 0, 2}); });
  EXPECT_CONTAINS(m, "priorities[1] is 0");
  EXPECT_CONTAINS(m, "start at 1");
  m = message_of<ArgumentError>([] { WeightSampler::ranking({1, 4, 2}); });
  EXPECT_CONTAINS(m, "priorities[1] is 4");
  EXPECT_CONTAINS(m, "3 areas");
  for (double kappa : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
    m = message_of<ArgumentError>([&] { WeightSampler::dirichlet({0.5, 0.5}, kappa); });
    EXPECT_CONTAINS(m, "concentration kappa");
    EXPECT_CONTAINS(m, "> 0");
  }
  EXPECT_CONTAINS(message_of<ArgumentError>([] { WeightSampler::dirichlet({0.5, -0.1}, 1); }), "weights[1] is -0.1");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { WeightSampler::dirichlet({0.5, std::nan("")}, 1); }),
                  "weights[1] is nan");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { WeightSampler::dirichlet({0, 0}, 1); }), "sum to 0");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { WeightSampler::dirichlet({}, 1); }), "no weights");
}

TEST(RobustnessErrors, SizesThatDoNotMatch) {
  const WeightSampler three = WeightSampler::ranking({1, 2, 3});
  const std::vector<FocusArea> areas{area("a", 1), area("b", 2)};
  std::string m =
      message_of<ArgumentError>([&] { split_robustness(areas, 10, SplitRule::proportional, three, opts(10)); });
  EXPECT_CONTAINS(m, "3 weights");
  EXPECT_CONTAINS(m, "2 areas");
  m = message_of<ArgumentError>([&] { split_robustness_with({"a", "b"}, nullptr, three, opts(10)); });
  EXPECT_CONTAINS(m, "2 focus area ids");
  m = message_of<ArgumentError>([&] {
    split_robustness_with(
        {"a", "b", "c"}, [](const std::vector<double>&) { return std::vector<double>{1, 0}; }, three, opts(10));
  });
  EXPECT_CONTAINS(m, "in sample 0");
  EXPECT_CONTAINS(m, "returned 2 values for 3 areas");
  m = message_of<ArgumentError>([&] {
    split_robustness_with(
        {"a", "b", "c"}, [](const std::vector<double>&) { return std::vector<double>{1, std::nan(""), 0}; }, three,
        opts(10));
  });
  EXPECT_CONTAINS(m, "area 'b'");
  SelectionProblem p;
  p.budget = 1;
  p.items = {item("x", "A", 1, 1), item("y", "B", 1, 1)};
  m = message_of<ArgumentError>([&] { selection_robustness(p, {"A", "B"}, three, opts(10)); });
  EXPECT_CONTAINS(m, "3 weights");
  EXPECT_CONTAINS(m, "2 focus area ids");
  m = message_of<ArgumentError>([&] {
    selection_robustness_with(
        p, [](const std::vector<double>&, std::vector<double>& v) { v.push_back(1); }, three, opts(10));
  });
  EXPECT_CONTAINS(m, "left 3 values for 2 items");
  m = message_of<ArgumentError>([&] {
    selection_robustness_with(
        p, [](const std::vector<double>&, std::vector<double>& v) { v = {1, -2}; }, three, opts(10));
  });
  EXPECT_CONTAINS(m, "item 'y'");
  EXPECT_CONTAINS(m, "-2");
}

TEST(RobustnessErrors, AreasItemsBudgetAndOptions) {
  const WeightSampler two = WeightSampler::ranking({1, 2});
  SelectionProblem p;
  p.budget = 1;
  p.items = {item("x", "A", 1, 1), item("y", "Z", 1, 1)};
  std::string m = message_of<ArgumentError>([&] { selection_robustness(p, {"A", "B"}, two, opts(10)); });
  EXPECT_CONTAINS(m, "item 'y'");
  EXPECT_CONTAINS(m, "area 'Z'");
  p.items[1].focus_area = "";
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { selection_robustness(p, {"A", "B"}, two, opts(10)); }),
                  "item 'y' (item 2) has no focus area");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { selection_robustness(p, {"A", "A"}, two, opts(10)); }),
                  "'A' is repeated");
  // The selection's own errors come through (a must item over the budget).
  p.items = {item("x", "A", 5, 1, true), item("y", "B", 1, 1)};
  EXPECT_FALSE(message_of<ArgumentError>([&] { selection_robustness(p, {"A", "B"}, two, opts(10)); }).empty());

  const std::vector<FocusArea> areas{area("a", 1), area("b", 2)};
  for (double budget : {0.0, -1.0, std::numeric_limits<double>::infinity()})
    EXPECT_CONTAINS(
        message_of<ArgumentError>([&] { split_robustness(areas, budget, SplitRule::diminishing, two, opts(10)); }),
        "the budget is");
  RobustnessOptions o = opts(10);
  o.quantiles = {0.5, 1.5};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_robustness(areas, 1, SplitRule::proportional, two, o); }),
                  "quantiles[1] is 1.5");
  o = opts(10);
  o.bin_edges = {0, 0.5, 0.5, 1};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_robustness(areas, 1, SplitRule::proportional, two, o); }),
                  "bin_edges[2] = 0.5 is not greater than bin_edges[1]");
  // The split's own errors come through (a floor over its cap).
  const std::vector<FocusArea> bad{area("a", 1, 5, 2), area("b", 2)};
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { split_robustness(bad, 10, SplitRule::proportional, two, opts(10)); }),
                  "exceeds its cap");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { describe({}, {}, {}); }), "no values");
}

// ---------------------------------------------------------------- progress

TEST(RobustnessProgress, ReportsFromTheCallerAndDoesNotChangeTheResult) {
  std::vector<FocusArea> areas{area("a", 1, 10, 400), area("b", 2, 20), area("c", 3)};
  const WeightSampler s = WeightSampler::ranking({1, 2, 3});
  RobustnessOptions o = opts(200000, 5, 2);
  const auto plain = split_robustness(areas, 800, SplitRule::proportional, s, o);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const auto caller = std::this_thread::get_id();
  bool same_thread = true;
  o.progress = [&](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
    same_thread &= std::this_thread::get_id() == caller;
  };
  const auto watched = split_robustness(areas, 800, SplitRule::proportional, s, o);
  ASSERT_FALSE(calls.empty());
  EXPECT_TRUE(same_thread);
  EXPECT_EQ(calls.back(), std::make_pair(std::size_t{200000}, std::size_t{200000}));
  for (std::size_t k = 1; k < calls.size(); ++k) EXPECT_LE(calls[k - 1].first, calls[k].first);
  for (std::size_t i = 0; i < areas.size(); ++i) expect_same(plain.focus_areas[i].share, watched.focus_areas[i].share);
}

TEST(RobustnessProgress, AnExceptionFromTheReportStopsTheWork) {
  SelectionProblem p;
  p.budget = 10;
  for (int j = 0; j < 12; ++j) p.items.push_back(item("i" + std::to_string(j), j % 2 ? "A" : "B", 1 + j % 4, 2 + j));
  RobustnessOptions o = opts(2000000, 1, 2);
  std::size_t last = 0;
  o.progress = [&](std::size_t done, std::size_t) {
    last = done;
    throw std::runtime_error("interrupted");
  };
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(selection_robustness(p, {"A", "B"}, WeightSampler::ranking({1, 2}), o), std::runtime_error);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(last, std::size_t{2000000});  // stopped long before the end
  EXPECT_LT(seconds, 30.0);
}

TEST(RobustnessErrors, MoreSamplesThanFitInMemoryAreRefusedBeforeAnyWork) {
  // 3e8 samples of 5 focus areas: 11 numbers of 8 bytes each = 24.6 GiB; this
  // used to end in std::bad_alloc (or the machine's memory) after allocating.
  const std::vector<FocusArea> areas{area("A", 1), area("B", 2), area("C", 3), area("D", 4), area("E", 5)};
  const WeightSampler s = WeightSampler::ranking({1, 2, 3, 4, 5});
  bool called = false;
  RobustnessOptions o = opts(300000000);
  o.progress = [&](std::size_t, std::size_t) { called = true; };
  const std::string m = message_of<ArgumentError>([&] { split_robustness(areas, 100, SplitRule::proportional, s, o); });
  EXPECT_CONTAINS(m, "split_robustness: 300000000 samples would need 24.6 GiB of memory");
  EXPECT_CONTAINS(m, "11 numbers of 8 bytes per sample for 5 focus areas");
  // 2 GiB / 88 bytes = 24403223 samples
  EXPECT_CONTAINS(m, "use at most 24403223 samples");
  EXPECT_FALSE(called);
  EXPECT_CONTAINS(message_of<ArgumentError>([&] {
                    split_robustness_with(
                        {"A", "B"}, [](const std::vector<double>& w) { return w; }, WeightSampler::ranking({1, 2}),
                        opts(1LL << 40));
                  }),
                  "split_robustness_with: 1099511627776 samples would need 40960.0 GiB");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { sample_weights(s, 1LL << 40, 1); }), "sample_weights: 1099511627776");
  SelectionProblem p;
  p.budget = 1;
  p.items.push_back(item("i", "A", 1, 1));
  EXPECT_CONTAINS(
      message_of<ArgumentError>([&] { selection_robustness(p, {"A"}, WeightSampler::ranking({1}), opts(300000000)); }),
      "selection_robustness: 300000000 samples would need 2.8 GiB of memory (the value and two flags "
      "of every sample)");
  // the largest number that fits is accepted (checked without running it: one below the limit's edge)
  EXPECT_LE(24403223.0 * 88.0, max_sample_bytes);
  EXPECT_GT(24403224.0 * 88.0, max_sample_bytes);
}
