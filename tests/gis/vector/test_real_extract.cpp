// A real OpenStreetMap extract read end to end (issue 9): West Oakland,
// California, as shipped by Debian's python-osmnx-doc package (OSMnx's test
// input, OSM XML compressed with bzip2). Map data (c) OpenStreetMap
// contributors, licensed under the Open Database License (ODbL) 1.0,
// https://www.openstreetmap.org/copyright. The file is not copied into this
// repository: CI installs the package (.ci/install-deps.sh).
//
// Checks: the counts of ways used and skipped (walk-only footways/cycleway,
// one access=private way), the components, and a few thousand cars leaving
// every node that can reach a shelter, all arriving on the dry network with
// nobody left on the road.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gis/vector/roads.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::gis {
namespace {

const std::filesystem::path kExtract =
    "/usr/share/doc/python-osmnx-doc/examples/tests/input_data/West-Oakland.osm.bz2";
constexpr const char* kUtm10 = "EPSG:32610";  // WGS 84 / UTM zone 10N (California)

TEST(RealExtract, WestOaklandReadEndToEnd) {
  if (!std::filesystem::exists(kExtract))
    GTEST_SKIP() << kExtract << " is missing: install the Debian package python-osmnx-doc "
                 << "(.ci/install-deps.sh does) to run this test";
  RoadReport rep;
  const graph::RoadGraph g = read_road_network(kExtract, kUtm10, {}, &rep);
  SCOPED_TRACE(rep.summary());
  // 31 of the 66 ways carry a highway tag: 7 footways and 1 cycleway are
  // walk-only, 1 service road is access=private; 22 are roads.
  EXPECT_EQ(rep.features_read, 31);
  EXPECT_EQ(rep.features_used, 22);
  EXPECT_EQ(rep.features_skipped, 9);
  EXPECT_EQ(rep.skipped["walk-only highway class (include_walk_only is off)"], 8);
  EXPECT_EQ(rep.access_closed, 1);
  EXPECT_EQ(rep.bridges, 0);
  EXPECT_EQ(rep.tunnels, 0);
  EXPECT_EQ(rep.missing_locations, 0);
  EXPECT_EQ(rep.pieces_dropped, 0);
  EXPECT_EQ(rep.nodes, g.node_count());
  EXPECT_EQ(rep.edges, g.edge_count());
  EXPECT_EQ(rep.nodes, 39u);
  EXPECT_EQ(rep.edges, 75u);
  EXPECT_EQ(rep.components, 3u);  // the street grid (35 nodes) and two detached pieces of 2 nodes
  EXPECT_EQ(rep.largest_component_nodes, 35u);
  g.validate();

  // Two shelters: the nodes of the largest component nearest the extract's
  // south-west and north-east corners.
  const std::vector<graph::NodeId> dummy;
  const auto cr0 = graph::connectivity_report(g, dummy);
  auto nearest_to = [&](double x, double y) {
    graph::NodeId best = graph::kInvalid;
    double bd = 1e300;
    for (graph::NodeId u = 0; u < g.node_count(); ++u) {
      if (cr0.component[u] != cr0.largest_component) continue;
      const double d = std::hypot(g.node_x[u] - x, g.node_y[u] - y);
      if (d < bd) bd = d, best = u;
    }
    return best;
  };
  const auto [xmin, xmax] = std::minmax_element(g.node_x.begin(), g.node_x.end());
  const auto [ymin, ymax] = std::minmax_element(g.node_y.begin(), g.node_y.end());
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "SW";
  shelters[0].node = nearest_to(*xmin, *ymin);
  shelters[1].id = "NE";
  shelters[1].node = nearest_to(*xmax, *ymax);
  for (auto& s : shelters) s.capacity_persons = 1000000;
  ASSERT_NE(shelters[0].node, shelters[1].node);

  // 3 000 cars, deterministic: trip k at the (7919 k mod n)-th node that can
  // reach a shelter, one departure every 0.6 s (30 minutes in all).
  const std::vector<graph::NodeId> sn = {shelters[0].node, shelters[1].node};
  const auto cr = graph::connectivity_report(g, sn);
  std::vector<std::uint8_t> cut(g.node_count(), 0);
  for (const auto u : cr.cannot_reach_shelter) cut[u] = 1;
  std::vector<graph::NodeId> origins;
  for (graph::NodeId u = 0; u < g.node_count(); ++u)
    if (!cut[u]) origins.push_back(u);
  ASSERT_GT(origins.size(), g.node_count() / 2);
  constexpr std::size_t kCars = 3000;
  std::vector<evac::Trip> trips(kCars);
  for (std::size_t k = 0; k < kCars; ++k) {
    trips[k].id = std::to_string(k);  // (not "c" + to_string: GCC 12 warns falsely, -Wrestrict)
    trips[k].origin = origins[(7919 * k) % origins.size()];
    trips[k].depart_s = 0.6 * static_cast<double>(k);
    trips[k].mode = evac::Mode::car;
    trips[k].persons = 1;
  }
  evac::SimConfig cfg;
  cfg.threads = 1;  // results do not depend on it; one thread keeps the test fast on a busy machine
  evac::QueueSim sim(g, shelters, {}, trips, cfg);
  for (double t = 600; t <= 6 * 3600.0 && !sim.done(); t += 600) sim.advance_to(t);
  sim.check_conservation();
  const auto tot = sim.totals();
  EXPECT_TRUE(sim.done()) << "still moving after 6 h: " << tot.moving << ", stranded "
                          << tot.stranded;
  EXPECT_DOUBLE_EQ(tot.sheltered, static_cast<double>(kCars));
  EXPECT_DOUBLE_EQ(tot.moving, 0.0);
  EXPECT_DOUBLE_EQ(tot.stranded, 0.0);
  EXPECT_DOUBLE_EQ(tot.trapped, 0.0);
  const auto r = sim.results();
  EXPECT_TRUE(std::isfinite(r.clearance_s));
  EXPECT_LE(r.t50_s, r.t90_s);
  RecordProperty("nodes", static_cast<int>(g.node_count()));
  RecordProperty("clearance_s", static_cast<int>(r.clearance_s));
}

}  // namespace
}  // namespace floodevac::gis
