// Scoring requests (scoring.hpp): value functions, the weighted sum and TOPSIS.
// Hand-computed cases, a published TOPSIS example, properties on random
// instances, one test per bad input, and the embedded Stockholm example.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/scoring.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

Criterion criterion(std::string id, double weight, CriterionDirection d, ValueFunction f) {
  Criterion c;
  c.id = std::move(id);
  c.weight = weight;
  c.direction = d;
  c.value = std::move(f);
  return c;
}

constexpr auto kBenefit = CriterionDirection::benefit;
constexpr auto kCost = CriterionDirection::cost;

// The three criteria of the hand-computed weighted sum.
std::vector<Criterion> small_criteria() {
  return {criterion("a", 2.0, kBenefit, ValueFunction::linear(0, 10)),
          criterion("b", 1.0, kCost, ValueFunction::linear(100, 0)),
          criterion("c", 1.0, kBenefit, ValueFunction::step({{0, 0.0}, {1, 0.5}, {2, 1.0}}))};
}

std::string error_of(const std::vector<Criterion>& c, const std::vector<Request>& r) {
  return message_of<ArgumentError>([&] { score_weighted_sum(c, r); });
}

// ---------------------------------------------------------------- value functions

TEST(ScoringValueFunction, LinearClampsAndFollowsDirection) {
  const auto up = ValueFunction::linear(0, 10);
  EXPECT_DOUBLE_EQ(up(0), 0.0);
  EXPECT_DOUBLE_EQ(up(2.5), 0.25);
  EXPECT_DOUBLE_EQ(up(10), 1.0);
  EXPECT_DOUBLE_EQ(up(-4), 0.0);
  EXPECT_DOUBLE_EQ(up(12), 1.0);
  const auto down = ValueFunction::linear(400, 0);  // a cost: 400 hours worth 0, none worth 1
  EXPECT_DOUBLE_EQ(down(100), 0.75);
  EXPECT_DOUBLE_EQ(down(500), 0.0);
  EXPECT_TRUE(std::isnan(up(kNaN)));
}

TEST(ScoringValueFunction, PiecewiseInterpolatesAndIsFlatOutside) {
  const auto f = ValueFunction::piecewise({{1, 0.0}, {2, 0.2}, {3, 0.5}, {4, 0.8}, {5, 1.0}});
  EXPECT_DOUBLE_EQ(f(1), 0.0);
  EXPECT_DOUBLE_EQ(f(2.5), 0.35);  // halfway between 0.2 and 0.5
  EXPECT_DOUBLE_EQ(f(3), 0.5);
  EXPECT_NEAR(f(4.25), 0.85, 1e-15);
  EXPECT_DOUBLE_EQ(f(0), 0.0);
  EXPECT_DOUBLE_EQ(f(7), 1.0);
  const auto g = ValueFunction::piecewise({{0, 1.0}, {100, 0.4}, {200, 0.0}});  // a cost
  EXPECT_DOUBLE_EQ(g(50), 0.7);
  EXPECT_DOUBLE_EQ(g(150), 0.2);
}

TEST(ScoringValueFunction, StepIsATableLookup) {
  const auto f = ValueFunction::step({{0, 0.0}, {1, 0.4}, {2, 0.75}, {3, 1.0}});
  EXPECT_DOUBLE_EQ(f(0), 0.0);
  EXPECT_DOUBLE_EQ(f(1), 0.4);
  EXPECT_DOUBLE_EQ(f(2), 0.75);
  EXPECT_DOUBLE_EQ(f(3), 1.0);
  EXPECT_TRUE(std::isnan(f(1.5)));  // not in the table
  EXPECT_TRUE(std::isnan(f(4)));
}

TEST(ScoringValueFunction, ExponentialMatchesKirkwoodsForm) {
  // shape c = 2 on [0, 1]: v(1/2) = (1 - e^-1) / (1 - e^-2) = 1 / (1 + e^-1).
  const auto f = ValueFunction::exponential(0, 1, 2.0);
  EXPECT_NEAR(f(0.5), 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_DOUBLE_EQ(f(0), 0.0);
  EXPECT_DOUBLE_EQ(f(1), 1.0);
  // c = -2 (convex): v(1/2) = (e - 1) / (e^2 - 1) = 1 / (1 + e).
  EXPECT_NEAR(ValueFunction::exponential(0, 1, -2.0)(0.5), 1.0 / (1.0 + std::exp(1.0)), 1e-15);
  // Kirkwood's increasing form with Low = 1, High = 5, rho = 2, i.e. c = (5 - 1) / 2:
  // v(x) = (1 - exp(-(x - Low)/rho)) / (1 - exp(-(High - Low)/rho)).
  const auto k = ValueFunction::exponential(1, 5, 2.0);
  for (double x : {1.0, 2.0, 3.3, 5.0})
    EXPECT_NEAR(k(x), (1 - std::exp(-(x - 1) / 2)) / (1 - std::exp(-4.0 / 2)), 1e-14) << x;
  // Kirkwood's decreasing form (a cost): v(x) = (1 - exp(-(High - x)/rho)) / (1 - exp(-(High - Low)/rho)).
  const auto cost = ValueFunction::exponential(300000, 0, 1.5);  // rho = 200000
  for (double x : {0.0, 50000.0, 150000.0, 299000.0})
    EXPECT_NEAR(cost(x), (1 - std::exp(-(300000 - x) / 2e5)) / (1 - std::exp(-1.5)), 1e-14) << x;
  // shape 0 is linear; tiny shapes are close to it.
  EXPECT_DOUBLE_EQ(ValueFunction::exponential(0, 10, 0.0)(3), 0.3);
  EXPECT_NEAR(ValueFunction::exponential(0, 10, 1e-9)(3), 0.3, 1e-9);
}

TEST(ScoringValueFunction, ExponentialWithExtremeShapesStaysFinite) {
  for (double c : {-1000.0, -50.0, 50.0, 1000.0}) {
    const auto f = ValueFunction::exponential(0, 1, c);
    double last = -1;
    for (int k = 0; k <= 100; ++k) {
      const double v = f(k / 100.0);
      ASSERT_TRUE(std::isfinite(v)) << c << " " << k;
      EXPECT_GE(v, last) << c << " " << k;
      EXPECT_GE(v, 0.0);
      EXPECT_LE(v, 1.0);
      last = v;
    }
    EXPECT_DOUBLE_EQ(f(1.0), 1.0);
    EXPECT_DOUBLE_EQ(f(0.0), 0.0);
  }
}

// Property: every checked value function is monotone in its criterion's
// direction and maps into [0, 1], on random functions of every kind.
TEST(ScoringValueFunction, RandomFunctionsAreMonotoneAndInUnitInterval) {
  std::mt19937 rng(20240611);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 400; ++trial) {
    const auto dir = trial % 2 ? kCost : kBenefit;
    const double lo = -50 + 100 * u(rng), hi = lo + 0.1 + 100 * u(rng);
    ValueFunction f;
    switch (trial % 4) {
      case 0: f = dir == kBenefit ? ValueFunction::linear(lo, hi) : ValueFunction::linear(hi, lo); break;
      case 1: {
        const double c = -30 + 60 * u(rng);
        f = dir == kBenefit ? ValueFunction::exponential(lo, hi, c) : ValueFunction::exponential(hi, lo, c);
        break;
      }
      default: {
        const int k = 2 + static_cast<int>(6 * u(rng));
        std::vector<double> xs(k), vs(k);
        for (auto& x : xs) x = lo + (hi - lo) * u(rng);
        for (auto& v : vs) v = u(rng);
        std::sort(xs.begin(), xs.end());
        xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
        vs.resize(xs.size());
        if (dir == kBenefit) std::sort(vs.begin(), vs.end());
        else std::sort(vs.rbegin(), vs.rend());
        std::vector<std::pair<double, double>> pts;
        for (std::size_t i = 0; i < xs.size(); ++i) pts.emplace_back(xs[i], vs[i]);
        if (pts.size() < 2) continue;
        f = trial % 4 == 2 ? ValueFunction::piecewise(pts) : ValueFunction::step(pts);
      }
    }
    const Criterion c = criterion("c", 1, dir, f);
    ASSERT_NO_THROW(check_criteria({c})) << trial;
    std::vector<double> grid;
    if (f.kind == ValueFunctionKind::step) {
      for (const auto& p : f.points) grid.push_back(p.first);
    } else {
      for (int k = 0; k <= 200; ++k) grid.push_back(lo - 20 + (hi - lo + 40) * k / 200.0);
    }
    double last = dir == kBenefit ? -1.0 : 2.0;
    for (double x : grid) {
      const double v = f(x);
      ASSERT_GE(v, 0.0) << trial << " x=" << x;
      ASSERT_LE(v, 1.0) << trial << " x=" << x;
      if (dir == kBenefit) ASSERT_GE(v, last - 1e-15) << trial << " x=" << x;
      else ASSERT_LE(v, last + 1e-15) << trial << " x=" << x;
      last = v;
    }
  }
}

// ---------------------------------------------------------------- weighted sum

TEST(ScoringWeightedSum, HandComputed) {
  // weights 2, 1, 1 -> 1/2, 1/4, 1/4.
  // r1: a 5 -> 0.5, b 25 -> 0.75, c 2 -> 1:   0.25 + 0.1875 + 0.25 = 0.6875
  // r2: a 10 -> 1, b 100 -> 0, c 0 -> 0:      0.5
  // r3: a -3 -> 0 (clamped), b 0 -> 1, c 1 -> 0.5: 0.25 + 0.125 = 0.375
  const auto res = score_weighted_sum(small_criteria(), {{"r1", {5, 25, 2}}, {"r2", {10, 100, 0}}, {"r3", {-3, 0, 1}}});
  EXPECT_EQ(res.method, ScoringMethod::weighted_sum);
  ASSERT_EQ(res.n_requests(), 3u);
  ASSERT_EQ(res.n_criteria(), 3u);
  EXPECT_EQ(res.weight, (std::vector<double>{0.5, 0.25, 0.25}));
  EXPECT_DOUBLE_EQ(res.score[0], 0.6875);
  EXPECT_DOUBLE_EQ(res.score[1], 0.5);
  EXPECT_DOUBLE_EQ(res.score[2], 0.375);
  EXPECT_EQ(res.rank, (std::vector<int>{1, 2, 3}));
  EXPECT_DOUBLE_EQ(res.at(res.value, 0, 1), 0.75);
  EXPECT_DOUBLE_EQ(res.at(res.contribution, 0, 0), 0.25);
  EXPECT_DOUBLE_EQ(res.at(res.contribution, 0, 1), 0.1875);
  EXPECT_DOUBLE_EQ(res.at(res.contribution, 0, 2), 0.25);
  EXPECT_DOUBLE_EQ(res.at(res.contribution, 2, 2), 0.125);
  EXPECT_EQ(res.imputed, std::vector<unsigned char>(9, 0));
  EXPECT_TRUE(res.ideal.empty());
  EXPECT_TRUE(res.d_plus.empty());
  EXPECT_EQ(res.request_ids, (std::vector<std::string>{"r1", "r2", "r3"}));
  EXPECT_EQ(res.criterion_ids, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ScoringWeightedSum, ZeroWeightCriterionCountsForNothingAndWeightsAreRelative) {
  auto c = small_criteria();
  c[2].weight = 0.0;
  // r1: (2 * 0.5 + 0.75) / 3
  const auto res = score_weighted_sum(c, {{"r1", {5, 25, 2}}});
  EXPECT_DOUBLE_EQ(res.score[0], 1.75 / 3);
  EXPECT_DOUBLE_EQ(res.at(res.contribution, 0, 2), 0.0);
  for (auto& k : c) k.weight *= 7.5;  // scaling every weight changes nothing
  EXPECT_NEAR(score_weighted_sum(c, {{"r1", {5, 25, 2}}}).score[0], 1.75 / 3, 1e-15);
}

TEST(ScoringWeightedSum, MissingRatingWithDefaultIsImputed) {
  auto c = small_criteria();
  c[1].missing_rating = 50.0;  // a missing cost counts as 50 -> value 0.5
  const auto res = score_weighted_sum(c, {{"r1", {5, kNaN, 2}}, {"r2", {5, 50, 2}}});
  EXPECT_EQ(res.imputed, (std::vector<unsigned char>{0, 1, 0, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(res.at(res.value, 0, 1), 0.5);
  EXPECT_DOUBLE_EQ(res.score[0], res.score[1]);
  EXPECT_EQ(res.rank, (std::vector<int>{1, 1}));
}

TEST(ScoringWeightedSum, NoRequestsGiveAnEmptyResult) {
  const auto res = score_weighted_sum(small_criteria(), {});
  EXPECT_TRUE(res.score.empty());
  EXPECT_TRUE(res.rank.empty());
  EXPECT_EQ(res.n_criteria(), 3u);
}

TEST(ScoringRank, TiesShareTheLowestRankAndNaNComesLast) {
  EXPECT_EQ(rank_descending({0.5, 0.7, 0.5, 0.1}), (std::vector<int>{2, 1, 2, 4}));
  EXPECT_EQ(rank_descending({0.3, kNaN, 0.9, kNaN}), (std::vector<int>{2, 3, 1, 3}));
  EXPECT_EQ(rank_descending({0.5, 0.5 + 1e-14, 0.4}), (std::vector<int>{1, 1, 3}));
  EXPECT_TRUE(rank_descending({}).empty());
}

// A random instance: criteria of every kind and requests with valid ratings.
struct Instance {
  std::vector<Criterion> criteria;
  std::vector<Request> requests;
};

Instance random_instance(std::mt19937& rng, int n_requests, int n_criteria) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Instance in;
  for (int j = 0; j < n_criteria; ++j) {
    const auto dir = u(rng) < 0.6 ? kBenefit : kCost;
    const double lo = 100 * u(rng), hi = lo + 1 + 100 * u(rng);
    const double worst = dir == kBenefit ? lo : hi, best = dir == kBenefit ? hi : lo;
    ValueFunction f;
    switch (j % 4) {
      case 0: f = ValueFunction::linear(worst, best); break;
      case 1: f = ValueFunction::exponential(worst, best, -5 + 10 * u(rng)); break;
      case 2: {
        const double v1 = u(rng);
        f = ValueFunction::piecewise(
            {{lo, dir == kBenefit ? 0.0 : 1.0}, {(lo + hi) / 2, v1}, {hi, dir == kBenefit ? 1.0 : 0.0}});
        break;
      }
      default:
        f = ValueFunction::step(dir == kBenefit
                                    ? std::vector<std::pair<double, double>>{{0, 0.0}, {1, 0.3}, {2, 0.8}, {3, 1.0}}
                                    : std::vector<std::pair<double, double>>{{0, 1.0}, {1, 0.6}, {2, 0.1}, {3, 0.0}});
    }
    in.criteria.push_back(criterion("c" + std::to_string(j), 0.1 + u(rng), dir, f));
  }
  for (int i = 0; i < n_requests; ++i) {
    Request r{"q" + std::to_string(i), {}};
    for (int j = 0; j < n_criteria; ++j) {
      const auto& f = in.criteria[static_cast<std::size_t>(j)].value;
      if (f.kind == ValueFunctionKind::step) r.ratings.push_back(std::floor(4 * u(rng)));
      else {
        const double lo = std::min(f.kind == ValueFunctionKind::piecewise ? f.points.front().first : f.worst,
                                   f.kind == ValueFunctionKind::piecewise ? f.points.back().first : f.best);
        const double hi = std::max(f.kind == ValueFunctionKind::piecewise ? f.points.front().first : f.worst,
                                   f.kind == ValueFunctionKind::piecewise ? f.points.back().first : f.best);
        r.ratings.push_back(1 + lo - 10 + (hi - lo + 20) * u(rng));  // also outside [lo, hi]
      }
    }
    in.requests.push_back(std::move(r));
  }
  return in;
}

// Property: raising a benefit rating (or lowering a cost rating) never lowers
// the weighted-sum score; contributions add up to the score.
TEST(ScoringWeightedSum, ImprovingARatingNeverLowersTheScore) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int strictly_higher = 0;
  for (int trial = 0; trial < 200; ++trial) {
    Instance in = random_instance(rng, 5, 8);
    const auto base = score_weighted_sum(in.criteria, in.requests);
    for (std::size_t i = 0; i < in.requests.size(); ++i) {
      double sum = 0;
      for (std::size_t j = 0; j < in.criteria.size(); ++j) sum += base.at(base.contribution, i, j);
      ASSERT_NEAR(sum, base.score[i], 1e-12);
    }
    for (std::size_t j = 0; j < in.criteria.size(); ++j) {
      const Criterion& c = in.criteria[j];
      Instance better = in;
      for (auto& r : better.requests) {
        double& x = r.ratings[j];
        const bool up = c.direction == kBenefit;
        if (c.value.kind == ValueFunctionKind::step) x = up ? std::min(3.0, x + 1) : std::max(0.0, x - 1);
        else x += (up ? 1 : -1) * 30 * u(rng);
      }
      const auto res = score_weighted_sum(better.criteria, better.requests);
      for (std::size_t i = 0; i < in.requests.size(); ++i) {
        ASSERT_GE(res.score[i], base.score[i] - 1e-12) << "trial " << trial << " criterion " << c.id;
        ASSERT_LE(res.score[i], 1.0);
        if (res.score[i] > base.score[i] + 1e-9) ++strictly_higher;
      }
    }
  }
  EXPECT_GT(strictly_higher, 1000);  // the property is not vacuous
}

// ---------------------------------------------------------------- TOPSIS

// The example of Hodgett's "TOPSIS in Excel" (hodgett.co.uk/topsis-in-excel),
// used as the TOPSIS test of the R package MCDA (CRAN; Bigaret, Meyer et al.):
// three cars on purchase price (cost), economy, aesthetics and boot capacity
// (benefits), weights 0.35, 0.25, 0.25, 0.15; published closeness (rounded to
// four decimals) Corsa 0.4817, Clio 0.5182, Fiesta 0.1780, with the ideal and
// anti-ideal solutions the package's example gives to nine decimals.
TEST(TopsisPublished, HodgettCarExample) {
  const std::vector<Criterion> c = {
      criterion("price", 0.35, kCost, ValueFunction::linear(7000, 5000)),
      criterion("economy", 0.25, kBenefit, ValueFunction::linear(40, 80)),
      criterion("aesthetics", 0.25, kBenefit, ValueFunction::linear(0, 10)),
      criterion("boot", 0.15, kBenefit, ValueFunction::linear(250, 300)),
  };
  const std::vector<Request> r = {
      {"Corsa", {5490, 51.4, 8.5, 285}}, {"Clio", {6500, 70.6, 7.0, 288}}, {"Fiesta", {6489, 54.3, 7.5, 290}}};
  const auto res = score_topsis(c, r);
  EXPECT_EQ(res.method, ScoringMethod::topsis);
  EXPECT_NEAR(res.score[0], 0.4817, 5e-5);
  EXPECT_NEAR(res.score[1], 0.5182, 5e-5);
  EXPECT_NEAR(res.score[2], 0.1780, 5e-5);
  EXPECT_EQ(res.rank, (std::vector<int>{2, 1, 3}));
  const std::vector<double> pis = {0.179573776, 0.171636015, 0.159499658, 0.087302767};
  const std::vector<double> nis = {0.212610118, 0.124958799, 0.131352659, 0.085797547};
  for (std::size_t j = 0; j < 4; ++j) {
    EXPECT_NEAR(res.ideal[j], pis[j], 5e-10) << j;
    EXPECT_NEAR(res.anti_ideal[j], nis[j], 5e-10) << j;
  }
}

// A 3 x 3 case by hand, with columns chosen for round norms: (3, 4, 0) has
// norm 5, (1, 2, 2) norm 3 and the cost column (2, 3, 6) norm 7; weights
// 0.5, 0.25, 0.25. V = [.3 1/12 1/14; .4 1/6 3/28; 0 1/6 3/14],
// ideal (.4, 1/6, 1/14), anti-ideal (0, 1/12, 3/14).
TEST(TopsisHandComputed, ThreeByThree) {
  const std::vector<Criterion> c = {criterion("x", 2, kBenefit, ValueFunction::linear(0, 5)),
                                    criterion("y", 1, kBenefit, ValueFunction::linear(0, 3)),
                                    criterion("z", 1, kCost, ValueFunction::linear(10, 0))};
  const auto res = score_topsis(c, {{"A1", {3, 1, 2}}, {"A2", {4, 2, 3}}, {"A3", {0, 2, 6}}});
  const double d1p = std::sqrt(0.01 + 1.0 / 144), d1m = std::sqrt(0.09 + 1.0 / 49);
  const double d2p = 1.0 / 28, d2m = std::sqrt(0.16 + 1.0 / 144 + 9.0 / 784);
  const double d3p = std::sqrt(0.16 + 1.0 / 49), d3m = 1.0 / 12;
  EXPECT_NEAR(res.d_plus[0], d1p, 1e-15);
  EXPECT_NEAR(res.d_minus[0], d1m, 1e-15);
  EXPECT_NEAR(res.d_plus[1], d2p, 1e-15);
  EXPECT_NEAR(res.d_minus[1], d2m, 1e-15);
  EXPECT_NEAR(res.d_plus[2], d3p, 1e-15);
  EXPECT_NEAR(res.d_minus[2], d3m, 1e-15);
  EXPECT_NEAR(res.score[0], d1m / (d1p + d1m), 1e-14);  // 0.71852
  EXPECT_NEAR(res.score[1], d2m / (d2p + d2m), 1e-14);  // 0.92204
  EXPECT_NEAR(res.score[2], d3m / (d3p + d3m), 1e-14);  // 0.16402
  EXPECT_NEAR(res.score[1], 0.92204, 1e-5);
  EXPECT_EQ(res.rank, (std::vector<int>{2, 1, 3}));
  EXPECT_NEAR(res.at(res.normalised, 1, 0), 0.8, 1e-15);
  EXPECT_NEAR(res.at(res.contribution, 0, 2), 1.0 / 14, 1e-15);
  EXPECT_NEAR(res.ideal[2], 1.0 / 14, 1e-15);
  EXPECT_NEAR(res.anti_ideal[2], 3.0 / 14, 1e-15);
  // pull of A1 on z: (1/14 - 3/14)^2 - 0 = 4/196
  EXPECT_NEAR(res.at(res.pull, 0, 2), 4.0 / 196, 1e-15);
  // the values are computed too: x = 3 on linear(0, 5) is 0.6
  EXPECT_DOUBLE_EQ(res.at(res.value, 0, 0), 0.6);
}

// With on_values the values (already oriented: higher is better) are rated;
// without normalisation V = w v. Two requests, weights 3/4 and 1/4:
// P: values (1, 0) and Q: values (0.5, 1). ideal (3/4, 1/4), anti (3/8, 0).
// P: d+ = 1/4, d- = 3/8 -> C = 0.6; Q: d+ = 3/8, d- = 1/4 -> C = 0.4.
TEST(TopsisOnValues, HandComputedWithoutNormalisation) {
  const std::vector<Criterion> c = {criterion("effect", 3, kBenefit, ValueFunction::linear(0, 4)),
                                    criterion("cost", 1, kCost, ValueFunction::linear(100, 0))};
  TopsisOptions o;
  o.on_values = true;
  o.vector_normalisation = false;
  const auto res = score_topsis(c, {{"P", {4, 100}}, {"Q", {2, 0}}}, o);
  EXPECT_NEAR(res.score[0], 0.6, 1e-15);
  EXPECT_NEAR(res.score[1], 0.4, 1e-15);
  EXPECT_NEAR(res.ideal[1], 0.25, 1e-15);  // the cost criterion's best value is its highest value
  EXPECT_NEAR(res.anti_ideal[1], 0.0, 1e-15);
  // On the raw ratings, the same cost criterion takes its ideal at the lowest rating.
  TopsisOptions raw;
  raw.vector_normalisation = false;
  const auto r2 = score_topsis(c, {{"P", {4, 100}}, {"Q", {2, 0}}}, raw);
  EXPECT_NEAR(r2.ideal[1], 0.0, 1e-15);
  EXPECT_NEAR(r2.anti_ideal[1], 25.0, 1e-12);
}

TEST(TopsisOnValues, VectorNormalisedValuesAndAZeroColumn) {
  // Values (1, 0) and (0, 0): the zero column stays zero and only effect decides.
  const std::vector<Criterion> c = {criterion("effect", 1, kBenefit, ValueFunction::linear(0, 4)),
                                    criterion("fit", 1, kBenefit, ValueFunction::step({{0, 0.0}, {1, 1.0}}))};
  TopsisOptions o;
  o.on_values = true;
  const auto res = score_topsis(c, {{"P", {4, 0}}, {"Q", {0, 0}}}, o);
  EXPECT_DOUBLE_EQ(res.score[0], 1.0);
  EXPECT_DOUBLE_EQ(res.score[1], 0.0);
  EXPECT_DOUBLE_EQ(res.at(res.normalised, 0, 1), 0.0);
}

// Properties on random instances: closeness in [0, 1]; an added request that
// is best on every criterion gets 1 (and one worst on every criterion gets 0);
// the pulls add up to d-^2 - d+^2; scaling the weights changes nothing.
TEST(TopsisProperties, ClosenessInUnitIntervalIdealGetsOne) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 300; ++trial) {
    Instance in = random_instance(rng, 2 + trial % 9, 1 + trial % 7);
    TopsisOptions o;
    o.on_values = trial % 3 == 0;
    const auto res = score_topsis(in.criteria, in.requests, o);
    for (std::size_t i = 0; i < res.n_requests(); ++i) {
      ASSERT_GE(res.score[i], 0.0);
      ASSERT_LE(res.score[i], 1.0);
      double pulls = 0;
      for (std::size_t j = 0; j < res.n_criteria(); ++j) pulls += res.at(res.pull, i, j);
      ASSERT_NEAR(pulls, res.d_minus[i] * res.d_minus[i] - res.d_plus[i] * res.d_plus[i], 1e-12);
    }
    // Ideal and anti-ideal requests: best (worst) rating on every criterion.
    Request best{"ideal", {}}, worst{"anti", {}};
    for (std::size_t j = 0; j < in.criteria.size(); ++j) {
      const Criterion& c = in.criteria[j];
      double hi = -kInf, lo = kInf;
      for (const auto& r : in.requests) {
        const double key = o.on_values ? c.value(r.ratings[j]) : r.ratings[j];
        const bool up = o.on_values || c.direction == kBenefit;
        if ((up ? key : -key) > hi) {
          hi = up ? key : -key;
          best.ratings.resize(j);
          best.ratings.push_back(r.ratings[j]);
        }
        if ((up ? key : -key) < lo) {
          lo = up ? key : -key;
          worst.ratings.resize(j);
          worst.ratings.push_back(r.ratings[j]);
        }
      }
    }
    in.requests.push_back(best);
    in.requests.push_back(worst);
    const auto ext = score_topsis(in.criteria, in.requests, o);
    const std::size_t n = ext.n_requests();
    EXPECT_DOUBLE_EQ(ext.score[n - 2], 1.0) << trial;
    EXPECT_EQ(ext.rank[n - 2], 1) << trial;
    EXPECT_LE(ext.d_plus[n - 2], 1e-15);
    if (ext.d_minus[n - 2] > 0) {
      EXPECT_DOUBLE_EQ(ext.score[n - 1], 0.0) << trial;
    }
    // Scaling all weights leaves the closeness unchanged.
    Instance scaled = in;
    for (auto& c : scaled.criteria) c.weight *= 3.7;
    const auto sc = score_topsis(scaled.criteria, scaled.requests, o);
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(sc.score[i], ext.score[i], 1e-12);
  }
}

TEST(TopsisProperties, AllAlikeAndSingleRequestGetOne) {
  const auto c = small_criteria();
  const auto one = score_topsis(c, {{"only", {5, 25, 2}}});
  EXPECT_DOUBLE_EQ(one.score[0], 1.0);
  const auto same = score_topsis(c, {{"a", {5, 25, 2}}, {"b", {5, 25, 2}}});
  EXPECT_EQ(same.score, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(same.rank, (std::vector<int>{1, 1}));
  EXPECT_TRUE(score_topsis(c, {}).score.empty());
}

TEST(TopsisErrors, SameInputChecksAsTheWeightedSum) {
  const auto msg = message_of<ArgumentError>([] { score_topsis(small_criteria(), {{"r1", {5, kNaN, 2}}}); });
  EXPECT_CONTAINS(msg, "request 'r1'");
  EXPECT_CONTAINS(msg, "criterion 'b'");
  EXPECT_CONTAINS(msg, "missing");
  const auto step = message_of<ArgumentError>([] { score_topsis(small_criteria(), {{"r1", {5, 25, 1.5}}}); });
  EXPECT_CONTAINS(step, "not in the step table");
}

// ---------------------------------------------------------------- errors

TEST(ScoringErrors, NoCriteria) { EXPECT_CONTAINS(error_of({}, {}), "no criteria"); }

TEST(ScoringErrors, EmptyAndDuplicateCriterionIds) {
  auto c = small_criteria();
  c[1].id = "";
  EXPECT_CONTAINS(error_of(c, {}), "criterion 2: the criterion id is empty");
  c[1].id = "a";
  EXPECT_CONTAINS(error_of(c, {}), "duplicate criterion id 'a'");
}

TEST(ScoringErrors, BadWeights) {
  auto c = small_criteria();
  c[0].weight = -1;
  auto msg = error_of(c, {});
  EXPECT_CONTAINS(msg, "criterion 'a'");
  EXPECT_CONTAINS(msg, ">= 0");
  c[0].weight = kNaN;
  EXPECT_CONTAINS(error_of(c, {}), "must be finite");
  c[0].weight = kInf;
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'a': the weight is inf");
  for (auto& k : c) k.weight = 0;
  EXPECT_CONTAINS(error_of(c, {}), "all criterion weights are 0");
}

TEST(ScoringErrors, LinearRangeAgainstDirection) {
  auto c = small_criteria();
  c[0].value = ValueFunction::linear(10, 0);  // benefit but worst > best
  auto msg = error_of(c, {});
  EXPECT_CONTAINS(msg, "criterion 'a'");
  EXPECT_CONTAINS(msg, "a benefit criterion needs best > worst");
  c[0].value = ValueFunction::linear(3, 3);
  EXPECT_CONTAINS(error_of(c, {}), "they must differ");
  c[0].value = ValueFunction::linear(0, kInf);
  EXPECT_CONTAINS(error_of(c, {}), "must be finite");
  c = small_criteria();
  c[1].value = ValueFunction::linear(0, 100);  // cost but best > worst
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'b': linear value function: a cost criterion needs best < worst");
}

TEST(ScoringErrors, ExponentialShapeAndRange) {
  auto c = small_criteria();
  c[0].value = ValueFunction::exponential(0, 10, kNaN);
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'a': exponential value function: the shape must be finite");
  c[1].value = ValueFunction::exponential(0, 100, 1.0);
  c[0].value = ValueFunction::exponential(0, 10, 1.0);
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'b': exponential value function: a cost criterion needs best < worst");
}

TEST(ScoringErrors, PiecewiseNotMonotoneOrMalformed) {
  auto c = small_criteria();
  c[0].value = ValueFunction::piecewise({{0, 0.0}});
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'a': a piecewise value function needs at least 2 points, got 1");
  c[0].value = ValueFunction::piecewise({{0, 0.0}, {5, 0.8}, {4, 1.0}});
  auto msg = error_of(c, {});
  EXPECT_CONTAINS(msg, "piecewise point 3 (4, 1)");
  EXPECT_CONTAINS(msg, "strictly increasing");
  c[0].value = ValueFunction::piecewise({{0, 0.0}, {5, 0.8}, {10, 0.6}});
  msg = error_of(c, {});
  EXPECT_CONTAINS(msg, "criterion 'a'");
  EXPECT_CONTAINS(msg, "non-decreasing for a benefit criterion");
  c[0].value = ValueFunction::piecewise({{0, 0.0}, {10, 1.2}});
  EXPECT_CONTAINS(error_of(c, {}), "the value must be in [0, 1]");
  c[0].value = ValueFunction::piecewise({{0, 0.0}, {kNaN, 1.0}});
  EXPECT_CONTAINS(error_of(c, {}), "the rating must be finite");
}

TEST(ScoringErrors, StepNotMonotoneForACost) {
  auto c = small_criteria();
  c[1].value = ValueFunction::step({{0, 1.0}, {1, 0.2}, {2, 0.5}});
  const auto msg = error_of(c, {});
  EXPECT_CONTAINS(msg, "criterion 'b': step entry 3 (2, 0.5)");
  EXPECT_CONTAINS(msg, "non-increasing for a cost criterion");
  c[1].value = ValueFunction::step({});
  EXPECT_CONTAINS(error_of(c, {}), "a step value function needs at least 1 entry, got 0");
}

TEST(ScoringErrors, BadMissingRating) {
  auto c = small_criteria();
  c[2].missing_rating = 1.5;
  EXPECT_CONTAINS(error_of(c, {}),
                  "criterion 'c': the missing_rating 1.5 is not in the step table; allowed ratings are {0, 1, 2}");
  c[2].missing_rating = kInf;
  EXPECT_CONTAINS(error_of(c, {}), "criterion 'c': the missing_rating is inf");
}

TEST(ScoringErrors, EmptyAndDuplicateRequestIds) {
  EXPECT_CONTAINS(error_of(small_criteria(), {{"r1", {1, 1, 1}}, {"", {1, 1, 1}}}),
                  "request 2: the request id is empty");
  EXPECT_CONTAINS(error_of(small_criteria(), {{"r1", {1, 1, 1}}, {"r1", {2, 2, 2}}}), "duplicate request id 'r1'");
}

TEST(ScoringErrors, WrongNumberOfRatings) {
  EXPECT_CONTAINS(error_of(small_criteria(), {{"r7", {1, 1}}}),
                  "request 'r7' has 2 ratings; give one per criterion (3)");
}

TEST(ScoringErrors, MissingRatingWithoutDefault) {
  const auto msg = error_of(small_criteria(), {{"r1", {1, 1, 1}}, {"r2", {kNaN, 1, 1}}});
  EXPECT_CONTAINS(msg, "request 'r2', criterion 'a'");
  EXPECT_CONTAINS(msg, "the rating is missing and the criterion states no default (missing_rating)");
}

TEST(ScoringErrors, InfiniteRating) {
  EXPECT_CONTAINS(error_of(small_criteria(), {{"r1", {1, -kInf, 1}}}),
                  "request 'r1', criterion 'b': the rating is -inf; ratings must be finite");
}

TEST(ScoringErrors, RatingNotInStepTable) {
  EXPECT_CONTAINS(error_of(small_criteria(), {{"r3", {1, 1, 3}}}),
                  "request 'r3', criterion 'c': the rating 3 is not in the step table; allowed ratings are {0, 1, 2}");
}

TEST(ScoringErrors, UnknownNames) {
  EXPECT_EQ(parse_criterion_direction("cost"), kCost);
  EXPECT_EQ(parse_value_function_kind("exponential"), ValueFunctionKind::exponential);
  EXPECT_CONTAINS(message_of<ArgumentError>([] { parse_criterion_direction("gain"); }), "'gain'; use benefit or cost");
  EXPECT_CONTAINS(message_of<ArgumentError>([] { parse_value_function_kind("log"); }),
                  "'log'; use linear, piecewise, step or exponential");
  EXPECT_STREQ(to_string(ValueFunctionKind::piecewise), "piecewise");
  EXPECT_STREQ(to_string(ScoringMethod::topsis), "topsis");
}

// ---------------------------------------------------------------- the Stockholm example

struct Example {
  nlohmann::json doc;
  std::vector<Criterion> criteria;
  std::vector<Request> requests;
};

// Reads python/styrkort/examples/stockholm/requests.json (shape: README.md there).
Example stockholm() {
  Example e;
  std::ifstream in(std::string(STYRKORT_TEST_DATA) + "/stockholm/requests.json");
  EXPECT_TRUE(in.good());
  e.doc = nlohmann::json::parse(in);
  for (const auto& j : e.doc.at("criteria")) {
    const auto& f = j.at("value_function");
    const auto kind = parse_value_function_kind(f.at("kind").get<std::string>());
    ValueFunction v;
    const auto num = [&](const char* key) { return f.at(key).get<double>(); };
    if (kind == ValueFunctionKind::linear) v = ValueFunction::linear(num("worst"), num("best"));
    else if (kind == ValueFunctionKind::exponential)
      v = ValueFunction::exponential(num("worst"), num("best"), num("shape"));
    else {
      std::vector<std::pair<double, double>> pts;
      for (const auto& p : f.at("points")) pts.emplace_back(p.at(0).get<double>(), p.at(1).get<double>());
      v = kind == ValueFunctionKind::piecewise ? ValueFunction::piecewise(pts) : ValueFunction::step(pts);
    }
    Criterion c = criterion(j.at("id").get<std::string>(), j.at("weight").get<double>(),
                            parse_criterion_direction(j.at("direction").get<std::string>()), v);
    if (j.contains("missing_rating")) c.missing_rating = j.at("missing_rating").get<double>();
    e.criteria.push_back(c);
  }
  for (const auto& j : e.doc.at("requests")) {
    Request r{j.at("id").get<std::string>(), {}};
    for (const auto& c : e.criteria) {
      const auto& ratings = j.at("ratings");
      const bool missing = !ratings.contains(c.id) || ratings.at(c.id).is_null();
      r.ratings.push_back(missing ? kNaN : ratings.at(c.id).get<double>());
    }
    e.requests.push_back(r);
  }
  return e;
}

TEST(ScoringStockholm, ExampleScoresWithBothMethods) {
  const Example e = stockholm();
  EXPECT_NE(e.doc.at("note").get<std::string>().find("ILLUSTRATIVT"), std::string::npos);
  ASSERT_EQ(e.requests.size(), 12u);
  ASSERT_EQ(e.criteria.size(), 8u);
  for (const char* d : {"fit_profilering", "fit_omvarldsbevakning", "fit_samverkan", "fit_paverkan"})
    EXPECT_TRUE(std::any_of(e.criteria.begin(), e.criteria.end(), [&](const Criterion& c) { return c.id == d; })) << d;
  // every request names a known focus area and means
  std::vector<std::string> areas;
  for (const auto& a : e.doc.at("focus_areas")) areas.push_back(a.at("id").get<std::string>());
  for (const auto& r : e.doc.at("requests")) {
    EXPECT_NE(std::find(areas.begin(), areas.end(), r.at("focus_area").get<std::string>()), areas.end());
    const std::string m = r.at("means").get<std::string>();
    EXPECT_TRUE(m == "twin_city" || m == "partnership" || m == "network" || m == "project") << m;
  }
  const auto ws = score_weighted_sum(e.criteria, e.requests);
  const auto tp = score_topsis(e.criteria, e.requests);
  TopsisOptions o;
  o.on_values = true;
  const auto tv = score_topsis(e.criteria, e.requests, o);
  for (const auto* res : {&ws, &tp, &tv})
    for (double s : res->score) {
      EXPECT_GE(s, 0.0);
      EXPECT_LE(s, 1.0);
    }
  // r09's reach is missing and counted as 0 (imputed); nothing else is missing.
  const std::size_t reach = 5;
  ASSERT_EQ(ws.criterion_ids[reach], "reach");
  EXPECT_EQ(std::accumulate(ws.imputed.begin(), ws.imputed.end(), 0), 1);
  EXPECT_EQ(ws.imputed[8 * ws.n_criteria() + reach], 1);
  EXPECT_DOUBLE_EQ(ws.at(ws.value, 8, reach), 0.0);
  // r03 (network membership: fit 2, 3, 3, 2; effect 4; reach 300; 120 000 kr; 200 h) by hand:
  const double fit = 0.1 * (0.75 + 1 + 1 + 0.75);
  const double reach_v = (1 - std::exp(-3 * 0.3)) / (1 - std::exp(-3.0));
  const double cost_v = (1 - std::exp(-1.5 * 0.6)) / (1 - std::exp(-1.5));
  EXPECT_NEAR(ws.score[2], fit + 0.25 * 0.8 + 0.1 * reach_v + 0.15 * cost_v + 0.1 * 0.5, 1e-12);
  // The low-effect student visit ranks last by the weighted sum.
  EXPECT_EQ(ws.rank[8], 12);
}

}  // namespace
