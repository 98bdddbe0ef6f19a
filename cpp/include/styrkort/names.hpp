#pragma once
// Shared by the modules that name their enum values (one table of value and
// name each) and that print numbers in messages.
#include <cstdio>
#include <optional>
#include <string>

namespace styrkort::detail {

template <class Table, class T>
const char* name_in(const Table& table, T v) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return "?";
}

template <class T, class Table>
std::optional<T> parse_in(const Table& table, const std::string& name) {
  for (const auto& [value, n] : table)
    if (name == n) return value;
  return std::nullopt;
}

template <class Table>
std::string names_in(const Table& table) {
  std::string out;
  for (const auto& [value, n] : table) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

/// A number as a user would write it, with up to `significant` digits.
inline std::string format_number(double x, int significant = 6) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", significant, x);
  return buf;
}

}  // namespace styrkort::detail
