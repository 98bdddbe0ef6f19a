#!/usr/bin/env bash
# The whole test suite, C++ and Python, on a fresh machine:
#   bash tests/run.sh
# 1. system packages for the C++ tests (GoogleTest, Eigen, nlohmann/json) and
#    for the browser tests of the report (headless Chromium and two font
#    families, without the desktop packages Chromium recommends) from Debian
#    when they are missing and we may install them;
# 2. a virtual environment in build/test-venv with styrkort installed by
#    `pip install .[test]` (the same build a user gets);
# 3. the contracts: the C++ formatted by the checked-in .clang-format, the
#    stubs of the compiled layer (styrkort/_core.pyi) checked by mypy's
#    stubtest against the installed module, ruff (lint, numpydoc docstrings,
#    format) and mypy on the package (the tools pinned in the `test` extra);
# 4. the GoogleTest suite through CMake and ctest, then again built with
#    AddressSanitizer and UndefinedBehaviorSanitizer (tests/sanitizers.sh);
# 5. the fuzz harnesses (fuzz/run.sh): each loader's harness and the libFuzzer
#    target of the C++ strategy reader (built with Clang) for 7 s each;
# 6. pytest (notebooks included) against the installed package.
# Fails when a contract or any test fails, or when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need_apt=()
[ -e /usr/include/gtest/gtest.h ] || need_apt+=(libgtest-dev)
[ -e /usr/include/eigen3/Eigen/Core ] || need_apt+=(libeigen3-dev)
[ -e /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
# the report opened in headless Chromium (tests/python/test_report_browser.py);
# Liberation Sans is the report's Arial, DejaVu the fallback for every other glyph
command -v chromium >/dev/null || need_apt+=(chromium)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need_apt+=(fonts-liberation)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# the libFuzzer target of the C++ strategy reader (fuzz/cpp): Clang and its
# runtime libraries (libFuzzer and the sanitizers)
command -v clang++ >/dev/null || need_apt+=(clang)
[ -e "$(clang++ --print-runtime-dir 2>/dev/null)/libclang_rt.fuzzer-$(uname -m).a" ] || need_apt+=(libclang-rt-dev)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need_apt[*]} (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "missing system packages: ${need_apt[*]} (install them, e.g. with apt-get, then run again)" >&2
    exit 1
  fi
fi

echo "== Python package: pip install .[test] into build/test-venv"
python3 -m venv build/test-venv
# shellcheck disable=SC1091
. build/test-venv/bin/activate
python -m pip install -q --upgrade pip
python -m pip install -q ".[test]"
python -m ipykernel install --sys-prefix --name python3 >/dev/null

echo "== contracts"
# Every check runs and says what it found; the run fails after them if any did.
contracts=()
mapfile -t cpp_sources < <(find cpp tests/cpp python/bindings fuzz/cpp -name '*.cpp' -o -name '*.hpp' | sort)
echo "-- C++ format (.clang-format) of ${#cpp_sources[@]} files: $(clang-format --version) (to fix: clang-format -i FILE)"
clang-format --dry-run -Werror "${cpp_sources[@]}" || contracts+=("C++ format")
echo "-- stubs of styrkort._core: mypy stubtest (allowlist: tests/stubtest_allowlist.txt)"
MYPY_CACHE_DIR="$root/build/mypy-cache" python -m mypy.stubtest styrkort._core \
  --allowlist "$root/tests/stubtest_allowlist.txt" || contracts+=("stubs of styrkort._core")
python_sources=(python/styrkort tests/python benchmarks notebooks/sdr_support fuzz)
echo "-- Python lint and docstrings: $(ruff --version) check (to fix: ruff check --fix)"
ruff check --no-cache "${python_sources[@]}" || contracts+=("ruff check")
echo "-- Python format: ruff format --check (to fix: ruff format)"
ruff format --check --no-cache "${python_sources[@]}" || contracts+=("ruff format")
echo "-- types of the package: mypy (settings in pyproject.toml)"
MYPY_CACHE_DIR="$root/build/mypy-cache" python -m mypy || contracts+=("mypy")
if ((${#contracts[@]})); then
  printf 'contract broken: %s\n' "${contracts[@]}" >&2
  exit 1
fi

echo "== C++: GoogleTest suite"
cmake -S . -B build/cpp-tests -DCMAKE_BUILD_TYPE=Release -DSTYRKORT_TESTS=ON >/dev/null
cmake --build build/cpp-tests --parallel 2
ctest --test-dir build/cpp-tests --output-on-failure --no-tests=error

echo "== C++: GoogleTest suite under AddressSanitizer and UndefinedBehaviorSanitizer"
bash tests/sanitizers.sh

echo "== fuzzing: every harness for 7 s (fuzz/run.sh; findings in build/fuzz/findings)"
STYRKORT_BUILD_PARALLEL=${STYRKORT_BUILD_PARALLEL:-2} bash fuzz/run.sh 7

echo "== Python: pytest"
cd "$root/tests"  # not the source tree's python/ folder: the installed package is tested
set +e
python -m pytest "$root/tests/python" -c "$root/pyproject.toml" --rootdir "$root"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit "$status"
