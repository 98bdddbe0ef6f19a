#pragma once
// Periods of follow-up: years and sub-year periods (tertial, half-year,
// quarter, month), each with a numeric time in years for trend arithmetic.
#include <optional>
#include <string>

namespace styrkort {

enum class PeriodKind { year, tertial, half_year, quarter, month, other };

struct Period {
  std::string id;
  PeriodKind kind = PeriodKind::year;
  /// Time in years. A year's value is read at the end of the year, so a
  /// sub-period k of n in year Y has time Y - 1 + k/n and `2018-T3` has the
  /// same time as `2018`.
  double time = 0.0;
};

/// Parses `YYYY`, `YYYY-T1..3`, `YYYY-H1..2`, `YYYY-Q1..4`, `YYYY-M01..12`.
/// Returns nothing when the id has none of these forms.
std::optional<Period> parse_period(const std::string& id);

const char* to_string(PeriodKind kind);

}  // namespace styrkort
