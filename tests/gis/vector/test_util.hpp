#pragma once
// Helpers for the gis/vector tests: a temporary folder per test and small
// file writers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace floodevac::test {


inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Runs f, expects it to throw E, and returns the message ("" if it did not throw).
template <class E, class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

inline constexpr const char* kUtm51 = "EPSG:32651";  // WGS 84 / UTM zone 51N (Zhejiang)

/// GeoJSON "crs" member (GeoJSON 2008) for test inputs in UTM 51N.
inline constexpr const char* kUtm51CrsMember =
    R"("crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32651"}},)";

}  // namespace floodevac::test
