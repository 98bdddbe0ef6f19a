// The evaluation: the evaluator, the panel it prepares from measurements and the
// evaluations it makes of a panel (numpy views of the engine's arrays), and the
// words and bits that decode those arrays.
#include <cmath>
#include <string>

#include "common.hpp"
#include "styrkort/evaluator.hpp"

namespace styrkort::bindings {

namespace {

// The names of an enum's values in the order of their codes (to_string gives
// "?" past the last).
template <class T>
py::list names() {
  py::list out;
  for (int k = 0;; ++k) {
    const char* n = to_string(static_cast<T>(k));
    if (std::string(n) == "?") break;
    out.append(n);
  }
  return out;
}

// Warnings as columns (code, node, unit, period as indices, -1 for all; message).
py::dict warning_columns(const std::vector<Warning>& ws) {
  py::list code, message;
  std::vector<int> node, unit, period;
  for (const auto& w : ws) {
    code.append(to_string(w.code));
    message.append(w.message);
    node.push_back(w.node);
    unit.push_back(w.unit);
    period.push_back(w.period);
  }
  py::dict d;
  d["code"] = code;
  d["node"] = node;
  d["unit"] = unit;
  d["period"] = period;
  d["message"] = message;
  return d;
}

template <class T>
std::vector<T> optional_vector(const py::object& o) {
  if (o.is_none()) return {};
  return to_vector<T>(Array<T>::ensure(o));
}

// The engine's arrays as numpy views (no copy) that keep the panel or the
// evaluation alive. A panel is shared by every evaluation made from it, so
// its views are read-only. Shapes: (indicators, units, periods) for a panel,
// (nodes, units, periods) per node and (aggregates, units, periods) per
// aggregate for an evaluation.
template <class V>
void def_panel_array(py::class_<Panel, std::shared_ptr<Panel>>& cls, const char* name, V Panel::* field) {
  cls.def_property_readonly(name, [field](py::object self) {
    auto& p = const_cast<Panel&>(self.cast<const Panel&>());
    return view(p.*field, {p.n_indicators, p.n_units, p.n_periods}, self, false);
  });
}

template <class V>
void def_node_array(py::class_<Evaluation>& cls, const char* name, V Evaluation::* field) {
  cls.def_property_readonly(name, [field](py::object self) {
    auto& e = self.cast<Evaluation&>();
    return view(e.*field, {e.n_nodes, e.n_units, e.n_periods}, self);
  });
}

template <class V>
void def_aggregate_array(py::class_<Evaluation>& cls, const char* name, V Evaluation::* field) {
  cls.def_property_readonly(name, [field](py::object self) {
    auto& e = self.cast<Evaluation&>();
    return view(e.*field, {static_cast<py::ssize_t>(e.aggregates.size()), e.n_units, e.n_periods}, self);
  });
}

}  // namespace

void register_evaluation(py::module_& m) {
  // The names of every state and method, in the order of their codes, so that
  // Python decodes the engine's integer arrays with the engine's own words.
  py::dict vocabulary;
  vocabulary["status"] = names<Status>();
  vocabulary["trend"] = names<TrendCategory>();
  vocabulary["arrow"] = names<Arrow>();
  vocabulary["normalisation"] = names<Normalisation>();
  vocabulary["aggregation"] = names<Aggregation>();
  vocabulary["node_kind"] = names<NodeKind>();
  vocabulary["direction"] = names<Direction>();
  vocabulary["activity_status"] = names<ActivityStatus>();
  vocabulary["means"] = names<Means>();
  vocabulary["warning"] = names<WarningCode>();
  vocabulary["interpolation"] = names<Interpolation>();
  py::list origins;
  for (int k = -1; k <= 2; ++k) origins.append(to_string(static_cast<ValueOrigin>(k)));
  vocabulary["origin"] = origins;  // codes -1..2
  // The bits of Evaluation.flags.
  py::dict flags;
  flags["capped_low"] = int(kCappedLow);
  flags["capped_high"] = int(kCappedHigh);
  flags["low_coverage"] = int(kLowCoverage);
  flags["subunit_values_only"] = int(kSubunitsOnly);
  flags["missing_target"] = int(kNoTarget);
  flags["imputed"] = int(kImputed);
  flags["not_scored"] = int(kNotScored);
  flags["whole_thresholds"] = int(kWholeThresholds);
  m.attr("cell_flags") = flags;
  m.attr("vocabulary") = vocabulary;

  py::class_<Panel, std::shared_ptr<Panel>> panel(m, "Panel");
  panel
      .def_property_readonly("shape",
                             [](const Panel& p) { return py::make_tuple(p.n_indicators, p.n_units, p.n_periods); })
      .def_property_readonly("period_ids",
                             [](const Panel& p) {
                               std::vector<std::string> ids;
                               for (const auto& q : p.periods) ids.push_back(q.id);
                               return ids;
                             })
      .def_property_readonly("period_times", [](const Panel& p) {
        std::vector<double> t;
        for (const auto& q : p.periods) t.push_back(q.time);
        return t;
      });
  def_panel_array(panel, "value", &Panel::value);
  def_panel_array(panel, "origin", &Panel::origin);
  def_panel_array(panel, "trend", &Panel::trend);
  def_panel_array(panel, "trend_ratio", &Panel::trend_ratio);
  def_panel_array(panel, "arrow", &Panel::arrow);
  def_panel_array(panel, "forecast", &Panel::forecast);
  panel
      // A unit's baseline (the starting point the engine uses: the unit's value at
      // the baseline period, else the declared one) and its target path's points.
      .def(
          "reference_points",
          [](const Panel& p, int i, int u) {
            if (i < 0 || i >= p.n_indicators || u < 0 || u >= p.n_units)
              throw std::out_of_range("reference_points: indicator or unit out of range");
            const std::size_t iu = static_cast<std::size_t>(i) * p.n_units + u;
            py::list out;
            const int b = p.baseline_index[iu];
            if (b >= 0) {
              double x0 = p.value[p.cell(i, u, b)];
              if (std::isnan(x0)) x0 = p.baseline_value[iu];
              if (!std::isnan(x0)) out.append(py::make_tuple("baseline", p.periods[b].id, x0));
            }
            const int path = p.target_path[iu];
            if (path >= 0)
              for (int k = p.path_point_start[path]; k < p.path_point_start[path + 1]; ++k)
                out.append(py::make_tuple(k + 1 < p.path_point_start[path + 1] ? "milestone" : "target",
                                          p.periods[p.path_point_period[k]].id, p.path_point_value[k]));
            return out;
          },
          py::arg("indicator"), py::arg("unit"))
      // The target in force per cell (targets are stored as shared paths; this
      // spreads them out, so it is a new array).
      .def_property_readonly("target", [](const Panel& p) {
        py::array_t<double> out({p.n_indicators, p.n_units, p.n_periods});
        double* o = out.mutable_data();
        for (int i = 0; i < p.n_indicators; ++i)
          for (int u = 0; u < p.n_units; ++u)
            for (int t = 0; t < p.n_periods; ++t) *o++ = p.target(i, u, t);
        return out;
      });

  py::class_<Evaluation> evaluation(m, "Evaluation");
  def_node_array(evaluation, "score", &Evaluation::score);
  def_node_array(evaluation, "status", &Evaluation::status);
  def_node_array(evaluation, "flags", &Evaluation::flags);
  def_aggregate_array(evaluation, "coverage", &Evaluation::coverage);
  def_aggregate_array(evaluation, "rank", &Evaluation::rank);
  def_aggregate_array(evaluation, "indicators_present", &Evaluation::indicators_present);
  def_aggregate_array(evaluation, "indicators_total", &Evaluation::indicators_total);
  evaluation.def_property_readonly("aggregates", [](const Evaluation& e) { return e.aggregates; })
      .def_property_readonly("panel", [](const Evaluation& e) { return std::const_pointer_cast<Panel>(e.panel); })
      .def_property_readonly("overrides",
                             [](const Evaluation& e) {
                               py::list out;
                               for (const auto& o : e.overrides)
                                 out.append(py::make_tuple(o.node, o.unit, o.period, to_string(o.computed),
                                                           to_string(o.manual), o.comment));
                               return out;
                             })
      .def_property_readonly("comments",
                             [](const Evaluation& e) {
                               py::list out;
                               for (const auto& c : e.comments)
                                 out.append(py::make_tuple(c.node, c.unit, c.period, c.text));
                               return out;
                             })
      .def_property_readonly("normalisation", [](const Evaluation& e) {
        py::list out;
        for (auto k : e.normalisation)
          out.append(k < 0 ? py::object(py::none()) : py::object(py::str(to_string(static_cast<Normalisation>(k)))));
        return out;
      });

  py::class_<Evaluator>(m, "Evaluator")
      .def(py::init([](const Strategy& s) {
             py::gil_scoped_release release;
             return Evaluator(s);
           }),
           py::arg("strategy"))
      .def_property_readonly("strategy", &Evaluator::strategy, py::return_value_policy::reference_internal)
      .def_property_readonly("indicators", &Evaluator::indicators)
      .def("link_columns",
           [](const Evaluator& e) {
             std::vector<int> child, parent;
             std::vector<double> weight;
             for (const auto& l : e.links()) {
               child.push_back(l.child);
               parent.push_back(l.parent);
               weight.push_back(l.weight);
             }
             py::dict d;
             d["child"] = child;
             d["parent"] = parent;
             d["weight"] = weight;
             return d;
           })
      .def(
          "prepare",
          [](const Evaluator& e, const Measurements& m, int threads) {
            std::shared_ptr<const Panel> p;
            {
              py::gil_scoped_release release;
              p = e.prepare(m, threads);
            }
            return std::const_pointer_cast<Panel>(p);
          },
          py::arg("measurements"), py::arg("threads") = 0)
      .def(
          "evaluate",
          [](const Evaluator& e, std::shared_ptr<Panel> panel, const py::object& link_weights,
             const py::object& normalisation, const py::object& aggregation, const py::object& power, int threads) {
            EvaluationOptions o;
            o.link_weights = optional_vector<double>(link_weights);
            o.normalisation = optional_vector<std::int8_t>(normalisation);
            o.aggregation = optional_vector<std::int8_t>(aggregation);
            o.power = optional_vector<double>(power);
            o.threads = threads;
            py::gil_scoped_release release;
            return e.evaluate(panel, o);
          },
          py::arg("panel"), py::arg("link_weights") = py::none(), py::arg("normalisation") = py::none(),
          py::arg("aggregation") = py::none(), py::arg("power") = py::none(), py::arg("threads") = 0)
      .def("strategy_warnings", [](const Evaluator& e) { return warning_columns(e.strategy_warnings()); })
      .def(
          "warnings",
          [](const Evaluator& evaluator, const Evaluation& e) {
            std::vector<Warning> w;
            {
              py::gil_scoped_release release;
              w = evaluator.warnings(e);
            }
            return warning_columns(w);
          },
          py::arg("evaluation"))
      .def(
          "reasons",
          [](const Evaluator& evaluator, const Evaluation& e, const py::object& node, const py::object& unit,
             const py::object& period) {
            const auto n = to_vector<std::int32_t>(Array<std::int32_t>::ensure(node));
            const auto u = to_vector<std::int32_t>(Array<std::int32_t>::ensure(unit));
            const auto t = to_vector<std::int32_t>(Array<std::int32_t>::ensure(period));
            if (n.size() != u.size() || n.size() != t.size())
              throw py::value_error("node, unit and period differ in length");
            std::vector<std::string> out(n.size());
            {
              py::gil_scoped_release release;
              for (std::size_t k = 0; k < n.size(); ++k) {
                if (n[k] < 0 || n[k] >= e.n_nodes || u[k] < 0 || u[k] >= e.n_units || t[k] < 0 || t[k] >= e.n_periods)
                  throw std::out_of_range("reasons: cell out of range");
                out[k] = evaluator.reason(e, n[k], u[k], t[k]);
              }
            }
            return out;
          },
          py::arg("evaluation"), py::arg("node"), py::arg("unit"), py::arg("period"));
}

}  // namespace styrkort::bindings
