// An evacuation-only scenario (no `flood`, no DEM): roads, shelters and people
// only; the run ends once everybody is accounted for, its outputs are the
// evacuation's (no flood maps, no exposure rasters) and say there was no
// flood model; the same at 1 and 2 threads.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "sim/core/error.hpp"
#include "tests/app/summary_agreement.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string collection(const std::string& features) {
  return R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": )"
         R"("urn:ogc:def:crs:EPSG::32651"}}, "features": [)" +
         features + "]}";
}

/// Two roads in a line, a shelter at the far end, 40 persons at the near end.
void make_case(const fs::path& dir, const std::string& crs_line = "crs: EPSG:32651\n") {
  test::write_text(dir / "roads.geojson", collection(R"(
    {"type": "Feature", "properties": {"highway": "residential"},
     "geometry": {"type": "LineString", "coordinates": [[500100, 3099800], [500300, 3099800], [500500, 3099800]]}})"));
  test::write_text(dir / "shelters.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "school", "capacity": 100},
     "geometry": {"type": "Point", "coordinates": [500500, 3099800]}})"));
  test::write_text(dir / "people.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "a", "persons": 40},
     "geometry": {"type": "Point", "coordinates": [500110, 3099810]}})"));
  test::write_text(dir / "e.yaml", "name: evac-only\n" + crs_line + R"(seed: 7
time: {duration_s: 36000, output_interval_s: 1800, coupling_interval_s: 60}
evacuation:
  roads: {file: roads.geojson}
  shelters: {file: shelters.geojson}
  population: {vector: people.geojson, max_snap_m: 50}
  demand: {order_time_s: 600, curve: logistic, t50_s: 900, scale_s: 120, compliance: 1,
           car_share: 0.5, occupancy: 2}
)");
}

RunSummary run_in(const fs::path& dir, int threads, const std::string& out) {
  RunOptions opt;
  opt.out_dir = dir / out;
  opt.threads = threads;
  return run_scenario(load_scenario(dir / "e.yaml"), opt);
}

TEST(EvacOnly, RunsWithoutADemAndEndsWhenEverybodyIsSheltered) {
  test::TempDir dir;
  make_case(dir.path());
  const Scenario sc = load_scenario(dir / "e.yaml");
  EXPECT_FALSE(sc.with_flood);
  ASSERT_TRUE(sc.evac.has_value());
  const RunSummary s = run_in(dir.path(), 2, "out");
  const json m = json::parse(test::read_text(s.manifest));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_EQ(m["flood"]["model"], "none");
  EXPECT_EQ(m["ended"]["reason"], "all evacuees settled");
  const double ended = m["ended"]["t_s"];
  EXPECT_GT(ended, 600.0);    // after the order
  EXPECT_LT(ended, 36000.0);  // before the scenario end
  EXPECT_EQ(m["evacuation"]["sheltered"], 40.0);
  EXPECT_TRUE(m["evacuation"]["peak_water_s"].is_null());
  EXPECT_EQ(m["inputs"].size(), 3u);  // roads, shelters, people: no DEM
  // Only the evacuation's outputs: no flood maps, no rasters of exposure.
  EXPECT_FALSE(fs::exists(dir / "out" / "flood"));
  EXPECT_FALSE(fs::exists(dir / "out" / "evac" / "exposure_person_hours.tif"));
  for (const char* f : {"evac/shelters.geojson", "evac/road_links.geojson", "evac/timeseries.csv",
                        "summary.txt", "summary.json", "report.html"})
    EXPECT_TRUE(fs::exists(dir / "out" / f)) << f;
  test::expect_summary_json_agrees(dir / "out");
  EXPECT_EQ(json::parse(test::read_text(dir / "out" / "summary.json"))["ended_early"], true);
  EXPECT_NE(s.text.find("no flood model"), std::string::npos) << s.text;
  EXPECT_NE(s.text.find("ended early (all evacuees settled)"), std::string::npos) << s.text;
  // The time series stops where the run stopped, with everybody sheltered.
  const std::string ts = test::read_text(dir / "out" / "evac" / "timeseries.csv");
  const auto last = ts.substr(ts.rfind('\n', ts.size() - 2) + 1);
  EXPECT_EQ(std::stod(last.substr(0, last.find(','))), ended) << last;
}

TEST(EvacOnly, SameOutputsAtOneAndTwoThreads) {
  test::TempDir dir;
  make_case(dir.path());
  run_in(dir.path(), 1, "one");
  run_in(dir.path(), 2, "two");
  for (const char* f : {"evac/shelters.geojson", "evac/road_links.geojson", "evac/timeseries.csv",
                        "evac/shelter_occupancy.csv", "evac/population_units.geojson"})
    EXPECT_EQ(test::read_text(dir / "one" / f), test::read_text(dir / "two" / f)) << f;
}

// The bundled evacuation-only scenario (population raster of data/default as its grid).
TEST(EvacOnly, BundledScenarioRunsOnThePopulationRastersGrid) {
  test::TempDir dir;
  RunOptions opt;
  opt.out_dir = dir / "out";
  const RunSummary s = run_scenario(
      load_scenario(fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / "evac_only.yaml",
                    {"evacuation.demand.compliance=0.1"}),  // fewer trips: a fast test
      opt);
  const json m = json::parse(test::read_text(s.manifest));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_EQ(m["ended"]["reason"], "all evacuees settled");
  EXPECT_GT(m["evacuation"]["sheltered"].get<double>(), 0.0);
  EXPECT_EQ(m["evacuation"]["home"].get<double>(), 0.0);
  EXPECT_EQ(m["evacuation"]["moving"].get<double>(), 0.0);
}

TEST(EvacOnly, WithoutACrsOrAPopulationRasterTheErrorSaysWhatToGive) {
  test::TempDir dir;
  make_case(dir.path(), "");
  try {
    run_in(dir.path(), 1, "out");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("needs 'crs'"), std::string::npos) << e.what();
  }
}

TEST(EvacOnly, NeitherFloodNorEvacuationIsAnError) {
  test::TempDir dir;
  test::write_text(dir / "n.yaml", "name: nothing\ntime: {duration_s: 600}\n");
  try {
    load_scenario(dir / "n.yaml");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("'evacuation'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace floodevac::app
