#include "styrkort/status_rules.hpp"

#include <algorithm>
#include <cmath>

namespace styrkort {

Status status_from_score(const StatusRule& r, double score) {
  if (std::isnan(score)) return Status::not_assessable;
  if (score >= r.green) return Status::green;
  if (score >= r.yellow) return Status::yellow;
  if (!std::isnan(r.orange) && score >= r.orange) return Status::orange;
  return Status::red;
}

Status status_from_value(const StatusRule& r, double x, Direction d) {
  if (std::isnan(x)) return Status::not_assessable;
  // Orient so that higher is better; the thresholds were checked to be ordered.
  const double s = d == Direction::lower_is_better ? -1.0 : 1.0;
  const double v = s * x, g = s * r.green, red = s * r.red, mid = 0.5 * (g + red);
  if (v >= g) return Status::green;
  if (v <= red) return Status::red;
  return v >= mid ? Status::yellow : Status::orange;
}

Status status_from_children(const StatusRule& r, const Status* children, std::size_t n) {
  int count = 0, green = 0, at_least_yellow = 0;
  Status worst = Status::green, second = Status::green;
  for (std::size_t i = 0; i < n; ++i) {
    const Status s = children[i];
    if (!is_colour(s)) continue;
    ++count;
    green += s == Status::green;
    at_least_yellow += s >= Status::yellow;
    if (s < worst) {
      second = worst;
      worst = s;
    } else if (s < second) {
      second = s;
    }
  }
  if (count == 0) return Status::not_assessable;
  switch (r.method) {
    case StatusMethod::share_green:
      if (green >= r.green * count) return Status::green;
      if (!std::isnan(r.yellow) && at_least_yellow >= r.yellow * count) return Status::yellow;
      return Status::red;
    case StatusMethod::worst:
      return worst;
    case StatusMethod::two_worst: {
      if (count == 1) return worst;
      if (worst == Status::green) return Status::green;
      if (second == Status::red) return Status::red;
      const int mean = (static_cast<int>(worst) + static_cast<int>(second)) / 2;
      return static_cast<Status>(std::max(mean, static_cast<int>(Status::orange)));
    }
    default:
      return Status::not_assessable;
  }
}

}  // namespace styrkort
