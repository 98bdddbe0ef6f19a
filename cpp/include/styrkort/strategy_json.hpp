#pragma once
// Reading and writing a Strategy as JSON (docs/format.md; the JSON Schema ships
// with the Python package). Errors name the file, the JSON path and the rule;
// malformed JSON is reported with its line and column.
#include <string>

#include "styrkort/strategy.hpp"

namespace styrkort {

/// Parse and finalise a strategy. `source` names the file in messages.
Strategy strategy_from_json(const std::string& text, const std::string& source = "strategy");

/// The strategy as JSON text (the same format `strategy_from_json` reads).
std::string strategy_to_json(const Strategy& strategy, int indent = 2);

}  // namespace styrkort
