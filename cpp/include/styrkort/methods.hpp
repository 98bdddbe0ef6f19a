#pragma once
// The vocabulary of methods and states, shared by the model, the engine and the
// bindings. One name per concept: the strings here are the JSON and Python names.
#include <cstdint>
#include <optional>
#include <string>

namespace styrkort {

enum class NodeKind { vision, goal, direction, focus_area, sub_goal, activity, indicator };
enum class Direction { higher_is_better, lower_is_better, band };
enum class Normalisation { progress, ratio, bounded, minmax, zscore, rank, percentile_rank };
enum class Aggregation { arithmetic, geometric, harmonic, power, minimum };
enum class UnitAggregation { none, sum, mean, weighted_mean, max, min };
enum class StatusMethod { score_bands, sdg_dashboard, share_green, worst, two_worst };
enum class TrendModel { cagr, linear };
enum class ImputeMethod { none, peer_mean };
enum class Means { twin_city, partnership, network, project };
enum class ActivityStatus { not_started, started, completed, delayed, cancelled };
/// How a target path runs between its milestones (see Target in strategy.hpp).
enum class Interpolation { linear, step, cagr };
/// How a sub-unit gets a target for an indicator summed over units.
enum class TargetShare { none, unit_weight };

/// Warnings: what the engine decided on thin ground. Each is data in the
/// results (code, node, unit, period, message), never a print.
enum class WarningCode : std::int8_t {
  missing_target = 0,         // the normalisation needs a target this indicator (or unit) lacks
  unreachable_threshold = 1,  // a status threshold no score can reach
  low_coverage = 2,           // a status given on few indicators with data
  subunit_values_only = 3,    // the unit's own cell is empty while its sub-units have data
  score_capped = 4,           // a score clamped to 0 or 100
  imputed = 5,                // a score filled with the mean of the unit's peers
};

/// Statuses (traffic lights). The four colours are ordered worst to best so
/// that "worst of" is a minimum; not assessable and not applicable are states
/// of their own, never a colour and never a zero.
enum class Status : std::int8_t {
  red = 0,
  orange = 1,
  yellow = 2,
  green = 3,
  not_assessable = 4,
  not_applicable = 5,
};
inline bool is_colour(Status s) { return static_cast<int>(s) <= 3; }

/// Progress categories of Statistics Canada's progress measure (as used by
/// Open SDG), plus "target achieved" and "not assessable".
enum class TrendCategory : std::int8_t {
  target_achieved = 0,
  on_track = 1,
  acceleration_needed = 2,
  limited_progress = 3,
  deterioration = 4,
  not_assessable = 5,
};

/// SDSN SDG Dashboard trend arrows.
enum class Arrow : std::int8_t {
  on_track = 0,              // ↑ on track or maintaining achievement
  moderately_improving = 1,  // ➚
  stagnating = 2,            // →
  decreasing = 3,            // ↓
  not_assessable = 4,
};

/// Where an indicator value comes from.
enum class ValueOrigin : std::int8_t {
  missing = -1,
  observed = 0,
  units = 1,          // rolled up from organisational sub-units
  carried_forward = 2 // last observation carried forward
};

const char* to_string(NodeKind);
const char* to_string(Direction);
const char* to_string(Normalisation);
const char* to_string(Aggregation);
const char* to_string(UnitAggregation);
const char* to_string(StatusMethod);
const char* to_string(TrendModel);
const char* to_string(ImputeMethod);
const char* to_string(Means);
const char* to_string(ActivityStatus);
const char* to_string(Status);
const char* to_string(TrendCategory);
const char* to_string(Arrow);
const char* to_string(ValueOrigin);
const char* to_string(Interpolation);
const char* to_string(TargetShare);
const char* to_string(WarningCode);

/// Parse a name; nothing when unknown. The list of valid names for an error
/// message is given by `names_of<T>()`.
template <class T> std::optional<T> parse_name(const std::string& name);
template <class T> std::string names_of();

}  // namespace styrkort
