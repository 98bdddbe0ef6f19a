#pragma once
// Errors of the engine. Every message names the place (file, JSON path, row,
// id) and the rule that was broken, so that a user can fix the input.
#include <stdexcept>
#include <string>

namespace styrkort {

/// Base of every error the engine raises on bad input.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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
