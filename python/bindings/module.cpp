// The private compiled layer of styrkort. Public names live in the Python
// package; this module keeps the C++ names.
#include "common.hpp"
#include "styrkort/engine.hpp"
#include "styrkort/error.hpp"
#include "styrkort/methods.hpp"

namespace {

// The exception classes are defined in Python (styrkort.errors) so that they
// share one base, styrkort.Error; they are looked up when first needed.
void raise(const char* name, const char* message) {
  py::object cls = py::module_::import("styrkort.errors").attr(name);
  PyErr_SetString(cls.ptr(), message);
}

template <class T>
py::list names() {
  py::list out;
  for (int k = 0;; ++k) {
    const char* n = styrkort::to_string(static_cast<T>(k));
    if (std::string(n) == "?") break;
    out.append(n);
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "styrkort's compiled engine (private: use the styrkort package)";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const styrkort::StrategyError& e) {
      raise("StrategyError", e.what());
    } catch (const styrkort::MeasurementError& e) {
      raise("MeasurementError", e.what());
    } catch (const styrkort::ArgumentError& e) {
      raise("ArgumentError", e.what());
    } catch (const styrkort::Error& e) {
      raise("Error", e.what());
    }
  });
  // The names of every state and method, in the order of their codes, so that
  // Python decodes the engine's integer arrays with the engine's own words.
  py::dict vocabulary;
  vocabulary["status"] = names<styrkort::Status>();
  vocabulary["trend"] = names<styrkort::TrendCategory>();
  vocabulary["arrow"] = names<styrkort::Arrow>();
  vocabulary["normalisation"] = names<styrkort::Normalisation>();
  vocabulary["aggregation"] = names<styrkort::Aggregation>();
  vocabulary["node_kind"] = names<styrkort::NodeKind>();
  vocabulary["direction"] = names<styrkort::Direction>();
  vocabulary["activity_status"] = names<styrkort::ActivityStatus>();
  vocabulary["means"] = names<styrkort::Means>();
  vocabulary["warning"] = names<styrkort::WarningCode>();
  vocabulary["interpolation"] = names<styrkort::Interpolation>();
  py::list origins;
  for (int k = -1; k <= 2; ++k) origins.append(styrkort::to_string(static_cast<styrkort::ValueOrigin>(k)));
  vocabulary["origin"] = origins;  // codes -1..2
  // The bits of Evaluation.flags.
  py::dict flags;
  flags["capped_low"] = int(styrkort::kCappedLow);
  flags["capped_high"] = int(styrkort::kCappedHigh);
  flags["low_coverage"] = int(styrkort::kLowCoverage);
  flags["subunit_values_only"] = int(styrkort::kSubunitsOnly);
  flags["missing_target"] = int(styrkort::kNoTarget);
  flags["imputed"] = int(styrkort::kImputed);
  flags["not_scored"] = int(styrkort::kNotScored);
  flags["whole_thresholds"] = int(styrkort::kWholeThresholds);
  m.attr("cell_flags") = flags;
  m.attr("vocabulary") = vocabulary;
  styrkort::bindings::register_strategy(m);
  styrkort::bindings::register_engine(m);
  styrkort::bindings::register_allocation(m);
  styrkort::bindings::register_selection(m);
  styrkort::bindings::register_followup(m);
}
