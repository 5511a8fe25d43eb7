// Depth-speed rules and the link sampler.
#include <gtest/gtest.h>

#include <cmath>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"

namespace floodevac::evac {
namespace {

TEST(Coupling, PregnolatoDepthSpeedCurve) {
  // v(d) = 0.0009 d^2 - 0.5529 d + 86.9448 km/h, d in mm.
  EXPECT_DOUBLE_EQ(pregnolato_speed_kmh(0.0), 86.9448);
  // 300 mm: 81 - 165.87 + 86.9448 = 2.0748 km/h (the curve is nearly stopped).
  EXPECT_NEAR(pregnolato_speed_kmh(300.0), 2.0748, 1e-9);
  EXPECT_EQ(vehicle_speed_factor(0.0), 1.0);
  EXPECT_EQ(vehicle_speed_factor(std::nan("")), 1.0);
  // 100 mm: (9 - 55.29 + 86.9448) / 86.9448 = 0.4675932316.
  EXPECT_NEAR(vehicle_speed_factor(0.1), 0.4675932315676154, 1e-12);
  EXPECT_GT(vehicle_speed_factor(0.299), 0.0);
  EXPECT_EQ(vehicle_speed_factor(0.3), 0.0);
  EXPECT_EQ(vehicle_speed_factor(1.0), 0.0);
  // Monotone decreasing on [0, 0.3).
  double prev = 1.0;
  for (double d = 0.001; d < 0.3; d += 0.001) {
    const double f = vehicle_speed_factor(d);
    EXPECT_LT(f, prev);
    prev = f;
  }
}

TEST(Coupling, PedestrianStabilityLimits) {
  EXPECT_FALSE(pedestrian_unsafe(0.0, 3.0));
  EXPECT_FALSE(pedestrian_unsafe(0.4, 1.0));  // dv 0.4
  EXPECT_FALSE(pedestrian_unsafe(0.5, 1.2));  // dv 0.6: on the limit, still safe
  EXPECT_TRUE(pedestrian_unsafe(0.4, 2.0));   // dv 0.8 > 0.6
  EXPECT_TRUE(pedestrian_unsafe(0.55, 0.0));  // deeper than 0.5 m
  EXPECT_FALSE(pedestrian_unsafe(0.3, std::nan("")));
}

TEST(Coupling, LinkSamplerCellsAlongAnEdge) {
  // Grid: 2 rows x 10 cols of 10 m cells, north edge at y = 20. An edge along
  // y = 5 (row 1) from x = 5 to x = 95, and a bent one via (55, 15) (row 0).
  const auto g = testing::make_graph({5, 95}, {5, 5}, {{0, 1, 90, 10, 1000}, {1, 0, 90, 10, 1000}});
  const GeoTransform geo{0.0, 10.0, 20.0, -10.0};
  const LinkSampler s(g, geo, 2, 10);
  EXPECT_DOUBLE_EQ(s.spacing_m(), 5.0);
  const auto c = s.samples(0);
  ASSERT_GE(c.size(), 19u);                     // 90 m at <= 5 m spacing
  EXPECT_EQ(c.front(), 10u);                    // row 1, col 0
  EXPECT_EQ(c.back(), 19u);                     // row 1, col 9
  for (std::uint32_t col = 0; col < 10; ++col)  // every cell crossed is sampled
    EXPECT_NE(std::find(c.begin(), c.end(), 10 + col), c.end()) << col;
  EXPECT_EQ(s.cell_at(0, 0.0), 10u);
  EXPECT_EQ(s.cell_at(0, 1.0), 19u);
  EXPECT_EQ(s.cell_at(0, 0.5),
            15u);  // x = 50 lies on the 4|5 border; 0.5 rounds to the sample at x = 50
  EXPECT_EQ(s.cell_at(1, 0.0), 19u);  // reverse edge starts at the east end
  EXPECT_EQ(s.cell_of(-1.0, 5.0), LinkSampler::kOutside);
  EXPECT_EQ(s.cell_of(5.0, 25.0), LinkSampler::kOutside);

  std::vector<float> depth(20, 0.0f), speed(20, 0.0f);
  depth[14] = 0.2f;
  speed[14] = 2.0f;
  depth[16] = 0.25f;
  speed[16] = 0.5f;
  depth[2] = 5.0f;            // row 0: not on the edge
  depth[17] = std::nanf("");  // NaN counts as dry
  std::vector<float> md, mdv;
  s.edge_maxima(depth.data(), speed.data(), md, mdv);
  EXPECT_FLOAT_EQ(md[0], 0.25f);
  EXPECT_FLOAT_EQ(mdv[0], 0.4f);  // 0.2 * 2 beats 0.25 * 0.5
  EXPECT_FLOAT_EQ(md[1], 0.25f);
  s.edge_maxima(depth.data(), nullptr, md, mdv);
  EXPECT_FLOAT_EQ(mdv[0], 0.0f);
}

TEST(Coupling, BentGeometryIsFollowed) {
  std::vector<graph::EdgeInput> in(1);
  in[0].tail = 0;
  in[0].head = 1;
  in[0].length_m = 120;
  in[0].free_speed_mps = 10;
  in[0].capacity_veh_h = 1000;
  in[0].geom_x = {5, 55, 95};
  in[0].geom_y = {5, 15, 5};
  const auto g = graph::build_graph({5, 95}, {5, 5}, in);
  const LinkSampler s(g, GeoTransform{0.0, 10.0, 20.0, -10.0}, 2, 10);
  const auto c = s.samples(0);
  EXPECT_NE(std::find(c.begin(), c.end(), 5u), c.end());  // (55, 15): row 0, col 5
  EXPECT_EQ(c.front(), 10u);
  EXPECT_EQ(c.back(), 19u);
}

TEST(Coupling, SamplerRejectsBadGrids) {
  const auto g = testing::make_graph({0, 1}, {0, 0}, {{0, 1, 1, 10, 1000}});
  EXPECT_THROW(LinkSampler(g, GeoTransform{0, 1, 0, 1}, 2, 2), InvariantError);
  EXPECT_THROW(LinkSampler(g, GeoTransform{0, 1, 0, -1}, 0, 2), InvariantError);
}

}  // namespace
}  // namespace floodevac::evac
