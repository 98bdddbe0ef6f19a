#!/usr/bin/env bash
# Run the fuzz harnesses, one after another, each for a bounded time:
#   bash fuzz/run.sh [SECONDS] [HARNESS...]
# SECONDS per harness (default 10); HARNESS: names of fuzz/fuzz_<name>.py and
# `cpp` (the libFuzzer target of the C++ strategy JSON reader); all by default.
# Each harness starts from its committed seeds (fuzz/corpus/<name>/) and the
# corpus earlier runs grew (build/fuzz/corpus/<name>/, the first folder, where
# libFuzzer adds new inputs); an input that breaks the rule is written to
# build/fuzz/findings/<name>-crash-<sha1> (or -timeout-, -oom-, -leak-).
# Prints per harness the executions done and the seconds they took; fails
# when a harness crashed, found something or did not run at all.
# Environment: PYTHON (default: python; needs styrkort and atheris),
# FUZZ_OUT (default build/fuzz), FUZZ_CHUNK (executions per process, default
# 100000), FUZZ_CXX (default clang++), FUZZ_NICE (a nice
# level for the harnesses, default 0), STYRKORT_BUILD_PARALLEL (compile jobs of
# the C++ target, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-10}
shift || true
python=${PYTHON:-python}
out=${FUZZ_OUT:-$root/build/fuzz}
findings=$out/findings
mkdir -p "$findings" "$out/logs"
if (($#)); then
  harnesses=("$@")
else
  harnesses=()
  for f in fuzz/fuzz_*.py; do
    name=${f#fuzz/fuzz_}
    harnesses+=("${name%.py}")
  done
  harnesses+=(cpp)
fi

build_cpp() {
  local build=$out/cpp-build
  CXX=${FUZZ_CXX:-clang++} cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSTYRKORT_FUZZ=ON \
    -DSTYRKORT_TESTS=OFF -DSTYRKORT_PYTHON=OFF >/dev/null
  cmake --build "$build" --parallel "${STYRKORT_BUILD_PARALLEL:-2}" --target strategy_json_fuzzer >/dev/null
  echo "$build/fuzz/cpp/strategy_json_fuzzer"
}

if [ "${harnesses[*]}" != cpp ] && ! "$python" -c "import atheris, styrkort" 2>/dev/null; then
  echo "$python cannot import atheris and styrkort: pip install .[test] (atheris has wheels for CPython" \
    "3.11 to 3.13 on Linux x86-64)" >&2
  exit 1
fi

# the strategy format's keys, for both strategy harnesses
"$python" fuzz/strategy_dict.py >"$out/strategy.dict"

failed=()
total_runs=0
start_all=$(date +%s)
for name in "${harnesses[@]}"; do
  if [ "$name" = cpp ]; then
    seeds=fuzz/corpus/strategy_json
    if ! command -v "${FUZZ_CXX:-clang++}" >/dev/null; then
      echo "cpp: no ${FUZZ_CXX:-clang++} (Debian: apt-get install clang libclang-rt-14-dev)" >&2
      failed+=("$name (not built)")
      continue
    fi
    if ! target=$(build_cpp); then
      failed+=("$name (build failed)")
      continue
    fi
    # leaks are findings too; abort on the first report of either sanitizer
    cmd=(env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      "$target" "-dict=$out/strategy.dict")
  else
    seeds=fuzz/corpus/$name
    if [ ! -f "fuzz/fuzz_$name.py" ] || [ ! -d "$seeds" ]; then
      echo "$name: no fuzz/fuzz_$name.py or no seeds in $seeds" >&2
      failed+=("$name (no harness)")
      continue
    fi
    cmd=("$python" "fuzz/fuzz_$name.py")
    [ "$name" = strategy_json ] && cmd+=("-dict=$out/strategy.dict")
  fi
  corpus=$out/corpus/$name
  mkdir -p "$corpus"
  log=$out/logs/$name.log
  before=$(find "$findings" -name "$name-*" | wc -l)
  # A fresh process every FUZZ_CHUNK executions: the instrumented funds and
  # projects harnesses grow by about 10 kB an execution (the instrumented fuzzing
  # process; the loaders alone stay flat), past libFuzzer's 2 GB limit after ~200,000.
  : >"$log"
  runs=0
  status=0
  start=$(date +%s)
  set +e
  while left=$((seconds - ($(date +%s) - start))) && ((left > 0)); do
    nice -n "${FUZZ_NICE:-0}" "${cmd[@]}" "$corpus" "$seeds" -max_total_time="$left" -runs="${FUZZ_CHUNK:-100000}" \
      -timeout=60 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$name-" >"$log.part" 2>&1
    status=$?
    cat "$log.part" >>"$log"
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.part" | tail -1)
    runs=$((runs + ${n:-0}))
    if [ "$status" -ne 0 ] || [ -z "$n" ] || [ "$n" -lt "${FUZZ_CHUNK:-100000}" ]; then
      break  # a finding, a failure, or the time is up
    fi
  done
  rm -f "$log.part"
  set -e
  took=$(($(date +%s) - start))
  after=$(find "$findings" -name "$name-*" | wc -l)
  printf '%-20s %10s executions in %4s s (corpus: %s inputs)\n' "$name" "${runs:-no}" "${took:-?}" \
    "$(find "$corpus" -type f | wc -l)"
  if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ] || [ -z "$runs" ] || [ "${runs:-0}" -eq 0 ]; then
    echo "--- $name: exit status $status; the end of $log:" >&2
    tail -n 40 "$log" >&2
    failed+=("$name")
  else
    total_runs=$((total_runs + runs))
  fi
done
echo "fuzzing: $total_runs executions in $(($(date +%s) - start_all)) s"
if ((${#failed[@]})); then
  printf 'fuzz finding or failure: %s\n' "${failed[@]}" >&2
  echo "the inputs are in $findings; see fuzz/README.md for turning one into a regression test" >&2
  exit 1
fi
