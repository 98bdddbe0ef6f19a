#pragma once
// Small helpers shared by the test files: readable printing of the engine's
// enums in gtest failure messages and a check that an exception's message
// names the place and the rule.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "styrkort/methods.hpp"
#include "styrkort/period.hpp"

namespace styrkort {
inline void PrintTo(Status s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TrendCategory c, std::ostream* os) { *os << to_string(c); }
inline void PrintTo(Arrow a, std::ostream* os) { *os << to_string(a); }
inline void PrintTo(ValueOrigin o, std::ostream* os) { *os << to_string(o); }
inline void PrintTo(PeriodKind k, std::ostream* os) { *os << to_string(k); }
}  // namespace styrkort

namespace styrkort_test {

/// The message of the exception of type E that f() throws; a test failure (and
/// an empty string) when it throws nothing or something else.
template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw another exception type: " << e.what();
    return {};
  }
  ADD_FAILURE() << "did not throw";
  return {};
}

inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << part << "\" not found in message: " << text;
}

}  // namespace styrkort_test

#define EXPECT_CONTAINS(text, part) EXPECT_TRUE(::styrkort_test::Contains((text), (part)))
