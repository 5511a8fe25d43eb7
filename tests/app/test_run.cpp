// End to end: a tiny scenario written by the test runs through the real GDAL
// I/O and the flood engine; outputs are complete, atomic, and identical at
// 1 and 2 threads; a failed run says so in its manifest.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "gis/raster/raster_io.hpp"
#include "sim/core/error.hpp"
#include "tests/app/summary_agreement.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace fs = std::filesystem;
using floodevac::test::read_text;
using nlohmann::json;

namespace {

floodevac::app::RunSummary run_with(const fs::path& dir, int threads, const std::string& out,
                                    const std::string& scenario = "s.yaml") {
  const auto sc = floodevac::app::load_scenario(dir / scenario);
  floodevac::app::RunOptions opt;
  opt.out_dir = dir / out;
  opt.threads = threads;
  return floodevac::app::run_scenario(sc, opt);
}

/// Both runs wrote the file, and the same bytes (rasters: the same cell values).
void expect_same_output(const fs::path& a, const fs::path& b, const std::string& file) {
  ASSERT_TRUE(fs::exists(a / file)) << file;
  if (fs::path(file).extension() == ".tif") {
    const auto ga = floodevac::gis::read_raster(a / file);
    const auto gb = floodevac::gis::read_raster(b / file);
    ASSERT_EQ(ga.data.size(), gb.data.size()) << file;
    EXPECT_EQ(0, std::memcmp(ga.data.data(), gb.data.data(), ga.data.size() * sizeof(float)))
        << file;
  } else {
    EXPECT_EQ(read_text(a / file), read_text(b / file)) << file;
  }
}

}  // namespace

TEST(Run, TinyScenarioWritesCompleteOutputs) {
  floodevac::test::TempDir dir;
  floodevac::test::make_tiny_case(dir.path());
  const auto summary = run_with(dir.path(), 2, "out");
  const json m = json::parse(read_text(summary.manifest));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_LT(m["mass_balance"]["worst_relative_error"].get<double>(), 1e-6);
  EXPECT_EQ(m["threads"], 2);
  EXPECT_EQ(m["inputs"].size(), 1u);
  EXPECT_EQ(m["inputs"][0]["sha256"].get<std::string>().size(), 64u);
  for (const char* phase : {"read_inputs", "flood", "write_outputs", "total"})
    EXPECT_TRUE(m["timings_s"].contains(phase)) << phase;
  EXPECT_EQ(m["mass_balance"]["records"].size(), 4u);  // t = 0, 600, 1200, 1800
  EXPECT_EQ(m["warnings"]["count"], 0);
  for (const auto& o : m["outputs"])
    EXPECT_TRUE(fs::exists(dir / "out" / o["path"].get<std::string>())) << o;
  for (const char* f :
       {"flood/max_depth.tif", "flood/max_speed.tif", "flood/first_inundation_s.tif",
        "flood/hazard_class.tif", "flood/depth_t000600s.tif", "summary.txt", "mass_balance.csv",
        "report.html"})
    EXPECT_TRUE(fs::exists(dir / "out" / f)) << f;
  for (const auto& e : fs::recursive_directory_iterator(dir / "out"))
    EXPECT_EQ(e.path().string().find("partial"), std::string::npos) << e.path();
  const auto hmax = floodevac::gis::read_raster(dir / "out" / "flood" / "max_depth.tif");
  EXPECT_TRUE(std::isnan(hmax(0, 0)));  // nodata stays nodata
  EXPECT_GT(summary.max_depth_m, 0.05);
}

TEST(Run, SameResultsAtOneAndTwoThreads) {
  floodevac::test::TempDir dir;
  floodevac::test::make_tiny_case(dir.path());
  run_with(dir.path(), 1, "j1");
  run_with(dir.path(), 2, "j2");
  for (const char* f :
       {"flood/max_depth.tif", "flood/max_speed.tif", "flood/first_inundation_s.tif",
        "flood/depth_t001800s.tif", "mass_balance.csv"})
    expect_same_output(dir / "j1", dir / "j2", f);
}

TEST(Run, OutputThatCannotBeWrittenFailsTheRunAndTheManifestSaysSo) {
  floodevac::test::TempDir dir;
  floodevac::test::make_tiny_case(dir.path());
  fs::create_directories(dir / "out" / "summary.txt");  // a folder where the run writes a file
  EXPECT_THROW(run_with(dir.path(), 1, "out"), floodevac::OutputError);
  const json m = json::parse(read_text(dir / "out" / "manifest.json"));
  EXPECT_EQ(m["status"], "failed");
  EXPECT_NE(m["error"].get<std::string>().find("summary.txt"), std::string::npos) << m["error"];
}

TEST(Run, ValueRejectedOnlyByTheFloodModelNamesItsScenarioLine) {
  floodevac::test::TempDir dir;
  floodevac::test::make_tiny_case(dir.path());
  // The schema accepts any point; the flood model finds it outside the DEM.
  floodevac::test::write_text(dir / "far.yaml",
                              "flood:\n  dem: dem.tif\n  inflows:\n"
                              "    - {name: lost, at: [0, 0], q_m3s: {t_s: [0], values: [1]}}\n");
  try {
    run_with(dir.path(), 1, "far", "far.yaml");
    ADD_FAILURE() << "the run accepted an inflow outside the domain";
  } catch (const floodevac::ConfigError& e) {
    EXPECT_EQ(e.context().file, (dir / "far.yaml").string()) << e.what();
    EXPECT_EQ(e.context().line, 4) << e.what();
    EXPECT_EQ(e.context().field, "flood.inflows.0") << e.what();
  }
  EXPECT_EQ(json::parse(read_text(dir / "far" / "manifest.json"))["status"], "failed");
}

// Under AddressSanitizer the flood and movement kernels run 20-40 times slower.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// The bundled small town (flood + evacuation), shortened to 2.5 h: every output
// is written, people are conserved, and 1 and 2 threads give identical files.
// Under the sanitizers (FLOODEVAC_SANITIZE) a shorter storm on a 40 m grid with
// the order at once: the same code paths (flood, coupling, movement, shelters,
// every output) in a minute or two instead of half an hour.
TEST(Run, DefaultScenarioFloodAndEvacuationSameAtOneAndTwoThreads) {
  floodevac::test::TempDir dir;
  const std::vector<std::string> overrides =
      kSanitized
          ? std::vector<std::string>{"time.duration_s=2400", "time.output_interval_s=1200",
                                     "flood.resolution_m=40", "evacuation.demand.order_time_s=0"}
          : std::vector<std::string>{"time.duration_s=9000", "time.output_interval_s=3000"};
  const auto sc = floodevac::app::load_scenario(
      fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / "small_town.yaml", overrides);
  ASSERT_TRUE(sc.evac.has_value());
  for (int threads : {1, 2}) {
    floodevac::app::RunOptions opt;
    opt.out_dir = dir / (threads == 1 ? "j1" : "j2");
    opt.threads = threads;
    opt.overrides = overrides;
    floodevac::app::run_scenario(sc, opt);
  }
  const json m = json::parse(read_text(dir / "j2" / "manifest.json"));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_LT(m["mass_balance"]["worst_relative_error"].get<double>(), 1e-6);
  const auto& ev = m["evacuation"];
  const double total = ev["evacuating_persons"];
  const double states = ev["sheltered"].get<double>() + ev["home"].get<double>() +
                        ev["moving"].get<double>() + ev["stranded"].get<double>() +
                        ev["trapped"].get<double>();
  EXPECT_GT(total, 10000.0);
  EXPECT_NEAR(states, total, 1e-6 * total);
  EXPECT_GT(ev["sheltered"].get<double>(), 0.0);
  for (const char* f :
       {"evac/shelters.geojson", "evac/road_links.geojson", "evac/transfers.geojson",
        "evac/population_units.geojson", "evac/timeseries.csv", "evac/shelter_occupancy.csv",
        "evac/gridlock.csv", "evac/not_sheltered_at_peak.tif", "evac/exposure_person_hours.tif",
        "flood/max_depth.tif", "mass_balance.csv"})
    expect_same_output(dir / "j1", dir / "j2", f);
  floodevac::test::expect_summary_json_agrees(dir / "j2");
  // RFC 7946: lon/lat, no "crs" member.
  const json shel = json::parse(read_text(dir / "j1" / "evac" / "shelters.geojson"));
  EXPECT_FALSE(shel.contains("crs"));
  const auto& c = shel["features"][0]["geometry"]["coordinates"];
  EXPECT_NEAR(c[0].get<double>(), 120.7, 0.5);
  EXPECT_NEAR(c[1].get<double>(), 27.9, 0.5);
}
