// Priority weights: from the focus areas' priorities, and from AHP pairwise
// comparisons.
#include <pybind11/eigen.h>

#include "common.hpp"
#include "styrkort/weights.hpp"

namespace styrkort::bindings {

void register_weights(py::module_& m) {
  m.def(
      "weights_from_priorities",
      [](const std::vector<int>& priorities, const std::string& method, double ratio) {
        return weights_from_priorities(priorities, parse_or_throw<RankWeighting>(method, "rank weighting"), ratio);
      },
      py::arg("priorities"), py::arg("method"), py::arg("ratio") = 2.0);
  m.def("saaty_random_index", &saaty_random_index);

  py::class_<AhpResult>(m, "AhpResult")
      .def_readonly("weights", &AhpResult::weights)
      .def_readonly("lambda_max", &AhpResult::lambda_max)
      .def_readonly("consistency_index", &AhpResult::consistency_index)
      .def_readonly("consistency_ratio", &AhpResult::consistency_ratio)
      .def_readonly("acceptable", &AhpResult::acceptable)
      .def_readonly("warning", &AhpResult::warning);
  m.def(
      "ahp_weights",
      [](const Eigen::MatrixXd& pairwise, const std::string& method, const py::object& random_index) {
        const AhpMethod mth = parse_or_throw<AhpMethod>(method, "AHP method");
        if (random_index.is_none()) return ahp_weights(pairwise, mth);
        return ahp_weights(pairwise, mth, random_index.cast<std::vector<double>>());
      },
      py::arg("pairwise"), py::arg("method") = "eigenvector", py::arg("random_index") = py::none());
}

}  // namespace styrkort::bindings
