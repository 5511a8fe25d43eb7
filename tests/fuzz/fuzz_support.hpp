#pragma once
// Shared by the libFuzzer targets: a scratch file per process, and the rule
// that only floodevac's own typed errors may leave a parser (anything else —
// std::invalid_argument from stod, nlohmann's type_error — is a crash: the
// user would see "unexpected error" naming nothing).
#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::fuzz {

/// A folder of this process under $TMPDIR (or /tmp), made once.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("floodevac_fuzz_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::filesystem::path write_scratch(const std::string& name, const char* data, std::size_t size) {
  const auto p = scratch_dir() / name;
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(data, static_cast<std::streamsize>(size));
  return p;
}

/// Runs `f`; a floodevac::Error is the expected refusal, anything else aborts.
template <class F>
void expect_typed_errors(F&& f) {
  try {
    f();
  } catch (const floodevac::Error&) {
    // a named refusal: fine
  } catch (const std::exception& e) {
    std::fprintf(stderr, "untyped exception escaped: %s\n", e.what());
    std::abort();
  }
}

}  // namespace floodevac::fuzz
