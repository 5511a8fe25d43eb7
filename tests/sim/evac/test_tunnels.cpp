// Tunnels and underpasses (RoadGraph::tunnel): water reaches them through
// their portals (the two end nodes) and they close at a lower depth
// (SimConfig::tunnel_close_depth_m) than a surface street (vehicle_close_depth_m).
#include <gtest/gtest.h>

#include <cmath>

#include "evac_test_util.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/flood_response.hpp"
#include "sim/evac/queue_sim.hpp"

namespace floodevac::evac {
namespace {

using testing::car;
using testing::checked_config;
using testing::edge_of;
using testing::make_graph;
using testing::shelter_at;

// 100 x 100 cells of 10 m, north edge at y = 1000.
const GeoTransform kGeo{0.0, 10.0, 1000.0, -10.0};

// A tunnel straight from 0 to 1 (800 m) and a surface street beside it, 0 -> 2 -> 1
// (two 410 m links over (500, 600)):
//
//          2
//        /   \        surface street
//      0 ===== 1      tunnel (0 <-> 1)
graph::RoadGraph tunnel_and_street() {
  auto g = make_graph({100, 900, 500}, {500, 500, 600},
                      {{0, 1, 800, 20, 3600},
                       {1, 0, 800, 20, 3600},
                       {0, 2, 412, 10, 3600},
                       {2, 0, 412, 10, 3600},
                       {2, 1, 412, 10, 3600},
                       {1, 2, 412, 10, 3600}});
  g.tunnel.assign(g.edge_count(), 0);
  g.tunnel[edge_of(g, 0, 1)] = g.tunnel[edge_of(g, 1, 0)] = 1;
  g.validate();
  return g;
}

std::vector<float> uniform(float depth_m) {
  return std::vector<float>(100 * 100, depth_m);
}

TEST(Tunnels, ClosedAtThePortalsBeforeTheStreetBesideItFloods) {
  const auto g = tunnel_and_street();
  const LinkSampler s(g, kGeo, 100, 100);
  const SimConfig cfg;
  ASSERT_DOUBLE_EQ(cfg.tunnel_close_depth_m, 0.15);
  ASSERT_DOUBLE_EQ(cfg.vehicle_close_depth_m, 0.3);
  const auto tun = edge_of(g, 0, 1), street = edge_of(g, 0, 2);
  std::vector<float> f;
  std::vector<std::uint8_t> wc;
  // Rising water everywhere: the tunnel closes at 0.15 m, the street at 0.3 m.
  for (const float d : {0.05f, 0.1f, 0.15f, 0.2f, 0.25f, 0.3f}) {
    const auto depth = uniform(d);
    detail::link_conditions(s, depth.data(), nullptr, cfg, 1, f, wc);
    EXPECT_EQ(f[tun] == 0.0f, d >= 0.15f) << d;
    EXPECT_EQ(wc[tun] != 0, d >= 0.15f) << d;  // closed to walkers too
    EXPECT_EQ(f[street] == 0.0f, d >= 0.3f) << d;
    EXPECT_EQ(wc[street] != 0, false) << d;  // walkers: 0.5 m
    if (d < 0.15f) {
      EXPECT_FLOAT_EQ(f[tun], f[street]) << d;  // slowed alike below
    }
  }
  // Water on the surface above the tunnel but not at its portals does not reach it.
  auto depth = uniform(0.0f);
  for (int r = 0; r < 100; ++r)
    for (int c = 20; c < 80; ++c) depth[static_cast<std::size_t>(r * 100 + c)] = 1.0f;
  detail::link_conditions(s, depth.data(), nullptr, cfg, 1, f, wc);
  EXPECT_FLOAT_EQ(f[tun], 1.0f);
  EXPECT_EQ(f[street], 0.0f);
  // Water at one portal only (node 1, x = 900) closes it.
  depth = uniform(0.0f);
  depth[static_cast<std::size_t>(50 * 100 + 90)] = 0.2f;
  detail::link_conditions(s, depth.data(), nullptr, cfg, 1, f, wc);
  EXPECT_EQ(f[tun], 0.0f);
  EXPECT_EQ(f[edge_of(g, 1, 0)], 0.0f);
}

TEST(Tunnels, CarsTakeTheStreetWhenTheTunnelCloses) {
  const auto g = tunnel_and_street();
  std::vector<Trip> trips(20, car(0, 10.0));
  // Dry: everyone through the tunnel (40 s against 82 s).
  QueueSim dry(g, {shelter_at(1, 100)}, {}, trips, checked_config(1));
  dry.advance_to(200);
  EXPECT_EQ(dry.results().edges[edge_of(g, 0, 1)].persons_passed, 20.0);
  // 0.2 m everywhere: the tunnel is closed, the street only slowed.
  // The street at 0.2 m: 14 % of free speed (Pregnolato), 824 m in ~580 s.
  QueueSim sim(g, {shelter_at(1, 100)}, {}, trips, checked_config(1));
  sim.set_flood_grid(kGeo, 100, 100);
  const auto depth = uniform(0.2f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  sim.advance_to(700);
  const auto r = sim.results();
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].first_closed_s, 0.0);
  EXPECT_TRUE(std::isnan(r.edges[edge_of(g, 0, 2)].first_closed_s));
  EXPECT_EQ(r.edges[edge_of(g, 0, 1)].persons_passed, 0.0);
  EXPECT_EQ(r.edges[edge_of(g, 2, 1)].persons_passed, 20.0);
}

TEST(Tunnels, ACarInsideStandsInThePortalWaterNotTheSurfaceAbove) {
  // One car enters the tunnel at 0 s (40 s long). At 10 s the portals carry
  // 0.2 m (the tunnel closes: the car is held) while the street above it has
  // 1 m: the car is not trapped by water it is below. At 20 s the portals
  // reach 0.4 m: now it is.
  const auto g = tunnel_and_street();
  QueueSim sim(g, {shelter_at(1, 100)}, {}, {car(0, 0.0)}, checked_config(1));
  sim.set_flood_grid(kGeo, 100, 100);
  sim.advance_to(10);
  ASSERT_EQ(sim.agent(0).edge, edge_of(g, 0, 1));
  auto depth = uniform(0.0f);
  for (int c = 20; c < 80; ++c) depth[static_cast<std::size_t>(50 * 100 + c)] = 1.0f;
  auto portals = [&](float d) {
    depth[static_cast<std::size_t>(50 * 100 + 10)] = d;  // node 0 at (100, 500)
    depth[static_cast<std::size_t>(50 * 100 + 90)] = d;  // node 1 at (900, 500)
  };
  portals(0.2f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_EQ(sim.agent(0).state, AgentState::stranded);
  EXPECT_TRUE(sim.agent(0).held);
  sim.advance_to(20);
  portals(0.4f);
  sim.apply_flood(depth.data(), nullptr, nullptr);
  EXPECT_EQ(sim.agent(0).state, AgentState::trapped);
}

TEST(Tunnels, AnEdgeIsNotBothABridgeAndATunnel) {
  auto g = tunnel_and_street();
  g.bridge.assign(g.edge_count(), 0);
  g.bridge[edge_of(g, 0, 1)] = 1;
  EXPECT_THROW(g.validate(), InvariantError);
  g.bridge.clear();
  g.tunnel.resize(2);
  EXPECT_THROW(g.validate(), InvariantError);
  SimConfig cfg;
  cfg.tunnel_close_depth_m = 0;
  EXPECT_THROW(cfg.validate(), ConfigError);
}

}  // namespace
}  // namespace floodevac::evac
