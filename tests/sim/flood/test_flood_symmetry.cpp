// Rotational symmetry of the inertial solver: a point inflow at the centre of
// a flat, dry, frictional plain spreads as a circle. Arrival time (depth above
// a threshold) and peak depth at equal radius on a grid axis and on the 45
// degree diagonal must agree with the 2-D friction (the default, LISFLOOD-FP's
// acceleration solver) and do not with the face-normal (1-D) friction, whose
// flow along the diagonals meets too little resistance (issue 8).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood::test {
namespace {

constexpr std::int64_t kN = 101;     // cells per side
constexpr double kD = 10.0;          // m
constexpr std::int64_t kC = kN / 2;  // centre cell (row and column)
constexpr double kQ = 20.0;          // m^3/s
constexpr double kManning = 0.05;
constexpr double kThreshold = 0.1;    // m: arrival = first depth above this (the default)
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
    std::printf(
        "%s r=%.0f m: arrival axis %.0f s diagonal %.0f s; peak axis %.4f m diagonal %.4f m\n",
        name, static_cast<double>(kPairs[p].axis) * kD, s.arrival_axis_s[p], s.arrival_diag_s[p],
        s.peak_axis_m[p], s.peak_diag_m[p]);
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

// A fine 1-D axisymmetric reference: the same local inertial equations
// (Bates et al. 2010, semi-implicit Manning friction on the radial
// discharge) on rings of dr = 2 m around the inflow, double precision.
// Returns the arrival time of kThreshold and the peak depth at radius r_m.
struct Radial {
  double arrival_s = -1.0, peak_m = 0.0;
};
std::vector<Radial> radial_reference(const std::vector<double>& r_m) {
  constexpr double kPi = 3.14159265358979323846, g = 9.81, dr = 2.0, h_dry = 1e-3;
  const int n = 300;  // 600 m
  std::vector<double> h(n, 0.0), q(n + 1, 0.0), area(n);
  for (int i = 0; i < n; ++i) area[i] = kPi * dr * dr * ((i + 1.0) * (i + 1.0) - i * i);
  std::vector<Radial> out(r_m.size());
  double t = 0.0;
  while (t < kDuration) {
    double hm = 0.0;
    for (double v : h) hm = std::max(hm, v);
    const double dt = std::min(0.5 * dr / std::sqrt(g * std::max(hm, 0.01)), kDuration - t);
    for (int f = 1; f < n; ++f) {  // face f between rings f - 1 and f, at radius f dr
      const double hf = std::max(h[f - 1], h[f]);
      if (hf <= h_dry) {
        q[f] = 0.0;
        continue;
      }
      q[f] = (q[f] - g * hf * dt * (h[f] - h[f - 1]) / dr) /
             (1.0 + g * dt * kManning * kManning * std::fabs(q[f]) / std::pow(hf, 7.0 / 3.0));
    }
    for (int i = 0; i < n; ++i) {
      const double in = (i == 0 ? kQ : 2.0 * kPi * i * dr * q[i]);
      const double o = 2.0 * kPi * (i + 1) * dr * q[i + 1];
      h[i] = std::max(0.0, h[i] + dt * (in - o) / area[i]);
    }
    t += dt;
    for (std::size_t k = 0; k < r_m.size(); ++k) {
      const double x = r_m[k] / dr - 0.5;  // linear between ring centres
      const int i = static_cast<int>(x);
      const double w = x - i, hr = (1.0 - w) * h[i] + w * h[i + 1];
      out[k].peak_m = std::max(out[k].peak_m, hr);
      if (out[k].arrival_s < 0.0 && hr > kThreshold) out[k].arrival_s = t;
    }
  }
  return out;
}

TEST(FloodSymmetry, PointInflowFollowsTheAxisymmetricReference) {
  const Spread two = run_plain(Friction::two_d);
  const Spread one = run_plain(Friction::one_d);
  const std::vector<Radial> ref = radial_reference({170.0, 240.0});
  for (int p = 0; p < 2; ++p) {
    std::printf(
        "r=%.0f m: reference arrival %.0f s peak %.4f m; 2d axis %.0f s %.4f m, diagonal %.0f s "
        "%.4f m; 1d axis %.0f s %.4f m, diagonal %.0f s %.4f m\n",
        static_cast<double>(kPairs[p].axis) * kD, ref[p].arrival_s, ref[p].peak_m,
        two.arrival_axis_s[p], two.peak_axis_m[p], two.arrival_diag_s[p], two.peak_diag_m[p],
        one.arrival_axis_s[p], one.peak_axis_m[p], one.arrival_diag_s[p], one.peak_diag_m[p]);
    // Measured (2d): arrival +3 % (axis) and +7 to +9 % (diagonal) late, peak
    // depth 0.6-1.6 % low; tolerances 12 % and 3 %. The face-normal friction
    // puts the axis peak 7-8 % low.
    ASSERT_GT(ref[p].arrival_s, 0.0);
    for (double t : {two.arrival_axis_s[p], two.arrival_diag_s[p]})
      EXPECT_NEAR(t / ref[p].arrival_s, 1.0, 0.12);
    for (double h : {two.peak_axis_m[p], two.peak_diag_m[p]})
      EXPECT_NEAR(h / ref[p].peak_m, 1.0, 0.03);
    EXPECT_LT(one.peak_axis_m[p] / ref[p].peak_m, 0.95);
  }
}

}  // namespace
}  // namespace floodevac::flood::test
