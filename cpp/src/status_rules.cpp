#include "styrkort/status_rules.hpp"

#include <algorithm>
#include <cmath>

namespace styrkort {

void ChildStatuses::add(Status s, double pos) {
  if (!is_colour(s)) return;  // not assessable and not applicable children are left out
  ++colours;
  green += s == Status::green;
  at_least_yellow += s >= Status::yellow;
  // A missing position sorts last within its colour.
  auto before = [](Status sa, double pa, Status sb, double pb) {
    return sa < sb || (sa == sb && !std::isnan(pa) && (std::isnan(pb) || pa < pb));
  };
  if (colours == 1 || before(s, pos, worst, worst_position)) {
    if (colours > 1) {
      second = worst;
      second_position = worst_position;
    }
    worst = s;
    worst_position = pos;
  } else if (colours == 2 || before(s, pos, second, second_position)) {
    second = s;
    second_position = pos;
  }
}

Status ChildStatuses::result(const StatusRule& r) const {
  if (colours == 0) return Status::not_assessable;
  switch (r.method) {
    case StatusMethod::share_green:
      // Shares compared with the tolerance of a share (scale 1).
      if (reaches(static_cast<double>(green) / colours, r.green, 1.0)) return Status::green;
      if (!std::isnan(r.yellow) && reaches(static_cast<double>(at_least_yellow) / colours, r.yellow, 1.0))
        return Status::yellow;
      return Status::red;
    case StatusMethod::worst: return worst;
    case StatusMethod::two_worst:
      if (colours == 1) return worst;
      if (worst == Status::green) return Status::green;
      if (second == Status::red) return Status::red;
      if (!std::isnan(worst_position) && !std::isnan(second_position))
        return 0.5 * (worst_position + second_position) >= 2.0 ? Status::yellow : Status::orange;
      // Colours only: the rounded-down mean of the levels, at least orange (red+green
      // and orange+yellow give orange, which fits the SDR 2023 colours best).
      return static_cast<Status>(
          std::max((static_cast<int>(worst) + static_cast<int>(second)) / 2, static_cast<int>(Status::orange)));
    default: return Status::not_assessable;
  }
}

Status status_from_children(const StatusRule& r, const Status* children, std::size_t n, const double* position) {
  ChildStatuses summary;
  for (std::size_t i = 0; i < n; ++i) summary.add(children[i], position ? position[i] : kNaN);
  return summary.result(r);
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
