// Numbers a board can trust: target paths and per-unit targets, no silent
// change of method, warnings and reasons, statuses exactly at a threshold, the
// not-applicable states, and the defects of issue 8 (each checked against a
// value computed by hand).
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "styrkort/aggregate.hpp"
#include "styrkort/error.hpp"
#include "styrkort/evaluator.hpp"
#include "styrkort/measurements.hpp"
#include "styrkort/status_rules.hpp"
#include "styrkort/strategy_json.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {

using Rows = std::vector<Measurements::Row>;

struct Evaluated {
  std::unique_ptr<Evaluator> evaluator;
  std::shared_ptr<const Panel> panel;
  Evaluation e;

  Evaluated(const std::string& json, const Rows& rows, const EvaluationOptions& o = {}) {
    evaluator = std::make_unique<Evaluator>(strategy_from_json(json, "s.json"));
    panel = evaluator->prepare(Measurements::from_rows(rows, "m.csv"));
    e = evaluator->evaluate(panel, o);
  }
  const Strategy& s() const { return evaluator->strategy(); }
  std::size_t cell(const std::string& n, const std::string& u, const std::string& t) const {
    const int node = s().node_index(n), unit = s().unit_index(u), period = panel->period_index(t);
    EXPECT_TRUE(node >= 0 && unit >= 0 && period >= 0) << n << " " << u << " " << t;
    return e.cell(node, unit, period);
  }
  double score(const std::string& n, const std::string& u, const std::string& t) const {
    return e.score[cell(n, u, t)];
  }
  Status status(const std::string& n, const std::string& u, const std::string& t) const {
    return static_cast<Status>(e.status[cell(n, u, t)]);
  }
  int flags(const std::string& n, const std::string& u, const std::string& t) const { return e.flags[cell(n, u, t)]; }
  int slot(const std::string& n) const {
    const auto& ind = evaluator->indicators();
    for (std::size_t k = 0; k < ind.size(); ++k)
      if (ind[k] == s().node_index(n)) return static_cast<int>(k);
    return -1;
  }
  double target(const std::string& i, const std::string& u, const std::string& t) const {
    return panel->target(slot(i), s().unit_index(u), panel->period_index(t));
  }
  TrendCategory trend(const std::string& i, const std::string& u, const std::string& t) const {
    return static_cast<TrendCategory>(panel->trend[panel->cell(slot(i), s().unit_index(u), panel->period_index(t))]);
  }
  double ratio(const std::string& i, const std::string& u, const std::string& t) const {
    return panel->trend_ratio[panel->cell(slot(i), s().unit_index(u), panel->period_index(t))];
  }
  std::string reason(const std::string& n, const std::string& u, const std::string& t) const {
    return evaluator->reason(e, s().node_index(n), s().unit_index(u), panel->period_index(t));
  }
  int count(WarningCode code) const {
    int k = 0;
    for (const auto& w : evaluator->warnings(e)) k += w.code == code;
    return k;
  }
};

// One goal over indicators; `indicators` is the JSON of the indicator nodes.
std::string one_goal(const std::string& indicators, const std::string& extra = "",
                     const std::string& units = R"([{"id": "all"}])") {
  return R"({"periods": ["2020", "2021", "2022", "2023", "2024"], "units": )" + units +
         R"(, "nodes": [{"id": "g", "kind": "goal"}, )" + indicators + "]" + extra + "}";
}

}  // namespace

// ============================================================== target paths

TEST(TargetPath, InterpolationBetweenMilestones) {
  // Baseline 10 (2020), milestones 14 (2022) and 20 (2023), final 30 (2024).
  Target t;
  t.value = 30;
  t.time = 2024;
  t.milestones = {{14, "2022", 2022}, {20, "2023", 2023}};
  Reference base{10, "2020", 2020};
  t.interpolation = Interpolation::linear;
  EXPECT_DOUBLE_EQ(target_at(t, base, 2021), 12.0);   // halfway from 10 to 14
  EXPECT_DOUBLE_EQ(target_at(t, base, 2022), 14.0);
  EXPECT_DOUBLE_EQ(target_at(t, base, 2022.5), 17.0);
  EXPECT_DOUBLE_EQ(target_at(t, base, 2024), 30.0);
  EXPECT_DOUBLE_EQ(target_at(t, base, 2026), 30.0);   // the final target holds after its period
  t.interpolation = Interpolation::step;              // the next milestone holds up to its period
  EXPECT_DOUBLE_EQ(target_at(t, base, 2021), 14.0);
  EXPECT_DOUBLE_EQ(target_at(t, base, 2022.5), 20.0);
  t.interpolation = Interpolation::cagr;              // constant growth: 10 * (14/10)^(1/2)
  EXPECT_NEAR(target_at(t, base, 2021), 10 * std::sqrt(1.4), 1e-12);
  EXPECT_NEAR(target_at(t, base, 2023.5), 20 * std::sqrt(1.5), 1e-12);
  // Without a baseline, before the first milestone: that milestone's value.
  t.interpolation = Interpolation::linear;
  EXPECT_DOUBLE_EQ(target_at(t, Reference{}, 2021), 14.0);
}

TEST(TargetPath, IntermediatePeriodsJudgedAgainstTheirMilestone) {
  // progress from 10 (2020): 2022 milestone 14, final 30 in 2024. A value of 14
  // in 2022 is on the path: score 100 (it met the milestone), green; against
  // the final target it would be 100*(14-10)/(30-10) = 20, red.
  const std::string ind = R"({"id": "i", "kind": "indicator", "parents": ["g"],
     "baseline": {"value": 10, "period": "2020"},
     "target": {"value": 30, "period": "2024", "milestones": [{"period": "2022", "value": 14}]}})";
  Evaluated r(one_goal(ind), {{"i", "all", "2020", 10}, {"i", "all", "2021", 11}, {"i", "all", "2022", 14}});
  EXPECT_DOUBLE_EQ(r.target("i", "all", "2022"), 14.0);
  EXPECT_DOUBLE_EQ(r.score("i", "all", "2022"), 100.0);
  EXPECT_EQ(r.status("i", "all", "2022"), Status::green);
  // 2021: the milestone in force is 12 (linear): 100*(11-10)/(12-10) = 50, yellow.
  EXPECT_DOUBLE_EQ(r.target("i", "all", "2021"), 12.0);
  EXPECT_DOUBLE_EQ(r.score("i", "all", "2021"), 50.0);
  EXPECT_EQ(r.status("i", "all", "2021"), Status::yellow);
  // Trend 2021: observed CAGR 1.1 - 1 against the growth that reaches the
  // milestone it works toward, 14 by 2022: (14/10)^(1/2) - 1; R = 0.546, limited progress.
  EXPECT_NEAR(r.ratio("i", "all", "2021"), 0.1 / (std::sqrt(1.4) - 1.0), 1e-6);
  EXPECT_EQ(r.trend("i", "all", "2021"), TrendCategory::limited_progress);
  // 2022 met its milestone.
  EXPECT_EQ(r.trend("i", "all", "2022"), TrendCategory::target_achieved);
}

TEST(TargetPath, TheBaselinePeriodIsJudgedAgainstTheFirstMilestone) {
  // Linear from the baseline 10 (2020): the baseline year itself is not "on the
  // path" by definition; it is judged against the first milestone (14 in 2022).
  const std::string ind = R"({"id": "i", "kind": "indicator", "parents": ["g"],
     "baseline": {"value": 10, "period": "2020"},
     "target": {"value": 30, "period": "2024", "milestones": [{"period": "2022", "value": 14}]}})";
  Evaluated r(one_goal(ind), {{"i", "all", "2020", 10}});
  EXPECT_DOUBLE_EQ(r.target("i", "all", "2020"), 14.0);
  EXPECT_DOUBLE_EQ(r.score("i", "all", "2020"), 0.0);
  EXPECT_EQ(r.status("i", "all", "2020"), Status::red);
}

TEST(TargetPath, StepWorksTowardTheMilestoneOfItsYear) {
  // Step, yearly milestones, a tertial value: 2024-T2 works toward 2024's target
  // 20 by 2024 (not by the tertial's own time). From 10 in 2023 to 15 in 2024-T2
  // (time 2023 + 2/3): observed (15/10)^(3/2) - 1, required (20/10)^1 - 1.
  const std::string json = R"({"periods": ["2023", "2024-T2", "2024", "2025"], "nodes": [{"id": "g", "kind": "goal"},
      {"id": "i", "kind": "indicator", "parents": ["g"], "baseline": {"value": 10, "period": "2023"},
       "target": {"value": 30, "period": "2025", "interpolation": "step",
                  "milestones": [{"period": "2024", "value": 20}]}}]})";
  Evaluated r(json, {{"i", "all", "2024-T2", 15}});
  EXPECT_DOUBLE_EQ(r.target("i", "all", "2024-T2"), 20.0);
  EXPECT_NEAR(r.ratio("i", "all", "2024-T2"), (std::pow(1.5, 1.5) - 1.0) / 1.0, 1e-6);
}

TEST(TargetPath, ABandIndicatorTakesNoMilestones) {
  EXPECT_CONTAINS(message_of<StrategyError>([&] {
                    strategy_from_json(one_goal(R"({"id": "i", "kind": "indicator", "parents": ["g"],
                      "direction": "band", "band": [12, 20], "tolerance": 5,
                      "target": {"value": 16, "period": "2024", "milestones": [{"period": "2022", "value": 14}]}})"));
                  }),
                  "has direction band and is judged by its band");
}

TEST(TargetPath, WithoutMilestonesTheFinalTargetIsJudgedThroughout) {
  const std::string ind = R"({"id": "i", "kind": "indicator", "parents": ["g"],
     "baseline": {"value": 10, "period": "2020"}, "target": {"value": 30, "period": "2024"}})";
  Evaluated r(one_goal(ind), {{"i", "all", "2022", 14}});
  EXPECT_DOUBLE_EQ(r.target("i", "all", "2022"), 30.0);
  EXPECT_DOUBLE_EQ(r.score("i", "all", "2022"), 20.0);  // 100*(14-10)/(30-10)
}

TEST(TargetPath, MilestonesAreChecked) {
  auto err = [](const std::string& target) {
    return message_of<StrategyError>([&] {
      strategy_from_json(one_goal(R"({"id": "i", "kind": "indicator", "parents": ["g"],
         "baseline": {"value": 10, "period": "2020"}, "target": )" +
                                  target + "}"),
                         "s.json");
    });
  };
  EXPECT_CONTAINS(err(R"({"value": 30, "period": "2022", "milestones": [{"period": "2023", "value": 1}]})"),
                  "$.nodes[1].target.milestones[0].period: milestone period '2023'");
  EXPECT_CONTAINS(err(R"({"value": 30, "period": "2024", "milestones": [{"period": "2022", "value": 1},
                         {"period": "2022", "value": 2}]})"),
                  "fall at the same time");
  EXPECT_CONTAINS(err(R"({"value": 30, "period": "2024", "interpolation": "cagr",
                         "milestones": [{"period": "2022", "value": -1}]})"),
                  "interpolation cagr");
  EXPECT_CONTAINS(err(R"({"value": 30, "period": "2024", "interpolation": "smooth"})"),
                  "$.nodes[1].target.interpolation: unknown value \"smooth\"");
  EXPECT_CONTAINS(err(R"({"value": 30, "period": "2024", "milestones": [{"period": "2020", "value": 5}]})"),
                  "must come after the baseline period");
}

// ========================================================== per-unit targets

namespace {
const std::string kBoards = R"([{"id": "kommun"}, {"id": "a", "parent": "kommun", "weight": 3},
                                 {"id": "b", "parent": "kommun", "weight": 1}])";
}

TEST(UnitTargets, OwnTargetOverridesAndSubUnitsOfASumInheritNone) {
  // A count summed over the boards; the municipality's target is 100 in 2024.
  auto json = [](const std::string& extra) {
    return one_goal(R"({"id": "n", "kind": "indicator", "parents": ["g"], "unit_aggregation": "sum",
        "normalisation": "ratio", "target": {"value": 100, "period": "2024"})" +
                        extra + "}",
                    "", kBoards);
  };
  const Rows rows{{"n", "a", "2024", 45}, {"n", "b", "2024", 15}};
  Evaluated plain(json(""), rows);
  // kommun = 45 + 15 = 60: ratio 60
  EXPECT_DOUBLE_EQ(plain.score("n", "kommun", "2024"), 60.0);
  // the boards never inherit the whole's target of 100 (45 % would read as red)
  EXPECT_TRUE(std::isnan(plain.score("n", "a", "2024")));
  EXPECT_EQ(plain.status("n", "a", "2024"), Status::not_assessable);
  EXPECT_TRUE(plain.flags("n", "a", "2024") & kNoTarget);
  EXPECT_EQ(plain.count(WarningCode::missing_target), 2);  // a and b
  EXPECT_EQ(plain.reason("n", "a", "2024"), "no target for this unit");
  // by_unit: a's own target 50 -> ratio 90; b still none.
  Evaluated own(json(R"(, "by_unit": [{"unit": "a", "target": {"value": 50, "period": "2024"}}])"), rows);
  EXPECT_DOUBLE_EQ(own.score("n", "a", "2024"), 90.0);
  EXPECT_TRUE(std::isnan(own.score("n", "b", "2024")));
  // target_share by unit weight: a 100*3/4 = 75 -> 60; b 100*1/4 = 25 -> 60.
  Evaluated shared(json(R"(, "target_share": "unit_weight")"), rows);
  EXPECT_DOUBLE_EQ(shared.target("n", "a", "2024"), 75.0);
  EXPECT_DOUBLE_EQ(shared.score("n", "a", "2024"), 60.0);
  EXPECT_DOUBLE_EQ(shared.score("n", "b", "2024"), 60.0);
  EXPECT_EQ(shared.count(WarningCode::missing_target), 0);
}

TEST(UnitTargets, RatesInheritTheIndicatorsTargetAndBaselinesPerUnit) {
  // A mean (a rate): boards inherit the target; b has its own baseline 40.
  const std::string ind = R"({"id": "r", "kind": "indicator", "parents": ["g"], "unit_aggregation": "mean",
      "baseline": {"value": 50, "period": "2020"}, "target": {"value": 90, "period": "2024"},
      "by_unit": [{"unit": "b", "baseline": {"value": 40, "period": "2020"}}]})";
  Evaluated r(one_goal(ind, "", kBoards), {{"r", "a", "2022", 70}, {"r", "b", "2022", 65}});
  EXPECT_DOUBLE_EQ(r.score("r", "a", "2022"), 50.0);    // 100*(70-50)/(90-50)
  EXPECT_DOUBLE_EQ(r.score("r", "b", "2022"), 50.0);    // 100*(65-40)/(90-40)
}

TEST(UnitTargets, APartOfASumIsNotJudgedByTheWholesThresholds) {
  // Dashboard thresholds (green 100, red 50) are the municipality's: 45 of a
  // board would read red, but the board holds only a part of the sum.
  const std::string ind = R"({"id": "n", "kind": "indicator", "parents": ["g"], "unit_aggregation": "sum",
      "bounds": {"worst": 0, "best": 200}, "status_rule": {"method": "sdg_dashboard", "green": 100, "red": 50}})";
  Evaluated r(one_goal(ind, "", kBoards), {{"n", "a", "2024", 45}, {"n", "b", "2024", 65}});
  EXPECT_EQ(r.status("n", "kommun", "2024"), Status::green);  // 45 + 65 = 110 >= 100
  EXPECT_EQ(r.status("n", "a", "2024"), Status::not_assessable);
  EXPECT_TRUE(r.flags("n", "a", "2024") & kWholeThresholds);
  EXPECT_CONTAINS(r.reason("n", "a", "2024"), "thresholds are the whole organisation's");
  EXPECT_EQ(r.count(WarningCode::missing_target), 2);  // a and b
}

TEST(UnitTargets, BadEntriesNameThePlace) {
  auto err = [](const std::string& extra) {
    return message_of<StrategyError>([&] {
      strategy_from_json(one_goal(R"({"id": "n", "kind": "indicator", "parents": ["g"],
          "target": {"value": 10, "period": "2024"})" +
                                      extra + "}",
                                  "", kBoards),
                         "s.json");
    });
  };
  EXPECT_CONTAINS(err(R"(, "by_unit": [{"unit": "x", "target": {"value": 1, "period": "2024"}}])"),
                  "$.nodes[1].by_unit[0].unit: unknown unit 'x'");
  EXPECT_CONTAINS(err(R"(, "by_unit": [{"unit": "a"}])"), "$.nodes[1].by_unit[0]: give a \"baseline\" or a \"target\"");
  EXPECT_CONTAINS(err(R"(, "by_unit": [{"unit": "a", "target": {"value": 1, "period": "2024"}},
                                        {"unit": "a", "target": {"value": 2, "period": "2024"}}])"),
                  "appears twice");
  EXPECT_CONTAINS(err(R"(, "target_share": "unit_weight")"), "target_share splits a target");
}

// ================================================ no silent change of method

TEST(NoSilentFallback, IndicatorWithoutTargetIsNotAssessableWithAWarning) {
  // Before issue 8 this indicator was scored by min-max across units without saying so.
  Evaluated r(one_goal(R"({"id": "i", "kind": "indicator", "parents": ["g"]})", "", kBoards),
              {{"i", "a", "2024", 3}, {"i", "b", "2024", 5}});
  EXPECT_TRUE(std::isnan(r.score("i", "a", "2024")));
  EXPECT_EQ(r.status("i", "a", "2024"), Status::not_assessable);
  EXPECT_EQ(r.reason("i", "a", "2024"), "no target, bounds or normalisation");
  const auto w = r.evaluator->strategy_warnings();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, WarningCode::missing_target);
  EXPECT_CONTAINS(w[0].message, "'i' has no target");
  // Naming min-max explicitly compares the units: b 100, a 0.
  Evaluated named(
      one_goal(R"({"id": "i", "kind": "indicator", "parents": ["g"], "normalisation": "minmax"})", "", kBoards),
      {{"i", "a", "2024", 3}, {"i", "b", "2024", 5}});
  EXPECT_DOUBLE_EQ(named.score("i", "b", "2024"), 100.0);
  EXPECT_TRUE(named.evaluator->strategy_warnings().empty());
}

// ===================================================== statuses at a threshold

TEST(Thresholds, ChildrenAllAtAThresholdGiveTheParentItsColour) {
  // Property: children all at T under every mean and weighting give a parent
  // at T (within floating-point noise), which is green under bands T / T-25
  // (T = 100: green 100, yellow 50).
  const double thresholds[] = {25, 50, 75, 100};
  const std::vector<std::pair<Aggregation, double>> means = {
      {Aggregation::arithmetic, 1}, {Aggregation::geometric, 0}, {Aggregation::harmonic, -1}, {Aggregation::power, 2},
      {Aggregation::power, 0.5},    {Aggregation::power, -3},    {Aggregation::minimum, 1}};
  const std::vector<std::vector<double>> weightings = {
      {1, 1, 1}, {0.1, 0.2, 0.7}, {1.0 / 3, 1.0 / 7, 1.0 / 11}, {3e-5, 7.0, 0.3}, {1e6, 1, 1e-6}};
  for (double T : thresholds)
    for (const auto& [method, p] : means)
      for (const auto& w : weightings) {
        // values that are T after arithmetic noise (T/3*3, T*0.1/0.1, ...)
        const double xs[] = {T / 3.0 * 3.0, T * 0.1 / 0.1, (T * 7.0) / 7.0};
        RunningMean m;
        const Aggregation a = RunningMean::canonical(method, p);
        for (int k = 0; k < 3; ++k) m.add(a, p, xs[k], w[k]);
        const double score = m.result(a, p);
        EXPECT_NEAR(score, T, 1e-9 * 100) << to_string(method) << " p=" << p;
        StatusRule rule{StatusMethod::score_bands, T, T == 100 ? 50 : T - 25, kNaN, kNaN};
        EXPECT_EQ(status_from_score(rule, score), Status::green)
            << "T=" << T << " " << to_string(method) << " p=" << p << " score=" << score;
      }
}

TEST(Thresholds, ToleranceIsSmallAndDocumented) {
  StatusRule rule{StatusMethod::score_bands, 75, 50, kNaN, kNaN};
  EXPECT_EQ(status_from_score(rule, 75 - 0.5e-7), Status::green);   // within 1e-9 of 100
  EXPECT_EQ(status_from_score(rule, 75 - 2e-7), Status::yellow);    // beyond it
  EXPECT_EQ(status_from_score(rule, 74.99), Status::yellow);
}

TEST(Thresholds, GeometricMeanOfChildrenAt75IsGreenInTheEngine) {
  // exp(mean(log 75)) is 74.99999999999999 in floating point; the parent is green.
  const std::string json = R"({"periods": ["2024"], "nodes": [
      {"id": "g", "kind": "goal", "aggregation": "geometric"},
      {"id": "i1", "kind": "indicator", "parents": [{"id": "g", "weight": 0.3}], "bounds": {"worst": 0, "best": 100}},
      {"id": "i2", "kind": "indicator", "parents": [{"id": "g", "weight": 0.7}], "bounds": {"worst": 0, "best": 100}},
      {"id": "i3", "kind": "indicator", "parents": [{"id": "g", "weight": 0.1}], "bounds": {"worst": 0, "best": 100}}]})";
  Evaluated r(json, {{"i1", "all", "2024", 75}, {"i2", "all", "2024", 75}, {"i3", "all", "2024", 75}});
  EXPECT_NEAR(r.score("g", "all", "2024"), 75, 1e-9);
  EXPECT_EQ(r.status("g", "all", "2024"), Status::green);
  EXPECT_EQ(r.reason("g", "all", "2024"), "score 75 ≥ 75");
}

// ================================================= coverage: the safe default

TEST(Coverage, NodesBelowHalfTheirIndicatorsGetNoStatusUnlessLowered) {
  auto json = [](const std::string& goal) {
    std::string inds;
    for (int k = 1; k <= 4; ++k)
      inds += (k > 1 ? ", " : "") + std::string(R"({"id": "i)") + std::to_string(k) +
              R"(", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}})";
    return R"({"periods": ["2024"], "nodes": [{"id": "g", "kind": "goal")" + goal + "}, " + inds + "]}";
  };
  const Rows one{{"i1", "all", "2024", 90}};  // 1 of 4 indicators: 25 %
  Evaluated safe(json(""), one);
  EXPECT_EQ(safe.status("g", "all", "2024"), Status::not_assessable);
  EXPECT_EQ(safe.reason("g", "all", "2024"), "1 of 4 indicators with data (25 %) < 50 % required");
  Evaluated lowered(json(R"(, "min_indicator_coverage": 0.2)"), one);
  EXPECT_EQ(lowered.status("g", "all", "2024"), Status::green);
  EXPECT_TRUE(lowered.flags("g", "all", "2024") & kLowCoverage);
  EXPECT_EQ(lowered.count(WarningCode::low_coverage), 1);
  // 3 of 4 (75 %): a status, and a warning (below SDSN's 80 %)
  Evaluated three(json(""), {{"i1", "all", "2024", 90}, {"i2", "all", "2024", 90}, {"i3", "all", "2024", 90}});
  EXPECT_EQ(three.status("g", "all", "2024"), Status::green);
  EXPECT_EQ(three.count(WarningCode::low_coverage), 1);
}

TEST(Coverage, IsADoubleSoSevenOfTenMeetsPointSeven) {
  // Stored as a float, 7/10 was 0.699999988 and failed a 0.7 threshold.
  std::string inds;
  for (int k = 1; k <= 10; ++k)
    inds += (k > 1 ? ", " : "") + std::string(R"({"id": "i)") + std::to_string(k) +
            R"(", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}})";
  const std::string json =
      R"({"periods": ["2024"], "units": [{"id": "a", "peer_group": "p"}, {"id": "b", "peer_group": "p"}],
      "nodes": [{"id": "g", "kind": "goal", "min_indicator_coverage": 0, "impute": {"method": "peer_mean", "min_indicator_coverage": 0.7}}, )" +
      inds + "]}";
  Rows rows;
  for (int k = 1; k <= 7; ++k) rows.push_back({"i" + std::to_string(k), "a", "2024", 60});
  Evaluated r(json, rows);
  const int slot = 0;  // g is the only aggregate
  EXPECT_EQ(r.e.coverage[r.e.aggregate_cell(slot, 0, 0)], 0.7);
  // b has no data: imputed from a, whose coverage 0.7 meets the peer rule
  EXPECT_DOUBLE_EQ(r.score("g", "b", "2024"), 60.0);
  EXPECT_TRUE(r.flags("g", "b", "2024") & kImputed);
}

// ========================================================= defects of issue 8

TEST(Defects, TrendIsMeasuredFromItsStartEvenWithABaseline) {
  // baseline 10 in 2020, trend start 2022 (value 20), value 2024 = 40, target 80
  // in 2024... observed from the start: (40/20)^(1/2) - 1; required from the
  // start (80/20)^(1/2) - 1: R = (sqrt 2 - 1) / (2 - 1).
  const std::string ind = R"({"id": "i", "kind": "indicator", "parents": ["g"],
      "baseline": {"value": 10, "period": "2020"}, "target": {"value": 80, "period": "2024"},
      "trend": {"start": "2022"}})";
  Evaluated r(one_goal(ind), {{"i", "all", "2022", 20}, {"i", "all", "2024", 40}});
  EXPECT_NEAR(r.ratio("i", "all", "2024"), std::sqrt(2.0) - 1.0, 1e-6);
  // from the baseline it would have been ((40/10)^(1/4) - 1) / ((80/10)^(1/4) - 1) = 0.6153...
}

TEST(Defects, CurrentRollUpWinsOverAParentsOldValueCarriedForward) {
  // kommun observed 100 in 2020; in 2021 only the boards report (30 + 50).
  const std::string ind = R"({"id": "n", "kind": "indicator", "parents": ["g"], "unit_aggregation": "sum",
      "carry_forward": 2, "bounds": {"worst": 0, "best": 200}})";
  Evaluated r(one_goal(ind, "", kBoards),
              {{"n", "kommun", "2020", 100}, {"n", "a", "2021", 30}, {"n", "b", "2021", 50}});
  const int i = r.slot("n"), u = r.s().unit_index("kommun"), t = r.panel->period_index("2021");
  EXPECT_DOUBLE_EQ(r.panel->value[r.panel->cell(i, u, t)], 80.0);
  EXPECT_EQ(static_cast<ValueOrigin>(r.panel->origin[r.panel->cell(i, u, t)]), ValueOrigin::units);
  // 2022: no one reports; the boards' 2021 values carried forward roll up again (80).
  const int t22 = r.panel->period_index("2022");
  EXPECT_DOUBLE_EQ(r.panel->value[r.panel->cell(i, u, t22)], 80.0);
}

TEST(Defects, OverridesAreCheckedLikeTheStrategy) {
  // A lower-is-better indicator with target 0 (progress from 5).
  const std::string ok = R"({"periods": ["2023", "2024"], "nodes": [{"id": "g", "kind": "goal"},
      {"id": "i", "kind": "indicator", "parents": ["g"], "direction": "lower_is_better",
       "baseline": {"value": 5, "period": "2023"}, "target": {"value": 0, "period": "2024"}}]})";
  const Evaluator evaluator(strategy_from_json(ok, "s.json"));
  const auto panel = evaluator.prepare(Measurements::from_rows({{"i", "all", "2024", 2}}, "m.csv"));
  EvaluationOptions o;
  o.normalisation.assign(2, -1);
  o.normalisation[1] = static_cast<std::int8_t>(Normalisation::bounded);
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { evaluator.evaluate(panel, o); }),
                  "uses normalisation bounded and needs \"bounds\"");
  o.normalisation[1] = static_cast<std::int8_t>(Normalisation::ratio);
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { evaluator.evaluate(panel, o); }), "ratio needs targets");
}

TEST(Defects, ImputeOnAnIndicatorFillsItFromThePeers) {
  // SDR 2020/2021: a missing education indicator takes its region's mean when
  // the country has at least one of the goal's indicators.
  const std::string json = R"({"periods": ["2024"],
      "units": [{"id": "a", "peer_group": "r"}, {"id": "b", "peer_group": "r"}, {"id": "c", "peer_group": "r"},
                {"id": "d", "peer_group": "r"}],
      "nodes": [{"id": "g", "kind": "goal", "min_indicator_coverage": 0},
        {"id": "i1", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100},
         "impute": {"method": "peer_mean", "min_sibling_values": 1}},
        {"id": "i2", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}}]})";
  Evaluated r(json, {{"i1", "a", "2024", 40},
                     {"i1", "b", "2024", 60},
                     {"i2", "a", "2024", 10},
                     {"i2", "b", "2024", 10},
                     {"i2", "c", "2024", 30}});
  // c has i2, so its i1 is the mean of a and b: 50; g = (50 + 30) / 2 = 40
  EXPECT_DOUBLE_EQ(r.score("i1", "c", "2024"), 50.0);
  EXPECT_TRUE(r.flags("i1", "c", "2024") & kImputed);
  EXPECT_DOUBLE_EQ(r.score("g", "c", "2024"), 40.0);
  // d has no indicator of the goal: nothing imputed
  EXPECT_TRUE(std::isnan(r.score("i1", "d", "2024")));
  EXPECT_CONTAINS(r.reason("i1", "c", "2024"), "imputed from the peer group's mean");
  // An indicator's imputation refuses the node option and vice versa.
  EXPECT_CONTAINS(message_of<StrategyError>([&] {
                    strategy_from_json(R"({"nodes": [{"id": "g", "kind": "goal"}, {"id": "i", "kind": "indicator",
                      "parents": ["g"], "impute": {"method": "peer_mean", "min_indicator_coverage": 0.5}}]})");
                  }),
                  "$.nodes[1].impute: unknown key \"min_indicator_coverage\"");
}

// ========================================================= not applicable

TEST(NotApplicable, ANodeWhoseChildrenAllDoNotApplyDoesNotApply) {
  const std::string json = R"({"periods": ["2024"], "units": [{"id": "a"}, {"id": "b"}], "nodes": [
      {"id": "v", "kind": "vision"},
      {"id": "g", "kind": "goal", "parents": ["v"]},
      {"id": "h", "kind": "goal", "parents": ["v"]},
      {"id": "i1", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}, "not_applicable": ["b"]},
      {"id": "i2", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}, "not_applicable": ["b"]},
      {"id": "i3", "kind": "indicator", "parents": ["h"], "bounds": {"worst": 0, "best": 100}}]})";
  Evaluated r(json,
              {{"i1", "a", "2024", 80}, {"i2", "a", "2024", 80}, {"i3", "a", "2024", 60}, {"i3", "b", "2024", 60}});
  EXPECT_EQ(r.status("g", "b", "2024"), Status::not_applicable);
  EXPECT_EQ(r.reason("g", "b", "2024"), "none of its parts applies to this unit");
  // v for b is h alone (g left out, not counted as missing): 60
  EXPECT_DOUBLE_EQ(r.score("v", "b", "2024"), 60.0);
  EXPECT_EQ(r.status("g", "a", "2024"), Status::green);
}

TEST(NotApplicable, NotScoredTakesThePeersMeanInTheParent) {
  // The SDR's rule for landlocked countries' Goal 14, declared on the goal.
  const std::string json = R"({"periods": ["2024"],
      "units": [{"id": "sea1", "peer_group": "r"}, {"id": "sea2", "peer_group": "r"}, {"id": "land", "peer_group": "r"}],
      "nodes": [{"id": "index", "kind": "vision"},
        {"id": "g13", "kind": "goal", "parents": ["index"]},
        {"id": "g14", "kind": "goal", "parents": ["index"], "not_scored": ["land"]},
        {"id": "c", "kind": "indicator", "parents": ["g13"], "bounds": {"worst": 0, "best": 100}},
        {"id": "o", "kind": "indicator", "parents": ["g14"], "bounds": {"worst": 0, "best": 100}}]})";
  Evaluated r(json, {{"c", "sea1", "2024", 50},
                     {"c", "sea2", "2024", 70},
                     {"c", "land", "2024", 90},
                     {"o", "sea1", "2024", 40},
                     {"o", "sea2", "2024", 80},
                     {"o", "land", "2024", 10}});
  // land's g14: not scored (its own 10 is not used); the index takes the peers' mean 60
  EXPECT_EQ(r.status("g14", "land", "2024"), Status::not_applicable);
  EXPECT_DOUBLE_EQ(r.score("g14", "land", "2024"), 60.0);
  EXPECT_DOUBLE_EQ(r.score("index", "land", "2024"), 75.0);  // (90 + 60) / 2
  EXPECT_CONTAINS(r.reason("g14", "land", "2024"), "not scored for this unit");
  EXPECT_CONTAINS(message_of<StrategyError>([&] {
                    strategy_from_json(R"({"units": [{"id": "x"}], "nodes": [{"id": "v", "kind": "vision"},
                      {"id": "g", "kind": "goal", "parents": ["v"], "not_scored": ["x"]}]})");
                  }),
                  "$.nodes[1].not_scored[0]: unit 'x' has no peer_group");
}

// ======================================================= comments, reasons

TEST(Assessments, ACommentWithoutAStatusKeepsTheComputedOne) {
  const std::string json =
      one_goal(R"({"id": "i", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}})",
               R"(, "assessments": [
      {"node": "g", "period": "2024", "comment": "Arbetet har kommit igång."},
      {"node": "i", "period": "2024", "status": "green", "comment": "Bedömt i dialog."}])");
  Evaluated r(json, {{"i", "all", "2024", 30}});
  EXPECT_EQ(r.status("g", "all", "2024"), Status::red);      // computed: 30 < 50
  EXPECT_EQ(r.status("i", "all", "2024"), Status::green);    // manual
  ASSERT_EQ(r.e.comments.size(), 2u);
  EXPECT_EQ(r.e.comments[0].text, "Arbetet har kommit igång.");
  EXPECT_EQ(r.e.overrides.size(), 1u);
  EXPECT_EQ(r.reason("i", "all", "2024"), "manual: Bedömt i dialog. (computed: red)");
  EXPECT_EQ(r.reason("g", "all", "2024"), "score 30 < 50");
}

TEST(Reasons, ChildRulesSayTheCountsAndTheWorst) {
  const std::string json = R"({"periods": ["2024"], "nodes": [
      {"id": "g", "kind": "goal", "status_rule": {"method": "share_green", "green": 0.5, "yellow": 0.25}},
      {"id": "w", "kind": "goal", "status_rule": {"method": "two_worst"}},
      {"id": "i1", "kind": "indicator", "name": "Export", "parents": ["g", "w"], "bounds": {"worst": 0, "best": 100}},
      {"id": "i2", "kind": "indicator", "name": "Projekt", "parents": ["g", "w"], "bounds": {"worst": 0, "best": 100}},
      {"id": "i3", "kind": "indicator", "name": "Nätverk", "parents": ["g", "w"], "bounds": {"worst": 0, "best": 100}},
      {"id": "i4", "kind": "indicator", "name": "Vänort", "parents": ["g", "w"], "bounds": {"worst": 0, "best": 100}}]})";
  Evaluated r(
      json,
      {{"i1", "all", "2024", 90}, {"i2", "all", "2024", 60}, {"i3", "all", "2024", 20}, {"i4", "all", "2024", 55}});
  // 1 of 4 green (25 %) < 50 %; 3 of 4 at least yellow (75 %) >= 25 %
  EXPECT_EQ(r.status("g", "all", "2024"), Status::yellow);
  EXPECT_EQ(r.reason("g", "all", "2024"), "1 of 4 parts green (25 %) < 50 %; 3 of 4 at least yellow (75 %) ≥ 25 %");
  EXPECT_EQ(r.reason("w", "all", "2024"), "two worst parts: Nätverk (red), Projekt (yellow)");
}

TEST(Warnings, AValueOnABoundIsNotCapped) {
  // Capped means beyond a bound. 100 (0.3 - 0.1) / (0.3 - 0.1) rounds to
  // 100.00000000000001, which once flagged a value equal to `best` as capped.
  const std::string json = one_goal(
      R"({"id": "i", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0.1, "best": 0.3}},
         {"id": "j", "kind": "indicator", "parents": ["g"], "direction": "lower_is_better",
          "bounds": {"worst": 7.7, "best": 1.9}})",
      "", kBoards);
  Evaluated r(json, {{"i", "kommun", "2023", 0.3},
                     {"i", "kommun", "2024", 0.31},
                     {"i", "a", "2024", 0.1},
                     {"i", "b", "2024", 0.09},
                     {"j", "kommun", "2023", 1.9},
                     {"j", "kommun", "2024", 1.8},
                     {"j", "a", "2024", 7.7},
                     {"j", "b", "2024", 7.8}});
  const auto capped = [&](const char* n, const char* u, const char* t) {
    return r.flags(n, u, t) & (kCappedLow | kCappedHigh);
  };
  EXPECT_EQ(r.score("i", "kommun", "2023"), 100.0);
  EXPECT_EQ(capped("i", "kommun", "2023"), 0);
  EXPECT_EQ(capped("i", "kommun", "2024"), kCappedHigh);
  EXPECT_EQ(capped("i", "a", "2024"), 0);
  EXPECT_EQ(capped("i", "b", "2024"), kCappedLow);
  EXPECT_EQ(r.score("j", "kommun", "2023"), 100.0);
  EXPECT_EQ(capped("j", "kommun", "2023"), 0);
  EXPECT_EQ(capped("j", "kommun", "2024"), kCappedHigh);
  EXPECT_EQ(capped("j", "a", "2024"), 0);
  EXPECT_EQ(capped("j", "b", "2024"), kCappedLow);
}

TEST(Warnings, ThresholdThatCannotBeMetAndCappedScoresAndSubUnitValues) {
  const std::string json = one_goal(
      R"({"id": "i", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 50},
          "status_rule": {"method": "score_bands", "green": 110, "yellow": 50}},
         {"id": "j", "kind": "indicator", "parents": ["g"], "bounds": {"worst": 0, "best": 100}})",
      "", kBoards);
  Evaluated r(json, {{"i", "kommun", "2024", 80}, {"j", "a", "2024", 10}});
  EXPECT_EQ(r.count(WarningCode::unreachable_threshold), 1);
  EXPECT_TRUE(r.flags("i", "kommun", "2024") & kCappedHigh);  // 80 beyond best 50
  EXPECT_EQ(r.count(WarningCode::score_capped), 1);
  // j: kommun has no value of its own, board a has one, no unit_aggregation
  EXPECT_TRUE(r.flags("j", "kommun", "2024") & kSubunitsOnly);
  EXPECT_EQ(r.count(WarningCode::subunit_values_only), 1);
  for (const auto& w : r.evaluator->warnings(r.e)) EXPECT_FALSE(w.message.empty());
}
