// The model: a strategy (read from JSON, shown as columns) and a table of
// measurements viewing numpy arrays.
#include <array>
#include <cmath>
#include <map>
#include <unordered_map>

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

// Category codes viewing a 1-d numpy array of signed integers as they are (a
// pandas categorical's codes are int8 or int16 for most tables); other arrays
// (unsigned, float, a list) are converted to int32 once.
Codes codes(const py::object& o) {
  if (py::isinstance<py::array>(o)) {
    auto a = py::reinterpret_borrow<py::array>(o);
    const char kind = a.dtype().kind();
    const auto width = static_cast<int>(a.itemsize());
    const bool contiguous = (a.flags() & py::array::c_style) != 0;
    if (kind == 'i' && a.ndim() == 1 && contiguous && (width == 1 || width == 2 || width == 4 || width == 8)) {
      auto* keep = new py::object(a);
      std::shared_ptr<const void> owner(keep, [](const void* p) {
        py::gil_scoped_acquire gil;
        delete static_cast<const py::object*>(p);
      });
      return Codes(a.data(), static_cast<std::size_t>(a.size()), width, std::move(owner));
    }
  }
  return Codes(column<std::int32_t>(o));
}

py::object number_or_none(double x) { return std::isnan(x) ? py::none() : py::object(py::float_(x)); }

// One row per node, named as the nodes table of Strategy.from_tables (the
// field list in styrkort/_tables.py; a test checks that they agree), with what
// the engine resolved: the strategy's defaults filled in, `parents` and
// `weights` as lists (the table's `parent` and one `weight`), units as lists.
py::dict node_columns(const Strategy& s) {
  std::map<std::string, py::list> c;
  auto text_or_none = [](bool given, const std::string& x) {
    return given ? py::object(py::str(x)) : py::object(py::none());
  };
  // The words of the methods and kinds, one Python string each for the whole
  // table (not one per cell: a strategy may have 10^6 nodes).
  std::unordered_map<const char*, py::object> words;
  auto word = [&](const char* w) -> py::object {
    py::object& o = words[w];
    if (!o) o = py::str(w);
    return o;
  };
  auto word_or_none = [&](bool given, const char* w) { return given ? word(w) : py::object(py::none()); };
  auto unit_ids = [&](const std::vector<int>& units) {
    py::list out;
    for (int u : units) out.append(s.units[u].id);
    return out;
  };
  // One lookup per column, not per cell (a strategy may have 10^6 nodes).
  py::list& col_id = c["id"];
  py::list& col_kind = c["kind"];
  py::list& col_name = c["name"];
  py::list& col_owner = c["owner"];
  py::list& col_priority = c["priority"];
  py::list& col_parents = c["parents"];
  py::list& col_weights = c["weights"];
  py::list& col_unit_of_measure = c["unit_of_measure"];
  py::list& col_direction = c["direction"];
  py::list& col_band_low = c["band_low"];
  py::list& col_band_high = c["band_high"];
  py::list& col_tolerance = c["tolerance"];
  py::list& col_baseline_value = c["baseline_value"];
  py::list& col_baseline_period = c["baseline_period"];
  py::list& col_target_value = c["target_value"];
  py::list& col_target_period = c["target_period"];
  py::list& col_target_interpolation = c["target_interpolation"];
  py::list& col_target_share = c["target_share"];
  py::list& col_worst = c["worst"];
  py::list& col_best = c["best"];
  py::list& col_normalisation = c["normalisation"];
  py::list& col_aggregation = c["aggregation"];
  py::list& col_p = c["p"];
  py::list& col_min_coverage = c["min_coverage"];
  py::list& col_min_indicator_coverage = c["min_indicator_coverage"];
  py::list& col_impute = c["impute"];
  py::list& col_impute_min_indicator_coverage = c["impute_min_indicator_coverage"];
  py::list& col_impute_min_sibling_values = c["impute_min_sibling_values"];
  py::list& col_status_rule = c["status_rule"];
  py::list& col_status_green = c["status_green"];
  py::list& col_status_yellow = c["status_yellow"];
  py::list& col_status_orange = c["status_orange"];
  py::list& col_status_red = c["status_red"];
  py::list& col_unit_aggregation = c["unit_aggregation"];
  py::list& col_carry_forward = c["carry_forward"];
  py::list& col_trend_model = c["trend_model"];
  py::list& col_trend_start = c["trend_start"];
  py::list& col_trend_horizon = c["trend_horizon"];
  py::list& col_not_applicable = c["not_applicable"];
  py::list& col_not_scored = c["not_scored"];
  for (const auto& n : s.nodes) {
    const bool ind = n.is_indicator();
    col_id.append(n.id);
    col_kind.append(word(to_string(n.kind)));
    col_name.append(n.name);
    col_owner.append(n.owner);
    col_priority.append(n.priority > 0 ? py::object(py::int_(n.priority)) : py::none());
    py::list ps, ws;
    for (const auto& l : n.parents) {
      ps.append(l.parent_id);
      ws.append(l.weight);
    }
    col_parents.append(ps);
    col_weights.append(ws);
    col_unit_of_measure.append(n.unit_of_measure);
    col_direction.append(word_or_none(ind, to_string(n.direction)));
    col_band_low.append(number_or_none(n.band_low));
    col_band_high.append(number_or_none(n.band_high));
    col_tolerance.append(number_or_none(n.tolerance));
    col_baseline_value.append(number_or_none(n.baseline.value));
    col_baseline_period.append(text_or_none(n.baseline.given(), n.baseline.period));
    col_target_value.append(number_or_none(n.target.value));
    col_target_period.append(text_or_none(n.target.given(), n.target.period));
    col_target_interpolation.append(word_or_none(ind && n.target.given(), to_string(n.target.interpolation)));
    col_target_share.append(word_or_none(ind, to_string(n.target_share)));
    col_worst.append(number_or_none(n.worst));
    col_best.append(number_or_none(n.best));
    const auto norm = ind ? s.normalisation_of(n) : std::nullopt;
    col_normalisation.append(norm ? word(to_string(*norm)) : py::object(py::none()));
    const AggregationSpec agg = s.aggregation_of(n);
    col_aggregation.append(word_or_none(!ind, to_string(agg.method)));
    col_p.append(!ind && agg.method == Aggregation::power ? py::object(py::float_(agg.p)) : py::none());
    col_min_coverage.append(ind ? py::object(py::none()) : py::object(py::float_(n.min_coverage)));
    col_min_indicator_coverage.append(ind ? py::object(py::none())
                                          : py::object(py::float_(s.min_indicator_coverage_of(n))));
    col_impute.append(word(to_string(n.impute.method)));
    const bool imputes = n.impute.method != ImputeMethod::none;
    col_impute_min_indicator_coverage.append(!ind && imputes ? py::object(py::float_(n.impute.min_indicator_coverage))
                                                             : py::none());
    col_impute_min_sibling_values.append(ind && imputes ? py::object(py::int_(n.impute.min_sibling_values))
                                                        : py::none());
    const StatusRule rule = s.status_rule_of(n);
    col_status_rule.append(word(to_string(rule.method)));
    col_status_green.append(number_or_none(rule.green));
    col_status_yellow.append(number_or_none(rule.yellow));
    col_status_orange.append(number_or_none(rule.orange));
    col_status_red.append(number_or_none(rule.red));
    col_unit_aggregation.append(word_or_none(ind, to_string(n.unit_aggregation)));
    col_carry_forward.append(ind ? py::object(py::float_(s.carry_forward_of(n))) : py::none());
    const TrendSpec trend = s.trend_of(n);
    col_trend_model.append(word_or_none(ind, to_string(trend.model)));
    col_trend_start.append(text_or_none(ind && !trend.start.empty(), trend.start));
    col_trend_horizon.append(text_or_none(ind && !trend.horizon.empty(), trend.horizon));
    col_not_applicable.append(unit_ids(n.not_applicable));
    col_not_scored.append(unit_ids(n.not_scored));
  }
  // The columns in the order people read them (the table's order).
  static const char* const order[] = {"id",
                                      "kind",
                                      "name",
                                      "owner",
                                      "priority",
                                      "parents",
                                      "weights",
                                      "unit_of_measure",
                                      "direction",
                                      "baseline_value",
                                      "baseline_period",
                                      "target_value",
                                      "target_period",
                                      "target_interpolation",
                                      "target_share",
                                      "worst",
                                      "best",
                                      "band_low",
                                      "band_high",
                                      "tolerance",
                                      "normalisation",
                                      "aggregation",
                                      "p",
                                      "min_coverage",
                                      "min_indicator_coverage",
                                      "impute",
                                      "impute_min_indicator_coverage",
                                      "impute_min_sibling_values",
                                      "status_rule",
                                      "status_green",
                                      "status_yellow",
                                      "status_orange",
                                      "status_red",
                                      "unit_aggregation",
                                      "carry_forward",
                                      "trend_model",
                                      "trend_start",
                                      "trend_horizon",
                                      "not_applicable",
                                      "not_scored"};
  py::dict d;
  for (const char* k : order) d[k] = c.at(k);
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
             // contiguous signed integers / float64), kept alive with the measurements.
             auto ic = codes(indicator), uc = codes(unit), pc = codes(period);
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
