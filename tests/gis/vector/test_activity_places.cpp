// Daytime activity places (work, school, market, outdoor, tourists): points with a kind and
// persons; schools that board or are shelters; errors naming the feature and field.
#include <gtest/gtest.h>

#include <filesystem>

#include "gis/vector/activity_places.hpp"
#include "gis/vector/villages.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

std::string place(const std::string& props, double x, double y) {
  return R"({"type": "Feature", "properties": )" + props + R"(, "geometry": )" + utm_point(x, y) + "}";
}

TEST(ActivityPlaces, SchoolsWithBoardingAndShelters) {
  TempDir dir;
  const auto file = dir / "schools.geojson";
  write_text(file, utm_features(
                       place(R"({"id": "E1", "name": "High", "kind": "High_Boarding", "persons": 3000, "boarding": "yes", "is_shelter": "yes", "shelter_id": "S02", "village": "V01"})", 10, 20) +
                       "," + place(R"({"id": "E2", "kind": "primary", "persons": "450", "boarding": "no", "is_shelter": "no"})", 30, 40)));
  const auto p = read_activity_places(file, "schools", kUtm51);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].group, "schools");
  EXPECT_EQ(p[0].kind, "high_boarding");  // lower case, for the profile columns
  EXPECT_DOUBLE_EQ(p[0].persons, 3000.0);
  EXPECT_TRUE(p[0].boarding);
  EXPECT_EQ(p[0].shelter_id, "S02");
  EXPECT_EQ(p[0].village, "V01");
  EXPECT_NEAR(p[0].x, kX0 + 10, 1e-6);
  EXPECT_FALSE(p[1].boarding);
  EXPECT_TRUE(p[1].shelter_id.empty());
  EXPECT_DOUBLE_EQ(p[1].persons, 450.0);
}

TEST(ActivityPlaces, ErrorsNameTheFeatureTheFieldAndTheFix) {
  TempDir dir;
  const auto file = dir / "w.geojson";
  write_text(file, utm_features(place(R"({"id": "W1", "persons": -3})", 0, 0)));
  auto msg = error_of<InputError>([&] { read_activity_places(file, "workplaces", kUtm51); });
  EXPECT_TRUE(contains(msg, "w.geojson")) << msg;
  EXPECT_TRUE(contains(msg, "workplaces 'W1'")) << msg;
  EXPECT_TRUE(contains(msg, "'persons' = '-3'")) << msg;

  write_text(file, utm_features(place(R"({"id": "W1", "persons": 3, "boarding": "maybe"})", 0, 0)));
  msg = error_of<InputError>([&] { read_activity_places(file, "schools", kUtm51); });
  EXPECT_TRUE(contains(msg, "'boarding' = 'maybe' is not yes or no")) << msg;

  write_text(file, utm_features(place(R"({"id": "E1", "persons": 3, "is_shelter": "yes"})", 0, 0)));
  msg = error_of<InputError>([&] { read_activity_places(file, "schools", kUtm51); });
  EXPECT_TRUE(contains(msg, "'shelter_id' is empty")) << msg;

  write_text(file, utm_features(place(R"({"id": "W1"})", 0, 0)));
  msg = error_of<InputError>([&] { read_activity_places(file, "workplaces", kUtm51); });
  EXPECT_TRUE(contains(msg, "no persons field 'persons'")) << msg;

  write_text(file, utm_features(place(R"({"id": "W1", "persons": 1})", 0, 0) + "," +
                                place(R"({"id": "W1", "persons": 2})", 5, 0)));
  msg = error_of<InputError>([&] { read_activity_places(file, "workplaces", kUtm51); });
  EXPECT_TRUE(contains(msg, "used twice")) << msg;
}

// data/county: the five layers with the totals of its README, every place inside the
// village its `village` attribute names (the zone lookup agrees with the generator).
TEST(ActivityPlaces, CountyTownLayersAndTheirVillages) {
  const std::filesystem::path dir = std::filesystem::path(FLOODEVAC_SOURCE_DIR) / "data" / "county";
  const VillageZones zones = read_villages(dir / "villages.geojson", "EPSG:32651");
  struct Layer {
    const char* group;
    std::size_t points;
    double persons;
  };
  for (const Layer& l : {Layer{"workplaces", 40, 22600}, Layer{"schools", 20, 20400},
                         Layer{"markets", 12, 11150}, Layer{"outdoor", 14, 6700},
                         Layer{"tourists", 11, 4600}}) {
    const auto places = read_activity_places(dir / (std::string(l.group) + ".geojson"), l.group, "EPSG:32651");
    EXPECT_EQ(places.size(), l.points) << l.group;
    double sum = 0;
    std::size_t inside = 0;
    for (const auto& p : places) {
      sum += p.persons;
      const int z = zones.zone_of(p.x, p.y);
      if (z < 0) {  // on the water (boats in the harbour basin, the quays): in no village polygon
        EXPECT_EQ(std::string(l.group), "outdoor") << p.id;
        continue;
      }
      ++inside;
      EXPECT_EQ(zones.villages()[static_cast<std::size_t>(z)].id, p.village) << l.group << " " << p.id;
    }
    EXPECT_DOUBLE_EQ(sum, l.persons) << l.group;
    EXPECT_GE(inside, places.size() - 3) << l.group;
  }
  const auto schools = read_activity_places(dir / "schools.geojson", "schools", "EPSG:32651");
  std::size_t shelters = 0;
  double boarders = 0;
  for (const auto& s : schools) {
    shelters += !s.shelter_id.empty();
    if (s.boarding) boarders += s.persons;
  }
  EXPECT_EQ(shelters, 8u);
  EXPECT_DOUBLE_EQ(boarders, 5500.0);
}

}  // namespace
}  // namespace floodevac::gis
