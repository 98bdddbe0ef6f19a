// Measurements and the evaluator: checks of the input (messages naming the row)
// and a small strategy evaluated by hand.
//
// The strategy used throughout (bounds 0..100, so an indicator's score is its value):
//
//   vision (arithmetic)
//   ├── g1 (arithmetic, link weight 1)  ── i1 (weight 1), i2 (weight 3)
//   └── g2 (geometric,  link weight 3)  ── i3 (weight 1), i4 (weight 1)
//
// Units: kommun (root) with the boards a and b (peer group "boards").
// Default status rules: score_bands green 75, yellow 50 for indicators and nodes.
#include <gtest/gtest.h>
#include <algorithm>

#include <cmath>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/evaluator.hpp"
#include "styrkort/measurements.hpp"
#include "styrkort/strategy_json.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

struct Spec {
  std::string periods = R"("periods": ["2020", "2021"],)";
  std::string units = R"([{"id": "kommun", "kind": "municipality"},
              {"id": "a", "parent": "kommun", "peer_group": "boards"},
              {"id": "b", "parent": "kommun", "peer_group": "boards"}])";
  std::string vision, g1, g2, i1, i2, i3, i4, tail;

  std::string json() const {
    return "{" + periods + R"(
  "units": )" +
           units + R"(,
  "nodes": [
    {"id": "vision", "kind": "vision")" +
           vision + R"(},
    {"id": "g1", "kind": "goal", "parents": ["vision"], "aggregation": {"method": "arithmetic"})" +
           g1 + R"(},
    {"id": "g2", "kind": "goal", "parents": [{"id": "vision", "weight": 3}], "aggregation": {"method": "geometric"})" +
           g2 + R"(},
    {"id": "i1", "kind": "indicator", "parents": ["g1"], "bounds": {"worst": 0, "best": 100})" +
           i1 + R"(},
    {"id": "i2", "kind": "indicator", "parents": [{"id": "g1", "weight": 3}], "bounds": {"worst": 0, "best": 100})" +
           i2 + R"(},
    {"id": "i3", "kind": "indicator", "parents": ["g2"], "bounds": {"worst": 0, "best": 100})" +
           i3 + R"(},
    {"id": "i4", "kind": "indicator", "parents": ["g2"], "bounds": {"worst": 0, "best": 100})" +
           i4 + R"(}
  ])" + tail +
           "\n}";
  }
};

using Rows = std::vector<Measurements::Row>;

// 2020 values of the two boards.
Rows base_rows() {
  return {
      {"i1", "a", "2020", 40}, {"i2", "a", "2020", 80}, {"i3", "a", "2020", 25}, {"i4", "a", "2020", 64},
      {"i1", "b", "2020", 70}, {"i2", "b", "2020", 70}, {"i3", "b", "2020", 36}, {"i4", "b", "2020", 100},
  };
}

Rows without(Rows rows, const std::string& indicator, const std::string& unit) {
  Rows out;
  for (auto& r : rows)
    if (!(r.indicator == indicator && r.unit == unit)) out.push_back(r);
  return out;
}

struct Result {
  std::unique_ptr<Evaluator> evaluator;
  std::shared_ptr<const Panel> panel;
  Evaluation e;

  const Strategy& s() const { return evaluator->strategy(); }
  int node(const std::string& id) const {
    const int n = s().node_index(id);
    EXPECT_GE(n, 0) << id;
    return n;
  }
  int unit(const std::string& id) const {
    const int u = s().unit_index(id);
    EXPECT_GE(u, 0) << id;
    return u;
  }
  int period(const std::string& id) const {
    const int t = panel->period_index(id);
    EXPECT_GE(t, 0) << id;
    return t;
  }
  std::size_t cell(const std::string& n, const std::string& u, const std::string& t) const {
    return e.cell(node(n), unit(u), period(t));
  }
  double score(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return e.score[cell(n, u, t)];
  }
  Status status(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return static_cast<Status>(e.status[cell(n, u, t)]);
  }
  // Coverage, ranks and imputation are kept for the nodes that are not indicators.
  std::size_t aggregate_cell(const std::string& n, const std::string& u, const std::string& t) const {
    const auto it = std::find(e.aggregates.begin(), e.aggregates.end(), node(n));
    EXPECT_NE(it, e.aggregates.end()) << n << " is an indicator";
    return e.aggregate_cell(static_cast<int>(it - e.aggregates.begin()), unit(u), period(t));
  }
  double coverage(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return e.coverage[aggregate_cell(n, u, t)];
  }
  int rank(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return e.rank[aggregate_cell(n, u, t)];
  }
  int imputed(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return (e.flags[cell(n, u, t)] & kImputed) != 0;
  }
  int flags(const std::string& n, const std::string& u, const std::string& t = "2020") const {
    return e.flags[cell(n, u, t)];
  }
  int slot(const std::string& indicator) const {
    const auto& ind = evaluator->indicators();
    for (std::size_t k = 0; k < ind.size(); ++k)
      if (ind[k] == node(indicator)) return static_cast<int>(k);
    ADD_FAILURE() << indicator << " is not an indicator";
    return 0;
  }
  std::size_t icell(const std::string& i, const std::string& u, const std::string& t) const {
    return panel->cell(slot(i), unit(u), period(t));
  }
  double value(const std::string& i, const std::string& u, const std::string& t) const {
    return panel->value[icell(i, u, t)];
  }
  ValueOrigin origin(const std::string& i, const std::string& u, const std::string& t) const {
    return static_cast<ValueOrigin>(panel->origin[icell(i, u, t)]);
  }
  int link(const std::string& child, const std::string& parent) const {
    const auto& links = evaluator->links();
    for (std::size_t k = 0; k < links.size(); ++k)
      if (links[k].child == node(child) && links[k].parent == node(parent)) return static_cast<int>(k);
    ADD_FAILURE() << "no link " << child << " -> " << parent;
    return 0;
  }
  std::vector<double> weights() const {
    std::vector<double> w;
    for (const auto& l : evaluator->links()) w.push_back(l.weight);
    return w;
  }
};

Result run(const Spec& spec, const Rows& rows, const EvaluationOptions& options = {}) {
  Result r;
  r.evaluator = std::make_unique<Evaluator>(strategy_from_json(spec.json(), "test.json"));
  r.panel = r.evaluator->prepare(Measurements::from_rows(rows, "m.csv"));
  r.e = r.evaluator->evaluate(r.panel, options);
  return r;
}

std::string prepare_error(const Spec& spec, const Rows& rows) {
  const Evaluator evaluator(strategy_from_json(spec.json(), "test.json"));
  return message_of<MeasurementError>([&] { evaluator.prepare(Measurements::from_rows(rows, "m.csv")); });
}

}  // namespace

// ================================================================ measurements

TEST(Measurements, UnknownIndicator) {
  Rows rows = base_rows();
  rows.insert(rows.begin() + 2, {"i9", "a", "2020", 1.0});  // row 3
  const std::string msg = prepare_error(Spec{}, rows);
  EXPECT_CONTAINS(msg, "m.csv, row 3");
  EXPECT_CONTAINS(msg, "unknown indicator 'i9'");
}

TEST(Measurements, NodeThatIsNotAnIndicator) {
  const std::string msg = prepare_error(Spec{}, {{"i1", "a", "2020", 1.0}, {"g1", "a", "2020", 1.0}});
  EXPECT_CONTAINS(msg, "m.csv, row 2");
  EXPECT_CONTAINS(msg, "'g1' is a goal");
}

TEST(Measurements, UnknownUnit) {
  const std::string msg =
      prepare_error(Spec{}, {{"i1", "a", "2020", 1.0}, {"i2", "a", "2020", 1.0}, {"i1", "ks", "2020", 1.0}});
  EXPECT_CONTAINS(msg, "m.csv, row 3");
  EXPECT_CONTAINS(msg, "unknown unit 'ks'");
}

TEST(Measurements, UnknownPeriodDeclared) {
  // The strategy declares 2020 and 2021.
  const std::string msg = prepare_error(Spec{}, {{"i1", "a", "2020", 1.0}, {"i1", "a", "2025", 1.0}});
  EXPECT_CONTAINS(msg, "m.csv, row 2");
  EXPECT_CONTAINS(msg, "unknown period '2025'");
}

TEST(Measurements, UnknownPeriodForm) {
  // Without declared periods the ids must have one of the known forms.
  Spec spec;
  spec.periods = "";
  const std::string msg = prepare_error(spec, {{"i1", "a", "2020-T1", 1.0}, {"i1", "a", "2020-T4", 1.0}});
  EXPECT_CONTAINS(msg, "m.csv, row 2");
  EXPECT_CONTAINS(msg, "unknown period '2020-T4'");
}

TEST(Measurements, InfiniteValue) {
  const std::string msg = message_of<MeasurementError>(
      [] { Measurements::from_rows({{"i1", "a", "2020", 1.0}, {"i2", "a", "2020", INFINITY}}, "m.csv"); });
  EXPECT_CONTAINS(msg, "m.csv, row 2");
  EXPECT_CONTAINS(msg, "infinite");
  EXPECT_CONTAINS(
      message_of<MeasurementError>([] { Measurements::from_rows({{"i1", "a", "2020", -INFINITY}}, "m.csv"); }),
      "m.csv, row 1");
}

TEST(Measurements, DuplicateRow) {
  const std::string msg =
      prepare_error(Spec{}, {{"i1", "a", "2020", 1.0}, {"i1", "b", "2020", 2.0}, {"i1", "a", "2020", 3.0}});
  EXPECT_CONTAINS(msg, "m.csv, row 3");
  EXPECT_CONTAINS(msg, "'i1'");
  EXPECT_CONTAINS(msg, "'a'");
  EXPECT_CONTAINS(msg, "'2020'");
  EXPECT_CONTAINS(msg, "row 1");  // where the first value is
}

TEST(Measurements, MissingValueIsNotADuplicate) {
  // A NaN row is a missing observation, not a value.
  const Result r = run(Spec{}, {{"i1", "a", "2020", NAN}, {"i1", "a", "2020", 40.0}});
  EXPECT_DOUBLE_EQ(r.value("i1", "a", "2020"), 40.0);
  EXPECT_EQ(r.origin("i1", "a", "2020"), ValueOrigin::observed);
}

TEST(Measurements, RowNumbersFromFirstRow) {
  // A CSV with a header numbers its data rows from 2.
  using Codes = Column<std::int32_t>;
  const Measurements m({"i1"}, {"a"}, {"2020"}, Codes({0, 0}), Codes({0, 0}), Codes({0, 0}), Column<double>({1.0, 2.0}),
                       "data.csv", 2);
  EXPECT_EQ(m.at(1).text(), "data.csv, row 3");
  const Evaluator evaluator(strategy_from_json(Spec{}.json(), "test.json"));
  EXPECT_CONTAINS(message_of<MeasurementError>([&] { evaluator.prepare(m); }), "data.csv, row 3");
}

TEST(Measurements, ErrorsKeepTheirPlaceAsData) {
  // The row and column of a bad measurement are data, not only text.
  using Codes = Column<std::int32_t>;
  const Measurements m({"i1", "nope"}, {"a"}, {"2020"}, Codes({0, 1}), Codes({0, 0}), Codes({0, 0}),
                       Column<double>({1.0, 2.0}), "data.csv", 2);
  const Evaluator evaluator(strategy_from_json(Spec{}.json(), "test.json"));
  try {
    evaluator.prepare(m);
    FAIL() << "expected a MeasurementError";
  } catch (const MeasurementError& e) {
    EXPECT_EQ(e.where().source, "data.csv");
    EXPECT_EQ(e.where().row, 3);
    EXPECT_EQ(e.where().column, "indicator");
    EXPECT_EQ(e.rule(), "unknown indicator 'nope': it is not an indicator of the strategy");
    EXPECT_EQ(std::string(e.what()), "data.csv, row 3: " + e.rule());
  }
}

TEST(Measurements, EmptyTableWithUnitColumn) {
  // A header-only file with a unit column gives empty columns, which look like
  // no unit column: it is accepted with several units, and nothing is observed.
  using Codes = Column<std::int32_t>;
  const Measurements m({}, {}, {}, Codes(std::vector<std::int32_t>{}), Codes(std::vector<std::int32_t>{}),
                       Codes(std::vector<std::int32_t>{}), Column<double>(std::vector<double>{}), "empty.csv", 2);
  const Evaluator evaluator(strategy_from_json(Spec{}.json(), "test.json"));
  const auto panel = evaluator.prepare(m);
  EXPECT_GT(panel->n_units, 1);
  for (std::size_t c = 0; c < panel->value.size(); ++c) {
    EXPECT_TRUE(std::isnan(panel->value[c]));
    EXPECT_EQ(panel->origin[c], static_cast<std::int8_t>(ValueOrigin::missing));
  }
}

TEST(Measurements, RowsWithoutUnitColumnNeedOneUnit) {
  // Rows without a unit column cannot be placed among several units.
  using Codes = Column<std::int32_t>;
  const Measurements m({"i1"}, {}, {"2020"}, Codes({0}), Codes(std::vector<std::int32_t>{}), Codes({0}),
                       Column<double>({1.0}), "m.csv", 2);
  const Evaluator evaluator(strategy_from_json(Spec{}.json(), "test.json"));
  EXPECT_CONTAINS(message_of<MeasurementError>([&] { evaluator.prepare(m); }),
                  "m.csv: the measurements have no unit column but the strategy has 3 units");
}

// ================================================================ evaluator

TEST(Evaluator, NodeScoresWeightedArithmeticAndGeometric) {
  const Result r = run(Spec{}, base_rows());
  // Indicators: bounds 0..100, so the score is the value; statuses by score_bands 75/50.
  EXPECT_DOUBLE_EQ(r.score("i1", "a"), 40.0);
  EXPECT_DOUBLE_EQ(r.score("i2", "a"), 80.0);
  EXPECT_EQ(r.status("i1", "a"), Status::red);
  EXPECT_EQ(r.status("i2", "a"), Status::green);
  EXPECT_EQ(r.status("i4", "a"), Status::yellow);  // 64
  // Unit a: g1 = (1*40 + 3*80)/4 = 280/4 = 70 (yellow);
  //         g2 = sqrt(25 * 64) = sqrt(1600) = 40 (red);
  //         vision = (1*70 + 3*40)/4 = 190/4 = 47.5 (red).
  EXPECT_NEAR(r.score("g1", "a"), 70.0, 1e-9);
  EXPECT_NEAR(r.score("g2", "a"), 40.0, 1e-9);
  EXPECT_NEAR(r.score("vision", "a"), 47.5, 1e-9);
  EXPECT_EQ(r.status("g1", "a"), Status::yellow);
  EXPECT_EQ(r.status("g2", "a"), Status::red);
  EXPECT_EQ(r.status("vision", "a"), Status::red);
  // Unit b: g1 = (70 + 3*70)/4 = 70; g2 = sqrt(36 * 100) = 60; vision = (70 + 3*60)/4 = 62.5.
  EXPECT_NEAR(r.score("g1", "b"), 70.0, 1e-9);
  EXPECT_NEAR(r.score("g2", "b"), 60.0, 1e-9);
  EXPECT_NEAR(r.score("vision", "b"), 62.5, 1e-9);
  EXPECT_EQ(r.status("g2", "b"), Status::yellow);
  EXPECT_EQ(r.status("vision", "b"), Status::yellow);
  // Full coverage for the boards.
  for (const char* n : {"g1", "g2", "vision"}) {
    EXPECT_FLOAT_EQ(r.coverage(n, "a"), 1.0f) << n;
    EXPECT_FLOAT_EQ(r.coverage(n, "b"), 1.0f) << n;
  }
  // The municipality has no data (no roll-up rule): not assessable, coverage 0, never a zero score.
  for (const char* n : {"i1", "g1", "g2", "vision"}) {
    EXPECT_TRUE(std::isnan(r.score(n, "kommun"))) << n;
    EXPECT_EQ(r.status(n, "kommun"), Status::not_assessable) << n;
  }
  EXPECT_FLOAT_EQ(r.coverage("vision", "kommun"), 0.0f);
  // 2021 has no data at all.
  EXPECT_TRUE(std::isnan(r.score("vision", "a", "2021")));
  EXPECT_EQ(r.status("vision", "a", "2021"), Status::not_assessable);
  EXPECT_EQ(r.status("i1", "a", "2021"), Status::not_assessable);
  EXPECT_FLOAT_EQ(r.coverage("g1", "a", "2021"), 0.0f);
}

TEST(Evaluator, EvaluateIsRepeatable) {
  // The evaluator evaluates the same panel again without side effects; threads do not matter.
  const Result r = run(Spec{}, base_rows());
  EvaluationOptions one;
  one.threads = 1;
  const Evaluation again = r.evaluator->evaluate(r.panel, one);
  ASSERT_EQ(again.score.size(), r.e.score.size());
  for (std::size_t k = 0; k < again.score.size(); ++k) {
    if (std::isnan(r.e.score[k])) EXPECT_TRUE(std::isnan(again.score[k])) << k;
    else EXPECT_DOUBLE_EQ(again.score[k], r.e.score[k]) << k;
  }
  EXPECT_EQ(again.status, r.e.status);
  EXPECT_EQ(again.rank, r.e.rank);
}

TEST(Evaluator, CoverageWithMissingIndicator) {
  // a misses i2 (a NaN row), b misses i4 (no row); no coverage thresholds.
  Rows rows = without(without(base_rows(), "i2", "a"), "i4", "b");
  rows.push_back({"i2", "a", "2020", NAN});
  const Result r = run(Spec{}, rows);
  // a: g1 = i1 alone = 40 (the weights re-spread over present children); coverage 1/2.
  EXPECT_NEAR(r.score("g1", "a"), 40.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("g1", "a"), 0.5f);
  // a: vision = (1*40 + 3*40)/4 = 40; 3 of 4 indicators below it have data.
  EXPECT_NEAR(r.score("vision", "a"), 40.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("vision", "a"), 0.75f);
  // b: g2 = geometric mean of i3 alone = 36; coverage 1/2.
  EXPECT_NEAR(r.score("g2", "b"), 36.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("g2", "b"), 0.5f);
  EXPECT_EQ(r.status("i4", "b"), Status::not_assessable);
}

TEST(Evaluator, MinCoverageMakesNodeNotAssessable) {
  Spec spec;
  spec.g1 = R"(, "min_coverage": 0.6)";
  const Result r = run(spec, without(without(base_rows(), "i2", "a"), "i4", "b"));
  // a: g1 has 1 of 2 children with a score: 0.5 < 0.6 -> not assessable (no score).
  EXPECT_TRUE(std::isnan(r.score("g1", "a")));
  EXPECT_EQ(r.status("g1", "a"), Status::not_assessable);
  EXPECT_FLOAT_EQ(r.coverage("g1", "a"), 0.5f);
  // vision of a: only g2 = 40 is left -> 40 (red); coverage 3/4.
  EXPECT_NEAR(r.score("vision", "a"), 40.0, 1e-9);
  EXPECT_EQ(r.status("vision", "a"), Status::red);
  EXPECT_FLOAT_EQ(r.coverage("vision", "a"), 0.75f);
  // b: g1 complete = 70; g2 = 36 (no threshold there); vision = (70 + 3*36)/4 = 178/4 = 44.5.
  EXPECT_NEAR(r.score("g1", "b"), 70.0, 1e-9);
  EXPECT_NEAR(r.score("vision", "b"), 44.5, 1e-9);
}

TEST(Evaluator, MinIndicatorCoverage) {
  Spec spec;
  spec.vision = R"(, "min_indicator_coverage": 0.8)";
  const Result r = run(spec, without(without(base_rows(), "i2", "a"), "i4", "b"));
  // 3 of 4 indicators = 0.75 < 0.8: the vision is not assessable for both boards.
  EXPECT_TRUE(std::isnan(r.score("vision", "a")));
  EXPECT_EQ(r.status("vision", "a"), Status::not_assessable);
  EXPECT_EQ(r.status("vision", "b"), Status::not_assessable);
  EXPECT_FLOAT_EQ(r.coverage("vision", "a"), 0.75f);
  // Exactly at the threshold it is assessable.
  spec.vision = R"(, "min_indicator_coverage": 0.75)";
  const Result r2 = run(spec, without(without(base_rows(), "i2", "a"), "i4", "b"));
  EXPECT_NEAR(r2.score("vision", "b"), 44.5, 1e-9);
}

TEST(Evaluator, NotApplicableIsLeftOutNotMissing) {
  Spec spec;
  spec.i4 = R"(, "not_applicable": ["b"])";
  spec.g2 = R"(, "min_coverage": 1.0)";
  spec.g1 = R"(, "not_applicable": ["a"])";
  const Result r = run(spec, without(base_rows(), "i4", "b"));
  // b: i4 does not apply.
  EXPECT_EQ(r.status("i4", "b"), Status::not_applicable);
  EXPECT_TRUE(std::isnan(r.score("i4", "b")));
  // g2 of b: i3 is its only applicable child; min_coverage 1.0 is met (1 of 1), score 36, coverage 1.
  EXPECT_NEAR(r.score("g2", "b"), 36.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("g2", "b"), 1.0f);
  EXPECT_EQ(r.status("g2", "b"), Status::red);
  // vision of b: (70 + 3*36)/4 = 44.5; all 3 applicable indicators have data.
  EXPECT_NEAR(r.score("vision", "b"), 44.5, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("vision", "b"), 1.0f);
  // a: g1 does not apply; the vision is g2 alone = 40 with full coverage.
  EXPECT_EQ(r.status("g1", "a"), Status::not_applicable);
  EXPECT_TRUE(std::isnan(r.score("g1", "a")));
  EXPECT_NEAR(r.score("vision", "a"), 40.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("vision", "a"), 1.0f);
  EXPECT_EQ(r.status("vision", "a"), Status::red);
  // Elsewhere nothing changes: i4 of a and g1 of b.
  EXPECT_DOUBLE_EQ(r.score("i4", "a"), 64.0);
  EXPECT_NEAR(r.score("g1", "b"), 70.0, 1e-9);
  EXPECT_EQ(r.rank("g1", "a"), 0);  // no rank where the node does not apply
}

TEST(Evaluator, UnitRollUpSumMeanWeightedMean) {
  Spec spec;
  spec.units = R"([{"id": "kommun", "kind": "municipality"},
              {"id": "a", "parent": "kommun", "weight": 1},
              {"id": "b", "parent": "kommun", "weight": 3}])";
  spec.i1 = R"(, "unit_aggregation": "sum")";
  spec.i2 = R"(, "unit_aggregation": "mean")";
  spec.i3 = R"(, "unit_aggregation": "weighted_mean")";
  const Rows rows = {
      {"i1", "a", "2020", 30}, {"i2", "a", "2020", 40}, {"i3", "a", "2020", 20},
      {"i1", "b", "2020", 50}, {"i2", "b", "2020", 80}, {"i3", "b", "2020", 60},
      {"i1", "a", "2021", 10}, {"i1", "b", "2021", 20}, {"i1", "kommun", "2021", 99},
  };
  const Result r = run(spec, rows);
  // kommun 2020: i1 = 30 + 50 = 80; i2 = (40 + 80)/2 = 60; i3 = (1*20 + 3*60)/4 = 50; i4: none -> missing.
  EXPECT_DOUBLE_EQ(r.value("i1", "kommun", "2020"), 80.0);
  EXPECT_DOUBLE_EQ(r.value("i2", "kommun", "2020"), 60.0);
  EXPECT_DOUBLE_EQ(r.value("i3", "kommun", "2020"), 50.0);
  EXPECT_TRUE(std::isnan(r.value("i4", "kommun", "2020")));
  EXPECT_EQ(r.origin("i1", "kommun", "2020"), ValueOrigin::units);
  EXPECT_EQ(r.origin("i3", "kommun", "2020"), ValueOrigin::units);
  EXPECT_EQ(r.origin("i4", "kommun", "2020"), ValueOrigin::missing);
  EXPECT_EQ(r.origin("i1", "a", "2020"), ValueOrigin::observed);
  // kommun's own 2021 value wins over the roll-up (10 + 20 = 30).
  EXPECT_DOUBLE_EQ(r.value("i1", "kommun", "2021"), 99.0);
  EXPECT_EQ(r.origin("i1", "kommun", "2021"), ValueOrigin::observed);
  // Scores of kommun 2020: g1 = (80 + 3*60)/4 = 65; g2 = i3 alone = 50 (coverage 1/2);
  // vision = (65 + 3*50)/4 = 215/4 = 53.75.
  EXPECT_NEAR(r.score("g1", "kommun"), 65.0, 1e-9);
  EXPECT_NEAR(r.score("g2", "kommun"), 50.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("g2", "kommun"), 0.5f);
  EXPECT_NEAR(r.score("vision", "kommun"), 53.75, 1e-9);
}

TEST(Evaluator, CarryForwardMaxAge) {
  Spec spec;
  spec.periods = R"("periods": ["2019", "2020", "2021", "2022"],)";
  spec.i1 = R"(, "carry_forward": 1)";
  const Rows rows = {{"i1", "a", "2019", 50}, {"i2", "a", "2019", 80}, {"i1", "a", "2022", 55}};
  const Result r = run(spec, rows);
  // i1 (max age 1 year): 2019 observed, 2020 carried (age 1), 2021 missing (age 2), 2022 observed.
  EXPECT_EQ(r.origin("i1", "a", "2019"), ValueOrigin::observed);
  EXPECT_DOUBLE_EQ(r.value("i1", "a", "2020"), 50.0);
  EXPECT_EQ(r.origin("i1", "a", "2020"), ValueOrigin::carried_forward);
  EXPECT_TRUE(std::isnan(r.value("i1", "a", "2021")));
  EXPECT_EQ(r.origin("i1", "a", "2021"), ValueOrigin::missing);
  EXPECT_DOUBLE_EQ(r.value("i1", "a", "2022"), 55.0);
  // i2 uses the default (0): not carried.
  EXPECT_TRUE(std::isnan(r.value("i2", "a", "2020")));
  // The carried value is scored: g1 of a in 2020 = i1 alone = 50, coverage 1/2.
  EXPECT_DOUBLE_EQ(r.score("i1", "a", "2020"), 50.0);
  EXPECT_NEAR(r.score("g1", "a", "2020"), 50.0, 1e-9);
  EXPECT_FLOAT_EQ(r.coverage("g1", "a", "2020"), 0.5f);

  // With the default 2 years, i2 is carried to 2020 and 2021 (age 2) but not 2022 (age 3);
  // i1 keeps its own limit of 1 year.
  spec.tail = R"(, "defaults": {"carry_forward": 2})";
  const Result r2 = run(spec, rows);
  EXPECT_DOUBLE_EQ(r2.value("i2", "a", "2020"), 80.0);
  EXPECT_DOUBLE_EQ(r2.value("i2", "a", "2021"), 80.0);
  EXPECT_EQ(r2.origin("i2", "a", "2021"), ValueOrigin::carried_forward);
  EXPECT_TRUE(std::isnan(r2.value("i2", "a", "2022")));
  EXPECT_TRUE(std::isnan(r2.value("i1", "a", "2021")));
}

TEST(Evaluator, PeerMeanImputation) {
  Spec spec;
  spec.units = R"([{"id": "kommun", "kind": "municipality"},
              {"id": "a", "parent": "kommun", "peer_group": "boards"},
              {"id": "b", "parent": "kommun", "peer_group": "boards"},
              {"id": "c", "parent": "kommun", "peer_group": "boards"}])";
  spec.g1 = R"(, "impute": {"method": "peer_mean"})";
  const Rows rows = {
      {"i1", "a", "2020", 40}, {"i2", "a", "2020", 80}, {"i3", "a", "2020", 25}, {"i4", "a", "2020", 64},
      {"i1", "b", "2020", 60}, {"i2", "b", "2020", 60}, {"i3", "b", "2020", 36}, {"i4", "b", "2020", 100},
      {"i3", "c", "2020", 49}, {"i4", "c", "2020", 64},
  };
  const Result r = run(spec, rows);
  // g1: a = 70, b = (60 + 180)/4 = 60; c has no data -> the peers' mean (70 + 60)/2 = 65 (yellow), imputed.
  EXPECT_NEAR(r.score("g1", "a"), 70.0, 1e-9);
  EXPECT_NEAR(r.score("g1", "b"), 60.0, 1e-9);
  EXPECT_NEAR(r.score("g1", "c"), 65.0, 1e-9);
  EXPECT_EQ(r.imputed("g1", "c"), 1);
  EXPECT_EQ(r.imputed("g1", "a"), 0);
  EXPECT_EQ(r.imputed("g1", "b"), 0);
  EXPECT_EQ(r.status("g1", "c"), Status::yellow);
  // The imputed score rolls up: g2 of c = sqrt(49 * 64) = 56; vision = (65 + 3*56)/4 = 233/4 = 58.25.
  EXPECT_NEAR(r.score("g2", "c"), 56.0, 1e-9);
  EXPECT_NEAR(r.score("vision", "c"), 58.25, 1e-9);
  EXPECT_EQ(r.imputed("vision", "c"), 0);
  // kommun has no peer group: not imputed.
  EXPECT_TRUE(std::isnan(r.score("g1", "kommun")));
  EXPECT_EQ(r.imputed("g1", "kommun"), 0);
  // Nothing to impute in 2021 (no peer has a score).
  EXPECT_TRUE(std::isnan(r.score("g1", "c", "2021")));
  EXPECT_EQ(r.imputed("g1", "c", "2021"), 0);
}

TEST(Evaluator, PeerMeanImputationNeedsPeersWithCoverage) {
  Spec spec;
  spec.units = R"([{"id": "kommun", "kind": "municipality"},
              {"id": "a", "parent": "kommun", "peer_group": "boards"},
              {"id": "b", "parent": "kommun", "peer_group": "boards"},
              {"id": "c", "parent": "kommun", "peer_group": "boards"}])";
  spec.g1 = R"(, "impute": {"method": "peer_mean", "min_indicator_coverage": 1.0})";
  // b has only i1 (coverage 1/2): it keeps its own score 60 but is no donor; c gets a's 70.
  const Rows rows = {
      {"i1", "a", "2020", 40},
      {"i2", "a", "2020", 80},
      {"i1", "b", "2020", 60},
      {"i3", "c", "2020", 49},
  };
  const Result r = run(spec, rows);
  EXPECT_NEAR(r.score("g1", "b"), 60.0, 1e-9);
  EXPECT_EQ(r.imputed("g1", "b"), 0);
  EXPECT_NEAR(r.score("g1", "c"), 70.0, 1e-9);
  EXPECT_EQ(r.imputed("g1", "c"), 1);
}

TEST(Evaluator, RanksAmongSiblingsWithTies) {
  Spec spec;
  spec.units = R"([{"id": "kommun", "kind": "municipality"},
              {"id": "a", "parent": "kommun"}, {"id": "b", "parent": "kommun"}, {"id": "c", "parent": "kommun"}])";
  Rows rows = base_rows();
  for (const Measurements::Row& row :
       Rows{{"i1", "c", "2020", 50}, {"i2", "c", "2020", 50}, {"i3", "c", "2020", 49}, {"i4", "c", "2020", 100}})
    rows.push_back(row);
  const Result r = run(spec, rows);
  // g1: a 70, b 70, c 50 -> 1, 1, 3 (ties share the better rank).
  EXPECT_EQ(r.rank("g1", "a"), 1);
  EXPECT_EQ(r.rank("g1", "b"), 1);
  EXPECT_EQ(r.rank("g1", "c"), 3);
  // g2: a 40, b 60, c sqrt(49*100) = 70 -> 3, 2, 1.
  EXPECT_EQ(r.rank("g2", "a"), 3);
  EXPECT_EQ(r.rank("g2", "b"), 2);
  EXPECT_EQ(r.rank("g2", "c"), 1);
  // vision: a 47.5, b 62.5, c (50 + 3*70)/4 = 65 -> 3, 2, 1.
  EXPECT_NEAR(r.score("vision", "c"), 65.0, 1e-9);
  EXPECT_EQ(r.rank("vision", "a"), 3);
  EXPECT_EQ(r.rank("vision", "b"), 2);
  EXPECT_EQ(r.rank("vision", "c"), 1);
  // No score, no rank.
  EXPECT_EQ(r.rank("vision", "kommun"), 0);
  EXPECT_EQ(r.rank("vision", "a", "2021"), 0);
}

TEST(Evaluator, RanksOfManyUnitsAsCountedOneByOne) {
  // The ranks (competition ranking, 1 = best) of sibling groups small and
  // large enough for each way of sorting, with scores spread over 0..100 and
  // scores closer than the sort's first pass can tell apart (50 + k 2.5e-10),
  // ties among both: each unit's rank is 1 + the siblings scoring higher.
  std::mt19937 rng(7);
  for (int n : {40, 300, 600}) {
    for (bool close : {false, true}) {
      Spec spec;
      spec.units = R"([{"id": "kommun", "kind": "municipality"})";
      Rows rows;
      std::vector<int> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::shuffle(order.begin(), order.end(), rng);
      std::uniform_real_distribution<double> spread(0.0, 100.0);
      for (int u = 0; u < n; ++u) {
        const std::string id = "u" + std::to_string(u);
        spec.units += R"(, {"id": ")" + id + R"(", "parent": "kommun"})";
        const int k = u % 7 == 3 ? order[u - 1] : order[u];  // every seventh ties with the unit before
        const double v1 = close ? 50.0 + k * 1e-9 : spread(rng);
        rows.push_back({"i1", id, "2020", v1});
        rows.push_back({"i2", id, "2020", close ? 50.0 : std::floor(spread(rng))});
        rows.push_back({"i3", id, "2020", 25.0});
        rows.push_back({"i4", id, "2020", 64.0});
      }
      spec.units += "]";
      const Result r = run(spec, rows);
      for (const char* node : {"g1", "vision"}) {
        std::vector<double> scores;
        for (int u = 0; u < n; ++u) scores.push_back(r.score(node, "u" + std::to_string(u)));
        for (int u = 0; u < n; ++u) {
          const int higher =
              static_cast<int>(std::count_if(scores.begin(), scores.end(), [&](double x) { return x > scores[u]; }));
          ASSERT_EQ(r.rank(node, "u" + std::to_string(u)), 1 + higher)
              << node << " of u" << u << ", " << n << " units, close " << close;
        }
      }
    }
  }
}

TEST(Evaluator, ManualAssessmentOverridesComputedStatus) {
  Spec spec;
  spec.tail = R"(,
  "assessments": [
    {"node": "g1", "unit": "a", "period": "2020", "status": "red", "comment": "Nämnden bedömer målet som ej uppfyllt"},
    {"node": "g1", "unit": "a", "period": "2021", "status": "green", "comment": "Bedömt utan mätvärden"},
    {"node": "i1", "unit": "b", "period": "2020", "status": "green", "comment": "Mätfel i källan"}
  ])";
  const Result r = run(spec, base_rows());
  // g1 of a is computed 70 -> yellow; the manual status is red; the score stays.
  EXPECT_EQ(r.status("g1", "a"), Status::red);
  EXPECT_NEAR(r.score("g1", "a"), 70.0, 1e-9);
  EXPECT_EQ(r.status("g1", "a", "2021"), Status::green);
  EXPECT_EQ(r.status("i1", "b"), Status::green);  // computed 70 -> yellow
  // The vision's status comes from its own score: unchanged (47.5 -> red).
  EXPECT_EQ(r.status("vision", "a"), Status::red);
  ASSERT_EQ(r.e.overrides.size(), 3u);
  auto find = [&](const char* node, const char* unit, const char* period) -> const Override* {
    for (const auto& o : r.e.overrides)
      if (o.node == r.node(node) && o.unit == r.unit(unit) && o.period == r.period(period)) return &o;
    return nullptr;
  };
  const Override* o1 = find("g1", "a", "2020");
  ASSERT_NE(o1, nullptr);
  EXPECT_EQ(o1->computed, Status::yellow);
  EXPECT_EQ(o1->manual, Status::red);
  EXPECT_EQ(o1->comment, "Nämnden bedömer målet som ej uppfyllt");
  const Override* o2 = find("g1", "a", "2021");
  ASSERT_NE(o2, nullptr);
  EXPECT_EQ(o2->computed, Status::not_assessable);
  EXPECT_EQ(o2->manual, Status::green);
  const Override* o3 = find("i1", "b", "2020");
  ASSERT_NE(o3, nullptr);
  EXPECT_EQ(o3->computed, Status::yellow);
  EXPECT_EQ(o3->manual, Status::green);
}

TEST(Evaluator, OptionsLinkWeights) {
  const Result r = run(Spec{}, base_rows());
  ASSERT_EQ(r.evaluator->links().size(), 6u);
  EXPECT_DOUBLE_EQ(r.evaluator->links()[r.link("i2", "g1")].weight, 3.0);
  EXPECT_DOUBLE_EQ(r.evaluator->links()[r.link("g2", "vision")].weight, 3.0);

  // i2 -> g1 weight 3 -> 1: g1 of a = (40 + 80)/2 = 60; vision = (60 + 3*40)/4 = 45; b unchanged 70.
  EvaluationOptions o;
  o.link_weights = r.weights();
  o.link_weights[r.link("i2", "g1")] = 1.0;
  const Evaluation e = r.evaluator->evaluate(r.panel, o);
  EXPECT_NEAR(e.score[r.cell("g1", "a", "2020")], 60.0, 1e-9);
  EXPECT_NEAR(e.score[r.cell("vision", "a", "2020")], 45.0, 1e-9);
  EXPECT_NEAR(e.score[r.cell("g1", "b", "2020")], 70.0, 1e-9);
  // The prepared strategy is unchanged.
  EXPECT_NEAR(r.evaluator->evaluate(r.panel).score[r.cell("g1", "a", "2020")], 70.0, 1e-9);

  // Weight 0 leaves i2 out: g1 of a = 40.
  o.link_weights[r.link("i2", "g1")] = 0.0;
  EXPECT_NEAR(r.evaluator->evaluate(r.panel, o).score[r.cell("g1", "a", "2020")], 40.0, 1e-9);

  // g2 -> vision weight 3 -> 1: vision of a = (70 + 40)/2 = 55.
  o.link_weights = r.weights();
  o.link_weights[r.link("g2", "vision")] = 1.0;
  EXPECT_NEAR(r.evaluator->evaluate(r.panel, o).score[r.cell("vision", "a", "2020")], 55.0, 1e-9);

  // The strategy's own weights give the strategy's result.
  o.link_weights = r.weights();
  EXPECT_NEAR(r.evaluator->evaluate(r.panel, o).score[r.cell("vision", "a", "2020")], 47.5, 1e-9);
}

TEST(Evaluator, OptionsLinkWeightsWrongLengthOrNegative) {
  const Result r = run(Spec{}, base_rows());
  EvaluationOptions o;
  o.link_weights = {1.0, 2.0};
  const std::string msg = message_of<ArgumentError>([&] { r.evaluator->evaluate(r.panel, o); });
  EXPECT_CONTAINS(msg, "link_weights");
  EXPECT_CONTAINS(msg, "6");
  o.link_weights = r.weights();
  o.link_weights.push_back(1.0);
  EXPECT_THROW(r.evaluator->evaluate(r.panel, o), ArgumentError);
  o.link_weights = r.weights();
  o.link_weights[0] = -1.0;
  EXPECT_THROW(r.evaluator->evaluate(r.panel, o), ArgumentError);
  o.link_weights[0] = NAN;
  EXPECT_THROW(r.evaluator->evaluate(r.panel, o), ArgumentError);
  EXPECT_THROW(r.evaluator->evaluate(nullptr), ArgumentError);
}

TEST(Evaluator, OptionsAggregationPowerNormalisation) {
  const Result r = run(Spec{}, base_rows());
  const std::size_t n = r.s().nodes.size();
  const int g1 = r.node("g1");
  {
    // g1 as the minimum: a -> min(40, 80) = 40.
    EvaluationOptions o;
    o.aggregation.assign(n, -1);
    o.aggregation[g1] = static_cast<std::int8_t>(Aggregation::minimum);
    EXPECT_NEAR(r.evaluator->evaluate(r.panel, o).score[r.cell("g1", "a", "2020")], 40.0, 1e-9);
  }
  {
    // g1 as the power mean p = 2: sqrt((1*40^2 + 3*80^2)/4) = sqrt((1600 + 19200)/4) = sqrt(5200) = 72.111.
    EvaluationOptions o;
    o.aggregation.assign(n, -1);
    o.aggregation[g1] = static_cast<std::int8_t>(Aggregation::power);
    o.power.assign(n, NAN);
    o.power[g1] = 2.0;
    EXPECT_NEAR(r.evaluator->evaluate(r.panel, o).score[r.cell("g1", "a", "2020")], std::sqrt(5200.0), 1e-9);
  }
  {
    // i1 ranked among the sibling boards: a (40) rank 1, b (70) rank 2; g1 of a = (1 + 3*80)/4 = 60.25.
    EvaluationOptions o;
    o.normalisation.assign(n, -1);
    o.normalisation[r.node("i1")] = static_cast<std::int8_t>(Normalisation::rank);
    const Evaluation e = r.evaluator->evaluate(r.panel, o);
    EXPECT_DOUBLE_EQ(e.score[r.cell("i1", "a", "2020")], 1.0);
    EXPECT_DOUBLE_EQ(e.score[r.cell("i1", "b", "2020")], 2.0);
    EXPECT_NEAR(e.score[r.cell("g1", "a", "2020")], 60.25, 1e-9);
  }
  {
    // i1 min-max among the boards: a 0, b 100; g1 of b = (100 + 3*70)/4 = 77.5 (green).
    EvaluationOptions o;
    o.normalisation.assign(n, -1);
    o.normalisation[r.node("i1")] = static_cast<std::int8_t>(Normalisation::minmax);
    const Evaluation e = r.evaluator->evaluate(r.panel, o);
    EXPECT_DOUBLE_EQ(e.score[r.cell("i1", "a", "2020")], 0.0);
    EXPECT_DOUBLE_EQ(e.score[r.cell("i1", "b", "2020")], 100.0);
    EXPECT_NEAR(e.score[r.cell("g1", "b", "2020")], 77.5, 1e-9);
    EXPECT_EQ(static_cast<Status>(e.status[r.cell("g1", "b", "2020")]), Status::green);
  }
  {
    EvaluationOptions o;
    o.aggregation.assign(n - 1, -1);
    EXPECT_THROW(r.evaluator->evaluate(r.panel, o), ArgumentError);
    EvaluationOptions p;
    p.normalisation.assign(n + 1, -1);
    EXPECT_THROW(r.evaluator->evaluate(r.panel, p), ArgumentError);
    EvaluationOptions q;
    q.power.assign(2, 1.0);
    EXPECT_THROW(r.evaluator->evaluate(r.panel, q), ArgumentError);
  }
}

TEST(Evaluator, TrendAndForecastPerUnit) {
  // i1 from the baseline 100 (2017) toward 146.41 (2025); a has 121 in 2019:
  // CAGR 10 %, required 1.1^(1/2) - 1 = 4.88 %, R = 2.0488 (on track); forecast 2021.
  Spec spec;
  spec.periods = R"("periods": ["2017", "2019", "2025"],)";
  spec.i1 = R"(, "baseline": {"value": 100, "period": "2017"}, "target": {"value": 146.41, "period": "2025"})";
  const Result r = run(spec, {{"i1", "a", "2019", 121}, {"i1", "b", "2019", 98}});
  const std::size_t ca = r.icell("i1", "a", "2019"), cb = r.icell("i1", "b", "2019");
  EXPECT_EQ(static_cast<TrendCategory>(r.panel->trend[ca]), TrendCategory::on_track);
  EXPECT_NEAR(r.panel->trend_ratio[ca], 0.1 / (std::sqrt(1.1) - 1.0), 1e-4);
  EXPECT_NEAR(r.panel->forecast[ca], 2021.0, 1e-3);
  // SDG arrow toward the target: 10.5/year against the needed 46.41/8 = 5.8/year: on track.
  EXPECT_EQ(static_cast<Arrow>(r.panel->arrow[ca]), Arrow::on_track);
  // b fell from 100 to 98: deterioration, decreasing, no forecast.
  EXPECT_EQ(static_cast<TrendCategory>(r.panel->trend[cb]), TrendCategory::deterioration);
  EXPECT_EQ(static_cast<Arrow>(r.panel->arrow[cb]), Arrow::decreasing);
  EXPECT_TRUE(std::isnan(r.panel->forecast[cb]));
}

TEST(Evaluator, TwoWorstUsesDashboardPositions) {
  // Goal g (two_worst) over the indicators i1, i2 (sdg_dashboard: red 40, green 80; bounds 0..100)
  // and the sub-goal s (score_bands 75/50 on i3). i1 does not apply to unit b.
  const std::string text = R"({"periods": ["2020"],
  "units": [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
  "nodes": [
    {"id": "g", "kind": "goal", "status_rule": {"method": "two_worst"}},
    {"id": "i1", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100},
     "status_rule": {"method": "sdg_dashboard", "green": 80, "red": 40}, "not_applicable": ["b"]},
    {"id": "s", "kind": "sub_goal", "parents": ["g"]},
    {"id": "i2", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100},
     "status_rule": {"method": "sdg_dashboard", "green": 80, "red": 40}},
    {"id": "i3", "kind": "indicator", "parents": ["s"], "bounds": {"worst": 0, "best": 100}}
  ]})";
  const Evaluator evaluator(strategy_from_json(text, "two_worst.json"));
  const Rows rows = {
      {"i1", "a", "2020", 10}, {"i2", "a", "2020", 90}, {"i3", "a", "2020", 60}, {"i2", "b", "2020", 90},
      {"i3", "b", "2020", 60}, {"i1", "c", "2020", 39}, {"i2", "c", "2020", 90}, {"i3", "c", "2020", 90},
      {"i1", "d", "2020", 10}, {"i2", "d", "2020", 90}, {"i3", "d", "2020", 90},
  };
  const auto panel = evaluator.prepare(Measurements::from_rows(rows));
  const Evaluation e = evaluator.evaluate(panel);
  const Strategy& s = evaluator.strategy();
  auto status = [&](const char* node, const char* unit) {
    return static_cast<Status>(e.status[e.cell(s.node_index(node), s.unit_index(unit), 0)]);
  };
  // a: i1 = 10 red at position 10/40 = 0.25; s = 60 yellow (no position: the middle of yellow, 2.5);
  //    i2 = 90 green at 3.5. Two worst: red 0.25 and yellow 2.5 -> mean 1.375 -> orange.
  EXPECT_EQ(status("i1", "a"), Status::red);
  EXPECT_EQ(status("s", "a"), Status::yellow);
  EXPECT_EQ(status("g", "a"), Status::orange);
  // b: i1 does not apply; the two worst are s (yellow, 2.5) and i2 (green, 3.5): mean 3.0 -> yellow.
  EXPECT_EQ(status("i1", "b"), Status::not_applicable);
  EXPECT_EQ(status("g", "b"), Status::yellow);
  // c: i1 = 39 red at 39/40 = 0.975; s = 90 green (3.5); i2 green 3.5: mean 2.2375 -> yellow.
  EXPECT_EQ(status("g", "c"), Status::yellow);
  // d: i1 = 10 red at 0.25; mean with a green 3.5 = 1.875 -> orange.
  EXPECT_EQ(status("g", "d"), Status::orange);
}

TEST(Evaluator, GavleExampleEvaluates) {
  const std::string dir = std::string(STYRKORT_TEST_DATA) + "/gavle/";
  std::ifstream sf(dir + "strategy.json", std::ios::binary);
  ASSERT_TRUE(sf);
  std::ostringstream text;
  text << sf.rdbuf();
  std::unique_ptr<Evaluator> evaluator;
  try {
    evaluator = std::make_unique<Evaluator>(strategy_from_json(text.str(), dir + "strategy.json"));
  } catch (const Error& e) {
    FAIL() << e.what();
  }
  // measurements.csv: indicator,unit,period,value,note (no quoted commas in this file).
  std::ifstream mf(dir + "measurements.csv");
  ASSERT_TRUE(mf);
  std::string line;
  std::getline(mf, line);
  EXPECT_EQ(line.rfind("indicator,unit,period,value", 0), 0u);
  Rows rows;
  while (std::getline(mf, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    ASSERT_GE(f.size(), 4u) << line;
    rows.push_back({f[0], f[1], f[2], f[3].empty() ? NAN : std::stod(f[3])});
  }
  ASSERT_GT(rows.size(), 0u);
  std::shared_ptr<const Panel> panel;
  ASSERT_NO_THROW(panel = evaluator->prepare(Measurements::from_rows(rows, "measurements.csv")));
  Evaluation e;
  ASSERT_NO_THROW(e = evaluator->evaluate(panel));
  // Properties: scores within [0, 100] or not assessable; coverage within [0, 1]; a status
  // is never "not assessable" together with a score unless a manual status was set.
  int scored = 0;
  for (std::size_t k = 0; k < e.score.size(); ++k) {
    if (std::isnan(e.score[k])) continue;
    ++scored;
    EXPECT_GE(e.score[k], 0.0);
    EXPECT_LE(e.score[k], 100.0);
  }
  EXPECT_GT(scored, 0);
  for (float c : e.coverage)
    if (!std::isnan(c)) {
      EXPECT_GE(c, 0.0f);
      EXPECT_LE(c, 1.0f);
    }
  EXPECT_EQ(e.overrides.size(), evaluator->strategy().assessments.size());
}
