#pragma once
// The liquidity need of externally funded projects. EU and other programmes
// pay their share of the costs in arrears: the beneficiary pays first, claims
// per reporting period and is reimbursed some months later, often with an
// advance at the start and a share held back until the final report
// (European Commission, "Financial management of EU funds", the
// pre-financing / interim payment / payment of the balance cycle, e.g.
// Regulation (EU) 2021/1060 Arts. 90-91 for the shared-management funds). The
// municipality has to pre-finance the difference between the grant's share of
// the costs incurred so far and the payments received so far.
//
// Model (per grant, in whole months): the grant's share of the costs, G, is
// incurred evenly over the months [start, end]. Each reporting period of
// `claim_months` months (the last one may be shorter) is paid `lag_months`
// after it ends; interim payments are limited to (1 - retention) * G and
// offset the advance (advance * G, paid in the start month); the balance is
// paid `lag_months` after the end. Received-so-far is therefore
//   R(t) = max(advance * G, min(claims paid by t, (1 - retention) * G)),
// and G from the final payment on. The need is max(0, incurred - received).
#include <cstdint>
#include <string>
#include <vector>

namespace styrkort {

struct GrantFlow {
  std::string id;          // names the grant in messages
  double granted = 0;      // the grant's amount (its share of the eligible costs)
  std::int32_t start = 0;  // first and last month of the project, as months since year 0 (12*y + m - 1)
  std::int32_t end = 0;
  double advance = 0;      // share of the grant paid at the start, [0, 1]
  std::int32_t claim_months = 6;
  std::int32_t lag_months = 3;
  double retention = 0;    // share held back until the final payment, [0, 1]
};

struct CashFlow {
  std::int32_t first_month = 0;          // the month of index 0 in the series
  std::vector<double> incurred;          // the grants' share of the costs incurred in the month
  std::vector<double> received;          // payments received in the month
  std::vector<double> outstanding;       // incurred so far minus received so far (negative: advance not yet used)
  std::vector<double> peak;              // per grant: the largest pre-financing need
  std::vector<std::int32_t> peak_month;  // per grant: its month (the first one when tied)
};

/// Monthly cash flow of a set of grants, from the first start to the last
/// payment. Throws ArgumentError naming the grant for an end before the start,
/// a negative or non-finite amount, shares outside [0, 1], or periods < 1 month.
CashFlow grant_cash_flow(const std::vector<GrantFlow>& grants);

}  // namespace styrkort
