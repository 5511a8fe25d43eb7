// libFuzzer target: time series as a scenario gives them ({t_s: [...],
// values: [...]}, here the uniform rain), through the loader and the schema,
// then evaluated (TimeSeries::at, integral) at the breakpoints and between.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "app/scenario.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string series(reinterpret_cast<const char*>(data), size);
  if (series.find('\n') != std::string::npos) return 0;  // one flow-style value
  const std::string doc = "name: fuzz\ncrs: EPSG:32651\ntime: {duration_s: 3600}\nflood:\n  dem: dem.tif\n"
                          "  manning: {constant: 0.03}\n  rain: {uniform_mm_h: " + series + "}\n";
  const auto file = floodevac::fuzz::write_scratch("ts.yaml", doc.data(), doc.size());
  floodevac::fuzz::expect_typed_errors([&] {
    const auto sc = floodevac::app::load_scenario(file);
    const auto& ts = sc.flood.config.rain.uniform_mm_h;
    ts.validate("fuzz");
    for (std::size_t i = 0; i < ts.t_s.size(); ++i) {
      const double t = ts.t_s[i];
      if (ts.at(t) != ts.value[i]) std::abort();  // exact at a breakpoint
      if (i + 1 < ts.t_s.size()) {
        const double mid = 0.5 * (t + ts.t_s[i + 1]);
        const double v = ts.at(mid), lo = std::fmin(ts.value[i], ts.value[i + 1]),
                     hi = std::fmax(ts.value[i], ts.value[i + 1]);
        if (std::isfinite(v) && (v < lo - 1e-9 * std::fabs(lo) || v > hi + 1e-9 * std::fabs(hi))) std::abort();
      }
    }
    if (!ts.empty()) (void)ts.integral(ts.t_s.front() - 1.0, ts.t_s.back() + 1.0);
  });
  return 0;
}
