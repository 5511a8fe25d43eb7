#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gis/vector/places.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using test::error_of;
using test::kUtm51;
using test::TempDir;
using test::write_text;

constexpr double kX0 = 300000, kY0 = 3100000;  // UTM 51N offsets used by the inputs

std::string utm_features(const std::string& features) {
  return std::string(R"({"type": "FeatureCollection", )") + test::kUtm51CrsMember + R"( "features": [)" + features +
         "]}";
}

/// "[x,y]" in UTM 51N (built piecewise: GCC 12 warns falsely, -Wrestrict, on "[" + to_string).
std::string coord(double x, double y) {
  std::string s(1, '[');
  s += std::to_string(kX0 + x);
  s += ',';
  s += std::to_string(kY0 + y);
  s += ']';
  return s;
}

std::string utm_point(double x, double y) {
  return R"({"type": "Point", "coordinates": )" + coord(x, y) + "}";
}

/// A small grid network: nodes every 100 m on a 3x3 lattice (ids row-major),
/// plus an isolated pair far east (ids 9, 10).
graph::RoadGraph lattice() {
  std::vector<double> x, y;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      x.push_back(kX0 + 100.0 * c);
      y.push_back(kY0 + 100.0 * r);
    }
  x.push_back(kX0 + 5000);
  y.push_back(kY0);
  x.push_back(kX0 + 5100);
  y.push_back(kY0);
  std::vector<graph::EdgeInput> edges;
  auto add = [&](graph::NodeId a, graph::NodeId b) {
    for (auto [t, h] : {std::pair{a, b}, std::pair{b, a}}) {
      graph::EdgeInput e;
      e.tail = t;
      e.head = h;
      e.length_m = 100;
      e.free_speed_mps = 10;
      e.capacity_veh_h = 600;
      edges.push_back(e);
    }
  };
  for (graph::NodeId r = 0; r < 3; ++r)
    for (graph::NodeId c = 0; c < 3; ++c) {
      if (c < 2) add(r * 3 + c, r * 3 + c + 1);
      if (r < 2) add(r * 3 + c, (r + 1) * 3 + c);
    }
  add(9, 10);
  return graph::build_graph(x, y, edges);
}

TEST(Shelters, PointsWithLevelsNamesAndInference) {
  TempDir dir;
  const auto file = dir / "shelters.geojson";
  write_text(file, utm_features(
                       R"({"type": "Feature", "properties": {"id": "S1", "name": "县体育馆", "capacity": 1200, "level": "县"}, "geometry": )" +
                       utm_point(10, 20) + R"(},
 {"type": "Feature", "properties": {"id": "S2", "name": "school", "capacity": "250", "open_s": 3600}, "geometry": )" +
                       utm_point(110, 20) + R"(},
 {"type": "Feature", "properties": {"id": "S3", "capacity": 40, "level": "Township"}, "geometry": )" +
                       utm_point(210, 20) + R"(},
 {"type": "Feature", "properties": {"capacity": 99.5}, "geometry": )" + utm_point(0, 0) + "}"));
  const auto s = read_shelters(file, kUtm51);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].id, "S1");
  EXPECT_EQ(s[0].name, "县体育馆");
  EXPECT_EQ(s[0].capacity_persons, 1200);
  EXPECT_EQ(s[0].level, evac::ShelterLevel::county);
  EXPECT_NEAR(s[0].x, kX0 + 10, 1e-6);
  EXPECT_NEAR(s[0].y, kY0 + 20, 1e-6);
  EXPECT_EQ(s[1].level, evac::ShelterLevel::township);  // inferred: 250 >= 100
  EXPECT_DOUBLE_EQ(s[1].open_s, 3600.0);
  EXPECT_EQ(s[2].level, evac::ShelterLevel::township);  // given, case-insensitive
  EXPECT_EQ(s[3].level, evac::ShelterLevel::village);   // inferred: 99 < 100
  EXPECT_EQ(s[3].capacity_persons, 99);
  EXPECT_FALSE(s[3].id.empty());  // the feature id

  EXPECT_EQ(level_from_capacity(500), evac::ShelterLevel::county);
  EXPECT_EQ(level_from_capacity(499), evac::ShelterLevel::township);
  EXPECT_EQ(level_from_capacity(100), evac::ShelterLevel::township);
  EXPECT_EQ(level_from_capacity(99), evac::ShelterLevel::village);
  bool ok = false;
  EXPECT_EQ(parse_shelter_level("乡镇", &ok), evac::ShelterLevel::township);
  EXPECT_TRUE(ok);
  EXPECT_EQ(parse_shelter_level("村", &ok), evac::ShelterLevel::village);
  parse_shelter_level("city", &ok);
  EXPECT_FALSE(ok);
}

TEST(Shelters, CapacityMissingOrBadNamesTheFeatureAndField) {
  TempDir dir;
  const auto file = dir / "bad.geojson";
  write_text(file, utm_features(R"({"type": "Feature", "id": 1, "properties": {"id": "A", "capacity": 300}, "geometry": )" +
                                utm_point(0, 0) + R"(},
 {"type": "Feature", "id": 2, "properties": {"id": "B"}, "geometry": )" + utm_point(5, 5) + "}"));
  auto msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("FID 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'B'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'capacity'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("bad.geojson"), std::string::npos) << msg;

  write_text(file, utm_features(R"({"type": "Feature", "id": 4, "properties": {"id": "C", "capacity": -3}, "geometry": )" +
                                utm_point(0, 0) + "}"));
  msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("FID 4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("-3"), std::string::npos) << msg;

  // No capacity field at all, under another name: the message lists the fields.
  write_text(file, utm_features(R"({"type": "Feature", "properties": {"id": "D", "rongliang": 30}, "geometry": )" +
                                utm_point(0, 0) + "}"));
  msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("rongliang"), std::string::npos) << msg;
  ShelterFieldMap fm;
  fm.capacity = "rongliang";
  EXPECT_EQ(read_shelters(file, kUtm51, fm).at(0).capacity_persons, 30);

  // Unknown level; duplicate ids.
  write_text(file, utm_features(R"({"type": "Feature", "properties": {"id": "E", "capacity": 30, "level": "city"}, "geometry": )" +
                                utm_point(0, 0) + "}"));
  msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("'level'"), std::string::npos) << msg;
  write_text(file, utm_features(R"({"type": "Feature", "properties": {"id": "F", "capacity": 30}, "geometry": )" +
                                utm_point(0, 0) + R"(}, {"type": "Feature", "properties": {"id": "F", "capacity": 30}, "geometry": )" +
                                utm_point(1, 1) + "}"));
  msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("unique"), std::string::npos) << msg;
}

TEST(Shelters, PolygonGivesItsCentroid) {
  TempDir dir;
  const auto file = dir / "poly.geojson";
  // An L: [0,200]x[0,100] plus [0,100]x[100,200]; centroid (250/3, 250/3).
  auto p = [](double x, double y) { return coord(x, y); };
  const std::string ring = "[" + p(0, 0) + "," + p(200, 0) + "," + p(200, 100) + "," + p(100, 100) + "," +
                           p(100, 200) + "," + p(0, 200) + "," + p(0, 0) + "]";
  write_text(file, utm_features(R"({"type": "Feature", "properties": {"id": "L", "capacity": 800},
   "geometry": {"type": "Polygon", "coordinates": [)" + ring + "]}}"));
  const auto s = read_shelters(file, kUtm51);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NEAR(s[0].x, kX0 + 250.0 / 3.0, 1e-6);
  EXPECT_NEAR(s[0].y, kY0 + 250.0 / 3.0, 1e-6);

  // Lines are not shelters.
  write_text(file, utm_features(R"({"type": "Feature", "id": 3, "properties": {"id": "X", "capacity": 8},
   "geometry": {"type": "LineString", "coordinates": [)" + p(0, 0) + "," + p(1, 1) + "]}}"));
  const auto msg = error_of<InputError>([&] { read_shelters(file, kUtm51); });
  EXPECT_NE(msg.find("LineString"), std::string::npos) << msg;
  EXPECT_NE(msg.find("FID 3"), std::string::npos) << msg;
}

TEST(Shelters, LonLatInputIsReprojected) {
  TempDir dir;
  const auto file = dir / "ll.geojson";
  write_text(file, R"({"type": "FeatureCollection", "features": [{"type": "Feature",
   "properties": {"id": "W", "capacity": 10}, "geometry": {"type": "Point", "coordinates": [123.0, 28.0]}}]})");
  const auto s = read_shelters(file, kUtm51);
  // On the central meridian of zone 51: easting 500 000 m, northing ~3 098 xxx m.
  EXPECT_NEAR(s.at(0).x, 500000.0, 1e-3);
  EXPECT_GT(s.at(0).y, 3090000.0);
  EXPECT_LT(s.at(0).y, 3110000.0);
}

TEST(Population, VectorCountsPointsAndPolygons) {
  TempDir dir;
  const auto file = dir / "pop.geojson";
  auto p = [](double x, double y) { return coord(x, y); };
  write_text(file, utm_features(
                       R"({"type": "Feature", "properties": {"id": "v1", "pop": 120}, "geometry": )" + utm_point(5, 5) +
                       R"(}, {"type": "Feature", "properties": {"pop": 0}, "geometry": )" + utm_point(6, 6) +
                       R"(}, {"type": "Feature", "id": 9, "properties": {"pop": 35.5}, "geometry": {"type": "Polygon", "coordinates": [[)" +
                       p(0, 0) + "," + p(10, 0) + "," + p(10, 10) + "," + p(0, 10) + "," + p(0, 0) + "]]}}"));
  const auto u = read_population_vector(file, kUtm51, "pop");
  ASSERT_EQ(u.size(), 2u);  // the zero is dropped
  EXPECT_EQ(u[0].id, "v1");
  EXPECT_DOUBLE_EQ(u[0].persons, 120.0);
  EXPECT_EQ(u[1].id, "9");  // GDAL fills the "id" field from the GeoJSON feature id
  EXPECT_NEAR(u[1].x, kX0 + 5, 1e-6);
  EXPECT_NEAR(u[1].y, kY0 + 5, 1e-6);

  auto msg = error_of<InputError>([&] { read_population_vector(file, kUtm51, "persons"); });
  EXPECT_NE(msg.find("'persons'"), std::string::npos) << msg;
  write_text(file, utm_features(R"({"type": "Feature", "id": 3, "properties": {"pop": -1}, "geometry": )" +
                                utm_point(5, 5) + "}"));
  msg = error_of<InputError>([&] { read_population_vector(file, kUtm51, "pop"); });
  EXPECT_NE(msg.find("FID 3"), std::string::npos) << msg;
}

TEST(Population, FromRasterCellCentres) {
  Grid<float> g(2, 3, GeoTransform{1000.0, 100.0, 5000.0, -100.0}, 0.0f);
  g(0, 0) = 5;
  g(0, 2) = std::nanf("");
  g(1, 1) = 0.5f;
  g(1, 2) = 12;
  auto u = population_from_raster(g, 1.0);
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0].id, "r0c0");
  EXPECT_DOUBLE_EQ(u[0].x, 1050.0);
  EXPECT_DOUBLE_EQ(u[0].y, 4950.0);
  EXPECT_EQ(u[1].id, "r1c2");
  EXPECT_DOUBLE_EQ(u[1].x, 1250.0);
  EXPECT_DOUBLE_EQ(u[1].y, 4850.0);
  EXPECT_DOUBLE_EQ(u[1].persons, 12.0);
  EXPECT_EQ(population_from_raster(g, 0.0).size(), 3u);  // zeros never make units
  EXPECT_THROW(population_from_raster(g, -1.0), ConfigError);
}

TEST(Snapping, ShelterTooFarIsAnErrorPopulationIsReported) {
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "near";
  shelters[0].x = kX0 + 105;
  shelters[0].y = kY0 + 3;
  shelters[1].id = "far-school";
  shelters[1].x = kX0 + 100;
  shelters[1].y = kY0 + 900;  // 700 m north of the lattice
  std::vector<evac::PopulationUnit> pop(3);
  pop[0] = {"p0", kX0 + 190, kY0 + 195, graph::kInvalid, 0, 10};
  pop[1] = {"p1", kX0 + 2500, kY0 + 100, graph::kInvalid, 0, 7};  // 2.3 km from the nearest node
  pop[2] = {"p2", kX0 + 5090, kY0 + 10, graph::kInvalid, 0, 3};
  const auto msg = error_of<InputError>([&] { snap_to_network(g, shelters, pop, 500, 1000); });
  EXPECT_NE(msg.find("far-school"), std::string::npos) << msg;
  EXPECT_NE(msg.find("700.0 m"), std::string::npos) << msg;
  EXPECT_NE(msg.find("max_snap"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("'near'"), std::string::npos) << msg;

  shelters.pop_back();
  const auto rep = snap_to_network(g, shelters, pop, 500, 1000);
  EXPECT_EQ(shelters[0].node, 1u);
  EXPECT_NEAR(shelters[0].snap_distance_m, std::hypot(5.0, 3.0), 1e-9);
  EXPECT_EQ(pop[0].node, 8u);
  EXPECT_EQ(pop[1].node, graph::kInvalid);
  EXPECT_TRUE(std::isinf(pop[1].snap_distance_m));
  EXPECT_EQ(pop[2].node, 10u);
  EXPECT_EQ(rep.population_unsnapped, 1u);
  EXPECT_DOUBLE_EQ(rep.persons_unsnapped, 7.0);
  EXPECT_DOUBLE_EQ(rep.persons_snapped, 13.0);
  ASSERT_EQ(rep.unsnapped_examples.size(), 1u);
  EXPECT_EQ(rep.unsnapped_examples[0], "p1");

  // Only the largest component: p2 now goes to the lattice and is too far.
  SnapOptions o;
  o.largest_component_only = true;
  const auto rep2 = snap_to_network(g, shelters, pop, o);
  EXPECT_EQ(pop[2].node, graph::kInvalid);
  EXPECT_EQ(rep2.population_unsnapped, 2u);
}

TEST(Snapping, IndexMatchesBruteForce) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> ux(0, 20000), uy(0, 8000);
  std::vector<double> x, y;
  for (int i = 0; i < 5000; ++i) {
    // Clustered and spread points, some duplicates.
    const double cx = i % 3 == 0 ? 3000 + ux(rng) * 0.01 : ux(rng);
    x.push_back(kX0 + cx);
    y.push_back(kY0 + (i % 3 == 0 ? 4000 + uy(rng) * 0.01 : uy(rng)));
  }
  x.push_back(x[10]);
  y.push_back(y[10]);
  std::vector<graph::EdgeInput> edges(1);
  edges[0].length_m = edges[0].free_speed_mps = edges[0].capacity_veh_h = 1;
  edges[0].head = 1;
  const auto g = graph::build_graph(x, y, edges);
  const NodeSnapIndex index(g);
  std::uniform_real_distribution<double> qx(-30000, 50000), qy(-20000, 30000);
  for (int q = 0; q < 20000; ++q) {
    const double px = kX0 + (q % 2 ? ux(rng) : qx(rng)), py = kY0 + (q % 2 ? uy(rng) : qy(rng));
    const double maxd = q % 5 == 0 ? 300.0 : INFINITY;
    graph::NodeId best = graph::kInvalid;
    double bd = INFINITY;
    for (graph::NodeId n = 0; n < g.node_count(); ++n) {
      const double d = std::hypot(g.node_x[n] - px, g.node_y[n] - py);
      if (d < bd) {
        bd = d;
        best = n;
      }
    }
    const auto hit = index.nearest(px, py, maxd);
    if (bd <= maxd) {
      ASSERT_EQ(hit.node, best) << "query " << q;
      ASSERT_NEAR(hit.distance_m, bd, 1e-9);
    } else {
      ASSERT_EQ(hit.node, graph::kInvalid) << "query " << q;
    }
  }
  // Ties go to the lower id (node 10 and the duplicate 5000).
  EXPECT_EQ(index.nearest(x[10], y[10]).node, 10u);
}

TEST(Trips, ReadsXYAndLonLatTables) {
  TempDir dir;
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "S1";
  shelters[1].id = "S2";
  const auto file = dir / "trips.csv";
  write_text(file,
             "\xEF\xBB\xBFid,depart_s,x,y,shelter,mode,persons\r\n"
             "# a comment\r\n"
             "t1,0,300101,3100002,S2,car,4\r\n"
             "\r\n"
             "\"t,2\",60.5,300195,3100190,,WALK,\r\n");
  const auto t = read_trip_table(file, g, shelters, kUtm51, 50);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].id, "t1");
  EXPECT_EQ(t[0].origin, 1u);
  EXPECT_EQ(t[0].dest_shelter, 1);
  EXPECT_EQ(t[0].mode, evac::Mode::car);
  EXPECT_FLOAT_EQ(t[0].persons, 4.0f);
  EXPECT_EQ(t[1].id, "t,2");
  EXPECT_DOUBLE_EQ(t[1].depart_s, 60.5);
  EXPECT_EQ(t[1].origin, 8u);
  EXPECT_EQ(t[1].dest_shelter, -1);
  EXPECT_EQ(t[1].mode, evac::Mode::walk);
  EXPECT_FLOAT_EQ(t[1].persons, 1.0f);

  // lon/lat: a network on the central meridian of zone 51 (easting 500 000).
  std::vector<graph::EdgeInput> edges(1);
  edges[0].length_m = edges[0].free_speed_mps = edges[0].capacity_veh_h = 1;
  edges[0].head = 1;
  const auto g2 = graph::build_graph({500000.0, 500000.0}, {3098000.0, 3099000.0}, edges);
  write_text(file, "mode,lat,lon,id,depart_s\ncar,28.0,123.0,a,0\n");
  const auto t2 = read_trip_table(file, g2, {}, kUtm51, 2000);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].mode, evac::Mode::car);
}

TEST(Trips, BadRowsNameLineAndColumn) {
  TempDir dir;
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(1);
  shelters[0].id = "S1";
  const auto file = dir / "trips.csv";
  const std::string head = "id,depart_s,x,y,shelter,mode\n";
  write_text(file, head + "a,0,300000,3100000,S1,car\nb,0,300000,3100000,,car\nc,soon,300000,3100000,,car\n");
  auto msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'depart_s'"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,S9,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'shelter'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("S1"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,,bike\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("'mode'"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,,car\na,0,300000,3100000,,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("line 2"), std::string::npos) << msg;

  write_text(file, head + "a,0,310000,3100000,,car\n");  // 10 km away
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("max_snap_m"), std::string::npos) << msg;

  write_text(file, head + "a,0,300000,3100000,car\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("columns"), std::string::npos) << msg;

  write_text(file, "id,depart_s,x,shelter,mode\n");
  msg = error_of<InputError>([&] { read_trip_table(file, g, shelters, kUtm51, 50); });
  EXPECT_NE(msg.find("trips.csv:1"), std::string::npos) << msg;
}

}  // namespace
}  // namespace floodevac::gis
