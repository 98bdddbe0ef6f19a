# Header-only dependencies: Eigen and nlohmann/json.
# The system's CMake packages are tried first (Debian: libeigen3-dev,
# nlohmann-json3-dev). Under `pip install .` they come from the build
# requirements on PyPI instead: `cmeel-eigen` (a CMake prefix inside
# site-packages) and `nlohmann-json` (headers inside the Python package). Nothing
# is downloaded by CMake and no third-party source lives in this repository.

find_package(Python COMPONENTS Interpreter QUIET)

function(_styrkort_python_query out code)
  if(Python_EXECUTABLE)
    execute_process(COMMAND "${Python_EXECUTABLE}" -c "${code}"
                    OUTPUT_VARIABLE _res OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _rc ERROR_QUIET)
    if(_rc EQUAL 0 AND _res)
      set(${out} "${_res}" PARENT_SCOPE)
    endif()
  endif()
endfunction()

find_package(Eigen3 3.3 CONFIG QUIET)
if(NOT TARGET Eigen3::Eigen)
  _styrkort_python_query(_cmeel_prefix
    "import pathlib, sys; print(next((p / 'cmeel.prefix' for p in map(pathlib.Path, sys.path) if str(p) and (p / 'cmeel.prefix').is_dir()), ''))")
  if(_cmeel_prefix)
    find_package(Eigen3 3.3 CONFIG REQUIRED PATHS "${_cmeel_prefix}" NO_DEFAULT_PATH)
  endif()
endif()
if(NOT TARGET Eigen3::Eigen)
  message(FATAL_ERROR "Eigen 3 not found: install Debian's libeigen3-dev, or `pip install cmeel-eigen` (a build requirement of the Python package).")
endif()

find_package(nlohmann_json 3.10 CONFIG QUIET)
if(NOT TARGET nlohmann_json::nlohmann_json)
  _styrkort_python_query(_nlohmann_include
    "import importlib.util, pathlib; s = importlib.util.find_spec('nlohmann_json'); print(pathlib.Path(s.origin).parent / 'include' if s else '')")
  if(_nlohmann_include AND EXISTS "${_nlohmann_include}/nlohmann/json.hpp")
    add_library(nlohmann_json_headers INTERFACE)
    target_include_directories(nlohmann_json_headers SYSTEM INTERFACE "${_nlohmann_include}")
    add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json_headers)
  endif()
endif()
if(NOT TARGET nlohmann_json::nlohmann_json)
  message(FATAL_ERROR "nlohmann/json not found: install Debian's nlohmann-json3-dev, or `pip install nlohmann-json` (a build requirement of the Python package).")
endif()
