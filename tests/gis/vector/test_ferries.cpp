// Ferry lines, their timetable and the ferry edges added to the road graph between the
// piers (road end vertices): inline files and the county town's ferry to Dongdao.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/vector/ferries.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

std::string ferry_line(const std::string& props, double x0, double y0, double x1, double y1) {
  return R"({"type": "Feature", "properties": )" + props +
         R"(, "geometry": {"type": "LineString", "coordinates": [)" + coord(x0, y0) + "," +
         coord((x0 + x1) / 2, y0 + 30) + "," + coord(x1, y1) + "]}}";
}

const char* kProps =
    R"({"id": "F1", "crossing_s": 600, "boat_capacity_persons": 50, "from_pier": "A", "to_pier": "B"})";

TEST(Ferries, LineTimetableAndEdgesOnTheLattice) {
  TempDir dir;
  const auto file = dir / "ferries.geojson";
  // From node 2 of the lattice (200, 0) to the isolated pair's node 9 (5000, 0), ends 3 m off.
  write_text(file, utm_features(ferry_line(kProps, 203, 0, 5000, 3)));
  const auto lines = read_ferry_lines(file, kUtm51);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_DOUBLE_EQ(lines[0].crossing_s, 600.0);
  EXPECT_DOUBLE_EQ(lines[0].boat_capacity_persons, 50.0);
  EXPECT_EQ(lines[0].x.size(), 3u);

  const auto timetable = dir / "t.csv";
  write_text(timetable,
             "ferry_id,direction,depart_s,from_pier\n"
             "F1,x,23400,A\n"
             "# a comment\n"
             "F1,x,25200,B\n"
             "F1,backward,27000,\n");
  const auto deps = read_ferry_timetable(timetable, lines);
  ASSERT_EQ(deps.size(), 3u);
  EXPECT_TRUE(deps[0].forward);
  EXPECT_FALSE(deps[1].forward);
  EXPECT_FALSE(deps[2].forward);
  EXPECT_EQ(deps[1].line, 4u);
  EXPECT_DOUBLE_EQ(deps[1].depart_s_of_day, 25200.0);

  const graph::RoadGraph roads = lattice();
  const FerryNetwork net = add_ferry_edges(roads, lines, 10.0, file.string());
  net.graph.validate();
  EXPECT_EQ(net.graph.edge_count(), roads.edge_count() + 2);
  ASSERT_EQ(net.links.size(), 1u);
  const auto& link = net.links[0];
  EXPECT_EQ(link.first_node, 2u);
  EXPECT_EQ(link.last_node, 9u);
  EXPECT_NEAR(link.first_snap_m, 3.0, 1e-6);
  const auto tails = net.graph.tails();
  ASSERT_NE(link.forward, graph::kInvalid);
  ASSERT_NE(link.backward, graph::kInvalid);
  EXPECT_EQ(tails[link.forward], 2u);
  EXPECT_EQ(net.graph.head[link.forward], 9u);
  EXPECT_EQ(tails[link.backward], 9u);
  EXPECT_EQ(net.graph.ferry[link.forward], 1);
  EXPECT_NEAR(net.graph.free_speed_mps[link.forward] * 600.0, net.graph.length_m[link.forward], 1e-2);
  // Road edges keep their attributes; only ferry edges are flagged.
  std::size_t ferries = 0;
  for (graph::EdgeId e = 0; e < net.graph.edge_count(); ++e) ferries += net.graph.ferry[e];
  EXPECT_EQ(ferries, 2u);
  // The ferry's geometry starts and ends exactly at the piers.
  const auto g0 = net.graph.geom_first[link.forward], g1 = net.graph.geom_first[link.forward + 1];
  EXPECT_DOUBLE_EQ(net.graph.geom_x[g0], roads.node_x[2]);
  EXPECT_DOUBLE_EQ(net.graph.geom_x[g1 - 1], roads.node_x[9]);
}

TEST(Ferries, ErrorsNameTheFileTheLineAndTheField) {
  TempDir dir;
  const auto file = dir / "ferries.geojson";
  write_text(file, utm_features(ferry_line(kProps, 203, 0, 5000, 3)));
  const auto lines = read_ferry_lines(file, kUtm51);
  // A pier that is no road end.
  write_text(file, utm_features(ferry_line(kProps, 250, 50, 5000, 3)));
  auto msg = error_of<InputError>(
      [&] { add_ferry_edges(lattice(), read_ferry_lines(file, kUtm51), 10.0, file.string()); });
  EXPECT_TRUE(contains(msg, "ferry 'F1'")) << msg;
  EXPECT_TRUE(contains(msg, "first point is")) << msg;
  EXPECT_TRUE(contains(msg, "road end vertex")) << msg;

  write_text(file, utm_features(ferry_line(
                       R"({"id": "F1", "crossing_s": 0, "boat_capacity_persons": 50})", 0, 0, 10, 0)));
  msg = error_of<InputError>([&] { read_ferry_lines(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "'crossing_s' = '0'")) << msg;

  const auto t = dir / "t.csv";
  write_text(t, "ferry_id,depart_s,from_pier\nF2,100,A\n");
  msg = error_of<InputError>([&] { read_ferry_timetable(t, lines); });
  EXPECT_TRUE(contains(msg, "t.csv:2: column 'ferry_id'")) << msg;
  write_text(t, "ferry_id,depart_s,from_pier\nF1,90000,A\n");
  msg = error_of<InputError>([&] { read_ferry_timetable(t, lines); });
  EXPECT_TRUE(contains(msg, "t.csv:2: column 'depart_s'")) << msg;
  write_text(t, "ferry_id,depart_s,from_pier\nF1,100,C\n");
  msg = error_of<InputError>([&] { read_ferry_timetable(t, lines); });
  EXPECT_TRUE(contains(msg, "names neither end")) << msg;
  write_text(t, "ferry_id,depart_s,from_pier\nF1,100\n");
  msg = error_of<InputError>([&] { read_ferry_timetable(t, lines); });
  EXPECT_TRUE(contains(msg, "t.csv:2: 2 cells, the header has 3")) << msg;
  write_text(t, "ferry_id,from_pier\nF1,A\n");
  msg = error_of<InputError>([&] { read_ferry_timetable(t, lines); });
  EXPECT_TRUE(contains(msg, "no column 'depart_s' or 'depart_clock'")) << msg;
}

// data/county: the Yugang - Dongdao ferry joins the mainland and the island, whose road
// networks are otherwise two components; 26 departures, 13 each way.
TEST(Ferries, CountyTownFerryJoinsTheIsland) {
  const std::filesystem::path dir = std::filesystem::path(FLOODEVAC_SOURCE_DIR) / "data" / "county";
  const auto roads = read_roads(dir / "roads.geojson", "EPSG:32651");
  std::uint32_t before = 0;
  weak_components(roads, &before);
  EXPECT_EQ(before, 2u);
  const auto lines = read_ferry_lines(dir / "ferries.geojson", "EPSG:32651");
  ASSERT_EQ(lines.size(), 1u);
  const auto deps = read_ferry_timetable(dir / "ferry_timetable.csv", lines);
  ASSERT_EQ(deps.size(), 26u);
  std::size_t forward = 0;
  for (const auto& d : deps) forward += d.forward;
  EXPECT_EQ(forward, 13u);
  EXPECT_TRUE(deps[0].forward);  // 06:30 from Yugang
  EXPECT_DOUBLE_EQ(deps[0].depart_s_of_day, 23400.0);
  const FerryNetwork net = add_ferry_edges(roads, lines, 5.0, "ferries.geojson");
  EXPECT_LT(net.links[0].first_snap_m, 0.5);  // the piers are road end vertices
  EXPECT_LT(net.links[0].last_snap_m, 0.5);
  std::uint32_t after = 0;
  weak_components(net.graph, &after);
  EXPECT_EQ(after, 1u);
}

}  // namespace
}  // namespace floodevac::gis
