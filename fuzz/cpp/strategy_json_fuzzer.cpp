// libFuzzer target of the strategy JSON reader (styrkort::strategy_from_json).
// A styrkort::Error is a clean rejection of bad input; any other exception
// (it escapes and aborts), a crash or a sanitizer report is a finding. A
// strategy the reader accepts must also survive the round trip: written by
// strategy_to_json and read again, without any error.
// Built by CMake with -DSTYRKORT_FUZZ=ON and Clang; run by fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "styrkort/error.hpp"
#include "styrkort/strategy_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::optional<styrkort::Strategy> strategy;
  try {
    strategy = styrkort::strategy_from_json(text, "fuzz");
  } catch (const styrkort::Error&) {
    return 0;  // rejected with a message naming the place and the rule
  }
  const std::string written = styrkort::strategy_to_json(*strategy);
  try {
    (void)styrkort::strategy_from_json(written, "round trip");
  } catch (const styrkort::Error& e) {
    std::cerr << "an accepted strategy, written again, is refused: " << e.what() << "\n" << written << "\n";
    std::abort();
  }
  return 0;
}
