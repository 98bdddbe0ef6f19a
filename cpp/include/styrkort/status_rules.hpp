#pragma once
// Status rules: statuses (traffic lights) are data, chosen per indicator and
// per node, never code.
#include <cstddef>

#include "styrkort/methods.hpp"
#include "styrkort/strategy.hpp"

namespace styrkort {

/// score_bands: score >= green -> green, >= yellow -> yellow, >= orange (when
/// given) -> orange, else red. NaN -> not assessable.
Status status_from_score(const StatusRule& rule, double score);

/// sdg_dashboard (SDSN SDG Dashboards): on the raw value with a green and a red
/// threshold; between them yellow on the green side of the midpoint and orange
/// on the red side.
Status status_from_value(const StatusRule& rule, double x, Direction d);

/// Node rules on the statuses of its children (colours only; not assessable
/// and not applicable children are left out):
///  - share_green: share green >= rule.green -> green; share at least yellow >=
///    rule.yellow -> yellow; else red;
///  - worst: the worst colour;
///  - two_worst (SDSN SDG Dashboards): from the two worst children: green only
///    if both are green, red only if both are red, otherwise the rounded-down
///    mean of the two (green 3, yellow 2, orange 1, red 0), and orange where
///    that would be red.
/// No assessed child -> not assessable.
Status status_from_children(const StatusRule& rule, const Status* children, std::size_t n);

}  // namespace styrkort
