#!/usr/bin/env bash
# The GoogleTest suite under AddressSanitizer and UndefinedBehaviorSanitizer:
#   bash tests/sanitizers.sh
# A second CMake build (build/cpp-asan, `-DSTYRKORT_SANITIZE=ON`: the engine and
# the tests compiled with -fsanitize=address,undefined -fno-sanitize-recover=all
# -fno-omit-frame-pointer -O1 -g), then ctest. Any report (a memory error, a
# leak, undefined behaviour) aborts the test that hit it, so ctest fails and so
# does this script. Called by tests/run.sh after the normal C++ suite; needs
# GCC or Clang with their sanitizer runtimes (Debian: part of g++).
# STYRKORT_BUILD_PARALLEL (default 2) sets the number of compile jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/cpp-asan
jobs=${STYRKORT_BUILD_PARALLEL:-2}
start=$(date +%s)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSTYRKORT_TESTS=ON -DSTYRKORT_PYTHON=OFF \
  -DSTYRKORT_SANITIZE=ON >/dev/null
cmake --build "$build" --parallel "$jobs"
# leaks are reported at exit; abort (not exit 1) on the first error so that a
# report cannot be missed, and the whole stack of undefined behaviour
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure --no-tests=error
echo "sanitizer build and tests: $(($(date +%s) - start)) s"
