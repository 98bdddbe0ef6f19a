// Reading and writing strategies as JSON (docs/format.md): a round trip, and
// one test per bad input checking that the message names the place and the rule.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "styrkort/error.hpp"
#include "styrkort/strategy.hpp"
#include "styrkort/strategy_json.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

// A small strategy using every part of the format.
const char* kFull = R"({
  "format": "styrkort-strategy/1",
  "name": "Inriktning internationellt arbete",
  "organisation": "Testkommun",
  "periods": ["2017", "2018-T1", {"id": "2020", "time": 2020.0}, {"id": "bokslut", "time": 2020.5}],
  "units": [
    {"id": "k", "name": "Kommunen", "kind": "municipality"},
    {"id": "ks", "name": "Kommunstyrelsen", "kind": "board", "parent": "k", "weight": 2.5, "peer_group": "boards"}
  ],
  "nodes": [
    {"id": "vision", "kind": "vision", "name": "Vision 2025"},
    {"id": "fa1", "kind": "focus_area", "name": "Näringslivsprogram", "priority": 1, "owner": "NL",
     "parents": [{"id": "vision", "weight": 2}],
     "aggregation": {"method": "power", "p": 2},
     "min_coverage": 0.5, "min_indicator_coverage": 0.25,
     "impute": {"method": "peer_mean", "min_indicator_coverage": 0.5},
     "status_rule": {"method": "share_green", "green": 0.5, "yellow": 0.25},
     "not_applicable": ["k"]},
    {"id": "i1", "kind": "indicator", "name": "Antal EU-projekt", "parents": ["fa1"], "unit_of_measure": "st",
     "direction": "higher_is_better",
     "baseline": {"value": 3, "period": "2017"}, "target": {"value": 8, "period": "2020"},
     "bounds": {"worst": 0, "best": 10}, "normalisation": "progress",
     "status_rule": {"method": "sdg_dashboard", "green": 8, "red": 4},
     "unit_aggregation": "sum", "carry_forward": 2,
     "trend": {"model": "linear", "start": "2017", "horizon": "2020"}},
    {"id": "i2", "kind": "indicator", "name": "Andel", "parents": ["fa1", {"id": "vision", "weight": 0.5}],
     "direction": "band", "band": [2, 3], "tolerance": 1},
    {"id": "i3", "kind": "indicator", "name": "Kostnad", "parents": ["fa1"], "direction": "lower_is_better",
     "target": {"value": 20, "period": "bokslut"}, "normalisation": "ratio",
     "status_rule": {"method": "score_bands", "green": 80, "yellow": 60, "orange": 40}}
  ],
  "activities": [
    {"id": "a1", "name": "Studiebesök Bryssel", "focus_area": "fa1", "year": 2018, "directions": ["profilering"],
     "means": "network", "owner": "Internationella kontoret", "unit": "ks",
     "planned_cost": 50000, "spent_cost": 42000, "planned_hours": 120, "spent_hours": 100, "status": "completed",
     "gas": {"levels": {"-1": "Inget möte", "0": "Ett möte med DG", "2": "Två möten och en inbjudan"},
             "attained": 1, "weight": 2}}
  ],
  "assessments": [
    {"node": "fa1", "unit": "ks", "period": "2020", "status": "yellow", "comment": "Delvis uppfyllt: två av tre"}
  ],
  "defaults": {"normalisation": "minmax", "aggregation": {"method": "geometric"},
               "indicator_status_rule": {"method": "score_bands", "green": 70, "yellow": 40},
               "node_status_rule": {"method": "two_worst"},
               "trend": {"model": "cagr"}, "carry_forward": 1}
})";

void expect_full(const Strategy& s) {
  EXPECT_EQ(s.name, "Inriktning internationellt arbete");
  EXPECT_EQ(s.organisation, "Testkommun");
  ASSERT_TRUE(s.periods_declared);
  ASSERT_EQ(s.periods.size(), 4u);
  EXPECT_EQ(s.periods[0].id, "2017");
  EXPECT_EQ(s.periods[1].id, "2018-T1");
  EXPECT_NEAR(s.periods[1].time, 2017.0 + 1.0 / 3.0, 1e-12);
  EXPECT_EQ(s.periods[1].kind, PeriodKind::tertial);
  EXPECT_EQ(s.periods[3].id, "bokslut");
  EXPECT_EQ(s.periods[3].kind, PeriodKind::other);
  EXPECT_DOUBLE_EQ(s.periods[3].time, 2020.5);

  ASSERT_EQ(s.units.size(), 2u);
  EXPECT_EQ(s.units[1].id, "ks");
  EXPECT_EQ(s.units[1].name, "Kommunstyrelsen");
  EXPECT_EQ(s.units[1].kind, "board");
  EXPECT_EQ(s.units[1].parent_id, "k");
  EXPECT_EQ(s.units[1].parent, 0);
  EXPECT_DOUBLE_EQ(s.units[1].weight, 2.5);
  EXPECT_EQ(s.units[1].peer_group, "boards");

  ASSERT_EQ(s.nodes.size(), 5u);
  const Node& fa1 = s.nodes[s.node_index("fa1")];
  EXPECT_EQ(fa1.kind, NodeKind::focus_area);
  EXPECT_EQ(fa1.name, "Näringslivsprogram");
  EXPECT_EQ(fa1.priority, 1);
  EXPECT_EQ(fa1.owner, "NL");
  ASSERT_EQ(fa1.parents.size(), 1u);
  EXPECT_EQ(fa1.parents[0].parent_id, "vision");
  EXPECT_DOUBLE_EQ(fa1.parents[0].weight, 2.0);
  ASSERT_TRUE(fa1.aggregation);
  EXPECT_EQ(fa1.aggregation->method, Aggregation::power);
  EXPECT_DOUBLE_EQ(fa1.aggregation->p, 2.0);
  EXPECT_DOUBLE_EQ(fa1.min_coverage, 0.5);
  EXPECT_DOUBLE_EQ(fa1.min_indicator_coverage, 0.25);
  EXPECT_EQ(fa1.impute.method, ImputeMethod::peer_mean);
  EXPECT_DOUBLE_EQ(fa1.impute.min_indicator_coverage, 0.5);
  ASSERT_TRUE(fa1.status_rule);
  EXPECT_EQ(fa1.status_rule->method, StatusMethod::share_green);
  EXPECT_DOUBLE_EQ(fa1.status_rule->green, 0.5);
  EXPECT_DOUBLE_EQ(fa1.status_rule->yellow, 0.25);
  ASSERT_EQ(fa1.not_applicable.size(), 1u);
  EXPECT_EQ(fa1.not_applicable[0], s.unit_index("k"));

  const Node& i1 = s.nodes[s.node_index("i1")];
  EXPECT_TRUE(i1.is_indicator());
  EXPECT_EQ(i1.unit_of_measure, "st");
  EXPECT_EQ(i1.direction, Direction::higher_is_better);
  EXPECT_DOUBLE_EQ(i1.baseline.value, 3);
  EXPECT_EQ(i1.baseline.period, "2017");
  EXPECT_DOUBLE_EQ(i1.baseline.time, 2017.0);
  EXPECT_DOUBLE_EQ(i1.target.value, 8);
  EXPECT_DOUBLE_EQ(i1.target.time, 2020.0);
  EXPECT_DOUBLE_EQ(i1.worst, 0);
  EXPECT_DOUBLE_EQ(i1.best, 10);
  ASSERT_TRUE(i1.normalisation);
  EXPECT_EQ(*i1.normalisation, Normalisation::progress);
  ASSERT_TRUE(i1.status_rule);
  EXPECT_EQ(i1.status_rule->method, StatusMethod::sdg_dashboard);
  EXPECT_DOUBLE_EQ(i1.status_rule->green, 8);
  EXPECT_DOUBLE_EQ(i1.status_rule->red, 4);
  EXPECT_EQ(i1.unit_aggregation, UnitAggregation::sum);
  EXPECT_DOUBLE_EQ(i1.carry_forward, 2);
  ASSERT_TRUE(i1.trend);
  EXPECT_EQ(i1.trend->model, TrendModel::linear);
  EXPECT_EQ(i1.trend->start, "2017");
  EXPECT_EQ(i1.trend->horizon, "2020");

  const Node& i2 = s.nodes[s.node_index("i2")];
  EXPECT_EQ(i2.direction, Direction::band);
  EXPECT_DOUBLE_EQ(i2.band_low, 2);
  EXPECT_DOUBLE_EQ(i2.band_high, 3);
  EXPECT_DOUBLE_EQ(i2.tolerance, 1);
  ASSERT_EQ(i2.parents.size(), 2u);
  EXPECT_DOUBLE_EQ(i2.parents[0].weight, 1.0);
  EXPECT_EQ(i2.parents[1].parent_id, "vision");
  EXPECT_DOUBLE_EQ(i2.parents[1].weight, 0.5);

  const Node& i3 = s.nodes[s.node_index("i3")];
  EXPECT_EQ(i3.direction, Direction::lower_is_better);
  EXPECT_DOUBLE_EQ(i3.target.time, 2020.5);
  EXPECT_DOUBLE_EQ(i3.status_rule->orange, 40);
  EXPECT_TRUE(std::isnan(i3.baseline.value));

  ASSERT_EQ(s.activities.size(), 1u);
  const Activity& a = s.activities[0];
  EXPECT_EQ(a.focus_area, s.node_index("fa1"));
  EXPECT_EQ(a.unit, s.unit_index("ks"));
  EXPECT_EQ(a.year, 2018);
  ASSERT_EQ(a.directions.size(), 1u);
  EXPECT_EQ(a.directions[0], "profilering");
  ASSERT_TRUE(a.means);
  EXPECT_EQ(*a.means, Means::network);
  EXPECT_DOUBLE_EQ(a.planned_cost, 50000);
  EXPECT_DOUBLE_EQ(a.spent_cost, 42000);
  EXPECT_DOUBLE_EQ(a.planned_hours, 120);
  EXPECT_DOUBLE_EQ(a.spent_hours, 100);
  EXPECT_EQ(a.status, ActivityStatus::completed);

  ASSERT_EQ(s.assessments.size(), 1u);
  EXPECT_EQ(s.assessments[0].node, s.node_index("fa1"));
  EXPECT_EQ(s.assessments[0].unit, s.unit_index("ks"));
  EXPECT_EQ(s.assessments[0].period, "2020");
  EXPECT_EQ(s.assessments[0].status, Status::yellow);
  EXPECT_EQ(s.assessments[0].comment, "Delvis uppfyllt: två av tre");

  ASSERT_TRUE(s.defaults.normalisation);
  EXPECT_EQ(*s.defaults.normalisation, Normalisation::minmax);
  EXPECT_EQ(s.defaults.aggregation.method, Aggregation::geometric);
  EXPECT_DOUBLE_EQ(s.defaults.indicator_status.green, 70);
  EXPECT_DOUBLE_EQ(s.defaults.indicator_status.yellow, 40);
  EXPECT_EQ(s.defaults.node_status.method, StatusMethod::two_worst);
  EXPECT_EQ(s.defaults.trend.model, TrendModel::cagr);
  EXPECT_DOUBLE_EQ(s.defaults.carry_forward, 1);
  // Children come before parents in the topological order.
  const auto& topo = s.topological_order();
  auto pos = [&](const char* id) { return std::find(topo.begin(), topo.end(), s.node_index(id)) - topo.begin(); };
  EXPECT_LT(pos("i1"), pos("fa1"));
  EXPECT_LT(pos("i2"), pos("fa1"));
  EXPECT_LT(pos("fa1"), pos("vision"));
  EXPECT_LT(pos("i2"), pos("vision"));
  ASSERT_TRUE(s.activities[0].gas.has_value());
  const GoalAttainment& g = *s.activities[0].gas;
  EXPECT_EQ(g.levels[0], "");
  EXPECT_EQ(g.levels[1], "Inget möte");
  EXPECT_EQ(g.levels[2], "Ett möte med DG");
  EXPECT_EQ(g.levels[4], "Två möten och en inbjudan");
  ASSERT_TRUE(g.attained.has_value());
  EXPECT_EQ(*g.attained, 1);
  EXPECT_DOUBLE_EQ(g.weight, 2.0);
}

// A minimal valid strategy; the bad inputs below change one thing in it.
const char* kBase = R"({
  "periods": ["2017", "2020"],
  "units": [{"id": "k"}, {"id": "ks", "parent": "k"}],
  "nodes": [
    {"id": "vision", "kind": "vision"},
    {"id": "g1", "kind": "goal", "parents": ["vision"]},
    {"id": "i1", "kind": "indicator", "parents": ["g1"],
     "baseline": {"value": 3, "period": "2017"}, "target": {"value": 8, "period": "2020"}}
  ]
})";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "test setup: '" << from << "' not found";
    return text;
  }
  return text.replace(at, from.size(), to);
}

std::string strategy_error(const std::string& text) {
  return message_of<StrategyError>([&] { strategy_from_json(text, "s.json"); });
}

}  // namespace

// ------------------------------------------------------------------ valid input

TEST(StrategyJson, ErrorsKeepTheirPlaceAsData) {
  // The JSON path of an error is data (Python maps it to a table row or an
  // Excel cell), the message is the place and the rule.
  const std::string text = replace(kBase, R"("parents": ["vision"])", R"("parents": ["visoin"])");
  try {
    strategy_from_json(text, "s.json");
    FAIL() << "expected a StrategyError";
  } catch (const StrategyError& e) {
    EXPECT_EQ(e.where().source, "s.json");
    EXPECT_EQ(e.where().path.rfind("$.nodes[", 0), 0u) << e.where().path;
    EXPECT_NE(e.where().path.find("].parents[0]"), std::string::npos) << e.where().path;
    EXPECT_EQ(e.where().row, -1);
    EXPECT_EQ(std::string(e.what()), "s.json: " + e.where().path + ": " + e.rule());
  }
  try {
    strategy_from_json(R"({"format": "styrkort-strategy/1", "nodes": [{"id": "v", "kind": "vision", "x": 1}]})",
                       "t.json");
    FAIL() << "expected a StrategyError";
  } catch (const StrategyError& e) {
    EXPECT_EQ(e.where().path, "$.nodes[0]");
    EXPECT_EQ(e.where().key, "x");
    EXPECT_EQ(e.rule().rfind("unknown key \"x\"", 0), 0u) << e.rule();
  }
}

TEST(StrategyJson, FullStrategyParses) {
  const Strategy s = strategy_from_json(kFull, "full.json");
  EXPECT_TRUE(s.finalised());
  expect_full(s);
}

TEST(StrategyJson, RoundTrip) {
  const Strategy s1 = strategy_from_json(kFull, "full.json");
  const std::string j1 = strategy_to_json(s1);
  const Strategy s2 = strategy_from_json(j1, "roundtrip.json");
  expect_full(s2);
  // Writing again gives the same text (a fixed point).
  EXPECT_EQ(strategy_to_json(s2), j1);
  // Indentation is only layout.
  const Strategy s3 = strategy_from_json(strategy_to_json(s1, -1), "compact.json");
  EXPECT_EQ(strategy_to_json(s3), j1);
}

TEST(StrategyJson, BaseParsesWithDefaults) {
  const Strategy s = strategy_from_json(kBase, "s.json");
  EXPECT_EQ(s.nodes.size(), 3u);
  const Node& i1 = s.nodes[s.node_index("i1")];
  // Default normalisation: baseline and target given, no bounds -> progress.
  EXPECT_EQ(s.normalisation_of(i1), Normalisation::progress);
  EXPECT_EQ(s.aggregation_of(s.nodes[s.node_index("g1")]).method, Aggregation::arithmetic);
  EXPECT_EQ(s.status_rule_of(i1).method, StatusMethod::score_bands);
  EXPECT_DOUBLE_EQ(s.nodes[s.node_index("g1")].parents[0].weight, 1.0);
  EXPECT_EQ(s.units[s.unit_index("ks")].parent, s.unit_index("k"));
  // Sub-units come before their parent.
  const auto& bu = s.units_bottom_up();
  EXPECT_LT(std::find(bu.begin(), bu.end(), s.unit_index("ks")), std::find(bu.begin(), bu.end(), s.unit_index("k")));
}

TEST(StrategyJson, DefaultNormalisationChoice) {
  // bounds -> bounded; target only -> ratio; neither -> none: not assessable,
  // never a silent switch to comparing units (min-max).
  const std::string text = R"({"nodes": [
    {"id": "g", "kind": "goal"},
    {"id": "b", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 10},
     "baseline": {"value": 1, "period": "2017"}, "target": {"value": 5, "period": "2020"}},
    {"id": "r", "kind": "indicator", "parents": ["g"], "target": {"value": 5, "period": "2020"}},
    {"id": "m", "kind": "indicator", "parents": ["g"]}]})";
  const Strategy s = strategy_from_json(text);
  EXPECT_EQ(s.normalisation_of(s.nodes[1]), Normalisation::bounded);
  EXPECT_EQ(s.normalisation_of(s.nodes[2]), Normalisation::ratio);
  EXPECT_FALSE(s.normalisation_of(s.nodes[3]).has_value());
  // No units: one implicit unit "all"; periods are parsed from ids.
  ASSERT_EQ(s.units.size(), 1u);
  EXPECT_EQ(s.units[0].id, "all");
  EXPECT_FALSE(s.periods_declared);
  EXPECT_DOUBLE_EQ(s.nodes[2].target.time, 2020.0);
}

TEST(StrategyJson, LowerIsBetterDashboardThresholdsInTheirOrder) {
  // For lower_is_better green < red is the right order.
  const std::string text = replace(kBase, R"("parents": ["g1"],)",
                                   R"("parents": ["g1"], "direction": "lower_is_better",
     "status_rule": {"method": "sdg_dashboard", "green": 4, "red": 8},)");
  EXPECT_NO_THROW(
      strategy_from_json(replace(text, R"("value": 8, "period": "2020")", R"("value": 1, "period": "2020")")));
}

// ------------------------------------------------------------------ bad input

TEST(StrategyJson, MalformedJsonNamesLineAndColumn) {
  // The comma after line 2 is missing; the parser finds the unexpected string on line 3.
  const std::string text = "{\n  \"periods\": [\"2017\"]\n  \"nodes\": [{\"id\": \"g\", \"kind\": \"goal\"}]\n}\n";
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "s.json");
  EXPECT_CONTAINS(msg, "line 3, column ");
  EXPECT_CONTAINS(msg, "malformed JSON");
  // Line 3 is `  "nodes": [...`: the unexpected token "nodes" spans columns 3..9.
  const auto at = msg.find("line 3, column ");
  ASSERT_NE(at, std::string::npos);
  const int column = std::atoi(msg.c_str() + at + std::string("line 3, column ").size());
  EXPECT_GE(column, 3) << msg;
  EXPECT_LE(column, 9) << msg;
}

TEST(StrategyJson, MalformedJsonKeepsTheReason) {
  // The parser's reason must survive: not only the text it read last.
  const std::string literal = strategy_error("{\n  \"name\": tru\n}");
  EXPECT_CONTAINS(literal, "line 2, column ");
  EXPECT_CONTAINS(literal, "invalid literal");
  const std::string string = strategy_error("{\n  \"name\": \"abc\n}");
  EXPECT_CONTAINS(string, "line 2, column ");
  EXPECT_CONTAINS(string, "invalid string");
}

TEST(StrategyJson, MalformedJsonColumn) {
  // An unexpected character: "]" at line 2, column 13 closes an object.
  const std::string text = "{\n  \"nodes\": [}\n";
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "line 2, column 13");
  EXPECT_CONTAINS(msg, "malformed JSON");
}

TEST(StrategyJson, EmptyFile) {
  for (const char* text : {"", "  \n\t \r\n"}) {
    const std::string msg = strategy_error(text);
    EXPECT_CONTAINS(msg, "s.json");
    EXPECT_CONTAINS(msg, "empty");
  }
}

TEST(StrategyJson, InvalidUtf8) {
  // Latin-1 "ä" (0xE4) in "Gävle" on line 2: `  "name": "G` is 12 characters, so column 13.
  const std::string text = "{\n  \"name\": \"G\xe4vle\",\n  \"nodes\": [{\"id\": \"g\", \"kind\": \"goal\"}]\n}\n";
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "s.json");
  EXPECT_CONTAINS(msg, "line 2, column 13");
  EXPECT_CONTAINS(msg, "UTF-8");
}

TEST(StrategyJson, InvalidUtf8OverlongAndSurrogate) {
  // An overlong 3-byte form and an encoded surrogate are not UTF-8 either.
  for (const char* bad : {"\xe0\x80\xaf", "\xed\xa0\x80", "\xc0\xaf", "\xf8\x88\x80\x80\x80"}) {
    const std::string text =
        std::string("{\n  \"name\": \"G") + bad + "vle\",\n  \"nodes\": [{\"id\": \"g\", \"kind\": \"goal\"}]\n}\n";
    const std::string msg = strategy_error(text);
    EXPECT_CONTAINS(msg, "line 2");
    EXPECT_CONTAINS(msg, "UTF-8");
  }
}

TEST(StrategyJson, UnknownParent) {
  const std::string msg = strategy_error(replace(kBase, R"("parents": ["vision"])", R"("parents": ["visoin"])"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[1].parents[0]");
  EXPECT_CONTAINS(msg, "unknown parent 'visoin'");
  EXPECT_CONTAINS(msg, "'g1'");
}

TEST(StrategyJson, CycleNamesItsNodes) {
  // vision <- g1 <- g3 <- g2 <- g1: the cycle is g1 -> g3 -> g2 -> g1 (vision is above it, not on it).
  const std::string text = R"({"nodes": [
    {"id": "vision", "kind": "vision"},
    {"id": "g1", "kind": "goal", "parents": ["vision", "g3"]},
    {"id": "g2", "kind": "goal", "parents": ["g1"]},
    {"id": "g3", "kind": "goal", "parents": ["g2"]}]})";
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "cycle");
  EXPECT_CONTAINS(msg, "g1");
  EXPECT_CONTAINS(msg, "g2");
  EXPECT_CONTAINS(msg, "g3");
  EXPECT_CONTAINS(msg, "$.nodes[");
}

TEST(StrategyJson, CycleWithoutAnyRoot) {
  const std::string text = R"({"nodes": [
    {"id": "a", "kind": "goal", "parents": ["b"]},
    {"id": "b", "kind": "goal", "parents": ["a"]}]})";
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "cycle");
  EXPECT_TRUE(msg.find("a -> b -> a") != std::string::npos || msg.find("b -> a -> b") != std::string::npos) << msg;
}

TEST(StrategyJson, LongCycleIsNamedByItsFirstNodesAndLength) {
  // Issue 12: a 50,000-long cycle was one line of 489,000 characters.
  const int n = 50000;
  std::string text = R"({"nodes": [)";
  for (int k = 0; k < n; ++k)
    text += std::string(k ? "," : "") + R"({"id": "g)" + std::to_string(k) + R"(", "kind": "goal", "parents": ["g)" +
            std::to_string((k + 1) % n) + R"("]})";
  text += "]}";
  const std::string msg = strategy_error(text);
  EXPECT_LT(msg.size(), 300u) << msg;
  EXPECT_CONTAINS(msg, "the goal tree has a cycle: ");
  EXPECT_CONTAINS(msg, " -> ... -> ");
  EXPECT_CONTAINS(msg, "(a cycle of 50000 links)");
}

TEST(StrategyJson, NumberBeyondDoubleRangeIsAStrategyError) {
  // Issue 12: nlohmann's out_of_range.406 escaped as a bare exception.
  const std::string msg = strategy_error("{\n \"nodes\": [{\"id\": \"g\", \"kind\": \"goal\", \"priority\": 1e400}]}");
  EXPECT_CONTAINS(msg, "s.json: line 2, column ");
  EXPECT_CONTAINS(msg, "the number 1e400 is out of range");
}

TEST(StrategyJson, IntegerOutOfRangeIsRefusedNotWrapped) {
  // 2^32 + 1 was read as 1.
  const std::string msg = strategy_error(R"({"nodes": [{"id": "g", "kind": "goal", "priority": 4294967297}]})");
  EXPECT_CONTAINS(msg, "s.json: $.nodes[0].priority: the integer 4294967297 is out of range");
}

TEST(StrategyJson, SelfLoop) {
  const std::string msg = strategy_error(R"({"nodes": [{"id": "a", "kind": "goal", "parents": ["a"]}]})");
  EXPECT_CONTAINS(msg, "cycle");
  EXPECT_CONTAINS(msg, "a -> a");
}

TEST(StrategyJson, DuplicateNodeId) {
  const std::string msg =
      strategy_error(replace(kBase, R"({"id": "i1", "kind": "indicator")", R"({"id": "g1", "kind": "indicator")"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[2]");
  EXPECT_CONTAINS(msg, "duplicate node id 'g1'");
  EXPECT_CONTAINS(msg, "$.nodes[1]");  // where the first one is
}

TEST(StrategyJson, DuplicateUnitId) {
  const std::string msg = strategy_error(replace(kBase, R"({"id": "ks", "parent": "k"})", R"({"id": "k"})"));
  EXPECT_CONTAINS(msg, "$.units[1]");
  EXPECT_CONTAINS(msg, "duplicate unit id 'k'");
}

TEST(StrategyJson, UnitCycle) {
  const std::string msg = strategy_error(replace(kBase, R"([{"id": "k"}, {"id": "ks", "parent": "k"}])",
                                                 R"([{"id": "k", "parent": "ks"}, {"id": "ks", "parent": "k"}])"));
  EXPECT_CONTAINS(msg, "cycle");
  EXPECT_CONTAINS(msg, "k -> ks -> k");
}

TEST(StrategyJson, DashboardThresholdsWrongOrderForHigherIsBetter) {
  // higher_is_better needs green > red; here green 4 < red 8.
  const std::string text =
      replace(kBase, R"("parents": ["g1"],)",
              R"("parents": ["g1"], "status_rule": {"method": "sdg_dashboard", "green": 4, "red": 8},)");
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "s.json: $.nodes[2].status_rule");
  EXPECT_CONTAINS(msg, "wrong order");
  EXPECT_CONTAINS(msg, "'i1'");
  EXPECT_CONTAINS(msg, "higher_is_better");
  EXPECT_CONTAINS(msg, "green (4) must be > red (8)");
}

TEST(StrategyJson, DashboardThresholdsWrongOrderForLowerIsBetter) {
  const std::string text = replace(kBase, R"("parents": ["g1"],)",
                                   R"("parents": ["g1"], "direction": "lower_is_better",
     "status_rule": {"method": "sdg_dashboard", "green": 8, "red": 4},)");
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "$.nodes[2].status_rule");
  EXPECT_CONTAINS(msg, "lower_is_better");
  EXPECT_CONTAINS(msg, "green (8) must be < red (4)");
}

TEST(StrategyJson, ScoreBandsWrongOrder) {
  const std::string text =
      replace(kBase, R"("parents": ["vision"])",
              R"("parents": ["vision"], "status_rule": {"method": "score_bands", "green": 50, "yellow": 75})");
  const std::string msg = strategy_error(text);
  EXPECT_CONTAINS(msg, "$.nodes[1].status_rule");
  EXPECT_CONTAINS(msg, "green (50) > yellow (75)");
}

TEST(StrategyJson, NegativeLinkWeight) {
  const std::string msg =
      strategy_error(replace(kBase, R"("parents": ["vision"])", R"("parents": [{"id": "vision", "weight": -1}])"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[1].parents[0].weight");
  EXPECT_CONTAINS(msg, "-1");
  EXPECT_CONTAINS(msg, "'g1' to 'vision'");
  EXPECT_CONTAINS(msg, ">= 0");
}

TEST(StrategyJson, UnknownKey) {
  const std::string msg = strategy_error(replace(kBase, R"("parents": ["vision"])", R"("parent": ["vision"])"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[1]");
  EXPECT_CONTAINS(msg, "unknown key \"parent\"");
  EXPECT_CONTAINS(msg, "parents");  // the allowed keys are listed
}

TEST(StrategyJson, UnknownKeyListsTheExportedKeys) {
  // The list that refuses a key is the list format_keys() exports (and the
  // JSON Schema is tested against).
  const auto& table = format_keys();
  auto keys_of = [&](const std::string& kind) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const ObjectKeys& k) { return kind == k.kind; });
    EXPECT_NE(it, table.end()) << kind;
    std::string list;
    if (it != table.end())
      for (const char* k : it->keys) list += std::string(list.empty() ? "" : ", ") + k;
    return list;
  };
  EXPECT_EQ(keys_of("node"),
            "id, kind, name, owner, priority, parents, aggregation, min_coverage, min_indicator_coverage, impute, "
            "status_rule, not_applicable, not_scored, unit_of_measure, direction, band, tolerance, baseline, target, "
            "by_unit, target_share, bounds, normalisation, unit_aggregation, carry_forward, trend");
  EXPECT_CONTAINS(strategy_error(replace(kBase, R"("parents": ["vision"])", R"("parent": ["vision"])")),
                  "$.nodes[1]: unknown key \"parent\" (allowed: " + keys_of("node") + ")");
  EXPECT_CONTAINS(
      strategy_error(replace(kBase, R"("target": {"value": 8,)", R"("target": {"milestone": [], "value": 8,)")),
      "$.nodes[2].target: unknown key \"milestone\" (allowed: " + keys_of("target") + ")");
  EXPECT_CONTAINS(strategy_error(replace(kBase, R"("periods")", R"("defaults": {"carry": 1}, "periods")")),
                  "$.defaults: unknown key \"carry\" (allowed: " + keys_of("defaults") + ")");
  // Each kind once.
  for (const auto& k : table)
    EXPECT_EQ(
        std::count_if(table.begin(), table.end(), [&](const ObjectKeys& o) { return std::string(o.kind) == k.kind; }),
        1)
        << k.kind;
}

TEST(StrategyJson, GoalAttainmentWithoutExpectedLevel) {
  const std::string msg = strategy_error(replace(kFull, R"("0": "Ett möte med DG", )", ""));
  EXPECT_CONTAINS(msg, "s.json: $.activities[0].gas.levels");
  EXPECT_CONTAINS(msg, "expected outcome \"0\"");
}

TEST(StrategyJson, GoalAttainmentLevelOutOfRange) {
  for (const char* bad : {R"("attained": 3)", R"("attained": 0.5)", R"("attained": "1")"}) {
    const std::string msg = strategy_error(replace(kFull, R"("attained": 1)", bad));
    EXPECT_CONTAINS(msg, "$.activities[0].gas.attained");
    EXPECT_CONTAINS(msg, "whole number from -2 to 2");
  }
}

TEST(StrategyJson, GoalAttainmentUnknownLevelAndBadWeight) {
  EXPECT_CONTAINS(strategy_error(replace(kFull, R"("-1": "Inget möte")", R"("-3": "Inget möte")")),
                  "$.activities[0].gas.levels: unknown key \"-3\"");
  EXPECT_CONTAINS(strategy_error(replace(kFull, R"("weight": 2}})", R"("weight": 0}})")),
                  "$.activities[0].gas.weight: a weight must be > 0");
}

TEST(StrategyJson, UnknownTopLevelKey) {
  const std::string msg = strategy_error(replace(kBase, R"("periods")", R"("perods")"));
  EXPECT_CONTAINS(msg, "$: unknown key \"perods\"");
}

TEST(StrategyJson, UnknownPeriodInBaseline) {
  // Periods are declared (2017, 2020); the baseline names 2016.
  const std::string msg =
      strategy_error(replace(kBase, R"("value": 3, "period": "2017")", R"("value": 3, "period": "2016")"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[2].baseline.period");
  EXPECT_CONTAINS(msg, "unknown period '2016'");
}

TEST(StrategyJson, UndeclaredPeriodsAreParsed) {
  // Without "periods" any well-formed id is fine, and a malformed one is an error.
  std::string text = replace(kBase, R"("periods": ["2017", "2020"],)", "");
  EXPECT_NO_THROW(strategy_from_json(replace(text, R"("period": "2017")", R"("period": "2016-T2")")));
  const std::string msg = strategy_error(replace(text, R"("period": "2017")", R"("period": "2016-T4")"));
  EXPECT_CONTAINS(msg, "$.nodes[2].baseline.period");
  EXPECT_CONTAINS(msg, "unknown period '2016-T4'");
}

TEST(StrategyJson, PeriodsWithTheSameKindAndTime) {
  const std::string msg =
      strategy_error(replace(kBase, R"(["2017", "2020"])",
                             R"(["2017", "2020", {"id": "bokslut", "time": 2019}, {"id": "prognos", "time": 2019}])"));
  EXPECT_CONTAINS(msg, "periods");
  EXPECT_CONTAINS(msg, "'bokslut'");
  EXPECT_CONTAINS(msg, "'prognos'");
  // A year and its last tertial share a time but not a kind: fine.
  EXPECT_NO_THROW(strategy_from_json(replace(kBase, R"(["2017", "2020"])", R"(["2017", "2020-T3", "2020"])")));
}

TEST(StrategyJson, ManualAssessmentWithoutComment) {
  const std::string with = replace(kBase, "\n  ]\n}", R"(
  ],
  "assessments": [{"node": "g1", "unit": "ks", "period": "2020", "status": "red"}]
})");
  const std::string msg = strategy_error(with);
  EXPECT_CONTAINS(msg, "s.json: $.assessments[0].comment");
  EXPECT_CONTAINS(msg, "comment");
  // A blank comment is no comment.
  const std::string blank = replace(with, R"("status": "red")", R"("status": "red", "comment": "  ")");
  EXPECT_CONTAINS(strategy_error(blank), "$.assessments[0].comment");
  // With a comment it parses.
  EXPECT_NO_THROW(
      strategy_from_json(replace(with, R"("status": "red")", R"("status": "red", "comment": "Ej uppfyllt")")));
}

TEST(StrategyJson, BandWithoutTolerance) {
  const std::string msg = strategy_error(
      replace(kBase, R"("parents": ["g1"],)", R"("parents": ["g1"], "direction": "band", "band": [2, 3],)"));
  EXPECT_CONTAINS(msg, "s.json: $.nodes[2].tolerance");
  EXPECT_CONTAINS(msg, "'i1'");
  EXPECT_CONTAINS(msg, "tolerance");
}

TEST(StrategyJson, IndicatorFieldOnOtherNode) {
  const std::string msg = strategy_error(
      replace(kBase, R"("parents": ["vision"])", R"("parents": ["vision"], "direction": "lower_is_better")"));
  EXPECT_CONTAINS(msg, "$.nodes[1].direction");
  EXPECT_CONTAINS(msg, "only indicators");
}

TEST(StrategyJson, KeysThatWouldDoNothingAreRefused) {
  // Every key works or is refused: a key the reader took and nothing used
  // would look like a setting that holds.
  const std::string goal = R"("parents": ["vision"])";
  const std::string indicator = R"("parents": ["g1"],)";
  auto with = [&](const std::string& at, const std::string& extra) {
    return strategy_error(replace(kBase, at, at == goal ? at + ", " + extra : at + " " + extra + ","));
  };
  // An indicator has no parts to roll up, count or stand in for.
  for (auto [key, value] : {std::pair{"aggregation", R"("geometric")"},
                            {"min_coverage", "0.5"},
                            {"min_indicator_coverage", "0.5"},
                            {"not_scored", R"(["ks"])"}})
    EXPECT_CONTAINS(with(indicator, "\"" + std::string(key) + "\": " + value),
                    "s.json: $.nodes[2]." + std::string(key) + ": only nodes above indicators have \"" + key +
                        "\"; node 'i1' is an indicator");
  EXPECT_CONTAINS(with(goal, R"("impute": {"min_indicator_coverage": 0.5})"),
                  "s.json: $.nodes[1].impute: missing required key \"method\" (none, peer_mean)");
  EXPECT_CONTAINS(with(goal, R"("impute": {"method": "none", "min_indicator_coverage": 0.5})"),
                  "s.json: $.nodes[1].impute.min_indicator_coverage: \"min_indicator_coverage\" is a condition of "
                  "peer_mean imputation; the method here is none");
  EXPECT_CONTAINS(
      with(goal, R"("aggregation": {"method": "geometric", "p": 2})"),
      "s.json: $.nodes[1].aggregation.p: \"p\" is the exponent of the power mean; the method here is geometric");
  EXPECT_CONTAINS(with(goal, R"("status_rule": {"method": "share_green", "green": 0.5, "orange": 0.1})"),
                  "s.json: $.nodes[1].status_rule.orange: the status rule 'share_green' has no orange threshold "
                  "(it uses green and yellow)");
  EXPECT_CONTAINS(with(goal, R"("status_rule": {"method": "worst", "green": 75})"),
                  "s.json: $.nodes[1].status_rule.green: the status rule 'worst' has no green threshold");
  EXPECT_CONTAINS(with(indicator, R"("status_rule": {"method": "score_bands", "green": 75, "yellow": 50, "red": 10})"),
                  "s.json: $.nodes[2].status_rule.red: the status rule 'score_bands' has no red threshold");
  EXPECT_CONTAINS(with(indicator, R"("band": [1, 2])"),
                  "s.json: $.nodes[2].band: \"band\" is for an indicator with direction band; 'i1' has direction "
                  "higher_is_better");
  EXPECT_CONTAINS(with(indicator, R"("tolerance": 1)"), "s.json: $.nodes[2].tolerance: \"tolerance\" is for");
  auto with_defaults = [&](const std::string& defaults) {
    return strategy_error(replace(kBase, R"("periods")", R"("defaults": )" + defaults + R"(, "periods")"));
  };
  EXPECT_CONTAINS(with_defaults(R"({"trend": {"start": "2030"}})"),
                  "s.json: $.defaults.trend.start: unknown period '2030'");
  EXPECT_CONTAINS(with_defaults(R"({"node_status_rule": {"method": "two_worst", "red": 1}})"),
                  "s.json: $.defaults.node_status_rule.red: the status rule 'two_worst' has no red threshold");
}

TEST(StrategyJson, UnknownEnumValueListsAllowed) {
  const std::string msg = strategy_error(replace(kBase, R"("kind": "goal")", R"("kind": "goals")"));
  EXPECT_CONTAINS(msg, "$.nodes[1].kind");
  EXPECT_CONTAINS(msg, "\"goals\"");
  EXPECT_CONTAINS(msg, "focus_area");
}

// ------------------------------------------------------------------ the shipped example

TEST(StrategyJson, GavleExampleParses) {
  const std::string path = std::string(STYRKORT_TEST_DATA) + "/gavle/strategy.json";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  Strategy s;
  try {
    s = strategy_from_json(text.str(), path);
  } catch (const Error& e) {
    FAIL() << e.what();
  }
  EXPECT_EQ(s.organisation, "Gävle kommun");
  EXPECT_EQ(s.units.size(), 8u);
  EXPECT_EQ(s.nodes.size(), 23u);
  EXPECT_EQ(s.periods.size(), 6u);
  EXPECT_EQ(s.activities.size(), 46u);
  EXPECT_EQ(s.assessments.size(), 1u);
  // Five prioritised focus areas, 1..5.
  int focus = 0;
  for (const auto& n : s.nodes)
    if (n.kind == NodeKind::focus_area) {
      ++focus;
      EXPECT_GE(n.priority, 1);
      EXPECT_LE(n.priority, 5);
    }
  EXPECT_EQ(focus, 5);
  // And it writes back to an equivalent strategy.
  const std::string j = strategy_to_json(s);
  EXPECT_EQ(strategy_to_json(strategy_from_json(j, "again")), j);
}
