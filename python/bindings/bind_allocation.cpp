// Allocation: priority weights, AHP, budget splits, request scoring.
#include <pybind11/eigen.h>

#include "common.hpp"
#include "styrkort/error.hpp"
#include "styrkort/robustness.hpp"
#include "styrkort/scoring.hpp"
#include "styrkort/selection.hpp"
#include "styrkort/split.hpp"
#include "styrkort/weights.hpp"

// A table of areas stays a C++ vector on the Python side (built once by
// split_areas), so that a split of thousands of areas converts nothing per call.
PYBIND11_MAKE_OPAQUE(std::vector<styrkort::SplitArea>)

namespace styrkort::bindings {

namespace {

template <class T>
T parse_or_throw(const std::string& name, const char* what) {
  auto v = parse_name<T>(name);
  if (!v) throw ArgumentError(std::string("unknown ") + what + " '" + name + "' (allowed: " + names_of<T>() + ")");
  return *v;
}

}  // namespace

void register_allocation(py::module_& m) {
  m.def(
      "weights_from_ranks",
      [](const std::vector<int>& ranks, const std::string& method, double ratio) {
        return weights_from_ranks(ranks, parse_or_throw<RankWeighting>(method, "rank weighting"), ratio);
      },
      py::arg("ranks"), py::arg("method"), py::arg("ratio") = 2.0);
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
  py::class_<SplitArea>(m, "SplitArea")
      .def(py::init<>())
      .def_readwrite("id", &SplitArea::id)
      .def_readwrite("weight", &SplitArea::weight)
      .def_readwrite("rank", &SplitArea::rank)
      .def_readwrite("floor", &SplitArea::floor)
      .def_readwrite("cap", &SplitArea::cap)
      .def_readwrite("benefit", &SplitArea::benefit)
      .def_readwrite("grants", &SplitArea::grants)
      .def_readwrite("noneligible_share", &SplitArea::noneligible_share)
      .def_readwrite("money_per_unit", &SplitArea::money_per_unit)
      .def_readwrite("hours_per_unit", &SplitArea::hours_per_unit);

  py::class_<std::vector<SplitArea>>(m, "SplitAreas")
      .def("__len__", [](const std::vector<SplitArea>& v) { return v.size(); })
      .def("__getitem__", [](const std::vector<SplitArea>& v, std::size_t i) {
        if (i >= v.size()) throw py::index_error("area index out of range");
        return v[i];
      });
  m.def(
      "split_areas",
      [](const std::vector<std::string>& ids, const std::vector<double>& weight, const std::vector<int>& rank,
         const std::vector<double>& floor, const std::vector<double>& cap, const std::vector<double>& noneligible,
         const std::vector<double>& money_per_unit, const std::vector<double>& hours_per_unit,
         const py::object& benefit, const py::object& grants) {
        const std::size_t n = ids.size();
        for (auto size : {weight.size(), rank.size(), floor.size(), cap.size(), noneligible.size(),
                          money_per_unit.size(), hours_per_unit.size()})
          if (size != n) throw ArgumentError("split_areas: every column needs one entry per area");
        std::vector<SplitArea> areas(n);
        for (std::size_t i = 0; i < n; ++i) {
          SplitArea& a = areas[i];
          a.id = ids[i];
          a.weight = weight[i];
          a.rank = rank[i];
          a.floor = floor[i];
          a.cap = cap[i];
          a.noneligible_share = noneligible[i];
          a.money_per_unit = money_per_unit[i];
          a.hours_per_unit = hours_per_unit[i];
        }
        if (!benefit.is_none()) {
          auto b = benefit.cast<std::vector<std::vector<BenefitSegment>>>();
          if (b.size() != n) throw ArgumentError("split_areas: benefit needs one entry per area");
          for (std::size_t i = 0; i < n; ++i) areas[i].benefit = std::move(b[i]);
        }
        if (!grants.is_none()) {
          auto g = grants.cast<std::vector<std::vector<Grant>>>();
          if (g.size() != n) throw ArgumentError("split_areas: grants needs one entry per area");
          for (std::size_t i = 0; i < n; ++i) areas[i].grants = std::move(g[i]);
        }
        return areas;
      },
      py::arg("ids"), py::arg("weight"), py::arg("rank"), py::arg("floor"), py::arg("cap"), py::arg("noneligible"),
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

  m.def("split_priority", &split_priority, py::arg("areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_proportional", &split_proportional, py::arg("areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_diminishing", &split_diminishing, py::arg("areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def(
      "split_units",
      [](const std::vector<SplitArea>& areas, long long units, const std::string& method) {
        const Apportionment a = parse_or_throw<Apportionment>(method, "apportionment");
        py::gil_scoped_release release;
        return split_units(areas, units, a);
      },
      py::arg("areas"), py::arg("units"), py::arg("method") = "dhondt");
  m.def("split_leverage", &split_leverage, py::arg("areas"), py::arg("budget"),
        py::call_guard<py::gil_scoped_release>());
  m.def("split_resources", &split_resources, py::arg("areas"), py::arg("money"), py::arg("hours"),
        py::call_guard<py::gil_scoped_release>());
  m.def("leverage_factor", &leverage_factor, py::arg("rate"), py::arg("noneligible_share") = 0.0);

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
      .def(py::init([](std::string id, std::vector<double> ratings) { return Request{std::move(id), std::move(ratings)}; }),
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

// ------------------------------------------------------------ selection, robustness

namespace styrkort::bindings {

namespace {

// A selection problem from columns (one entry per item), built in C++ so that
// thousands of items cost no per-row Python.
SelectionProblem selection_problem(const std::vector<std::string>& ids, const std::vector<double>& cost,
                                   const std::vector<double>& hours, const std::vector<double>& external,
                                   const std::vector<double>& rate, const std::vector<double>& value,
                                   const std::vector<std::string>& area, const std::vector<std::string>& group,
                                   const std::vector<bool>& must, const std::vector<bool>& never, double budget,
                                   double hours_budget, const std::vector<std::tuple<std::string, double, double>>& limits) {
  const std::size_t n = ids.size();
  for (auto size : {cost.size(), hours.size(), external.size(), rate.size(), value.size(), area.size(), group.size(),
                    must.size(), never.size()})
    if (size != n) throw ArgumentError("selection: every item column needs one entry per item");
  SelectionProblem p;
  p.items.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    p.items[i] = {ids[i], cost[i], hours[i], external[i], rate[i], value[i], area[i], group[i], must[i], never[i]};
  p.budget = budget;
  p.hours_budget = hours_budget;
  for (const auto& [a, floor, cap] : limits) p.area_limits.push_back({a, floor, cap});
  return p;
}

}  // namespace

void register_selection(py::module_& m) {
  py::class_<SelectionProblem>(m, "SelectionProblem");
  m.def("selection_problem", &selection_problem, py::arg("ids"), py::arg("cost"), py::arg("hours"),
        py::arg("external"), py::arg("rate"), py::arg("value"), py::arg("area"), py::arg("group"), py::arg("must"),
        py::arg("never"), py::arg("budget"), py::arg("hours_budget"), py::arg("limits"));
  py::class_<AreaSpend>(m, "AreaSpend")
      .def_readonly("area", &AreaSpend::area)
      .def_readonly("cost", &AreaSpend::cost)
      .def_readonly("floor", &AreaSpend::floor)
      .def_readonly("cap", &AreaSpend::cap);
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
      .def_readonly("areas", &SelectionResult::areas)
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

  py::class_<Distribution>(m, "Distribution")
      .def_readonly("mean", &Distribution::mean)
      .def_readonly("sd", &Distribution::sd)
      .def_readonly("mean_error", &Distribution::mean_error)
      .def_readonly("min", &Distribution::min)
      .def_readonly("max", &Distribution::max)
      .def_readonly("quantiles", &Distribution::quantiles)
      .def_readonly("histogram", &Distribution::histogram);
  py::class_<AreaShareDistribution>(m, "AreaShareDistribution")
      .def_readonly("area", &AreaShareDistribution::area)
      .def_readonly("share", &AreaShareDistribution::share)
      .def_readonly("weight", &AreaShareDistribution::weight);
  py::class_<SplitRobustnessResult>(m, "SplitRobustnessResult")
      .def_readonly("samples", &SplitRobustnessResult::samples)
      .def_readonly("seed", &SplitRobustnessResult::seed)
      .def_readonly("rule", &SplitRobustnessResult::rule)
      .def_readonly("quantile_levels", &SplitRobustnessResult::quantile_levels)
      .def_readonly("bin_edges", &SplitRobustnessResult::bin_edges)
      .def_readonly("areas", &SplitRobustnessResult::areas)
      .def_readonly("mc_error_bound", &SplitRobustnessResult::mc_error_bound);
  py::class_<ItemAcceptability>(m, "ItemAcceptability")
      .def_readonly("id", &ItemAcceptability::id)
      .def_readonly("selected", &ItemAcceptability::selected)
      .def_readonly("acceptability", &ItemAcceptability::acceptability)
      .def_readonly("standard_error", &ItemAcceptability::standard_error);
  py::class_<SelectionRobustnessResult>(m, "SelectionRobustnessResult")
      .def_readonly("samples", &SelectionRobustnessResult::samples)
      .def_readonly("seed", &SelectionRobustnessResult::seed)
      .def_readonly("items", &SelectionRobustnessResult::items)
      .def_readonly("value", &SelectionRobustnessResult::value)
      .def_readonly("mc_error_bound", &SelectionRobustnessResult::mc_error_bound)
      .def_readonly("not_proven", &SelectionRobustnessResult::not_proven)
      .def_readonly("not_feasible", &SelectionRobustnessResult::not_feasible);

  // A Python progress callback (done, total), called by the engine from this
  // thread with the interpreter lock taken; an exception from it (e.g. an
  // interrupt) stops the sampling and is raised here.
  auto progress_of = [](const py::object& callback) -> std::function<void(std::size_t, std::size_t)> {
    if (callback.is_none()) return {};
    return [callback](std::size_t done, std::size_t total) {
      py::gil_scoped_acquire gil;
      callback(done, total);
    };
  };
  auto options_of = [progress_of](long long samples, std::uint64_t seed, int threads, const py::object& progress) {
    RobustnessOptions o;
    o.samples = samples;
    o.seed = seed;
    o.threads = threads;
    o.progress = progress_of(progress);
    return o;
  };
  auto sampler = [](const py::object& ranks, const py::object& weights, double concentration) {
    if (!ranks.is_none()) return WeightSampler::ranking(ranks.cast<std::vector<int>>());
    if (weights.is_none()) throw ArgumentError("robustness: give the priority ranks or the weights to sample around");
    return WeightSampler::dirichlet(weights.cast<std::vector<double>>(), concentration);
  };
  m.def(
      "split_robustness",
      [sampler, options_of](const std::vector<SplitArea>& areas, double budget, const std::string& rule,
                             const py::object& ranks, const py::object& weights, double concentration,
                             long long samples, std::uint64_t seed, int threads, const py::object& progress) {
        const WeightSampler s = sampler(ranks, weights, concentration);
        const RobustnessOptions o = options_of(samples, seed, threads, progress);
        auto r = parse_name<SplitRule>(rule);
        if (!r) throw ArgumentError("unknown split rule '" + rule + "' (allowed: " + names_of<SplitRule>() + ")");
        py::gil_scoped_release release;
        return split_robustness(areas, budget, *r, s, o);
      },
      py::arg("areas"), py::arg("budget"), py::arg("rule"), py::arg("ranks") = py::none(),
      py::arg("weights") = py::none(), py::arg("concentration") = 100.0, py::arg("samples") = 10000,
      py::arg("seed") = 1, py::arg("threads") = 0, py::arg("progress") = py::none());
  m.def(
      "selection_robustness",
      [sampler, options_of](const SelectionProblem& p, const std::vector<std::string>& area_ids,
                             const py::object& ranks, const py::object& weights, double concentration,
                             long long samples, std::uint64_t seed, int threads, double time_limit,
                             const py::object& progress) {
        const WeightSampler s = sampler(ranks, weights, concentration);
        const RobustnessOptions o = options_of(samples, seed, threads, progress);
        SelectionOptions so;
        so.time_limit = time_limit;
        py::gil_scoped_release release;
        return selection_robustness(p, area_ids, s, o, so);
      },
      py::arg("problem"), py::arg("area_ids"), py::arg("ranks") = py::none(), py::arg("weights") = py::none(),
      py::arg("concentration") = 100.0, py::arg("samples") = 1000, py::arg("seed") = 1, py::arg("threads") = 0,
      py::arg("time_limit") = 10.0, py::arg("progress") = py::none());
}

}  // namespace styrkort::bindings
