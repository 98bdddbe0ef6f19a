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
  // A value on a threshold takes the better colour (as in the SDR 2023 colours).
  if (v >= g) return Status::green;
  if (v < red) return Status::red;
  return v >= mid ? Status::yellow : Status::orange;
}

Status status_from_children(const StatusRule& r, const Status* children, std::size_t n, const double* position) {
  int count = 0, green = 0, at_least_yellow = 0;
  // The two worst children by colour, then by position within the colour.
  Status worst = Status::green, second = Status::green;
  double worst_pos = kNaN, second_pos = kNaN;
  for (std::size_t i = 0; i < n; ++i) {
    const Status s = children[i];
    if (!is_colour(s)) continue;
    ++count;
    green += s == Status::green;
    at_least_yellow += s >= Status::yellow;
    const double pos = position && !std::isnan(position[i]) ? position[i] : kNaN;
    // Order by colour, then by position (a missing position sorts last within its colour).
    auto before = [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a < b); };
    if (s < worst || (s == worst && before(pos, worst_pos))) {
      second = worst;
      second_pos = worst_pos;
      worst = s;
      worst_pos = pos;
    } else if (s < second || (s == second && before(pos, second_pos))) {
      second = s;
      second_pos = pos;
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
    case StatusMethod::two_worst:
      if (count == 1) return worst;
      if (worst == Status::green) return Status::green;
      if (second == Status::red) return Status::red;
      if (!std::isnan(worst_pos) && !std::isnan(second_pos))
        return 0.5 * (worst_pos + second_pos) >= 2.0 ? Status::yellow : Status::orange;
      // Colours only: the rounded-down mean of the levels, at least orange (red+green
      // and orange+yellow give orange, which fits the SDR 2023 colours best).
      return static_cast<Status>(std::max((static_cast<int>(worst) + static_cast<int>(second)) / 2,
                                          static_cast<int>(Status::orange)));
    default:
      return Status::not_assessable;
  }
}

double dashboard_position(double x, Direction d, double worst, double red, double green, double best) {
  if (std::isnan(x)) return NAN;
  const double s = d == Direction::lower_is_better ? -1.0 : 1.0;
  const double v = s * x, w = s * worst, r = s * red, g = s * green, b = s * best, m = 0.5 * (r + g);
  auto part = [](double v, double lo, double hi) { return hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.5; };
  if (v < r) return std::isnan(w) ? 0.5 : part(v, w, r);
  if (v < m) return 1.0 + part(v, r, m);
  if (v < g) return 2.0 + part(v, m, g);
  return std::isnan(b) ? 3.5 : 3.0 + part(v, g, b);
}

}  // namespace styrkort
