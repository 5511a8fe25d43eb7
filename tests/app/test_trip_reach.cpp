// Issue 9 item 6 at the run level: a trip table whose origin cannot reach
// its shelter is reported (a warning naming the trip, and the snapping report
// in the manifest), not accepted silently.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace floodevac::app {
namespace {

using nlohmann::json;

std::string utm51(const std::string& features) {
  std::string s =
      R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": )";
  s += R"("urn:ogc:def:crs:EPSG::32651"}}, "features": [)";
  s += features;
  s += "]}";
  return s;
}

TEST(TripReach, AnOriginThatCannotReachItsShelterIsReported) {
  test::TempDir dir;
  test::make_tiny_case(dir.path());
  // A street to the shelter and a oneway leading away from it: its far end
  // (500500, 3099600) has no way back.
  test::write_text(dir / "roads.geojson", utm51(R"(
    {"type": "Feature", "properties": {"highway": "residential"},
     "geometry": {"type": "LineString", "coordinates": [[500100, 3099800], [500300, 3099800], [500500, 3099800]]}},
    {"type": "Feature", "properties": {"highway": "residential", "oneway": "yes"},
     "geometry": {"type": "LineString", "coordinates": [[500500, 3099800], [500500, 3099600]]}})"));
  test::write_text(dir / "shelters.geojson", utm51(R"(
    {"type": "Feature", "properties": {"id": "school", "capacity": 100},
     "geometry": {"type": "Point", "coordinates": [500500, 3099800]}})"));
  test::write_text(
      dir / "trips.csv",
      "id,depart_s,x,y,mode\nhome1,0,500100,3099800,car\ncutoff,0,500500,3099602,car\n");
  std::string yaml = test::read_text(dir / "s.yaml");
  yaml += R"(evacuation:
  roads: {file: roads.geojson}
  shelters: {file: shelters.geojson}
  demand: {trips_csv: trips.csv}
)";
  test::write_text(dir / "t.yaml", yaml);
  RunOptions opt;
  opt.out_dir = dir / "out";
  opt.threads = 1;  // quick on a busy machine; results do not depend on it
  const RunSummary summary =
      run_scenario(load_scenario(dir / "t.yaml", {"time.duration_s=600"}), opt);
  const json m = json::parse(test::read_text(summary.manifest));
  EXPECT_EQ(m["warnings"]["by_source"]["trips"], 1) << m["warnings"];
  const std::string first = m["warnings"].dump();
  EXPECT_NE(first.find("cutoff"), std::string::npos) << first;
  const std::string snap = m["evacuation"]["snapping"];
  EXPECT_NE(snap.find("2 trip origins snapped"), std::string::npos) << snap;
  EXPECT_NE(snap.find("1 cannot reach their shelter"), std::string::npos) << snap;
  EXPECT_NE(snap.find("ids cutoff"), std::string::npos) << snap;
}

}  // namespace
}  // namespace floodevac::app
