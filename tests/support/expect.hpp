#pragma once
// Assertions shared by the test binaries.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace floodevac::test {

/// Each of `parts` occurs in `text` (a message, a log, a file).
inline void expect_mentions(const std::string& text, std::initializer_list<std::string> parts) {
  for (const auto& p : parts)
    EXPECT_NE(text.find(p), std::string::npos) << "'" << p << "' not in:\n" << text;
}

}  // namespace floodevac::test
