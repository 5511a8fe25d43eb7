// libFuzzer target: scenario loading (YAML/JSON, the schema, defaults, the
// typed reader) and --set overrides. The input is a scenario document; lines
// "#set key=value" in it are also passed as --set overrides.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("#set ", 0) == 0) overrides.push_back(line.substr(5));
  // JSON when it looks like JSON, so both readers are exercised.
  const bool json = !text.empty() && text.find_first_not_of(" \t\r\n") != std::string::npos &&
                    text[text.find_first_not_of(" \t\r\n")] == '{';
  const auto file = floodevac::fuzz::write_scratch(json ? "s.json" : "s.yaml", text.data(), text.size());
  floodevac::fuzz::expect_typed_errors([&] { (void)floodevac::app::load_scenario(file, overrides); });
  return 0;
}
