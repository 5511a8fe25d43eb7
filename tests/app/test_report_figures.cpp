// What the report adds to a run: the gauges' water levels (3 x 3 wet-cell rule, peaks,
// time above the warning level), the headline numbers taken from summary.json by key,
// and the QGIS styles of the outputs.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "app/gauge_log.hpp"
#include "app/map_styles.hpp"
#include "app/outputs.hpp"
#include "app/qgis_styles.hpp"
#include "app/report_data.hpp"
#include "app/report_maps.hpp"
#include "sim/flood/flood_model.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {
namespace {

TEST(GaugeLog, ReadsTheHighestWetSurfaceAroundTheGauge) {
  // 5 x 5 cells of 10 m, bed 0; a wall cell (bed 5, dry) in the middle; still water 1 m
  // deep in the cell east of it, dry elsewhere.
  Grid<float> bed(5, 5, GeoTransform{0, 10, 50, -10}, 0.0f, "EPSG:32651");
  bed(2, 2) = 5.0f;
  Grid<float> h0(5, 5, bed.geo, 0.0f, bed.crs_wkt);
  h0(2, 3) = 1.0f;
  flood::FloodModel model(bed, flood::Roughness::uniform(0.03, "n"), flood::FloodConfig{}, h0);
  gis::Gauge wall{"W", "on the wall", "sea_level", 0.5, 25, 25};  // cell (2, 2)
  gis::Gauge far{"F", "far", "river_level", std::nan(""), 5, 5};  // cell (4, 0): dry around
  GaugeLog log({wall, far}, bed.geo, 0.01);
  log.record(model);
  ASSERT_EQ(log.times_s().size(), 1u);
  EXPECT_DOUBLE_EQ(log.level_m()[0][0], 1.0);  // the water beside the wall, not the crest
  EXPECT_TRUE(std::isnan(log.level_m()[1][0]));
  const auto j = log.summary_json();
  EXPECT_DOUBLE_EQ(j[0]["peak_level_m"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j[0]["first_above_warning_s"].get<double>(), 0.0);
  EXPECT_TRUE(j[1]["peak_level_m"].is_null());
  EXPECT_TRUE(j[1]["hours_above_warning"].is_null());
  EXPECT_NE(log.csv().find("t_s,W_level_m,F_level_m\n0,1.000,\n"), std::string::npos) << log.csv();
  EXPECT_NE(log.summary_text().find("gauge F (far): dry throughout"), std::string::npos);
}

TEST(ReportData, HeadlinesCarryTheirSummaryKeyAndValue) {
  const auto j = nlohmann::json::parse(R"({"flood": {"max_depth_m": 2.345, "flooded_area_km2": 1.5},
    "evacuation": {"exposed_peak_persons": 1234.56, "trapped": 7.0, "shelters_full": 3, "shelters": 9,
                   "exposed_peak_s": 7200, "t90_s": null},
    "gauges": [{"id": "G1", "name": "wall", "peak_level_m": 4.5}]})");
  const auto h = headlines(j);
  ASSERT_GE(h.size(), 3u);
  EXPECT_EQ(h[0].key, "evacuation.exposed_peak_persons");  // the three a duty officer asks first
  EXPECT_EQ(h[1].key, "evacuation.trapped");
  EXPECT_EQ(h[2].key, "evacuation.shelters_full");
  EXPECT_DOUBLE_EQ(h[0].value, 1234.56);
  bool t90 = false, gauge = false;
  for (const auto& x : h) {
    if (x.key == "evacuation.t90_s") t90 = std::isnan(x.value);  // null stays null
    if (x.key == "gauges.0.peak_level_m") gauge = x.value == 4.5;
    EXPECT_NE(x.key, "evacuation.sheltered");  // missing keys are left out
  }
  EXPECT_TRUE(t90);
  EXPECT_TRUE(gauge);
}

TEST(ReportMaps, WaterFrontTimesAroundLandfallOrQuarters) {
  EXPECT_EQ(water_front_times(151200, 86400), (std::vector<double>{64800, 86400, 108000, 151200}));
  EXPECT_EQ(water_front_times(4000, std::nan("")), (std::vector<double>{1000, 2000, 3000, 4000}));
}

TEST(ReportMaps, VillagesByMarginWhenThePlanExists) {
  test::TempDir dir;
  OutputSet out(dir.path(), {});
  // 40 x 30 cells of 10 m near the county (UTM 51N), a slope for the hillshade.
  Grid<float> dem(30, 40, GeoTransform{295000, 10, 3075000, -10}, 0.0f, "EPSG:32651");
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) dem(r, c) = static_cast<float>(0.1 * c + 0.05 * r);
  MapInputs in;
  in.dem = &dem;
  EXPECT_TRUE(write_report_maps(out, in).empty());  // nothing to draw: no map
  out.folder("villages");
  // One village over the whole frame (lon/lat around 120.93 E, 27.76 N), margin 1 h.
  std::ofstream(dir.path() / "villages/plan.geojson")
      << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"margin_s":3600},)"
         R"("geometry":{"type":"Polygon","coordinates":[[[120.9,27.7],[121.0,27.7],[121.0,27.8],[120.9,27.8],)"
         R"([120.9,27.7]]]}}]})";
  const auto maps = write_report_maps(out, in);
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].path, "report/villages.png");
  EXPECT_GT(std::filesystem::file_size(dir.path() / "report/villages.png"), 100u);
  EXPECT_EQ(maps[0].legend.size(), margin_classes().size() + 1);
  EXPECT_EQ(out.records().back().kind, "report_map");
}

TEST(QgisStyles, AQmlBesideEveryRasterAndVectorAndAProject) {
  test::TempDir dir;
  OutputSet out(dir.path(), {});
  out.folder("flood");
  Grid<float> g(2, 2, GeoTransform{0, 10, 20, -10}, 0.5f, "EPSG:32651");
  g(0, 0) = 3.0f;
  out.raster(g, "flood/max_depth.tif", "max_depth", "maximum water depth", "m");
  out.raster(g, "flood/max_speed.tif", "max_speed", "maximum flow speed", "m/s");
  EXPECT_DOUBLE_EQ(out.records()[1].value_min, 0.5);
  EXPECT_DOUBLE_EQ(out.records()[1].value_max, 3.0);
  out.text("flood/notes.csv", "a\n", "csv", "a table", "");
  write_qgis_styles(out, g.crs_wkt, "t <1>");
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "flood/max_depth.qml"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "flood/max_speed.qml"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "flood/notes.qml"));
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "run.qgs"));
  const std::string depth = qgis_style(out.records()[0], "flood/max_depth.tif");
  EXPECT_NE(depth.find("singlebandpseudocolor"), std::string::npos);
  EXPECT_NE(depth.find("percentTransparent=\"100\""), std::string::npos);  // shallow water not drawn
  OutputRecord hz{dir.path() / "flood/hazard_class.tif", "hazard_class", "", ""};
  EXPECT_NE(qgis_style(hz, "flood/hazard_class.tif").find("paletteEntry value=\"4\""), std::string::npos);
  OutputRecord roads{dir.path() / "evac/road_links.geojson", "road_links", "", ""};
  EXPECT_NE(qgis_style(roads, "evac/road_links.geojson").find("&quot;closed_s&quot; IS NOT NULL"),
            std::string::npos);
  OutputRecord plan{dir.path() / "villages/plan.geojson", "village_plan", "", ""};
  EXPECT_NE(qgis_style(plan, "villages/plan.geojson").find("margin_s"), std::string::npos);
}

}  // namespace
}  // namespace floodevac::app
