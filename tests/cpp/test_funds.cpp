// The liquidity need of grants paid in arrears (funds.hpp), against cash flows
// worked out by hand month by month, and properties of the model.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/funds.hpp"
#include "test_util.hpp"

using namespace styrkort;
using styrkort_test::message_of;

namespace {
GrantFlow grant(double granted, int start, int end, double advance = 0, int claim = 6, int lag = 3,
                double retention = 0) {
  GrantFlow g;
  g.id = "g";
  g.granted = granted;
  g.start = start;
  g.end = end;
  g.advance = advance;
  g.claim_months = claim;
  g.lag_months = lag;
  g.retention = retention;
  return g;
}
}  // namespace

TEST(Funds, TwelveMonthsTwoClaimsHandComputed) {
  // 120 over months 0..11 (10 a month); the first half-year claim (60) is paid
  // in month 8, the balance (the rest, 60) in month 14.
  const CashFlow f = grant_cash_flow({grant(120, 0, 11)});
  ASSERT_EQ(f.outstanding.size(), 15u);
  EXPECT_EQ(f.first_month, 0);
  const std::vector<double> expect{10, 20, 30, 40, 50, 60, 70, 80, 30, 40, 50, 60, 60, 60, 0};
  for (size_t m = 0; m < expect.size(); ++m) EXPECT_NEAR(f.outstanding[m], expect[m], 1e-9) << "month " << m;
  EXPECT_NEAR(f.received[8], 60, 1e-9);
  EXPECT_NEAR(f.received[14], 60, 1e-9);
  EXPECT_NEAR(f.peak[0], 80, 1e-9);
  EXPECT_EQ(f.peak_month[0], 7);
  EXPECT_NEAR(std::accumulate(f.incurred.begin(), f.incurred.end(), 0.0), 120, 1e-9);
  EXPECT_NEAR(std::accumulate(f.received.begin(), f.received.end(), 0.0), 120, 1e-9);
}

TEST(Funds, AdvanceAndRetention) {
  // 100 over 10 months, 40 % advance, 10 % retention, yearly claims (so only the
  // balance claim), lag 2: received 40 in month 0, the rest (60) in month 11.
  const CashFlow f = grant_cash_flow({grant(100, 0, 9, 0.4, 12, 2, 0.1)});
  EXPECT_NEAR(f.received[0], 40, 1e-9);
  EXPECT_NEAR(f.received[11], 60, 1e-9);
  EXPECT_NEAR(f.outstanding[0], 10 - 40, 1e-9);  // the advance is ahead of the costs
  EXPECT_NEAR(f.outstanding[9], 100 - 40, 1e-9);
  EXPECT_NEAR(f.peak[0], 60, 1e-9);
  EXPECT_EQ(f.peak_month[0], 9);
  // Quarterly claims, lag 1: interim payments up to 90 % offset the advance.
  const CashFlow q = grant_cash_flow({grant(100, 0, 9, 0.4, 3, 1, 0.1)});
  // Claims after months 2, 5 (30, 60 incurred) are paid in months 3 and 6:
  // cumulative received max(40, 30) = 40, then max(40, 60) = 60; the claim
  // after month 8 (90) is paid in month 9 (capped at 90); the balance in 10.
  EXPECT_NEAR(q.received[3], 0, 1e-9);
  EXPECT_NEAR(q.received[6], 20, 1e-9);
  EXPECT_NEAR(q.received[9], 30, 1e-9);
  EXPECT_NEAR(q.received[10], 10, 1e-9);
  EXPECT_NEAR(q.outstanding[5], 60 - 40, 1e-9);
}

TEST(Funds, SumOfGrantsAndOffsetStart) {
  const GrantFlow a = grant(120, 24240, 24251), b = grant(60, 24246, 24251, 0, 6, 0);
  const CashFlow f = grant_cash_flow({a, b});
  EXPECT_EQ(f.first_month, 24240);
  const CashFlow fa = grant_cash_flow({a}), fb = grant_cash_flow({b});
  for (size_t i = 0; i < f.outstanding.size(); ++i) {
    const double from_b = i >= 6 && i - 6 < fb.outstanding.size() ? fb.outstanding[i - 6] : 0.0;
    EXPECT_NEAR(f.outstanding[i], fa.outstanding[i] + from_b, 1e-9) << i;
  }
  // b: paid in full in its last month (lag 0), so its need peaks the month
  // before, at 5 of its 6 months' costs.
  EXPECT_NEAR(f.peak[1], 50, 1e-9);
  EXPECT_EQ(f.peak_month[1], 24250);
}

TEST(Funds, Properties) {
  // Received never exceeds the grant, everything is paid in the end, and a
  // longer lag never lowers the peak need.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> len(1, 40), claim(1, 12), lag(0, 9);
  std::uniform_real_distribution<double> share(0, 0.5);
  for (int t = 0; t < 200; ++t) {
    GrantFlow g = grant(1000, 0, len(rng) - 1, share(rng), claim(rng), lag(rng), share(rng));
    const CashFlow f = grant_cash_flow({g});
    double received = 0;
    for (double r : f.received) {
      EXPECT_GE(r, -1e-9);
      received += r;
      EXPECT_LE(received, 1000 + 1e-9);
    }
    EXPECT_NEAR(received, 1000, 1e-9);
    EXPECT_NEAR(f.outstanding.back(), 0, 1e-9);
    g.lag_months += 1;
    EXPECT_GE(grant_cash_flow({g}).peak[0], f.peak[0] - 1e-9);
  }
}

TEST(Funds, BadInputNamesTheGrant) {
  GrantFlow g = grant(100, 10, 5);
  g.id = "Interreg 7";
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { grant_cash_flow({g}); }),
                  "grant 'Interreg 7': the project ends before it starts");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { grant_cash_flow({grant(-1, 0, 5)}); }), "granted amount");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { grant_cash_flow({grant(1, 0, 5, 1.5)}); }),
                  "advance is a share of the grant in [0, 1], got 1.5");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { grant_cash_flow({grant(1, 0, 5, 0.7, 6, 3, 0.4)}); }),
                  "advance + retention exceed the whole grant");
  EXPECT_CONTAINS(message_of<ArgumentError>([&] { grant_cash_flow({grant(1, 0, 5, 0, 0)}); }), "claim_months");
  EXPECT_TRUE(grant_cash_flow({}).outstanding.empty());
}
