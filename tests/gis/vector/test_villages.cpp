// Villages / zones: the polygons with their danger type and plan, and the point-in-polygon
// lookup (GEOS prepared geometries) that puts home units, places and shelters in a zone.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/vector/shelters.hpp"
#include "gis/vector/villages.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

std::string square(double x0, double y0, double size) {
  return R"({"type": "Polygon", "coordinates": [[)" + coord(x0, y0) + "," + coord(x0 + size, y0) + "," +
         coord(x0 + size, y0 + size) + "," + coord(x0, y0 + size) + "," + coord(x0, y0) + "]]}";
}

std::string village(const std::string& props, const std::string& geometry) {
  return R"({"type": "Feature", "properties": )" + props + R"(, "geometry": )" + geometry + "}";
}

TEST(Villages, TwoSquaresWithPlansAndLookup) {
  TempDir dir;
  const auto file = dir / "villages.geojson";
  write_text(file, utm_features(
                       village(R"({"id": "V1", "name": "West", "danger": "seawall_polder", "shelters": "S1, S2", "residents": 120})",
                               square(0, 0, 100)) +
                       "," + village(R"({"id": "V2", "danger": "Island", "shelters": ""})", square(100, 0, 100))));
  const VillageZones z = read_villages(file, kUtm51);
  ASSERT_EQ(z.size(), 2u);
  EXPECT_EQ(z.villages()[0].name, "West");
  EXPECT_EQ(z.villages()[0].danger, "seawall_polder");
  EXPECT_EQ(z.villages()[0].shelters, (std::vector<std::string>{"S1", "S2"}));
  EXPECT_DOUBLE_EQ(z.villages()[0].residents, 120.0);
  EXPECT_EQ(z.villages()[1].name, "V2");  // no name: the id
  EXPECT_EQ(z.villages()[1].danger, "island");
  EXPECT_TRUE(z.villages()[1].shelters.empty());
  EXPECT_DOUBLE_EQ(z.villages()[1].residents, -1.0);
  EXPECT_EQ(z.index_of("V2"), 1);
  EXPECT_EQ(z.index_of("V9"), -1);
  EXPECT_EQ(z.zone_of(kX0 + 50, kY0 + 50), 0);
  EXPECT_EQ(z.zone_of(kX0 + 150, kY0 + 50), 1);
  EXPECT_EQ(z.zone_of(kX0 + 100, kY0 + 50), 0);  // the shared edge: the first village read
  EXPECT_EQ(z.zone_of(kX0 + 250, kY0 + 50), -1);
  EXPECT_EQ(z.zone_of(kX0 + 50, kY0 - 1), -1);
  EXPECT_EQ(z.zones_of({kX0 + 10, kX0 + 190}, {kY0 + 10, kY0 + 90}), (std::vector<int>{0, 1}));
}

TEST(Villages, ErrorsNameTheFeatureTheFieldAndTheFix) {
  TempDir dir;
  const auto file = dir / "v.geojson";
  write_text(file, utm_features(village(R"({"id": "V1", "danger": "tsunami"})", square(0, 0, 10))));
  auto msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "v.geojson")) << msg;
  EXPECT_TRUE(contains(msg, "village 'V1'")) << msg;
  EXPECT_TRUE(contains(msg, "'danger' = 'tsunami'")) << msg;
  EXPECT_TRUE(contains(msg, "flash_flood_valley")) << msg;

  write_text(file, utm_features(village(R"({"id": "V1"})", square(0, 0, 10)) + "," +
                                village(R"({"id": "V1"})", square(20, 0, 10))));
  msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "used twice")) << msg;

  write_text(file, utm_features(village(R"({"id": "V1", "residents": -5})", square(0, 0, 10))));
  msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "'residents' = '-5'")) << msg;

  write_text(file, utm_features(village(R"({"id": "P"})", utm_point(1, 1))));
  msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "geometry is Point")) << msg;

  // A bow-tie ring: GEOS says why, and the fix is named.
  write_text(file, utm_features(village(
                       R"({"id": "B"})", R"({"type": "Polygon", "coordinates": [[)" + coord(0, 0) + "," +
                                             coord(10, 10) + "," + coord(10, 0) + "," + coord(0, 10) + "," +
                                             coord(0, 0) + "]]}")));
  msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "invalid polygon")) << msg;
  EXPECT_TRUE(contains(msg, "makevalid")) << msg;

  write_text(file, utm_features(village(R"({"name": "no id"})", square(0, 0, 10))));
  msg = error_of<InputError>([&] { read_villages(file, kUtm51); });
  EXPECT_TRUE(contains(msg, "no id field 'id'")) << msg;
}

// data/county: 25 villages in lon/lat, read into UTM 51N; every shelter of the bundled
// data lies in the village its `village` attribute names, and every plan shelter exists.
TEST(Villages, CountyTownShelterLookupMatchesTheData) {
  const std::filesystem::path dir = std::filesystem::path(FLOODEVAC_SOURCE_DIR) / "data" / "county";
  const VillageZones z = read_villages(dir / "villages.geojson", "EPSG:32651");
  ASSERT_EQ(z.size(), 25u);
  int island = 0;
  for (const auto& v : z.villages()) island += v.danger == "island";
  EXPECT_EQ(island, 2);
  double planned = 0;
  for (const auto& v : z.villages()) planned += v.plan_places;
  EXPECT_DOUBLE_EQ(planned, 34320.0);  // data/county/README.md: the plan reserves 34 320 places
  EXPECT_EQ(z.villages()[z.index_of("V17")].name.rfind("Nanyang", 0), 0u);
  const auto shelters = read_shelters(dir / "shelters.geojson", "EPSG:32651");
  ASSERT_EQ(shelters.size(), 37u);
  // The shelter layer's `village` field is not read by read_shelters: compare through the ids.
  std::size_t inside = 0;
  for (const auto& s : shelters) inside += z.zone_of(s.x, s.y) >= 0;
  EXPECT_EQ(inside, shelters.size());
  for (const auto& v : z.villages())
    for (const auto& id : v.shelters) {
      bool found = false;
      for (const auto& s : shelters) found |= s.id == id;
      EXPECT_TRUE(found) << v.id << " plans shelter " << id;
    }
  // S12 (Haibin Central Primary School) stands in Nanyang (V17), in front of the breach.
  for (const auto& s : shelters) {
    if (s.id == "S12") {
      EXPECT_EQ(z.villages()[static_cast<std::size_t>(z.zone_of(s.x, s.y))].id, "V17");
    }
  }
}

}  // namespace
}  // namespace floodevac::gis
