#include "styrkort/period.hpp"

#include <cctype>

namespace styrkort {

namespace {
bool all_digits(const std::string& s, size_t from, size_t to) {
  if (from >= to || to > s.size()) return false;
  for (size_t i = from; i < to; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}
}  // namespace

std::optional<Period> parse_period(const std::string& id) {
  if (id.size() < 4 || !all_digits(id, 0, 4)) return std::nullopt;
  const int year = std::stoi(id.substr(0, 4));
  if (id.size() == 4) return Period{id, PeriodKind::year, static_cast<double>(year)};
  if (id.size() < 7 || id[4] != '-') return std::nullopt;
  const char tag = id[5];
  // YYYY-Tk, YYYY-Hk, YYYY-Qk (one digit) and YYYY-Mkk (two): longer digit
  // runs are no period of these kinds (and would overflow an int).
  if (id.size() > 8 || !all_digits(id, 6, id.size())) return std::nullopt;
  const int k = std::stoi(id.substr(6));
  int n = 0;
  PeriodKind kind = PeriodKind::other;
  switch (tag) {
    case 'T':
      n = 3;
      kind = PeriodKind::tertial;
      break;
    case 'H':
      n = 2;
      kind = PeriodKind::half_year;
      break;
    case 'Q':
      n = 4;
      kind = PeriodKind::quarter;
      break;
    case 'M':
      n = 12;
      kind = PeriodKind::month;
      break;
    default: return std::nullopt;
  }
  if (kind == PeriodKind::month ? id.size() != 8 : id.size() != 7) return std::nullopt;  // YYYY-Mkk, YYYY-Tk
  if (k < 1 || k > n) return std::nullopt;
  return Period{id, kind, year - 1.0 + static_cast<double>(k) / n};
}

const char* to_string(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::year: return "year";
    case PeriodKind::tertial: return "tertial";
    case PeriodKind::half_year: return "half_year";
    case PeriodKind::quarter: return "quarter";
    case PeriodKind::month: return "month";
    default: return "other";
  }
}

}  // namespace styrkort
