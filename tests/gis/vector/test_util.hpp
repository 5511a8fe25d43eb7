#pragma once
// Helpers for the gis/vector tests: a temporary folder per test and small
// file writers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace floodevac::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "floodevac_vec_" + std::to_string(static_cast<long>(::getpid())) + "_" +
                       std::to_string(counter++) + "_" + (info ? info->name() : "x");
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

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
