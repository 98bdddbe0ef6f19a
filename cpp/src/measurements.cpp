#include "styrkort/measurements.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "styrkort/error.hpp"
#include "styrkort/parallel.hpp"

namespace styrkort {

Codes::Codes(const void* data, std::size_t size, int width, std::shared_ptr<const void> owner)
    : data_(data), size_(size), width_(width), owner_(std::move(owner)) {
  if (width != 1 && width != 2 && width != 4 && width != 8)
    throw ArgumentError("category codes are integers of 1, 2, 4 or 8 bytes, got " + std::to_string(width));
}

Measurements::Measurements(std::vector<std::string> indicator_ids, std::vector<std::string> unit_ids,
                           std::vector<std::string> period_ids, Codes indicator, Codes unit, Codes period,
                           Column<double> value, std::string source, std::int64_t first_row)
    : indicator_ids_(std::move(indicator_ids)),
      unit_ids_(std::move(unit_ids)),
      period_ids_(std::move(period_ids)),
      indicator_(std::move(indicator)),
      unit_(std::move(unit)),
      period_(std::move(period)),
      value_(std::move(value)),
      source_(std::move(source)),
      first_row_(first_row) {
  const std::size_t n = value_.size();
  if (indicator_.size() != n || period_.size() != n || (!unit_.empty() && unit_.size() != n))
    throw ArgumentError(source_ + ": the columns indicator, unit, period and value must have the same length");
  // Every row checked in one pass, in parallel (10^7 rows in a few
  // milliseconds): the first bad row of each check, reported in the order of
  // the checks (the indicator, unit and period codes, then the value).
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::array<std::size_t, 4> first{kNone, kNone, kNone, kNone};
  std::mutex merge;
  parallel_for(
      n, 0,
      [&](std::size_t begin, std::size_t end) {
        std::array<std::size_t, 4> mine{kNone, kNone, kNone, kNone};
        auto scan = [&](const Codes& codes, std::size_t categories, int k) {
          if (codes.empty()) return;
          codes.visit([&](const auto* c) {
            // The range of the codes first (a loop the compiler vectorises),
            // the row only when one is out of range.
            using Code = std::remove_cv_t<std::remove_pointer_t<decltype(c)>>;
            Code lo = std::numeric_limits<Code>::max(), hi = std::numeric_limits<Code>::min();
            for (std::size_t r = begin; r < end; ++r) {
              lo = std::min(lo, c[r]);
              hi = std::max(hi, c[r]);
            }
            const auto limit = static_cast<std::int64_t>(categories);
            if (begin == end || (lo >= 0 && static_cast<std::int64_t>(hi) < limit)) return;
            for (std::size_t r = begin; r < end; ++r)
              if (c[r] < 0 || static_cast<std::int64_t>(c[r]) >= limit) {
                mine[k] = r;
                return;
              }
          });
        };
        scan(indicator_, indicator_ids_.size(), 0);
        scan(unit_, unit_ids_.size(), 1);
        scan(period_, period_ids_.size(), 2);
        const double* v = value_.data();
        bool infinite = false;
        for (std::size_t r = begin; r < end; ++r) infinite |= std::fabs(v[r]) == HUGE_VAL;
        for (std::size_t r = begin; infinite && r < end; ++r)
          if (std::isinf(v[r])) {
            mine[3] = r;
            break;
          }
        std::lock_guard<std::mutex> lock(merge);
        for (int k = 0; k < 4; ++k) first[k] = std::min(first[k], mine[k]);
      },
      std::size_t{1} << 18);
  const char* columns[3] = {"indicator", "unit", "period"};
  for (int k = 0; k < 3; ++k)
    if (first[k] != kNone)
      throw MeasurementError(at(first[k], columns[k]),
                             "column '" + std::string(columns[k]) + "' is empty; every row needs an " + columns[k]);
  if (first[3] != kNone)
    throw MeasurementError(at(first[3], "value"), "value is infinite; values must be finite numbers (leave the cell "
                                                  "empty for a missing value)");
}

Measurements Measurements::from_rows(const std::vector<Row>& rows, std::string source) {
  std::vector<std::string> cats[3];
  std::unordered_map<std::string, std::int32_t> index[3];
  std::vector<std::int32_t> codes[3];
  std::vector<double> values;
  for (const auto& row : rows) {
    const std::string* fields[3] = {&row.indicator, &row.unit, &row.period};
    for (int c = 0; c < 3; ++c) {
      auto [it, fresh] = index[c].emplace(*fields[c], static_cast<std::int32_t>(cats[c].size()));
      if (fresh) cats[c].push_back(*fields[c]);
      codes[c].push_back(it->second);
    }
    values.push_back(row.value);
  }
  return Measurements(cats[0], cats[1], cats[2], Codes(codes[0]), Codes(codes[1]), Codes(codes[2]),
                      Column<double>(values), std::move(source), 1);
}

Location Measurements::at(std::size_t row, std::string column) const {
  return Location{source_, "", first_row_ + static_cast<std::int64_t>(row), std::move(column), {}};
}

}  // namespace styrkort
