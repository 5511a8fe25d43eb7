// Warnings collected while reading and running are logged (a few, then how
// many more), counted by source in the manifest and told in the summary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "app/warnings.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace floodevac::app {
namespace {

using nlohmann::json;

struct Captured {
  std::vector<std::string> warn, info;
  Logger logger() {
    return Logger{[this](LogLevel l, std::string_view m) {
      (l == LogLevel::warn ? warn : info).push_back(std::string(m));
    }};
  }
};

TEST(Warnings, FirstFewAreLoggedThenACountAndAllAreCounted) {
  Captured log;
  RunWarnings w(log.logger());
  for (int i = 0; i < 15; ++i) w.add("roads", "bad lanes on feature " + std::to_string(i));
  w.add("network", "2 units cut off");
  EXPECT_EQ(log.warn.size(), RunWarnings::kLoggedPerSource + 1);
  EXPECT_EQ(log.warn.front(), "roads: bad lanes on feature 0");
  w.finish();
  EXPECT_EQ(log.warn.back(), "roads: 5 more warnings not shown (all counted in manifest.json)");
  w.finish();  // once only
  EXPECT_EQ(log.warn.size(), RunWarnings::kLoggedPerSource + 2);
  const json j = w.to_json();
  EXPECT_EQ(j["count"], 16);
  EXPECT_EQ(j["by_source"]["roads"], 15);
  EXPECT_EQ(j["by_source"]["network"], 1);
  EXPECT_EQ(j["first"].size(), 16u);
  EXPECT_EQ(w.summary_line(), "warnings: 16 (network 1, roads 15); listed in manifest.json\n");
}

TEST(Warnings, NoneMeansNoSummaryLine) {
  RunWarnings w(Logger{});
  w.finish();
  EXPECT_EQ(w.count(), 0);
  EXPECT_EQ(w.summary_line(), "");
  EXPECT_EQ(w.to_json()["count"], 0);
}

TEST(Warnings, ReaderReportsCountBeyondTheMessagesTheyKept) {
  Captured log;
  RunWarnings w(log.logger());
  gis::RoadReport roads;
  roads.attribute_warnings = 80;
  roads.warnings.assign(gis::RoadReport::kMaxWarnings, "feature: cannot parse lanes='x'; using 1");
  w.add_road_report(roads);
  gis::SnapReport snap;
  snap.population_unsnapped = 3;
  snap.unsnapped_examples = {"u7", "u9"};
  w.add_snap_report(snap, 250);
  EXPECT_EQ(w.by_source()["roads"], 80);
  EXPECT_EQ(w.by_source()["snapping"], 3);
  bool named = false;
  for (const auto& m : log.warn)
    named = named || m.find("'u9' is more than 250 m") != std::string::npos;
  EXPECT_TRUE(named);
  w.finish();
  EXPECT_EQ(log.warn.back(), "snapping: 1 more warnings not shown (all counted in manifest.json)");
}

TEST(Warnings, CountingLoggerPassesEverythingOnAndCountsWarnings) {
  Captured log;
  RunWarnings w(log.logger());
  const Logger l = w.counting("flood");
  l.info("grid");
  l.warn("flood: inflow partly outside");
  EXPECT_EQ(log.info.size(), 1u);
  EXPECT_EQ(log.warn, std::vector<std::string>{"flood: inflow partly outside"});
  EXPECT_EQ(w.by_source()["flood"], 1);
  w.finish();
  EXPECT_EQ(log.warn.size(), 1u);  // the library logged its own; nothing unshown
}

/// A GeoJSON FeatureCollection in UTM 51N around `features`.
std::string collection(const std::string& features) {
  std::string s =
      R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": )";
  s += R"("urn:ogc:def:crs:EPSG::32651"}}, "features": [)";
  s += features;
  s += "]}";
  return s;
}

// A flood model warning (an inflow line partly off the grid), the road
// reader's (an unparseable lanes tag) and snapping's (a unit 190 m from the
// roads, 50 m allowed) reach the manifest and the summary.
TEST(Warnings, RunCountsThemInTheManifestAndTheSummary) {
  test::TempDir dir;
  test::make_tiny_case(dir.path());
  test::write_text(dir / "roads.geojson", collection(R"(
    {"type": "Feature", "properties": {"highway": "residential", "lanes": "many"},
     "geometry": {"type": "LineString", "coordinates": [[500100, 3099800], [500300, 3099800], [500500, 3099800]]}})"));
  test::write_text(dir / "shelters.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "school", "capacity": 100},
     "geometry": {"type": "Point", "coordinates": [500500, 3099800]}})"));
  test::write_text(dir / "people.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "near", "persons": 10},
     "geometry": {"type": "Point", "coordinates": [500100, 3099800]}},
    {"type": "Feature", "properties": {"id": "far", "persons": 4},
     "geometry": {"type": "Point", "coordinates": [500300, 3099610]}})"));
  std::string yaml = test::read_text(dir / "s.yaml");
  yaml +=
      R"(    - {name: edge, line: [[500550, 3099900], [500900, 3099900]], q_m3s: {t_s: [0], values: [1]}}
evacuation:
  roads: {file: roads.geojson}
  shelters: {file: shelters.geojson}
  population: {vector: people.geojson, max_snap_m: 50}
  demand: {trips_csv: trips.csv}
)";
  // A trip table: population units that cannot be snapped are then only reported.
  test::write_text(dir / "trips.csv", "id,depart_s,x,y,mode\nt1,0,500100,3099800,walk\n");
  test::write_text(dir / "w.yaml", yaml);
  RunOptions opt;
  opt.out_dir = dir / "out";
  const RunSummary summary = run_scenario(load_scenario(dir / "w.yaml"), opt);
  const json m = json::parse(test::read_text(summary.manifest));
  const json& w = m["warnings"];
  EXPECT_EQ(w["by_source"]["roads"], 1) << w;
  EXPECT_EQ(w["by_source"]["snapping"], 1) << w;
  EXPECT_EQ(w["by_source"]["flood"], 1) << w;
  EXPECT_EQ(w["count"], summary.warnings);
  EXPECT_GE(summary.warnings, 3);
  EXPECT_NE(summary.text.find("warnings: " + std::to_string(summary.warnings) + " ("),
            std::string::npos)
      << summary.text;
  EXPECT_NE(test::read_text(dir / "out" / "summary.txt").find("listed in manifest.json"),
            std::string::npos);
}

}  // namespace
}  // namespace floodevac::app
