// Choosing projects within a budget: the problem built from columns, the exact
// (branch and bound) and greedy selections and their result.
#include <tuple>

#include "common.hpp"
#include "styrkort/selection.hpp"

namespace styrkort::bindings {

namespace {

// A selection problem from columns (one entry per item), built in C++ so that
// thousands of items cost no per-row Python.
SelectionProblem selection_problem(const std::vector<std::string>& ids, const std::vector<double>& cost,
                                   const std::vector<double>& hours, const std::vector<double>& external,
                                   const std::vector<double>& rate, const std::vector<double>& value,
                                   const std::vector<std::string>& focus_area, const std::vector<std::string>& group,
                                   const std::vector<bool>& must, const std::vector<bool>& never, double budget,
                                   double hours_budget,
                                   const std::vector<std::tuple<std::string, double, double>>& limits) {
  const std::size_t n = ids.size();
  for (auto size : {cost.size(), hours.size(), external.size(), rate.size(), value.size(), focus_area.size(),
                    group.size(), must.size(), never.size()})
    if (size != n) throw ArgumentError("selection: every item column needs one entry per item");
  SelectionProblem p;
  p.items.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    p.items[i] = {ids[i],   cost[i],       hours[i], external[i], rate[i],
                  value[i], focus_area[i], group[i], must[i],     never[i]};
  p.budget = budget;
  p.hours_budget = hours_budget;
  for (const auto& [a, floor, cap] : limits) p.focus_area_limits.push_back({a, floor, cap});
  return p;
}

}  // namespace

void register_selection(py::module_& m) {
  py::class_<SelectionProblem>(m, "SelectionProblem");
  m.def("selection_problem", &selection_problem, py::arg("ids"), py::arg("cost"), py::arg("hours"), py::arg("external"),
        py::arg("rate"), py::arg("value"), py::arg("focus_area"), py::arg("group"), py::arg("must"), py::arg("never"),
        py::arg("budget"), py::arg("hours_budget"), py::arg("limits"));
  py::class_<FocusAreaSpend>(m, "FocusAreaSpend")
      .def_readonly("focus_area", &FocusAreaSpend::focus_area)
      .def_readonly("cost", &FocusAreaSpend::cost)
      .def_readonly("floor", &FocusAreaSpend::floor)
      .def_readonly("cap", &FocusAreaSpend::cap);
  py::class_<SelectionResult>(m, "SelectionResult")
      .def_readonly("method", &SelectionResult::method)
      .def_readonly("feasible", &SelectionResult::feasible)
      .def_readonly("proven_optimal", &SelectionResult::proven_optimal)
      .def_readonly("selected", &SelectionResult::selected)
      .def_readonly("selected_index", &SelectionResult::selected_index)
      .def_readonly("value", &SelectionResult::value)
      .def_readonly("bound", &SelectionResult::bound)
      .def_readonly("gap", &SelectionResult::gap)
      .def_readonly("relative_gap", &SelectionResult::relative_gap)
      .def_readonly("root_bound", &SelectionResult::root_bound)
      .def_readonly("cost", &SelectionResult::cost)
      .def_readonly("hours", &SelectionResult::hours)
      .def_readonly("external", &SelectionResult::external)
      .def_readonly("focus_areas", &SelectionResult::focus_areas)
      .def_readonly("nodes", &SelectionResult::nodes)
      .def_readonly("seconds", &SelectionResult::seconds)
      .def_readonly("stopped_by", &SelectionResult::stopped_by);
  m.def(
      "select_exact",
      [](const SelectionProblem& p, double time_limit, std::int64_t node_limit) {
        SelectionOptions o;
        o.time_limit = time_limit;
        o.node_limit = node_limit;
        py::gil_scoped_release release;
        return select_exact(p, o);
      },
      py::arg("problem"), py::arg("time_limit") = 60.0, py::arg("node_limit") = 2'000'000'000);
  m.def("select_greedy", &select_greedy, py::arg("problem"), py::call_guard<py::gil_scoped_release>());
}

}  // namespace styrkort::bindings
