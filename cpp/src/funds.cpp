#include "styrkort/funds.hpp"

#include <algorithm>
#include <cmath>

#include "styrkort/error.hpp"
#include "styrkort/names.hpp"

namespace styrkort {

namespace {

void check(const GrantFlow& g) {
  const std::string at = "grant '" + g.id + "': ";
  if (!(std::isfinite(g.granted) && g.granted >= 0))
    throw ArgumentError(at + "the granted amount must be a finite number >= 0, got " +
                        detail::format_number(g.granted));
  if (g.end < g.start) throw ArgumentError(at + "the project ends before it starts");
  for (auto [x, what] : {std::pair{g.advance, "advance"}, {g.retention, "retention"}})
    if (!(x >= 0 && x <= 1))
      throw ArgumentError(at + what + " is a share of the grant in [0, 1], got " + detail::format_number(x));
  if (g.advance + g.retention > 1)
    throw ArgumentError(at + "advance + retention exceed the whole grant (" + detail::format_number(g.advance) + " + " +
                        detail::format_number(g.retention) + " > 1)");
  if (g.claim_months < 1) throw ArgumentError(at + "claim_months must be at least 1");
  if (g.lag_months < 0) throw ArgumentError(at + "lag_months must be >= 0");
}

}  // namespace

CashFlow grant_cash_flow(const std::vector<GrantFlow>& grants) {
  CashFlow out;
  if (grants.empty()) return out;
  for (const auto& g : grants) check(g);
  std::int32_t first = grants[0].start, last = grants[0].end + grants[0].lag_months;
  for (const auto& g : grants) {
    first = std::min(first, g.start);
    last = std::max(last, g.end + g.lag_months);
  }
  const std::size_t months = static_cast<std::size_t>(last - first + 1);
  out.first_month = first;
  out.incurred.assign(months, 0.0);
  out.received.assign(months, 0.0);
  out.outstanding.assign(months, 0.0);
  out.peak.assign(grants.size(), 0.0);
  out.peak_month.assign(grants.size(), first);

  std::vector<double> cum_incurred(months), cum_received(months);
  for (std::size_t k = 0; k < grants.size(); ++k) {
    const GrantFlow& g = grants[k];
    const double per_month = g.granted / (g.end - g.start + 1);
    // Claims: cumulative amount claimed by the end of each reporting period,
    // paid lag_months later.
    std::vector<std::pair<std::int32_t, double>> payments;  // (month, cumulative received from then on)
    const double interim_cap = (1 - g.retention) * g.granted;
    for (std::int32_t from = g.start; from <= g.end; from += g.claim_months) {
      const std::int32_t to = std::min(from + g.claim_months - 1, g.end);
      const double claimed = per_month * (to - g.start + 1);
      if (to == g.end) break;  // the last period is paid with the balance
      payments.emplace_back(to + g.lag_months, std::max(g.advance * g.granted, std::min(claimed, interim_cap)));
    }
    payments.emplace_back(g.end + g.lag_months, g.granted);

    double received = 0;
    std::size_t next = 0;
    out.peak_month[k] = g.start;
    for (std::int32_t m = g.start; m <= last; ++m) {
      const std::size_t i = static_cast<std::size_t>(m - first);
      const double incurred_to_date = per_month * (std::min(m, g.end) - g.start + 1);
      double r = m >= g.start ? std::max(received, g.advance * g.granted) : 0.0;
      while (next < payments.size() && payments[next].first <= m) r = std::max(r, payments[next++].second);
      if (m <= g.end) out.incurred[i] += per_month;
      out.received[i] += r - received;
      received = r;
      const double need = incurred_to_date - received;
      out.outstanding[i] += need;
      if (need > out.peak[k] + 1e-9 * std::max(1.0, g.granted)) {
        out.peak[k] = need;
        out.peak_month[k] = m;
      }
    }
  }
  return out;
}

}  // namespace styrkort
