#pragma once
// Reading and writing a Strategy as JSON (docs/format.md; the JSON Schema ships
// with the Python package). Errors name the file, the JSON path and the rule;
// malformed JSON is reported with its line and column.
#include <string>
#include <vector>

#include "styrkort/strategy.hpp"

namespace styrkort {

/// Parse and finalise a strategy. `source` names the file in messages.
Strategy strategy_from_json(const std::string& text, const std::string& source = "strategy");

/// The strategy as JSON text (the same format `strategy_from_json` reads).
std::string strategy_to_json(const Strategy& strategy, int indent = 2);

/// The keys one kind of JSON object of the format allows, in the order error
/// messages list them.
struct ObjectKeys {
  const char* kind;
  const std::vector<const char*>& keys;
};

/// Every kind of object of the format with its keys: "root", "period", "unit",
/// "node" (every key a node may have), "indicator_only" and "aggregate_only"
/// (the node keys only indicators, or only the nodes above them, take),
/// "link", "aggregation", "impute_node", "impute_indicator",
/// "status_rule", "reference" (a baseline or a milestone), "target",
/// "by_unit", "bounds", "trend", "activity", "gas", "gas_levels",
/// "assessment", "defaults". The reader refuses every other key with these
/// very lists, so the JSON Schema can be checked against them
/// (tests/python/test_format_keys.py).
const std::vector<ObjectKeys>& format_keys();

}  // namespace styrkort
