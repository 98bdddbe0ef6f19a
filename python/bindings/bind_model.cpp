// The model: a strategy (read from JSON, shown as columns) and a table of
// measurements viewing numpy arrays.
#include <array>
#include <cmath>

#include "common.hpp"
#include "styrkort/measurements.hpp"
#include "styrkort/strategy_json.hpp"

namespace styrkort::bindings {

namespace {

// A Column viewing a 1-d numpy array; the array is released under the GIL.
template <class T>
Column<T> column(const py::object& o) {
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(o);
  if (!a) throw py::type_error("expected an array of numbers");
  if (a.ndim() != 1) throw py::value_error("expected a one-dimensional array");
  auto* keep = new py::object(a);
  std::shared_ptr<const void> owner(keep, [](const void* p) {
    py::gil_scoped_acquire gil;
    delete static_cast<const py::object*>(p);
  });
  return Column<T>(a.data(), static_cast<std::size_t>(a.size()), std::move(owner));
}

py::object number_or_none(double x) { return std::isnan(x) ? py::none() : py::object(py::float_(x)); }

py::dict node_columns(const Strategy& s) {
  py::list id, kind, name, owner, priority, parents, unit_of_measure, direction, baseline_value, baseline_period,
      target_value, target_period, worst, best, band_low, band_high, normalisation, aggregation, status_method,
      unit_aggregation;
  for (const auto& n : s.nodes) {
    id.append(n.id);
    kind.append(to_string(n.kind));
    name.append(n.name);
    owner.append(n.owner);
    priority.append(n.priority > 0 ? py::object(py::int_(n.priority)) : py::none());
    py::list ps;
    for (const auto& l : n.parents) ps.append(l.parent_id);
    parents.append(ps);
    const bool ind = n.is_indicator();
    unit_of_measure.append(n.unit_of_measure);
    direction.append(ind ? py::object(py::str(to_string(n.direction))) : py::none());
    baseline_value.append(number_or_none(n.baseline.value));
    baseline_period.append(n.baseline.given() ? py::object(py::str(n.baseline.period)) : py::none());
    target_value.append(number_or_none(n.target.value));
    target_period.append(n.target.given() ? py::object(py::str(n.target.period)) : py::none());
    worst.append(number_or_none(n.worst));
    best.append(number_or_none(n.best));
    band_low.append(number_or_none(n.band_low));
    band_high.append(number_or_none(n.band_high));
    const auto norm = ind ? s.normalisation_of(n) : std::nullopt;
    normalisation.append(norm ? py::object(py::str(to_string(*norm))) : py::none());
    aggregation.append(ind ? py::none() : py::object(py::str(to_string(s.aggregation_of(n).method))));
    status_method.append(to_string(s.status_rule_of(n).method));
    unit_aggregation.append(ind ? py::object(py::str(to_string(n.unit_aggregation))) : py::none());
  }
  py::dict d;
  d["id"] = id;
  d["kind"] = kind;
  d["name"] = name;
  d["owner"] = owner;
  d["priority"] = priority;
  d["parents"] = parents;
  d["unit_of_measure"] = unit_of_measure;
  d["direction"] = direction;
  d["baseline_value"] = baseline_value;
  d["baseline_period"] = baseline_period;
  d["target_value"] = target_value;
  d["target_period"] = target_period;
  d["worst"] = worst;
  d["best"] = best;
  d["band_low"] = band_low;
  d["band_high"] = band_high;
  d["normalisation"] = normalisation;
  d["aggregation"] = aggregation;
  d["status_rule"] = status_method;
  d["unit_aggregation"] = unit_aggregation;
  return d;
}

py::dict unit_columns(const Strategy& s) {
  py::list id, name, kind, parent, weight, peer_group;
  for (const auto& u : s.units) {
    id.append(u.id);
    name.append(u.name);
    kind.append(u.kind);
    parent.append(u.parent_id.empty() ? py::none() : py::object(py::str(u.parent_id)));
    weight.append(u.weight);
    peer_group.append(u.peer_group);
  }
  py::dict d;
  d["id"] = id;
  d["name"] = name;
  d["kind"] = kind;
  d["parent"] = parent;
  d["weight"] = weight;
  d["peer_group"] = peer_group;
  return d;
}

py::dict activity_columns(const Strategy& s) {
  py::list id, name, focus_area, year, directions, means, owner, unit, planned_cost, spent_cost, planned_hours,
      spent_hours, status, gas_attained, gas_weight;
  std::array<py::list, 5> gas_levels;
  for (const auto& a : s.activities) {
    id.append(a.id);
    name.append(a.name);
    focus_area.append(a.focus_area_id);
    year.append(a.year ? py::object(py::int_(a.year)) : py::none());
    directions.append(a.directions);
    means.append(a.means ? py::object(py::str(to_string(*a.means))) : py::none());
    owner.append(a.owner);
    unit.append(a.unit_id);
    planned_cost.append(number_or_none(a.planned_cost));
    spent_cost.append(number_or_none(a.spent_cost));
    planned_hours.append(number_or_none(a.planned_hours));
    spent_hours.append(number_or_none(a.spent_hours));
    status.append(to_string(a.status));
    for (int k = 0; k < 5; ++k)
      gas_levels[k].append(a.gas && !a.gas->levels[k].empty() ? py::object(py::str(a.gas->levels[k])) : py::none());
    gas_attained.append(a.gas && a.gas->attained ? py::object(py::int_(*a.gas->attained)) : py::none());
    gas_weight.append(a.gas ? py::object(py::float_(a.gas->weight)) : py::none());
  }
  py::dict d;
  d["id"] = id;
  d["name"] = name;
  d["focus_area"] = focus_area;
  d["year"] = year;
  d["directions"] = directions;
  d["means"] = means;
  d["owner"] = owner;
  d["unit"] = unit;
  d["planned_cost"] = planned_cost;
  d["spent_cost"] = spent_cost;
  d["planned_hours"] = planned_hours;
  d["spent_hours"] = spent_hours;
  d["status"] = status;
  // Goal Attainment Scaling: the descriptions of levels -2..+2, the attained
  // level and the weight, named as the table columns of Strategy.from_tables.
  const char* level_names[5] = {"gas_minus2", "gas_minus1", "gas_expected", "gas_plus1", "gas_plus2"};
  for (int k = 0; k < 5; ++k) d[level_names[k]] = gas_levels[k];
  d["gas_attained"] = gas_attained;
  d["gas_weight"] = gas_weight;
  return d;
}

}  // namespace

void register_model(py::module_& m) {
  m.def(
      "strategy_format_keys",
      [] {
        py::dict out;
        for (const auto& kind : format_keys()) {
          py::list keys;
          for (const char* k : kind.keys) keys.append(k);
          out[kind.kind] = keys;
        }
        return out;
      },
      "The keys each kind of object of the strategy format allows: the reader's own lists.");
  py::class_<Strategy>(m, "Strategy")
      .def_static(
          "from_json",
          [](const std::string& text, const std::string& source) {
            py::gil_scoped_release release;
            return strategy_from_json(text, source);
          },
          py::arg("text"), py::arg("source") = "strategy")
      .def("to_json", &strategy_to_json, py::arg("indent") = 2)
      .def_readonly("name", &Strategy::name)
      .def_readonly("organisation", &Strategy::organisation)
      .def_readonly("source", &Strategy::source)
      .def("node_columns", &node_columns)
      .def("unit_columns", &unit_columns)
      .def("activity_columns", &activity_columns)
      .def("period_columns",
           [](const Strategy& s) {
             py::list id, kind, time;
             for (const auto& p : s.periods) {
               id.append(p.id);
               kind.append(to_string(p.kind));
               time.append(p.time);
             }
             py::dict d;
             d["id"] = id;
             d["kind"] = kind;
             d["time"] = time;
             return d;
           })
      .def("assessment_columns", [](const Strategy& s) {
        py::list node, unit, period, status, comment;
        for (const auto& a : s.assessments) {
          node.append(a.node_id);
          unit.append(s.units[a.unit].id);
          period.append(a.period);
          status.append(a.status ? py::object(py::str(to_string(*a.status))) : py::none());
          comment.append(a.comment);
        }
        py::dict d;
        d["node"] = node;
        d["unit"] = unit;
        d["period"] = period;
        d["status"] = status;
        d["comment"] = comment;
        return d;
      });

  py::class_<Measurements>(m, "Measurements")
      .def(py::init([](std::vector<std::string> indicator_ids, std::vector<std::string> unit_ids,
                       std::vector<std::string> period_ids, const py::object& indicator, const py::object& unit,
                       const py::object& period, const py::object& value, std::string source, std::int64_t first_row) {
             // Views of the numpy arrays (converted once if they are not
             // contiguous int32 / float64), kept alive with the measurements.
             auto ic = column<std::int32_t>(indicator), uc = column<std::int32_t>(unit),
                  pc = column<std::int32_t>(period);
             auto v = column<double>(value);
             py::gil_scoped_release release;
             return Measurements(std::move(indicator_ids), std::move(unit_ids), std::move(period_ids), std::move(ic),
                                 std::move(uc), std::move(pc), std::move(v), std::move(source), first_row);
           }),
           py::arg("indicator_ids"), py::arg("unit_ids"), py::arg("period_ids"), py::arg("indicator"), py::arg("unit"),
           py::arg("period"), py::arg("value"), py::arg("source") = "measurements", py::arg("first_row") = 1)
      .def("__len__", &Measurements::size);
}

}  // namespace styrkort::bindings
