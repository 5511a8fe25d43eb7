// Gauges read into the target CRS with their fields; a gauge that is not a point, or has
// no id, is refused with the file in the message.
#include <gtest/gtest.h>

#include <cmath>

#include "gis/vector/gauges.hpp"
#include "sim/core/error.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::gis {
namespace {

TEST(Gauges, TheCountyGaugesInUtm) {
  const auto g = read_gauges(std::filesystem::path(FLOODEVAC_SOURCE_DIR) / "data/county/gauges.geojson", "",
                             "EPSG:32651");
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[0].id, "G1");
  EXPECT_EQ(g[0].kind, "sea_level");
  EXPECT_DOUBLE_EQ(g[0].warning_level_m, 4.2);
  EXPECT_GT(g[0].x, 100000);  // metres, not degrees
  EXPECT_GT(g[0].y, 3000000);
}

TEST(Gauges, NoIdOrNotAPointIsAnInputError) {
  test::TempDir dir;
  test::write_text(dir.path() / "a.geojson",
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"A"},)"
                   R"("geometry":{"type":"LineString","coordinates":[[121,28],[121.1,28]]}}]})");
  try {
    (void)read_gauges(dir.path() / "a.geojson", "", "EPSG:32651");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("a.geojson"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("Point"), std::string::npos);
  }
  test::write_text(dir.path() / "b.geojson",
                   R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},)"
                   R"("geometry":{"type":"Point","coordinates":[121,28]}}]})");
  EXPECT_THROW((void)read_gauges(dir.path() / "b.geojson", "", "EPSG:32651"), InputError);
}

}  // namespace
}  // namespace floodevac::gis
