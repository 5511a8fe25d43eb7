#include <gtest/gtest.h>

#include <cmath>

#include "gis/vector/shelters.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

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

}  // namespace
}  // namespace floodevac::gis
