#pragma once
// Small text files written and read back by the tests.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace floodevac::test {

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace floodevac::test
