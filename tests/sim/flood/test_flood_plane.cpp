// Steady uniform flow down inclined planes (issue 10): the exact answer is
// Manning's normal depth h_n = (q n / sqrt(S))^(3/5), speed q / h_n.
// 2 km x 200 m, 10 m cells, 2 m^2/s entering over the top (west) column,
// n = 0.03, free outflow at the bottom (east) with the bed slope, closed sides.
// Slopes 0.2 %, 1 %, 5 % give Froude numbers of about 0.5, 1 and 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::grid_of;

struct PlaneFigures {
  double h_normal = 0.0, u_normal = 0.0;
  double depth_error = 0.0;      // max |h - h_n| / h_n over the middle reach at the end
  double speed_error = 0.0;      // max |u - u_n| / u_n over the middle reach at the end
  double transient_ratio = 0.0;  // max over the run and the reach of h / h_n
  double mass_error = 0.0;
  std::int64_t fast_flow_faces = 0;
};

}  // namespace
FloodParams steep_params() {
  FloodParams p;
  p.dt_speed = true;  // the kinematic wave outruns sqrt(g h) on steep ground (docs/flood_solver.md)
  return p;
}

PlaneFigures run_plane(double slope, const FloodParams& params = steep_params()) {
  constexpr std::int64_t kRows = 20, kCols = 200;
  constexpr double kD = 10.0, kQ = 2.0, kN = 0.03;
  const double length = kCols * kD;
  Grid<float> dem =
      grid_of(kRows, kCols, kD, [&](std::int64_t, std::int64_t c) {
        return slope * (length - (static_cast<double>(c) + 0.5) * kD);
      });
  FloodConfig cfg;
  cfg.params = params;
  cfg.boundaries.push_back(test::free_outflow(Side::east, slope));
  Inflow in;
  in.name = "top";
  in.line_x = {0.5 * kD, 0.5 * kD};
  in.line_y = {0.5 * kD, (kRows - 0.5) * kD};
  in.q_m3s = TimeSeries::constant(kQ * kRows * kD);
  cfg.inflows.push_back(in);
  FloodModel m(std::move(dem), test::uniform_n(kN), std::move(cfg));
  PlaneFigures f;
  f.h_normal = std::pow(kQ * kN / std::sqrt(slope), 0.6);
  f.u_normal = kQ / f.h_normal;
  // Long enough for the slowest (0.2 %) kinematic wave to cross twice.
  m.advance_to(3600.0);
  const Grid<float> h = m.depth(), u = m.speed(), hmax = m.max_depth();
  // Middle reach: x in [500, 1500] m; transient check over [100, 1900] m.
  for (std::int64_t r = 0; r < kRows; ++r)
    for (std::int64_t c = 0; c < kCols; ++c) {
      const double x = (static_cast<double>(c) + 0.5) * kD;
      if (x >= 100.0 && x <= 1900.0)
        f.transient_ratio = std::max(f.transient_ratio, hmax(r, c) / f.h_normal);
      if (x < 500.0 || x > 1500.0) continue;
      f.depth_error = std::max(f.depth_error, std::fabs(h(r, c) - f.h_normal) / f.h_normal);
      f.speed_error = std::max(f.speed_error, std::fabs(u(r, c) - f.u_normal) / f.u_normal);
    }
  f.mass_error = m.mass_balance().relative_error();
  f.fast_flow_faces = m.diagnostics().fast_flow_faces;
  std::printf("plane S = %.3f: h_n %.4f m, u_n %.3f m/s; depth error %.2f %%, speed error %.2f %%, "
              "max transient %.3f h_n, fast-flow faces %lld\n",
              slope, f.h_normal, f.u_normal, 100 * f.depth_error, 100 * f.speed_error,
              f.transient_ratio, static_cast<long long>(f.fast_flow_faces));
  return f;
}
namespace {

TEST(FloodPlane, NormalDepthOnAGentleSlope) {
  const PlaneFigures f = run_plane(0.002);
  EXPECT_LT(f.depth_error, 0.03);
  EXPECT_LT(f.speed_error, 0.03);
  EXPECT_LT(f.transient_ratio, 1.5);
  EXPECT_LT(std::fabs(f.mass_error), 1e-6);
}

TEST(FloodPlane, NormalDepthAtFroudeOne) {
  const PlaneFigures f = run_plane(0.01);
  EXPECT_LT(f.depth_error, 0.03);
  EXPECT_LT(f.speed_error, 0.03);
  EXPECT_LT(f.transient_ratio, 1.5);
  EXPECT_LT(std::fabs(f.mass_error), 1e-6);
}

TEST(FloodPlane, NormalDepthOnASteepSlope) {
  const PlaneFigures f = run_plane(0.05);
  EXPECT_LT(f.depth_error, 0.10);
  EXPECT_LT(f.speed_error, 0.10);
  EXPECT_LT(f.transient_ratio, 1.5);
  EXPECT_LT(std::fabs(f.mass_error), 1e-6);
}

}  // namespace
}  // namespace floodevac::flood
