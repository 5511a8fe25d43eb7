// The viewer's parts that need no browser (the browser checks are tests/browser/test_viewer.js):
//  - outputs.viewer writes trajectories (lon/lat, times never going back, along the roads
//    from the near end to the shelter) and link states, and changes no result;
//  - `view` on that run writes the viewer folder with the vendored libraries and the data
//    scripts (when viz/web/node_modules is installed), and refuses a folder that is no
//    finished run;
//  - the --serve file resolver serves only files under the viewer folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "app/view.hpp"
#include "app/view_server.hpp"
#include "sim/core/error.hpp"
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

/// Two roads in a line, a shelter at the far end, 40 persons at the near end (evacuation only).
void make_case(const fs::path& dir) {
  test::write_text(dir / "roads.geojson", collection(R"(
    {"type": "Feature", "properties": {"highway": "residential"},
     "geometry": {"type": "LineString", "coordinates": [[500100, 3099800], [500300, 3099800], [500500, 3099800]]}})"));
  test::write_text(dir / "shelters.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "school", "capacity": 100},
     "geometry": {"type": "Point", "coordinates": [500500, 3099800]}})"));
  test::write_text(dir / "people.geojson", collection(R"(
    {"type": "Feature", "properties": {"id": "a", "persons": 40},
     "geometry": {"type": "Point", "coordinates": [500110, 3099810]}})"));
  test::write_text(dir / "e.yaml", R"(name: view-case
crs: EPSG:32651
seed: 7
time: {duration_s: 36000, output_interval_s: 1800, coupling_interval_s: 60}
evacuation:
  roads: {file: roads.geojson}
  shelters: {file: shelters.geojson}
  population: {vector: people.geojson, max_snap_m: 50}
  demand: {order_time_s: 600, curve: logistic, t50_s: 900, scale_s: 120, compliance: 1,
           car_share: 0.5, occupancy: 2}
)");
}

RunSummary run_in(const fs::path& dir, const std::string& out, bool viewer) {
  RunOptions opt;
  opt.out_dir = dir / out;
  opt.threads = 1;
  std::vector<std::string> sets;
  if (viewer) sets = {"outputs.viewer=true", "outputs.viewer_persons=5"};
  return run_scenario(load_scenario(dir / "e.yaml", sets), opt);
}

TEST(Viewer, RunWritesTrajectoriesAndLinkStatesAndChangesNoResult) {
  test::TempDir dir;
  make_case(dir.path());
  run_in(dir.path(), "plain", false);
  run_in(dir.path(), "viewer", true);
  EXPECT_FALSE(fs::exists(dir / "plain" / "evac" / "trajectories.json"));
  // The same results with and without the viewer's samples.
  for (const char* f : {"evac/timeseries.csv", "evac/shelter_occupancy.csv"})
    EXPECT_EQ(test::read_text(dir / "plain" / f), test::read_text(dir / "viewer" / f)) << f;

  const json tr = json::parse(test::read_text(dir / "viewer" / "evac" / "trajectories.json"));
  ASSERT_GT(tr["trips"].size(), 0u);
  EXPECT_LE(tr["trips_sampled"].get<int>(), 5);
  for (const auto& t : tr["trips"]) {
    ASSERT_EQ(t["path"].size(), t["t"].size());
    ASSERT_GE(t["path"].size(), 2u);
    for (std::size_t k = 1; k < t["t"].size(); ++k) EXPECT_GE(t["t"][k], t["t"][k - 1]);
    // Lon/lat, east along the road: the last point near the shelter, east of the first.
    EXPECT_GT(t["path"].back()[0].get<double>(), t["path"].front()[0].get<double>());
    EXPECT_NEAR(t["path"][0][1].get<double>(), 28.0, 0.1);
    EXPECT_EQ(t["end_state"], "sheltered");
    EXPECT_GE(t["t"][0].get<double>(), 0.0);
  }
  const std::string links = test::read_text(dir / "viewer" / "evac" / "link_states.csv");
  EXPECT_EQ(links.rfind("t_s,edge,speed_factor,walk_closed,vehicles,walkers\n", 0), 0u);
  EXPECT_GT(std::count(links.begin(), links.end(), '\n'), 1);  // vehicles were on the links
  const json m = json::parse(test::read_text(dir / "viewer" / "manifest.json"));
  EXPECT_EQ(m["scenario"]["outputs"]["viewer"], true);
}

TEST(Viewer, ViewWritesTheFolderOrRefusesAnUnfinishedRun) {
  test::TempDir dir;
  EXPECT_THROW(write_viewer(dir.path(), Logger{}), InputError);  // no manifest
  if (!fs::exists(web_modules_dir() / "maplibre-gl" / "dist" / "maplibre-gl.js"))
    GTEST_SKIP() << "viz/web/node_modules not installed (bash .ci/install-web.sh)";
  make_case(dir.path());
  run_in(dir.path(), "run", true);
  const ViewerWritten w = write_viewer(dir / "run", Logger{});
  EXPECT_EQ(w.folder, dir / "run" / "viewer");
  EXPECT_GT(w.trips, 0u);
  EXPECT_EQ(w.frames, 0);  // no flood
  for (const char* f : {"index.html", "viewer.js", "viewer.css", "vendor/maplibre-gl.js",
                        "vendor/maplibre-gl.css", "vendor/deck.gl.min.js",
                        "vendor/LICENSE-maplibre-gl.txt", "vendor/LICENSE-deck.gl.txt",
                        "data/run.js", "data/places.js", "data/roads.js", "data/trips.js",
                        "data/images.js"})
    EXPECT_TRUE(fs::exists(w.folder / f)) << f;
  const std::string run_js = test::read_text(w.folder / "data" / "run.js");
  EXPECT_EQ(run_js.rfind("window.FLOODEVAC_DATA = {", 0), 0u);
  EXPECT_NE(run_js.find("\"name\":\"view-case\""), std::string::npos);
  // A manifest that is not complete is refused.
  test::write_text(dir / "run" / "manifest.json", R"({"status": "running"})");
  EXPECT_THROW(write_viewer(dir / "run", Logger{}), InputError);
}

TEST(Viewer, ServerResolvesOnlyFilesUnderItsFolder) {
  test::TempDir dir;
  fs::create_directories(dir / "viewer" / "data");
  test::write_text(dir / "viewer" / "index.html", "x");
  test::write_text(dir / "viewer" / "data" / "run.js", "x");
  test::write_text(dir / "secret.txt", "x");
  fs::create_symlink(dir / "secret.txt", dir / "viewer" / "link.txt");
  const fs::path root = dir / "viewer";
  const fs::path canon = fs::canonical(root);
  EXPECT_EQ(resolve_request(root, "/"), canon / "index.html");
  EXPECT_EQ(resolve_request(root, "/data/run.js?v=1"), canon / "data" / "run.js");
  EXPECT_EQ(resolve_request(root, "/data/"), fs::path());  // a folder without index.html
  EXPECT_EQ(resolve_request(root, "/../secret.txt"), fs::path());
  EXPECT_EQ(resolve_request(root, "/%2e%2e/secret.txt"), fs::path());
  EXPECT_EQ(resolve_request(root, "/..%2Fsecret.txt"), fs::path());
  EXPECT_EQ(resolve_request(root, "/link.txt"), fs::path());  // a link leaving the folder
  EXPECT_EQ(resolve_request(root, "/missing.js"), fs::path());
  EXPECT_EQ(resolve_request(root, "relative"), fs::path());
}

}  // namespace
}  // namespace floodevac::app
