#pragma once
// Shared by every binding file, so that all translation units agree on the
// type casters and helpers (an opaque type declared in one file only would be
// a list in the others).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "styrkort/error.hpp"
#include "styrkort/methods.hpp"
#include "styrkort/split.hpp"

// A table of focus areas stays a C++ vector on the Python side (`FocusAreas`,
// built once by focus_areas), so that a split of thousands of areas converts
// nothing per call. Used by the split and the robustness bindings.
PYBIND11_MAKE_OPAQUE(std::vector<styrkort::FocusArea>)

namespace py = pybind11;

namespace styrkort::bindings {

// One per area of cpp/include/styrkort, called from module.cpp in this order:
// a class is registered before any signature that names it, so that the
// docstrings say `styrkort._core.Strategy` rather than a C++ type.
void register_errors(py::module_& m);      // error.hpp
void register_model(py::module_& m);       // strategy.hpp, strategy_json.hpp, measurements.hpp
void register_evaluation(py::module_& m);  // evaluator.hpp, methods.hpp
void register_weights(py::module_& m);     // weights.hpp
void register_split(py::module_& m);       // split.hpp
void register_selection(py::module_& m);   // selection.hpp
void register_scoring(py::module_& m);     // scoring.hpp
void register_robustness(py::module_& m);  // robustness.hpp
void register_gas(py::module_& m);         // gas.hpp
void register_funds(py::module_& m);       // funds.hpp
void register_sensitivity(py::module_& m);  // sensitivity.hpp, sobol.hpp

/// A contiguous numpy array of T, converted once at the edge if it is not one.
template <class T>
using Array = py::array_t<T, py::array::c_style | py::array::forcecast>;

/// A numpy view of a vector owned by `owner` (no copy): the array keeps the
/// owner alive.
template <class T, class A>
py::array_t<T> view(std::vector<T, A>& v, std::vector<py::ssize_t> shape, py::handle owner, bool writeable = true) {
  std::vector<py::ssize_t> strides(shape.size());
  py::ssize_t step = sizeof(T);
  for (std::size_t k = shape.size(); k-- > 0;) {
    strides[k] = step;
    step *= shape[k];
  }
  py::array_t<T> a(shape, strides, v.data(), owner);
  if (!writeable) a.attr("setflags")(py::arg("write") = false);
  return a;
}

/// A contiguous copy of a 1-d numpy array into a vector (done once, at the edge).
template <class T>
std::vector<T> to_vector(const Array<T>& a) {
  if (a.ndim() != 1) throw py::value_error("expected a one-dimensional array");
  return std::vector<T>(a.data(), a.data() + a.size());
}

/// An ArgumentError unless the columns of a table have the same length.
inline void same_length(std::initializer_list<py::ssize_t> sizes, const char* what) {
  const py::ssize_t n = *sizes.begin();
  for (py::ssize_t s : sizes)
    if (s != n) throw ArgumentError(std::string(what) + ": the columns differ in length");
}

/// A new 1-d numpy array with a copy of a vector (for results the engine does
/// not keep).
template <class T>
py::array_t<T> to_array(const std::vector<T>& v) {
  py::array_t<T> a(static_cast<py::ssize_t>(v.size()));
  std::copy(v.begin(), v.end(), a.mutable_data());
  return a;
}

/// A method's name parsed, or an ArgumentError that lists the allowed names.
template <class T>
T parse_or_throw(const std::string& name, const char* what) {
  auto v = parse_name<T>(name);
  if (!v) throw ArgumentError(std::string("unknown ") + what + " '" + name + "' (allowed: " + names_of<T>() + ")");
  return *v;
}

}  // namespace styrkort::bindings
