// Splitting a budget across focus areas: the table of focus areas (FocusAreas,
// opaque: see common.hpp), the split methods and their results.
#include "common.hpp"
#include "styrkort/split.hpp"

namespace styrkort::bindings {

void register_split(py::module_& m) {
  py::class_<BenefitSegment>(m, "BenefitSegment")
      .def(py::init([](double length, double slope) { return BenefitSegment{length, slope}; }), py::arg("length"),
           py::arg("slope"))
      .def_readwrite("length", &BenefitSegment::length)
      .def_readwrite("slope", &BenefitSegment::slope);
  py::class_<Grant>(m, "Grant")
      .def(py::init([](std::string id, double rate, double cap) { return Grant{std::move(id), rate, cap}; }),
           py::arg("id"), py::arg("rate"), py::arg("cap") = std::numeric_limits<double>::infinity())
      .def_readwrite("id", &Grant::id)
      .def_readwrite("rate", &Grant::rate)
      .def_readwrite("cap", &Grant::cap);
  py::class_<FocusArea>(m, "FocusArea")
      .def(py::init<>())
      .def_readwrite("id", &FocusArea::id)
      .def_readwrite("weight", &FocusArea::weight)
      .def_readwrite("priority", &FocusArea::priority)
      .def_readwrite("floor", &FocusArea::floor)
      .def_readwrite("cap", &FocusArea::cap)
      .def_readwrite("benefit", &FocusArea::benefit)
      .def_readwrite("grants", &FocusArea::grants)
      .def_readwrite("noneligible_share", &FocusArea::noneligible_share)
      .def_readwrite("money_per_unit", &FocusArea::money_per_unit)
      .def_readwrite("hours_per_unit", &FocusArea::hours_per_unit);

  py::class_<std::vector<FocusArea>>(m, "FocusAreas")
      .def("__len__", [](const std::vector<FocusArea>& v) { return v.size(); })
      .def(
          "__getitem__",
          [](const std::vector<FocusArea>& v, std::size_t i) {
            if (i >= v.size()) throw py::index_error("focus area index out of range");
            return v[i];
          },
          py::arg("index"))
      // An iterator of copies, as __getitem__ gives (Python iterated through
      // __getitem__ before), so that the stubs can say FocusAreas is iterable.
      .def(
          "__iter__",
          [](const std::vector<FocusArea>& v) {
            return py::make_iterator<py::return_value_policy::copy>(v.begin(), v.end());
          },
          py::keep_alive<0, 1>());
  m.def(
      "focus_areas",
      [](const std::vector<std::string>& ids, const std::vector<double>& weight, const std::vector<int>& priority,
         const std::vector<double>& floor, const std::vector<double>& cap, const std::vector<double>& noneligible,
         const std::vector<double>& money_per_unit, const std::vector<double>& hours_per_unit,
         const py::object& benefit, const py::object& grants) {
        const std::size_t n = ids.size();
        for (auto size : {weight.size(), priority.size(), floor.size(), cap.size(), noneligible.size(),
                          money_per_unit.size(), hours_per_unit.size()})
          if (size != n) throw ArgumentError("focus_areas: every column needs one entry per focus area");
        std::vector<FocusArea> focus_areas(n);
        for (std::size_t i = 0; i < n; ++i) {
          FocusArea& a = focus_areas[i];
          a.id = ids[i];
          a.weight = weight[i];
          a.priority = priority[i];
          a.floor = floor[i];
          a.cap = cap[i];
          a.noneligible_share = noneligible[i];
          a.money_per_unit = money_per_unit[i];
          a.hours_per_unit = hours_per_unit[i];
        }
        if (!benefit.is_none()) {
          auto b = benefit.cast<std::vector<std::vector<BenefitSegment>>>();
          if (b.size() != n) throw ArgumentError("focus_areas: benefit needs one entry per focus area");
          for (std::size_t i = 0; i < n; ++i) focus_areas[i].benefit = std::move(b[i]);
        }
        if (!grants.is_none()) {
          auto g = grants.cast<std::vector<std::vector<Grant>>>();
          if (g.size() != n) throw ArgumentError("focus_areas: grants needs one entry per focus area");
          for (std::size_t i = 0; i < n; ++i) focus_areas[i].grants = std::move(g[i]);
        }
        return focus_areas;
      },
      py::arg("ids"), py::arg("weight"), py::arg("priority"), py::arg("floor"), py::arg("cap"), py::arg("noneligible"),
      py::arg("money_per_unit"), py::arg("hours_per_unit"), py::arg("benefit") = py::none(),
      py::arg("grants") = py::none());

  py::class_<SplitResult>(m, "SplitResult")
      .def_readonly("amount", &SplitResult::amount)
      .def_readonly("binding", &SplitResult::binding)
      .def_readonly("level", &SplitResult::level)
      .def_readonly("marginal_value", &SplitResult::marginal_value)
      .def_readonly("objective", &SplitResult::objective)
      .def_readonly("unspent", &SplitResult::unspent)
      .def_readonly("explanation", &SplitResult::explanation);
  py::class_<LeverageResult, SplitResult>(m, "LeverageResult")
      .def_readonly("own", &LeverageResult::own)
      .def_readonly("external", &LeverageResult::external)
      .def_readonly("total", &LeverageResult::total);
  py::class_<ResourceSplitResult, SplitResult>(m, "ResourceSplitResult")
      .def_readonly("money", &ResourceSplitResult::money)
      .def_readonly("hours", &ResourceSplitResult::hours)
      .def_readonly("shadow_money", &ResourceSplitResult::shadow_money)
      .def_readonly("shadow_hours", &ResourceSplitResult::shadow_hours)
      .def_readonly("binding_resource", &ResourceSplitResult::binding_resource)
      .def_readonly("unspent_hours", &ResourceSplitResult::unspent_hours);

  m.def("split_priority", &split_priority, py::arg("focus_areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_proportional", &split_proportional, py::arg("focus_areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_diminishing", &split_diminishing, py::arg("focus_areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def(
      "split_units",
      [](const std::vector<FocusArea>& focus_areas, long long units, const std::string& method) {
        const Apportionment a = parse_or_throw<Apportionment>(method, "apportionment");
        py::gil_scoped_release release;
        return split_units(focus_areas, units, a);
      },
      py::arg("focus_areas"), py::arg("units"), py::arg("method") = "dhondt");
  m.def("split_leverage", &split_leverage, py::arg("focus_areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_resources", &split_resources, py::arg("focus_areas"), py::arg("money"), py::arg("hours"),
        py::call_guard<py::gil_scoped_release>());
  m.def("leverage_factor", &leverage_factor, py::arg("rate"), py::arg("noneligible_share") = 0.0);
}

}  // namespace styrkort::bindings
