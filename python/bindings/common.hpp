#pragma once
// Shared by every binding file, so that all translation units agree on the
// type casters and helpers.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <vector>

namespace py = pybind11;

namespace styrkort::bindings {

void register_strategy(py::module_& m);
void register_engine(py::module_& m);
void register_allocation(py::module_& m);
void register_selection(py::module_& m);
void register_followup(py::module_& m);

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
std::vector<T> to_vector(const py::array_t<T, py::array::c_style | py::array::forcecast>& a) {
  if (a.ndim() != 1) throw py::value_error("expected a one-dimensional array");
  return std::vector<T>(a.data(), a.data() + a.size());
}

}  // namespace styrkort::bindings
