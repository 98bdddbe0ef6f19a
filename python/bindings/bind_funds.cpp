// External funds: the monthly cash flow of grants paid in arrears. Columnar in
// and out; the GIL is released while the engine runs.
#include <cstdint>

#include "common.hpp"
#include "styrkort/funds.hpp"

namespace styrkort::bindings {

namespace {

py::dict cash_flow(const std::vector<std::string>& ids, const Array<double>& granted, const Array<std::int32_t>& start,
                   const Array<std::int32_t>& end, const Array<double>& advance,
                   const Array<std::int32_t>& claim_months, const Array<std::int32_t>& lag_months,
                   const Array<double>& retention) {
  same_length({static_cast<py::ssize_t>(ids.size()), granted.size(), start.size(), end.size(), advance.size(),
               claim_months.size(), lag_months.size(), retention.size()},
              "grant_cash_flow");
  std::vector<GrantFlow> grants(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k)
    grants[k] = {ids[k],        granted.at(k),      start.at(k),      end.at(k),
                 advance.at(k), claim_months.at(k), lag_months.at(k), retention.at(k)};
  CashFlow f;
  {
    py::gil_scoped_release release;
    f = grant_cash_flow(grants);
  }
  py::dict d;
  d["first_month"] = f.first_month;
  d["incurred"] = to_array(f.incurred);
  d["received"] = to_array(f.received);
  d["outstanding"] = to_array(f.outstanding);
  d["peak"] = to_array(f.peak);
  d["peak_month"] = to_array(f.peak_month);
  return d;
}

}  // namespace

void register_funds(py::module_& m) {
  m.def("grant_cash_flow", &cash_flow, py::arg("ids"), py::arg("granted"), py::arg("start"), py::arg("end"),
        py::arg("advance"), py::arg("claim_months"), py::arg("lag_months"), py::arg("retention"),
        "Monthly cash flow of grants paid in arrears: first_month, incurred, received, outstanding, peak, peak_month.");
}

}  // namespace styrkort::bindings
