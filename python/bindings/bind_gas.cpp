// Follow-up of action plans: Goal Attainment Scaling T-scores per group.
// Columnar in and out; the GIL is released while the engine runs.
#include <cstdint>

#include "common.hpp"
#include "styrkort/gas.hpp"

namespace styrkort::bindings {

namespace {

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

}  // namespace

void register_gas(py::module_& m) {
  m.attr("gas_rho") = kGasRho;
  m.def("gas_t_scores", &gas_groups, py::arg("group"), py::arg("level"), py::arg("weight"), py::arg("n_groups"),
        py::arg("rho") = kGasRho,
        "Goal Attainment Scaling T-scores per group (Kiresuk & Sherman 1968): t_score, assessed, mean_level.");
}

}  // namespace styrkort::bindings
