// Uncertainty and sensitivity analysis: the batch of evaluations of one
// prepared strategy (sensitivity.hpp), with the interpreter lock released and
// a progress callback into Python. Results are dicts of numpy arrays.
#include <functional>

#include "common.hpp"
#include "styrkort/evaluator.hpp"
#include "styrkort/sensitivity.hpp"
#include "styrkort/sobol.hpp"

namespace styrkort::bindings {

namespace {

InputKind kind_of(const std::string& name, const std::string& input) {
  static const std::pair<const char*, InputKind> kinds[] = {{"weights", InputKind::weights},
                                                            {"weights_dirichlet", InputKind::weights_dirichlet},
                                                            {"normalisation", InputKind::normalisation},
                                                            {"aggregation", InputKind::aggregation},
                                                            {"imputation", InputKind::imputation},
                                                            {"exclude_indicator", InputKind::exclude_indicator},
                                                            {"measurement_error", InputKind::measurement_error},
                                                            {"target", InputKind::target}};
  for (const auto& [n, k] : kinds)
    if (name == n) return k;
  throw ArgumentError("input '" + input + "': unknown kind '" + name + "'");
}

/// An input from a dict of the engine's form (node indices and method codes;
/// styrkort.sensitivity resolves ids and names).
UncertainInput input_of(const py::dict& d) {
  UncertainInput in;
  in.name = d["name"].cast<std::string>();
  in.kind = kind_of(d["kind"].cast<std::string>(), in.name);
  auto get = [&](const char* key, auto& field) {
    if (d.contains(key) && !d[key].is_none()) field = d[key].cast<std::remove_reference_t<decltype(field)>>();
  };
  get("node", in.node);
  get("nodes", in.nodes);
  get("alternatives", in.alternatives);
  get("p", in.p);
  get("low", in.low);
  get("high", in.high);
  get("concentration", in.concentration);
  get("relative", in.relative);
  get("absolute", in.absolute);
  get("normal", in.normal);
  return in;
}

std::function<void(std::size_t, std::size_t)> progress_of(const py::object& callback) {
  if (callback.is_none()) return {};
  return [callback](std::size_t done, std::size_t total) {
    py::gil_scoped_acquire gil;
    callback(done, total);
  };
}

/// A new numpy array of shape `shape` with a copy of v.
template <class T>
py::array_t<T> shaped(const std::vector<T>& v, std::vector<py::ssize_t> shape) {
  py::array_t<T> a(shape);
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// A numpy array of shape `shape` that takes over v's memory (no copy: the
/// outputs of a batch are hundreds of megabytes).
template <class T>
py::array_t<T> owned(std::vector<T>&& v, std::vector<py::ssize_t> shape) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule free(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(shape, heap->data(), free);
}

py::dict outputs_dict(BatchOutputs&& b) {
  const auto k = static_cast<py::ssize_t>(b.n_evaluations), n = static_cast<py::ssize_t>(b.nodes.size()),
             u = static_cast<py::ssize_t>(b.n_units);
  py::dict d;
  d["nodes"] = b.nodes;
  d["score"] = owned(std::move(b.score), {k, n, u});
  d["status"] = owned(std::move(b.status), {k, n, u});
  d["rank"] = owned(std::move(b.rank), {k, n, u});
  return d;
}

SensitivityOptions options_of(long long n, bool sobol, std::uint64_t seed, int period, const std::vector<int>& nodes,
                              int resamples, double conf_level, int threads, const py::object& progress) {
  SensitivityOptions o;
  o.n = n;
  o.sobol = sobol;
  o.seed = seed;
  o.period = period;
  o.nodes = nodes;
  o.resamples = resamples;
  o.conf_level = conf_level;
  o.threads = threads;
  o.progress = progress_of(progress);
  return o;
}

std::vector<UncertainInput> inputs_of(const py::list& inputs) {
  std::vector<UncertainInput> in;
  for (const auto& item : inputs) in.push_back(input_of(item.cast<py::dict>()));
  return in;
}

/// Outputs given back (from sensitivity_part, concatenated) as the engine's.
BatchOutputs outputs_of(const py::dict& d) {
  BatchOutputs b;
  b.nodes = d["nodes"].cast<std::vector<int>>();
  const auto score = Array<float>::ensure(d["score"]);
  const auto status = Array<std::int8_t>::ensure(d["status"]);
  const auto rank = Array<std::int16_t>::ensure(d["rank"]);
  if (!score || !status || !rank || score.ndim() != 3) throw ArgumentError("sensitivity: outputs: expected 3-d arrays");
  b.n_evaluations = static_cast<std::size_t>(score.shape(0));
  b.n_units = static_cast<int>(score.shape(2));
  b.score.assign(score.data(), score.data() + score.size());
  b.status.assign(status.data(), status.data() + status.size());
  b.rank.assign(rank.data(), rank.data() + rank.size());
  return b;
}

}  // namespace

void register_sensitivity(py::module_& m) {
  m.def(
      "sensitivity",
      [](const Evaluator& e, std::shared_ptr<Panel> panel, const py::list& inputs, long long n, bool sobol,
         std::uint64_t seed, int period, const std::vector<int>& nodes, int resamples, double conf_level, int threads,
         const py::object& progress, const py::object& outputs) {
        const std::vector<UncertainInput> in = inputs_of(inputs);
        const SensitivityOptions o =
            options_of(n, sobol, seed, period, nodes, resamples, conf_level, threads, progress);
        BatchOutputs given;
        if (!outputs.is_none()) given = outputs_of(outputs.cast<py::dict>());
        SensitivityResult r;
        {
          py::gil_scoped_release release;
          r = outputs.is_none() ? sensitivity(e, *panel, in, o) : sensitivity_from(e, *panel, in, o, std::move(given));
        }
        const auto O = static_cast<py::ssize_t>(r.outputs.nodes.size()),
                   U = static_cast<py::ssize_t>(r.outputs.n_units), D = static_cast<py::ssize_t>(in.size()),
                   K = static_cast<py::ssize_t>(r.outputs.n_evaluations);
        py::dict d = outputs_dict(std::move(r.outputs));
        d["period"] = r.period;
        d["inputs"] = r.inputs;
        d["sample"] = owned(std::move(r.sample), {K, D});
        d["nominal_score"] = shaped(r.nominal.score, {O, U});
        d["nominal_status"] = shaped(r.nominal.status, {O, U});
        d["nominal_rank"] = shaped(r.nominal.rank, {O, U});
        d["rank_node"] = r.rank_node;
        d["rank_shift"] = to_array(r.rank_shift);
        for (const auto& [key, v] :
             {std::pair{"S1", &r.S1}, {"S1_conf", &r.S1_conf}, {"ST", &r.ST}, {"ST_conf", &r.ST_conf}})
          d[key] = v->empty() ? shaped(std::vector<double>{}, {0, U, D}) : shaped(*v, {O, U, D});
        py::dict shift;
        shift["S1"] = r.rank_shift_indices.S1;
        shift["S1_conf"] = r.rank_shift_indices.S1_conf;
        shift["ST"] = r.rank_shift_indices.ST;
        shift["ST_conf"] = r.rank_shift_indices.ST_conf;
        d["rank_shift_indices"] = shift;
        for (const auto& [key, v] : {std::pair{"score_mean", &r.score_mean},
                                     {"score_median", &r.score_median},
                                     {"score_q05", &r.score_q05},
                                     {"score_q95", &r.score_q95},
                                     {"rank_mean", &r.rank_mean},
                                     {"rank_median", &r.rank_median},
                                     {"rank_q05", &r.rank_q05},
                                     {"rank_q95", &r.rank_q95}})
          d[key] = shaped(*v, {O, U});
        d["status_probability"] = shaped(r.status_probability, {O, U, static_cast<py::ssize_t>(kStatusCodes)});
        d["warnings"] = r.warnings;
        return d;
      },
      py::arg("evaluator"), py::arg("panel"), py::arg("inputs"), py::arg("n"), py::arg("sobol") = true,
      py::arg("seed") = 0, py::arg("period") = -1, py::arg("nodes") = std::vector<int>{}, py::arg("resamples") = 100,
      py::arg("conf_level") = 0.95, py::arg("threads") = 0, py::arg("progress") = py::none(),
      py::arg("outputs") = py::none());
  m.def(
      "sensitivity_part",
      [](const Evaluator& e, std::shared_ptr<Panel> panel, const py::list& inputs, long long n, bool sobol,
         std::uint64_t seed, int period, const std::vector<int>& nodes, std::size_t begin, std::size_t end,
         int threads) {
        const std::vector<UncertainInput> in = inputs_of(inputs);
        const SensitivityOptions o = options_of(n, sobol, seed, period, nodes, 0, 0.95, threads, py::none());
        BatchOutputs b;
        {
          py::gil_scoped_release release;
          b = sensitivity_part(e, *panel, in, o, begin, end);
        }
        return outputs_dict(std::move(b));
      },
      py::arg("evaluator"), py::arg("panel"), py::arg("inputs"), py::arg("n"), py::arg("sobol"), py::arg("seed"),
      py::arg("period"), py::arg("nodes"), py::arg("begin"), py::arg("end"), py::arg("threads") = 0);
  m.def(
      "evaluate_many",
      [](const Evaluator& e, std::shared_ptr<Panel> panel, const py::list& options, int period,
         const std::vector<int>& nodes, int threads, const py::object& progress) {
        std::vector<EvaluationOptions> opts;
        for (const auto& item : options) {
          const py::dict d = item.cast<py::dict>();
          EvaluationOptions o;
          auto vec = [&](const char* key, auto& field) {
            using T = typename std::remove_reference_t<decltype(field)>::value_type;
            if (d.contains(key) && !d[key].is_none()) field = to_vector<T>(Array<T>::ensure(d[key]));
          };
          vec("link_weights", o.link_weights);
          vec("normalisation", o.normalisation);
          vec("aggregation", o.aggregation);
          vec("power", o.power);
          if (d.contains("impute") && !d["impute"].is_none()) o.impute = d["impute"].cast<std::int8_t>();
          opts.push_back(std::move(o));
        }
        const auto report = progress_of(progress);
        BatchOutputs b;
        {
          py::gil_scoped_release release;
          b = evaluate_many(e, *panel, period, opts, nodes, threads, report);
        }
        return outputs_dict(std::move(b));
      },
      py::arg("evaluator"), py::arg("panel"), py::arg("options"), py::arg("period") = -1,
      py::arg("nodes") = std::vector<int>{}, py::arg("threads") = 0, py::arg("progress") = py::none());
  m.def(
      "sobol_indices",
      [](const Array<double>& f, std::size_t n, int d, int resamples, double conf_level, std::uint64_t seed) {
        if (static_cast<std::size_t>(f.size()) != n * (static_cast<std::size_t>(d) + 2))
          throw ArgumentError("sobol_indices: expected n (d + 2) outputs");
        const SobolIndices s = sobol_indices(f.data(), n, d, resamples, conf_level, seed);
        py::dict out;
        out["S1"] = s.S1;
        out["S1_conf"] = s.S1_conf;
        out["ST"] = s.ST;
        out["ST_conf"] = s.ST_conf;
        return out;
      },
      py::arg("f"), py::arg("n"), py::arg("d"), py::arg("resamples") = 100, py::arg("conf_level") = 0.95,
      py::arg("seed") = 0);
  m.def(
      "sobol_points",
      [](std::size_t n, int dimensions, bool scramble, std::uint64_t seed) {
        const SobolSequence s(dimensions, scramble, seed);
        py::array_t<double> a({static_cast<py::ssize_t>(n), static_cast<py::ssize_t>(dimensions)});
        double* out = a.mutable_data();
        for (std::size_t k = 0; k < n; ++k)
          for (int d = 0; d < dimensions; ++d)
            out[k * dimensions + d] = scramble ? s.point(k, d) : s.bits(k, d) * 0x1p-32;
        return a;
      },
      py::arg("n"), py::arg("dimensions"), py::arg("scramble") = true, py::arg("seed") = 0);
}

}  // namespace styrkort::bindings
