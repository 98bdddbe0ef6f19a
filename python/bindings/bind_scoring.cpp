// Scoring requests against weighted criteria: value functions, the weighted sum
// and TOPSIS.
#include "common.hpp"
#include "styrkort/scoring.hpp"

namespace styrkort::bindings {

void register_scoring(py::module_& m) {
  py::class_<ValueFunction>(m, "ValueFunction")
      .def_static("linear", &ValueFunction::linear, py::arg("worst"), py::arg("best"))
      .def_static("piecewise", &ValueFunction::piecewise, py::arg("points"))
      .def_static("step", &ValueFunction::step, py::arg("table"))
      .def_static("exponential", &ValueFunction::exponential, py::arg("worst"), py::arg("best"), py::arg("shape"))
      .def("__call__", &ValueFunction::operator(), py::arg("x"));
  py::class_<Criterion>(m, "Criterion")
      .def(py::init([](std::string id, double weight, const std::string& direction, ValueFunction value,
                       std::optional<double> missing_rating) {
             return Criterion{std::move(id), weight, parse_criterion_direction(direction), std::move(value),
                              missing_rating};
           }),
           py::arg("id"), py::arg("weight"), py::arg("direction"), py::arg("value"),
           py::arg("missing_rating") = py::none())
      .def_readonly("id", &Criterion::id)
      .def_readonly("weight", &Criterion::weight);
  py::class_<Request>(m, "Request")
      .def(py::init(
               [](std::string id, std::vector<double> ratings) { return Request{std::move(id), std::move(ratings)}; }),
           py::arg("id"), py::arg("ratings"));
  py::class_<ScoreResult>(m, "ScoreResult")
      .def_readonly("request_ids", &ScoreResult::request_ids)
      .def_readonly("criterion_ids", &ScoreResult::criterion_ids)
      .def_readonly("weight", &ScoreResult::weight)
      .def_readonly("score", &ScoreResult::score)
      .def_readonly("rank", &ScoreResult::rank)
      .def_readonly("value", &ScoreResult::value)
      .def_readonly("contribution", &ScoreResult::contribution)
      .def_readonly("imputed", &ScoreResult::imputed)
      .def_readonly("d_plus", &ScoreResult::d_plus)
      .def_readonly("d_minus", &ScoreResult::d_minus);
  m.def("score_weighted_sum", &score_weighted_sum, py::arg("criteria"), py::arg("requests"));
  m.def(
      "score_topsis",
      [](const std::vector<Criterion>& c, const std::vector<Request>& r, bool on_values) {
        TopsisOptions o;
        o.on_values = on_values;
        return score_topsis(c, r, o);
      },
      py::arg("criteria"), py::arg("requests"), py::arg("on_values") = false);
}

}  // namespace styrkort::bindings
