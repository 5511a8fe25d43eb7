// Rain: uniform series and gridded frames add their exact volume, only inside the domain.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid;
using test::kNaN;
using test::uniform_n;

TEST(FloodRain, ClosedBoxStorageEqualsRainVolume) {
  const std::int64_t R = 30, C = 40;
  const double d = 10.0;
  Grid<float> dem = grid(R, C, d, 0.0f);
  int inside = 0;
  for (std::int64_t r = 0; r < R; ++r)
    for (std::int64_t c = 0; c < C; ++c) {
      dem(r, c) = static_cast<float>(0.3 * std::sin(0.4 * c) + 0.2 * std::cos(0.3 * r) + 0.002 * c);
      if (r < 4 && c < 4) dem(r, c) = kNaN;  // rain must not fall outside the domain
      if (!std::isnan(dem(r, c))) ++inside;
    }
  FloodConfig cfg;
  cfg.rain.uniform_mm_h = TimeSeries{{0.0, 3600.0, 3601.0}, {50.0, 50.0, 0.0}};
  FloodModel m(dem, uniform_n(0.04), cfg);
  m.advance_to(7200.0);
  const MassBalance& mb = m.mass_balance();
  // Exact rain: 50 mm/h for 3600 s plus the ramp to 0 over 1 s (25 mm/h * 1 s).
  const double rain_exact = (0.05 + 25.0e-3 / 3600.0) * d * d * inside;
  EXPECT_NEAR(mb.rain_m3 / rain_exact, 1.0, 1e-5);
  EXPECT_LT(std::fabs(mb.relative_error()), 1e-6);
  EXPECT_NEAR(mb.storage_m3 / mb.rain_m3, 1.0, 1e-6);
  EXPECT_EQ(mb.boundary_in_m3, 0.0);
  EXPECT_EQ(mb.boundary_out_m3, 0.0);
  EXPECT_GE(test::min_value(m.h()), 0.0);
}

TEST(FloodRain, GriddedFramesAddTheirVolume) {
  const std::int64_t R = 12, C = 16;
  const double d = 5.0;
  FloodConfig cfg;
  // Two frames: 0-600 s 36 mm/h in the west half, from 600 s 72 mm/h in the
  // north half (held to the end), plus 10 mm/h uniform everywhere.
  const Grid<float> f0 =
      test::grid_of(R, C, d, [&](auto, auto c) { return c < C / 2 ? 36.0f : 0.0f; });
  Grid<float> f1 = test::grid_of(R, C, d, [&](auto r, auto) { return r < R / 2 ? 72.0f : 0.0f; });
  f1(0, 0) = kNaN;  // nodata in a frame: no rain there
  cfg.rain.frame_t_s = {0.0, 600.0};
  cfg.rain.frames_mm_h = {f0, f1};
  cfg.rain.uniform_mm_h = TimeSeries::constant(10.0);
  cfg.params.max_dt_s = 7.0;  // steps straddle the frame change
  FloodModel m(grid(R, C, d, 0.0f), uniform_n(0.03), cfg);
  m.advance_to(1500.0);
  const double a = d * d;
  const double n = static_cast<double>(R * C);
  const double exact =
      a * (10.0 * 1500.0 * n + 36.0 * 600.0 * (n / 2) + 72.0 * 900.0 * (n / 2 - 1)) * 1e-3 / 3600.0;
  EXPECT_NEAR(m.mass_balance().rain_m3 / exact, 1.0, 1e-5);
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
}

}  // namespace
}  // namespace floodevac::flood
