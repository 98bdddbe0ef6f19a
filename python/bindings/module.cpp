// The private compiled layer of styrkort. Public names live in the Python
// package; this module keeps the C++ names. One register_* per area of
// cpp/include/styrkort (common.hpp lists them); all names are attributes of
// `_core` itself, which the package uses as `_core.Strategy`, `_core.split_*`.
#include "common.hpp"

PYBIND11_MODULE(_core, m) {
  namespace b = styrkort::bindings;
  m.doc() = "styrkort's compiled engine (private: use the styrkort package)";
  b::register_errors(m);
  b::register_model(m);
  b::register_evaluation(m);
  b::register_weights(m);
  b::register_split(m);
  b::register_selection(m);
  b::register_scoring(m);
  b::register_robustness(m);
  b::register_gas(m);
  b::register_funds(m);
  b::register_sensitivity(m);
}
