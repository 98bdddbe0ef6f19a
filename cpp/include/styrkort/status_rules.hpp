#pragma once
// Status rules: statuses (traffic lights) are data, chosen per indicator and
// per node, never code.
#include <cmath>
#include <cstddef>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "styrkort/methods.hpp"
#include "styrkort/strategy.hpp"
#include "styrkort/tolerance.hpp"

namespace styrkort {

/// Comparisons with a threshold allow a relative 1e-9 of the scale (100 for
/// scores, 1 for shares, the distance between the green and red thresholds for
/// raw values), so that floating-point noise never drops a colour: children
/// all at 75 give a parent at 75 under any mean and weights, and 75 is green
/// under score bands 75/50.
constexpr double kThresholdTolerance = tolerance::kRelative;  // the allocation's sums use the same
constexpr double kScoreScale = 100.0;
inline bool reaches(double x, double threshold, double scale) { return x >= threshold - kThresholdTolerance * scale; }

/// score_bands: score >= green -> green, >= yellow -> yellow, >= orange (when
/// given) -> orange, else red (with the tolerance above). NaN -> not assessable.
inline Status status_from_score(const StatusRule& r, double score) {
  if (std::isnan(score)) return Status::not_assessable;
  if (reaches(score, r.green, kScoreScale)) return Status::green;
  if (reaches(score, r.yellow, kScoreScale)) return Status::yellow;
  if (!std::isnan(r.orange) && reaches(score, r.orange, kScoreScale)) return Status::orange;
  return Status::red;
}

/// status_from_score over the many scores of one indicator (score_bands):
/// the same colours, two scores at a time where SSE2 is there. The thresholds
/// are ordered (green > yellow > orange, checked when the rule is read), so
/// the number of them a score reaches names the colour, and no branch is
/// mispredicted on scores that fall on either side of a threshold at random.
/// An orange threshold not given (NaN) is never reached: then one reached
/// threshold less means the same colour. NaN reaches none and is not assessable.
inline void statuses_from_scores(const StatusRule& r, const double* score, std::int8_t* status, std::size_t n) {
  std::size_t k = 0;
#if defined(__SSE2__)
  const double tol = kThresholdTolerance * kScoreScale;  // as reaches() takes it
  const __m128d green = _mm_set1_pd(r.green - tol), yellow = _mm_set1_pd(r.yellow - tol),
                orange = _mm_set1_pd(r.orange - tol);
  const __m128i shift = _mm_set1_epi64x(std::isnan(r.orange) ? 1 : 0), zero = _mm_setzero_si128(),
                not_assessable = _mm_set1_epi64x(static_cast<int>(Status::not_assessable));
  for (; k + 2 <= n; k += 2) {
    const __m128d s = _mm_loadu_pd(score + k);
    // each comparison is all ones (-1) where the threshold is reached
    const __m128i g = _mm_castpd_si128(_mm_cmpge_pd(s, green)), y = _mm_castpd_si128(_mm_cmpge_pd(s, yellow)),
                  o = _mm_castpd_si128(_mm_cmpge_pd(s, orange));
    const __m128i reached = _mm_sub_epi64(zero, _mm_add_epi64(_mm_add_epi64(g, y), o));
    // some threshold reached: yellow or orange (green > yellow)
    __m128i colour = _mm_add_epi64(reached, _mm_and_si128(shift, _mm_or_si128(y, o)));
    const __m128i nan = _mm_castpd_si128(_mm_cmpunord_pd(s, s));
    colour = _mm_or_si128(_mm_andnot_si128(nan, colour), _mm_and_si128(nan, not_assessable));
    status[k] = static_cast<std::int8_t>(_mm_cvtsi128_si64(colour));
    status[k + 1] = static_cast<std::int8_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(colour, colour)));
  }
#endif
  for (; k < n; ++k) status[k] = static_cast<std::int8_t>(status_from_score(r, score[k]));
}

/// sdg_dashboard (SDSN SDG Dashboards): on the raw value with a green and a red
/// threshold; between them yellow on the green side of the midpoint and orange
/// on the red side. A value on a threshold or the midpoint takes the better colour.
inline Status status_from_value(const StatusRule& r, double x, Direction d) {
  if (std::isnan(x)) return Status::not_assessable;
  // Orient so that higher is better; the thresholds were checked to be ordered.
  // A value on a threshold takes the better colour (as in the SDR 2023 colours).
  const double s = d == Direction::lower_is_better ? -1.0 : 1.0;
  const double v = s * x, g = s * r.green, red = s * r.red, mid = 0.5 * (g + red), scale = g - red;
  if (reaches(v, g, scale)) return Status::green;
  if (!reaches(v, red, scale)) return Status::red;
  return reaches(v, mid, scale) ? Status::yellow : Status::orange;
}

/// Node rules on the statuses of its children (colours only; not assessable
/// and not applicable children are left out):
///  - share_green: share green >= rule.green -> green; share at least yellow >=
///    rule.yellow -> yellow; else red;
///  - worst: the worst colour;
///  - two_worst (SDSN SDG Dashboards): from the two worst children: green only
///    if both are green, red only if both are red; otherwise yellow when the
///    mean of their dashboard positions is at least 2, else orange.
/// `position` (optional, one per child; NaN where unknown) is each child's
/// place on the SDSN 0..4 scale (see dashboard_position). Without positions for
/// both, the rounded-down mean of the colour levels (green 3, yellow 2,
/// orange 1, red 0) decides, at least orange.
/// No assessed child -> not assessable.
Status status_from_children(const StatusRule& rule, const Status* children, std::size_t n,
                            const double* position = nullptr);

/// A running summary of a node's children's statuses, enough for every node
/// rule: the engine keeps one per cell while it adds the children block by block.
struct ChildStatuses {
  int colours = 0, green = 0, at_least_yellow = 0;
  Status worst = Status::green, second = Status::green;  // by colour, then by position
  double worst_position = kNaN, second_position = kNaN;

  void add(Status s, double position);
  Status result(const StatusRule& rule) const;
};

/// The SDSN dashboard position of a raw value on a 0..4 scale, linear within
/// each colour band: red from worst to the red threshold (0..1), orange from
/// there to the midpoint (1..2), yellow from the midpoint to the green
/// threshold (2..3), green from there to best (3..4). This settles the goal
/// colour when the two worst indicators have different colours (as recovered
/// from the SDR 2023 data: 3,498 of 3,502 goal colours; see
/// tests/data/sdr2023/README.md). NaN when the value is missing.
double dashboard_position(double x, Direction d, double worst, double red, double green, double best);

}  // namespace styrkort
