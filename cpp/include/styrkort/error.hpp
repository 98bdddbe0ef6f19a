#pragma once
// Errors of the engine. Every message names the place (file, JSON path, row,
// id) and the rule that was broken, so that a user can fix the input. The
// place is also kept as data (Location), so that a caller that built the input
// from its own tables (a DataFrame, an Excel sheet) can name its own row and
// column without reading the message.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

namespace styrkort {

/// Where an error is: the source (a file name, or "strategy", "tables",
/// "measurements"), the JSON path inside it ($.nodes[3].target.period), or a
/// table row (as the source counts its rows) and column. Messages name the
/// object of an unknown or missing key by its path and the key in the rule;
/// `key` keeps it.
struct Location {
  std::string source;
  std::string path;       ///< JSON path; empty: none
  std::int64_t row = -1;  ///< table row; -1: none
  std::string column;     ///< table column; empty: none
  std::string key;        ///< the key of the object at `path` the error is about (unknown or missing); empty: none

  /// The place as messages write it: "source: $.path" or "source, row N".
  std::string text() const {
    std::string out = source;
    if (!path.empty()) out += (out.empty() ? "" : ": ") + path;
    if (row >= 0) out += (out.empty() ? "row " : ", row ") + std::to_string(row);
    return out;
  }
};

/// Base of every error the engine raises on bad input.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// "place: rule", with the place kept as data.
  Error(Location where, const std::string& rule)
      : std::runtime_error(where.text().empty() ? rule : where.text() + ": " + rule),
        where_(std::move(where)),
        rule_(rule) {}

  /// The place, as data (empty fields when the error has none).
  const Location& where() const { return where_; }
  /// The rule that was broken, without the place ("" for an error made from a
  /// message alone).
  const std::string& rule() const { return rule_; }

 private:
  Location where_;
  std::string rule_;
};

/// An invalid strategy (file, JSON or tables).
class StrategyError : public Error {
 public:
  using Error::Error;
};

/// An invalid measurements table.
class MeasurementError : public Error {
 public:
  using Error::Error;
};

/// An invalid argument to an engine call (wrong length, unknown method, ...).
class ArgumentError : public Error {
 public:
  using Error::Error;
};

}  // namespace styrkort
