#pragma once
// Measurements: a long table (indicator, unit, period, value) stored column by
// column: the ids as categories and one integer code column each, so that the
// engine maps an id to the strategy once per distinct id, not once per row.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "styrkort/error.hpp"

namespace styrkort {

/// A read-only column: either its own vector, or a view of memory kept alive by
/// `owner` (a numpy array, so that a large table is not copied).
template <class T>
class Column {
 public:
  Column() = default;
  explicit Column(std::vector<T> v) {
    auto held = std::make_shared<std::vector<T>>(std::move(v));
    data_ = held->data();
    size_ = held->size();
    owner_ = std::move(held);
  }
  Column(const T* data, std::size_t size, std::shared_ptr<const void> owner)
      : data_(data), size_(size), owner_(std::move(owner)) {}
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  const T* data() const { return data_; }
  const std::shared_ptr<const void>& owner() const { return owner_; }

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
  std::shared_ptr<const void> owner_;
};

/// A read-only column of category codes, as narrow as the table gives them:
/// 1, 2, 4 or 8 bytes per code (pandas stores a categorical's codes in the
/// smallest integer that holds them), so that a large table is neither copied
/// nor widened. Codes are checked to index the categories when the
/// measurements are made.
class Codes {
 public:
  Codes() = default;
  Codes(std::vector<std::int32_t> v) : Codes(Column<std::int32_t>(std::move(v))) {}  // NOLINT: implicit on purpose
  Codes(const Column<std::int32_t>& c) : data_(c.data()), size_(c.size()), width_(4), owner_(c.owner()) {}  // NOLINT
  /// `width`: bytes per code (1, 2, 4 or 8), signed integers.
  Codes(const void* data, std::size_t size, int width, std::shared_ptr<const void> owner);
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::int64_t operator[](std::size_t i) const {
    switch (width_) {
      case 1: return static_cast<const std::int8_t*>(data_)[i];
      case 2: return static_cast<const std::int16_t*>(data_)[i];
      case 4: return static_cast<const std::int32_t*>(data_)[i];
      default: return static_cast<const std::int64_t*>(data_)[i];
    }
  }
  /// Calls f(p) with the codes as a typed pointer (a loop over many rows then
  /// reads them without a switch per row).
  template <class F>
  decltype(auto) visit(F&& f) const {
    switch (width_) {
      case 1: return f(static_cast<const std::int8_t*>(data_));
      case 2: return f(static_cast<const std::int16_t*>(data_));
      case 4: return f(static_cast<const std::int32_t*>(data_));
      default: return f(static_cast<const std::int64_t*>(data_));
    }
  }

 private:
  const void* data_ = nullptr;
  std::size_t size_ = 0;
  int width_ = 4;
  std::shared_ptr<const void> owner_;
};

class Measurements {
 public:
  Measurements() = default;
  /// `unit` may be empty (no unit column) when the strategy has a single unit or
  /// the table has no rows. Codes index the category lists; values may be NaN
  /// (a missing observation). Rows are numbered from `first_row` in messages (2
  /// for a CSV file with a header).
  Measurements(std::vector<std::string> indicator_ids, std::vector<std::string> unit_ids,
               std::vector<std::string> period_ids, Codes indicator, Codes unit, Codes period, Column<double> value,
               std::string source = "measurements", std::int64_t first_row = 1);

  /// A row-wise constructor for small tables (tests, examples).
  struct Row {
    std::string indicator, unit, period;
    double value;
  };
  static Measurements from_rows(const std::vector<Row>& rows, std::string source = "measurements");

  std::size_t size() const { return value_.size(); }
  const std::vector<std::string>& indicator_ids() const { return indicator_ids_; }
  const std::vector<std::string>& unit_ids() const { return unit_ids_; }
  const std::vector<std::string>& period_ids() const { return period_ids_; }
  const Codes& indicator() const { return indicator_; }
  const Codes& unit() const { return unit_; }
  const Codes& period() const { return period_; }
  const Column<double>& value() const { return value_; }
  const std::string& source() const { return source_; }
  /// The place of a row (as the source counts its rows) and column, for errors.
  Location at(std::size_t row, std::string column = {}) const;

 private:
  std::vector<std::string> indicator_ids_, unit_ids_, period_ids_;
  Codes indicator_, unit_, period_;
  Column<double> value_;
  std::string source_;
  std::int64_t first_row_ = 1;
};

}  // namespace styrkort
