#include <gtest/gtest.h>
#include <osmium/builder/attr.hpp>
#include <osmium/io/any_output.hpp>
#include <osmium/memory/buffer.hpp>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

struct OsmNode {
  osmium::object_id_type id;
  double lon, lat;
};
struct OsmWay {
  osmium::object_id_type id;
  std::vector<osmium::object_id_type> nodes;
  std::vector<std::pair<std::string, std::string>> tags;
};

/// Writes an OSM file (format from the suffix: .osm.pbf, .osm) with libosmium.
void write_osm(const std::filesystem::path& path, const std::vector<OsmNode>& nodes, const std::vector<OsmWay>& ways) {
  using namespace osmium::builder::attr;
  osmium::memory::Buffer buf{64 * 1024, osmium::memory::Buffer::auto_grow::yes};
  for (const auto& n : nodes)
    osmium::builder::add_node(buf, _id(n.id), _version(1), _location(n.lon, n.lat));
  for (const auto& w : ways) {
    std::vector<std::pair<const char*, const char*>> tags;
    for (const auto& [k, v] : w.tags) tags.emplace_back(k.c_str(), v.c_str());
    osmium::builder::add_way(buf, _id(w.id), _version(1), _nodes(w.nodes), _tags(tags));
  }
  osmium::io::Header header;
  header.set("generator", "floodevac test");
  osmium::io::Writer writer{path.string(), header, osmium::io::overwrite::allow};
  writer(std::move(buf));
  writer.close();
}

/// The '+' network of test_roads.cpp: two-way primary W-E, oneway secondary S-N.
void write_plus_osm(const std::filesystem::path& path) {
  write_osm(path,
            {{1, 120.69, 28.0}, {2, 120.70, 28.0}, {3, 120.71, 28.0}, {4, 120.70, 27.99}, {5, 120.70, 28.01}},
            {{10, {1, 2, 3}, {{"highway", "primary"}, {"name", "WE"}}},
             {11, {4, 2, 5}, {{"highway", "secondary"}, {"oneway", "yes"}, {"name", "SN"}}}});
}

void write_plus_geojson(const std::filesystem::path& path) {
  write_text(path, R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"highway": "primary"},
  "geometry": {"type": "LineString", "coordinates": [[120.69, 28.0], [120.70, 28.0], [120.71, 28.0]]}},
 {"type": "Feature", "properties": {"highway": "secondary", "oneway": "yes"},
  "geometry": {"type": "LineString", "coordinates": [[120.70, 27.99], [120.70, 28.0], [120.70, 28.01]]}}
]})");
}

/// Directed edges as (tail x, tail y, head x, head y, length, class), sorted.
std::vector<std::tuple<double, double, double, double, double, int>> edge_set(const graph::RoadGraph& g) {
  std::vector<std::tuple<double, double, double, double, double, int>> out;
  const auto t = g.tails();
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
    out.emplace_back(g.node_x[t[e]], g.node_y[t[e]], g.node_x[g.head[e]], g.node_y[g.head[e]], g.length_m[e],
                     g.road_class[e]);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(OsmRoads, PbfGivesTheSameGraphAsGeoJson) {
  TempDir dir;
  const auto pbf = dir / "plus.osm.pbf";
  const auto json = dir / "plus.geojson";
  write_plus_osm(pbf);
  write_plus_geojson(json);
  RoadReport rep_osm, rep_ogr;
  const auto a = read_osm_roads(pbf, kUtm51, {}, &rep_osm);
  const auto b = read_roads(json, kUtm51, {}, &rep_ogr);
  a.validate();
  EXPECT_EQ(a.node_count(), 5u);
  EXPECT_EQ(a.node_count(), b.node_count());
  EXPECT_EQ(a.edge_count(), 6u);
  EXPECT_EQ(a.edge_count(), b.edge_count());
  EXPECT_EQ(rep_osm.features_read, 2);
  EXPECT_EQ(rep_osm.components, 1u);

  std::vector<float> la(a.length_m), lb(b.length_m);
  std::sort(la.begin(), la.end());
  std::sort(lb.begin(), lb.end());
  ASSERT_EQ(la.size(), lb.size());
  for (std::size_t i = 0; i < la.size(); ++i) EXPECT_NEAR(la[i], lb[i], 1e-6 * lb[i]);

  // Same directed edges (oneway handling included), same classes.
  const auto ea = edge_set(a), eb = edge_set(b);
  ASSERT_EQ(ea.size(), eb.size());
  for (std::size_t i = 0; i < ea.size(); ++i) {
    EXPECT_NEAR(std::get<0>(ea[i]), std::get<0>(eb[i]), 1e-6);
    EXPECT_NEAR(std::get<1>(ea[i]), std::get<1>(eb[i]), 1e-6);
    EXPECT_NEAR(std::get<2>(ea[i]), std::get<2>(eb[i]), 1e-6);
    EXPECT_NEAR(std::get<3>(ea[i]), std::get<3>(eb[i]), 1e-6);
    EXPECT_EQ(std::get<5>(ea[i]), std::get<5>(eb[i]));
  }
  // The secondary only runs north, and edges remember their way id.
  const auto t = a.tails();
  for (graph::EdgeId e = 0; e < a.edge_count(); ++e) {
    if (a.road_class[e] == static_cast<std::uint8_t>(RoadClass::secondary)) {
      EXPECT_GT(a.node_y[a.head[e]], a.node_y[t[e]]);
      EXPECT_EQ(a.source_id[e], 11);
    } else {
      EXPECT_EQ(a.source_id[e], 10);
    }
  }
}

TEST(OsmRoads, XmlAndDispatchByExtension) {
  TempDir dir;
  const auto xml = dir / "plus.osm";
  write_plus_osm(xml);
  EXPECT_TRUE(is_osm_file(xml));
  EXPECT_TRUE(is_osm_file("a/b.osm.pbf"));
  EXPECT_TRUE(is_osm_file("x.OSM.BZ2"));
  EXPECT_FALSE(is_osm_file("roads.geojson"));
  EXPECT_FALSE(is_osm_file("roads.gpkg"));
  RoadReport rep;
  const auto g = read_road_network(xml, kUtm51, {}, &rep);
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 6u);
}

TEST(OsmRoads, SkipsNonRoadsAndCountsMissingLocations) {
  TempDir dir;
  const auto pbf = dir / "mixed.osm.pbf";
  write_osm(pbf,
            {{1, 120.69, 28.0}, {2, 120.70, 28.0}, {3, 120.71, 28.0}, {4, 120.70, 28.01}, {6, 120.72, 28.0}},
            {
                {20, {1, 2, 3}, {{"highway", "residential"}, {"maxspeed", "30 mph"}, {"lanes", "wide"}}},
                {21, {2, 4}, {{"highway", "construction"}}},             // not routable
                {22, {2, 4}, {{"highway", "pedestrian"}, {"area", "yes"}}},  // an area
                {23, {2, 4}, {{"highway", "footway"}}},                  // walk-only
                {24, {3, 99, 6}, {{"highway", "service"}}},              // node 99 is missing
                {25, {4, 4}, {{"highway", "service"}}},                  // degenerate
                {26, {1, 3}, {{"building", "yes"}}},                     // not a highway at all
            });
  RoadReport rep;
  const auto g = read_osm_roads(pbf, kUtm51, {}, &rep);
  EXPECT_EQ(rep.features_read, 6);  // ways with a highway tag
  EXPECT_EQ(rep.features_used, 2);
  EXPECT_EQ(rep.features_skipped, 4);
  EXPECT_EQ(rep.missing_locations, 1);
  EXPECT_EQ(rep.skipped["highway='construction' is not a routable class"], 1);
  EXPECT_EQ(rep.skipped["area=yes (a highway area, not a line)"], 1);
  EXPECT_EQ(rep.skipped["walk-only highway class (include_walk_only is off)"], 1);
  EXPECT_EQ(rep.skipped["fewer than 2 nodes with a location"], 1);
  EXPECT_EQ(rep.attribute_warnings, 1);  // lanes=wide
  ASSERT_FALSE(rep.warnings.empty());
  EXPECT_NE(rep.warnings[0].find("way 20"), std::string::npos) << rep.warnings[0];
  // Residential 1-2-3 split at nothing (node 2 is used by no other kept way): one piece; service 3-6.
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.edge_count(), 4u);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.road_class[e] == static_cast<std::uint8_t>(RoadClass::residential)) {
      EXPECT_NEAR(g.free_speed_mps[e], 30 * 1.609344 / 3.6, 1e-5);
    }

  RoadReadOptions walk;
  walk.include_walk_only = true;
  const auto gw = read_osm_roads(pbf, kUtm51, walk, &rep);
  EXPECT_EQ(gw.node_count(), 5u);  // node 2 now joins the footway: the residential is split
  EXPECT_EQ(gw.edge_count(), 8u);
}

TEST(OsmRoads, ImpliedOnewayAndErrors) {
  TempDir dir;
  const auto pbf = dir / "ring.osm.pbf";
  write_osm(pbf, {{1, 120.69, 28.0}, {2, 120.70, 28.0}, {3, 120.70, 28.01}, {4, 120.71, 28.02}},
            {{30, {1, 2, 3, 1}, {{"highway", "primary"}, {"junction", "roundabout"}}},
             {31, {3, 4}, {{"highway", "motorway"}}}});
  const auto g = read_osm_roads(pbf, kUtm51);
  // Ring split at its end (node 1) and at node 3 (shared with the motorway): 2 pieces, one direction each.
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.edge_count(), 3u);

  auto msg = test::error_of<InputError>([&] { read_osm_roads(dir / "missing.osm.pbf", kUtm51); });
  EXPECT_NE(msg.find("missing.osm.pbf"), std::string::npos) << msg;
  const auto junk = dir / "junk.osm.pbf";
  write_text(junk, "this is not a pbf file");
  msg = test::error_of<InputError>([&] { read_osm_roads(junk, kUtm51); });
  EXPECT_NE(msg.find("junk.osm.pbf"), std::string::npos) << msg;
  const auto empty = dir / "empty.osm.pbf";
  write_osm(empty, {{1, 120.69, 28.0}}, {});
  msg = test::error_of<InputError>([&] { read_osm_roads(empty, kUtm51); });
  EXPECT_NE(msg.find("no road edges"), std::string::npos) << msg;
}

}  // namespace
// Issue 9 item 5: two oneway ways along the same nodes (one per direction)
// are two links between their ends, not split at every shared node; a third
// way crossing them at node 3 splits both there.
TEST(OsmRoads, TwoOnewayWaysAlongTheSameNodesAreTwoLinks) {
  TempDir dir;
  const auto pbf = dir / "pair.osm.pbf";
  const std::vector<OsmNode> nodes = {{1, 120.690, 28.0},  {2, 120.691, 28.0},  {3, 120.692, 28.0},
                                      {4, 120.693, 28.0},  {5, 120.692, 27.999}, {6, 120.692, 28.001}};
  write_osm(pbf, nodes,
            {{40, {1, 2, 3, 4}, {{"highway", "secondary"}, {"oneway", "yes"}}},
             {41, {4, 3, 2, 1}, {{"highway", "secondary"}, {"oneway", "yes"}}}});
  RoadReport rep;
  auto g = read_osm_roads(pbf, kUtm51, {}, &rep);
  EXPECT_EQ(g.node_count(), 2u);
  EXPECT_EQ(g.edge_count(), 2u);
  EXPECT_EQ(rep.pieces_dropped, 0);
  write_osm(pbf, nodes,
            {{40, {1, 2, 3, 4}, {{"highway", "secondary"}, {"oneway", "yes"}}},
             {41, {4, 3, 2, 1}, {{"highway", "secondary"}, {"oneway", "yes"}}},
             {42, {5, 3, 6}, {{"highway", "residential"}}}});
  g = read_osm_roads(pbf, kUtm51, {}, &rep);
  EXPECT_EQ(g.node_count(), 5u);  // 1, 3, 4, 5, 6
  EXPECT_EQ(g.edge_count(), 8u);
}

// Issue 9 item 7: access and tunnel tags. Ways closed to motor vehicles are
// left out (counted); tunnels and underpasses are marked per edge.
TEST(OsmRoads, AccessAndTunnelTags) {
  TempDir dir;
  const auto pbf = dir / "tags.osm.pbf";
  std::vector<OsmNode> nodes;
  for (int i = 0; i < 10; ++i) nodes.push_back({i + 1, 120.69 + 0.001 * i, 28.0});
  nodes.push_back({20, 120.69, 28.001});
  write_osm(pbf, nodes,
            {{50, {1, 2}, {{"highway", "residential"}}},
             {51, {2, 3}, {{"highway", "service"}, {"access", "private"}}},          // left out
             {52, {3, 4}, {{"highway", "residential"}, {"motor_vehicle", "no"}}},    // left out
             {53, {4, 5}, {{"highway", "residential"}, {"access", "no"}, {"motor_vehicle", "yes"}}},
             {54, {5, 6}, {{"highway", "primary"}, {"tunnel", "yes"}, {"layer", "-1"}}},
             {55, {6, 7}, {{"highway", "primary"}, {"layer", "-1"}}},                 // underpass
             {56, {7, 8}, {{"highway", "primary"}, {"bridge", "yes"}, {"layer", "-1"}}},
             {57, {8, 9}, {{"highway", "primary"}, {"tunnel", "building_passage"}}},
             {58, {9, 10}, {{"highway", "track"}, {"vehicle", "private"}, {"access", "yes"}}},  // left out
             {59, {1, 20}, {{"highway", "residential"}, {"access", "destination"}}}});
  RoadReport rep;
  const auto g = read_osm_roads(pbf, kUtm51, {}, &rep);
  EXPECT_EQ(rep.features_read, 10);
  EXPECT_EQ(rep.features_skipped, 3);
  EXPECT_EQ(rep.access_closed, 3);
  EXPECT_EQ(rep.skipped["access=no/private (closed to evacuation traffic)"], 3);
  EXPECT_EQ(rep.tunnels, 2);
  EXPECT_EQ(rep.bridges, 1);
  EXPECT_NE(rep.summary().find("2 tunnels/underpasses"), std::string::npos) << rep.summary();
  ASSERT_EQ(g.tunnel.size(), g.edge_count());
  ASSERT_EQ(g.bridge.size(), g.edge_count());
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto id = g.source_id[e];
    EXPECT_TRUE(id != 51 && id != 52 && id != 58) << "private way " << id << " is in the graph";
    EXPECT_EQ(g.tunnel[e] != 0, id == 54 || id == 55) << id;
    EXPECT_EQ(g.bridge[e] != 0, id == 56) << id;
  }
}

}  // namespace floodevac::gis
