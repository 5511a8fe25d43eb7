// Deep, low-friction water forced by a tide at one side, with a river flowing
// into the bay, must not oscillate: the open-sea water surface stays within
// the forcing range (found with the default
// coastal scenario, where a 10 m deep sea strip "sloshed" to twice its depth
// at cfl_alpha = 0.7; this case reaches 9 m above the tide at 0.7 and
// stays within 1 cm at 0.4-0.6).
#include <gtest/gtest.h>

#include <cmath>

#include "sim/flood/flood_model.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

double max_surface_excess(double alpha) {
  // 60 x 40 cells of 20 m: a sea 6 m deep, tide rising 1 m -> 4.8 m over 2 h at the east side.
  const std::int64_t R = 60, C = 40;
  // Bed: a beach rising to the west (0.8 m at the west edge, -6 m at the east edge).
  const Grid<float> dem =
      test::grid_of(R, C, 20.0, [&](auto, auto c) { return 0.8 - 6.8 * c / (C - 1.0); });
  FloodConfig cfg;
  cfg.params.cfl_alpha = alpha;
  cfg.params.max_dt_s = 10.0;
  cfg.boundaries = {test::water_level(Side::east, TimeSeries{{0.0, 7200.0}, {1.0, 4.8}})};
  // A river entering the bay from the west.
  cfg.inflows = {test::point_inflow(10.0, 600.0, TimeSeries{{0.0, 7200.0}, {50.0, 400.0}})};
  Grid<float> h0 = test::grid(R, C, 20.0, 0.0f);  // start at the first tide level
  for (std::size_t i = 0; i < h0.data.size(); ++i) h0.data[i] = std::max(0.0f, 1.0f - dem.data[i]);
  FloodModel m(dem, test::uniform_n(0.035), cfg, h0);
  double worst = 0.0;
  for (double t = 300.0; t <= 7200.0; t += 300.0) {
    m.advance_to(t);
    const auto eta = m.water_surface();
    // The open-sea half, away from the local mound at the river mouth.
    for (std::int64_t r = 0; r < R; ++r)
      for (std::int64_t c = C / 2; c < C; ++c) worst = std::max(worst, static_cast<double>(eta(r, c)) - 4.8);
  }
  return worst;
}

TEST(FloodStability, DeepTidalBasinDoesNotOscillateAtTheDefaultAlpha) {
  const double alpha = FloodParams{}.cfl_alpha;
  EXPECT_LT(max_surface_excess(alpha), 0.25) << "alpha " << alpha;
}

}  // namespace
}  // namespace floodevac::flood
