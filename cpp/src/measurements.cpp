#include "styrkort/measurements.hpp"

#include <cmath>
#include <unordered_map>

#include "styrkort/error.hpp"

namespace styrkort {

Measurements::Measurements(std::vector<std::string> indicator_ids, std::vector<std::string> unit_ids,
                           std::vector<std::string> period_ids, Column<std::int32_t> indicator,
                           Column<std::int32_t> unit, Column<std::int32_t> period, Column<double> value,
                           std::string source, std::int64_t first_row)
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
  auto check = [&](const Column<std::int32_t>& codes, std::size_t n_cat, const char* column) {
    for (std::size_t r = 0; r < codes.size(); ++r)
      if (codes[r] < 0 || static_cast<std::size_t>(codes[r]) >= n_cat)
        throw MeasurementError(at(r, column),
                               "column '" + std::string(column) + "' is empty; every row needs an " + column);
  };
  check(indicator_, indicator_ids_.size(), "indicator");
  check(unit_, unit_ids_.size(), "unit");
  check(period_, period_ids_.size(), "period");
  for (std::size_t r = 0; r < n; ++r)
    if (std::isinf(value_[r]))
      throw MeasurementError(at(r, "value"), "value is infinite; values must be finite numbers (leave the cell "
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
  return Measurements(cats[0], cats[1], cats[2], Column<std::int32_t>(codes[0]), Column<std::int32_t>(codes[1]),
                      Column<std::int32_t>(codes[2]), Column<double>(values), std::move(source), 1);
}

Location Measurements::at(std::size_t row, std::string column) const {
  return Location{source_, "", first_row_ + static_cast<std::int64_t>(row), std::move(column), {}};
}

}  // namespace styrkort
