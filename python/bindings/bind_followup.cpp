// Follow-up of action plans and external funds: Goal Attainment Scaling
// T-scores per group and the cash flow of grants paid in arrears. Columnar in
// and out; the GIL is released while the engine runs.
#include <cstdint>

#include "common.hpp"
#include "styrkort/error.hpp"
#include "styrkort/funds.hpp"
#include "styrkort/gas.hpp"

namespace styrkort::bindings {

namespace {

template <class T>
using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;

void same_length(std::initializer_list<py::ssize_t> sizes, const char* what) {
  const py::ssize_t n = *sizes.begin();
  for (py::ssize_t s : sizes)
    if (s != n) throw ArgumentError(std::string(what) + ": the columns differ in length");
}

template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

py::dict gas_groups(const Array<std::int32_t>& group, const Array<double>& level, const Array<double>& weight,
                    std::size_t n_groups, double rho) {
  same_length({group.size(), level.size(), weight.size()}, "gas_t_scores");
  std::vector<GasGroup> r;
  {
    py::gil_scoped_release release;
    r = gas_t_scores(group.data(), level.data(), weight.data(), static_cast<std::size_t>(group.size()), n_groups, rho);
  }
  std::vector<double> t(r.size()), mean(r.size());
  std::vector<std::int64_t> assessed(r.size());
  for (std::size_t g = 0; g < r.size(); ++g) {
    t[g] = r[g].t_score;
    mean[g] = r[g].mean_level;
    assessed[g] = static_cast<std::int64_t>(r[g].assessed);
  }
  py::dict d;
  d["t_score"] = to_array(t);
  d["assessed"] = to_array(assessed);
  d["mean_level"] = to_array(mean);
  return d;
}

py::dict cash_flow(const std::vector<std::string>& ids, const Array<double>& granted, const Array<std::int32_t>& start,
                   const Array<std::int32_t>& end, const Array<double>& advance, const Array<std::int32_t>& claim_months,
                   const Array<std::int32_t>& lag_months, const Array<double>& retention) {
  same_length({static_cast<py::ssize_t>(ids.size()), granted.size(), start.size(), end.size(), advance.size(),
               claim_months.size(), lag_months.size(), retention.size()},
              "grant_cash_flow");
  std::vector<GrantFlow> grants(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k)
    grants[k] = {ids[k], granted.at(k), start.at(k), end.at(k), advance.at(k), claim_months.at(k), lag_months.at(k),
                 retention.at(k)};
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

void register_followup(py::module_& m) {
  m.attr("gas_rho") = kGasRho;
  m.def("gas_t_scores", &gas_groups, py::arg("group"), py::arg("level"), py::arg("weight"), py::arg("n_groups"),
        py::arg("rho") = kGasRho,
        "Goal Attainment Scaling T-scores per group (Kiresuk & Sherman 1968): t_score, assessed, mean_level.");
  m.def("grant_cash_flow", &cash_flow, py::arg("ids"), py::arg("granted"), py::arg("start"), py::arg("end"),
        py::arg("advance"), py::arg("claim_months"), py::arg("lag_months"), py::arg("retention"),
        "Monthly cash flow of grants paid in arrears: first_month, incurred, received, outstanding, peak, peak_month.");
}

}  // namespace styrkort::bindings
