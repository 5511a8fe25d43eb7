// Rotational symmetry of the inertial solver: a point inflow at the centre of
// a flat, dry, frictional plain spreads as a circle. Arrival time (depth above
// a threshold) and peak depth at equal radius on a grid axis and on the 45
// degree diagonal must agree with the 2-D friction (the default, LISFLOOD-FP's
// acceleration solver) and do not with the face-normal (1-D) friction, whose
// flow along the diagonals meets too little resistance (issue 8).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood::test {
namespace {

constexpr std::int64_t kN = 101;     // cells per side
constexpr double kD = 10.0;          // m
constexpr std::int64_t kC = kN / 2;  // centre cell (row and column)
constexpr double kQ = 20.0;          // m^3/s
constexpr double kManning = 0.05;
constexpr double kThreshold = 0.1;   // m: arrival = first depth above this (the default)
constexpr double kDuration = 3600.0;  // s: the front reaches about 320 m

// Pairs of (axis offset, diagonal offset) in cells at nearly equal radius:
// 17 cells = 170 m vs 12 sqrt(2) = 169.7 m; 24 = 240 m vs 17 sqrt(2) = 240.4 m.
struct RadiusPair {
  std::int64_t axis, diag;
};
constexpr RadiusPair kPairs[] = {{17, 12}, {24, 17}};

struct Spread {
  // Largest relative difference diagonal vs axis over the pairs and over the
  // four axis and four diagonal directions.
  double arrival_rel = 0.0;
  double peak_rel = 0.0;
  double arrival_axis_s[2] = {0, 0}, arrival_diag_s[2] = {0, 0};
  double peak_axis_m[2] = {0, 0}, peak_diag_m[2] = {0, 0};
};

Spread run_plain(Friction friction) {
  FloodConfig cfg;
  cfg.params.friction = friction;
  cfg.params.inundation_threshold_m = kThreshold;
  const double xc = (static_cast<double>(kC) + 0.5) * kD;
  const double yc = (static_cast<double>(kN - kC) - 0.5) * kD;
  cfg.inflows = {point_inflow(xc, yc, TimeSeries::constant(kQ))};
  FloodModel m(grid(kN, kN, kD, 0.0f), uniform_n(kManning), std::move(cfg));
  m.advance_to(kDuration);
  const Grid<float> arrival = m.first_inundation_s();
  const Grid<float> peak = m.max_depth();
  Spread s;
  for (std::size_t p = 0; p < 2; ++p) {
    const std::int64_t a = kPairs[p].axis, d = kPairs[p].diag;
    const std::int64_t axis[4][2] = {{kC, kC + a}, {kC, kC - a}, {kC + a, kC}, {kC - a, kC}};
    const std::int64_t diag[4][2] = {
        {kC + d, kC + d}, {kC + d, kC - d}, {kC - d, kC + d}, {kC - d, kC - d}};
    for (int i = 0; i < 4; ++i) {
      const double ta = arrival(axis[i][0], axis[i][1]), td = arrival(diag[i][0], diag[i][1]);
      const double ha = peak(axis[i][0], axis[i][1]), hd = peak(diag[i][0], diag[i][1]);
      EXPECT_FALSE(std::isnan(ta) || std::isnan(td)) << "front did not reach the radius";
      s.arrival_rel = std::max(s.arrival_rel, std::fabs(td - ta) / ta);
      s.peak_rel = std::max(s.peak_rel, std::fabs(hd - ha) / ha);
      if (i == 0) {
        s.arrival_axis_s[p] = ta;
        s.arrival_diag_s[p] = td;
        s.peak_axis_m[p] = ha;
        s.peak_diag_m[p] = hd;
      }
    }
  }
  EXPECT_LT(std::fabs(m.mass_balance().relative_error()), 1e-6);
  return s;
}

void print(const char* name, const Spread& s) {
  for (int p = 0; p < 2; ++p)
    std::printf("%s r=%.0f m: arrival axis %.0f s diagonal %.0f s; peak axis %.4f m diagonal %.4f m\n",
                name, static_cast<double>(kPairs[p].axis) * kD, s.arrival_axis_s[p],
                s.arrival_diag_s[p], s.peak_axis_m[p], s.peak_diag_m[p]);
  std::printf("%s: max relative difference diagonal vs axis: arrival %.2f %%, peak depth %.2f %%\n",
              name, 100.0 * s.arrival_rel, 100.0 * s.peak_rel);
}

TEST(FloodSymmetry, PointInflowSpreadsAlikeOnAxisAndDiagonalWith2dFriction) {
  const Spread two = run_plain(Friction::two_d);
  const Spread one = run_plain(Friction::one_d);
  print("2d", two);
  print("1d", one);
  // Tolerances (2-D friction): arrival within 7 %, peak depth within 2 %
  // between the axis and the diagonal at equal radius (measured: 5.0 % and
  // 0.8 %; with 1-D friction 19 % and 6.6 %). What remains with 2-D friction
  // is the 5-point staggered grid's own anisotropy at the wetting front (the
  // diagonal front advances as a staircase and lags a little; at a 1 cm
  // threshold the lag is 15 %), not the friction.
  EXPECT_LT(two.arrival_rel, 0.07);
  EXPECT_LT(two.peak_rel, 0.02);
  // The face-normal friction is clearly worse: the diagonal front runs ahead
  // of the axis front and the water there stands higher.
  EXPECT_GT(one.arrival_rel, 2.5 * two.arrival_rel);
  EXPECT_GT(one.peak_rel, 4.0 * two.peak_rel);
  for (int p = 0; p < 2; ++p) {
    EXPECT_LT(one.arrival_diag_s[p], 0.9 * one.arrival_axis_s[p]);
    EXPECT_GT(one.peak_diag_m[p], 1.04 * one.peak_axis_m[p]);
  }
}

}  // namespace
}  // namespace floodevac::flood::test
