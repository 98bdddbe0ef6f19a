// The engine's errors (styrkort/error.hpp) raised as the package's exceptions.
//
// The exception classes are defined in Python, in styrkort.errors, and nowhere
// else: that module is their one public home (`sk.StrategyError` is
// `styrkort.errors.StrategyError`), they share the base styrkort.Error with the
// errors only Python raises (FundsError), and they keep their builtin bases
// (ValueError) and docstrings in one readable place. Creating them here with
// py::register_exception instead would give two homes (a class made in
// `_core`, re-exported by errors.py) and make errors.py depend on the compiled
// module for its own names.
//
// So the classes are looked up once, when `_core` is imported (errors.py
// imports nothing of the package, so this import cannot be circular), and kept
// for the life of the process; raising is then a lookup of a stored handle,
// with no import and no attribute access at raise time.
#include "common.hpp"

namespace styrkort::bindings {

namespace {

struct ErrorClasses {
  py::object error, strategy, measurement, argument;
};

// Never destroyed (the classes outlive every call into the module, also at
// interpreter shutdown); filled once under the GIL.
PYBIND11_CONSTINIT py::gil_safe_call_once_and_store<ErrorClasses> error_classes;

// The error with its place as data (styrkort.Error's keyword arguments), so
// that Python can name its own table row or Excel cell without reading the
// message.
void raise(const py::object& cls, const Error& e) {
  const Location& w = e.where();
  auto text = [](const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); };
  py::dict where;
  where["source"] = text(w.source);
  where["path"] = text(w.path);
  where["row"] = w.row < 0 ? py::object(py::none()) : py::object(py::int_(w.row));
  where["column"] = text(w.column);
  where["key"] = text(w.key);
  where["rule"] = text(e.rule());
  py::object error = cls(e.what(), **where);
  PyErr_SetObject(cls.ptr(), error.ptr());
}

}  // namespace

// Nothing is added to `_core`: the classes are styrkort.errors'.
void register_errors(py::module_& /*m*/) {
  error_classes.call_once_and_store_result([] {
    py::module_ errors = py::module_::import("styrkort.errors");
    return ErrorClasses{errors.attr("Error"), errors.attr("StrategyError"), errors.attr("MeasurementError"),
                        errors.attr("ArgumentError")};
  });
  py::register_exception_translator([](std::exception_ptr p) {
    const ErrorClasses& classes = error_classes.get_stored();
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StrategyError& e) {
      raise(classes.strategy, e);
    } catch (const MeasurementError& e) {
      raise(classes.measurement, e);
    } catch (const ArgumentError& e) {
      raise(classes.argument, e);
    } catch (const Error& e) {
      raise(classes.error, e);
    }
  });
}

}  // namespace styrkort::bindings
