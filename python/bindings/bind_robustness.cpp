// Robustness of a split or a selection to uncertain weights: Monte Carlo
// sampling of the weights, with a progress callback into Python.
#include <functional>

#include "common.hpp"
#include "styrkort/robustness.hpp"

namespace styrkort::bindings {

void register_robustness(py::module_& m) {
  py::class_<Distribution>(m, "Distribution")
      .def_readonly("mean", &Distribution::mean)
      .def_readonly("sd", &Distribution::sd)
      .def_readonly("mean_error", &Distribution::mean_error)
      .def_readonly("min", &Distribution::min)
      .def_readonly("max", &Distribution::max)
      .def_readonly("quantiles", &Distribution::quantiles)
      .def_readonly("histogram", &Distribution::histogram);
  py::class_<FocusAreaShareDistribution>(m, "FocusAreaShareDistribution")
      .def_readonly("focus_area", &FocusAreaShareDistribution::focus_area)
      .def_readonly("share", &FocusAreaShareDistribution::share)
      .def_readonly("weight", &FocusAreaShareDistribution::weight);
  py::class_<SplitRobustnessResult>(m, "SplitRobustnessResult")
      .def_readonly("samples", &SplitRobustnessResult::samples)
      .def_readonly("seed", &SplitRobustnessResult::seed)
      .def_readonly("rule", &SplitRobustnessResult::rule)
      .def_readonly("quantile_levels", &SplitRobustnessResult::quantile_levels)
      .def_readonly("bin_edges", &SplitRobustnessResult::bin_edges)
      .def_readonly("focus_areas", &SplitRobustnessResult::focus_areas)
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
  auto sampler = [](const py::object& priorities, const py::object& weights, double concentration) {
    if (!priorities.is_none()) return WeightSampler::ranking(priorities.cast<std::vector<int>>());
    if (weights.is_none()) throw ArgumentError("robustness: give the priorities or the weights to sample around");
    return WeightSampler::dirichlet(weights.cast<std::vector<double>>(), concentration);
  };
  m.def(
      "split_robustness",
      [sampler, options_of](const std::vector<FocusArea>& focus_areas, double budget, const std::string& rule,
                            const py::object& priorities, const py::object& weights, double concentration,
                            long long samples, std::uint64_t seed, int threads, const py::object& progress) {
        const WeightSampler s = sampler(priorities, weights, concentration);
        const RobustnessOptions o = options_of(samples, seed, threads, progress);
        const SplitRule r = parse_or_throw<SplitRule>(rule, "split rule");
        py::gil_scoped_release release;
        return split_robustness(focus_areas, budget, r, s, o);
      },
      py::arg("focus_areas"), py::arg("budget"), py::arg("rule"), py::arg("priorities") = py::none(),
      py::arg("weights") = py::none(), py::arg("concentration") = 100.0, py::arg("samples") = 10000,
      py::arg("seed") = 1, py::arg("threads") = 0, py::arg("progress") = py::none());
  m.def(
      "selection_robustness",
      [sampler, options_of](const SelectionProblem& p, const std::vector<std::string>& focus_area_ids,
                            const py::object& priorities, const py::object& weights, double concentration,
                            long long samples, std::uint64_t seed, int threads, double time_limit,
                            const py::object& progress) {
        const WeightSampler s = sampler(priorities, weights, concentration);
        const RobustnessOptions o = options_of(samples, seed, threads, progress);
        SelectionOptions so;
        so.time_limit = time_limit;
        py::gil_scoped_release release;
        return selection_robustness(p, focus_area_ids, s, o, so);
      },
      py::arg("problem"), py::arg("focus_area_ids"), py::arg("priorities") = py::none(),
      py::arg("weights") = py::none(), py::arg("concentration") = 100.0, py::arg("samples") = 1000, py::arg("seed") = 1,
      py::arg("threads") = 0, py::arg("time_limit") = 10.0, py::arg("progress") = py::none());
}

}  // namespace styrkort::bindings
