// End to end: a tiny scenario written by the test runs through the real GDAL
// I/O and the flood engine; outputs are complete, atomic, and identical at
// 1 and 2 threads. The executable maps errors to exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "gis/raster/raster_io.hpp"
#include "sim/core/error.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path make_case(const std::string& tag) {
  const fs::path dir = fs::temp_directory_path() / ("floodevac_run_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // 60 x 40 cells of 10 m: a plain sloping east to a sea boundary, a hollow in the middle.
  floodevac::GeoTransform gt{500000.0, 10.0, 3100000.0, -10.0};
  floodevac::Grid<float> dem(40, 60, gt, 0.0f, "EPSG:32651");
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) {
      const double x = c * 10.0, y = r * 10.0;
      dem(r, c) = static_cast<float>(3.0 - 0.04 * x - 1.0 * std::exp(-((x - 250) * (x - 250) + (y - 200) * (y - 200)) / 5000.0));
    }
  dem(0, 0) = NAN;  // a nodata corner
  floodevac::gis::write_cog(dem, dir / "dem.tif", {});
  std::ofstream(dir / "s.yaml") << R"(name: tiny
crs: EPSG:32651
time: {duration_s: 1800, output_interval_s: 600, coupling_interval_s: 60}
flood:
  dem: dem.tif
  manning: {constant: 0.03}
  rain: {uniform_mm_h: {t_s: [0, 900], values: [80, 0]}}
  boundaries:
    - {side: east, kind: water_level, level_m: {t_s: [0, 1800], values: [0.5, 1.5]}}
  inflows:
    - {at: [500105, 3099805], q_m3s: {t_s: [0, 1800], values: [2, 5]}}
)";
  return dir;
}

floodevac::app::RunSummary run_with(const fs::path& dir, int threads, const std::string& out) {
  const auto sc = floodevac::app::load_scenario(dir / "s.yaml");
  floodevac::app::RunOptions opt;
  opt.out_dir = dir / out;
  opt.threads = threads;
  return floodevac::app::run_scenario(sc, opt);
}

int run_exe(const std::string& args, std::string* output) {
  const std::string cmd = std::string(FLOODEVAC_EXE) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) *output += buf;
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST(Run, TinyScenarioWritesCompleteOutputs) {
  const fs::path dir = make_case("complete");
  const auto summary = run_with(dir, 2, "out");
  const json m = json::parse(std::ifstream(summary.manifest));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_LT(m["mass_balance"]["worst_relative_error"].get<double>(), 1e-6);
  EXPECT_EQ(m["threads"], 2);
  EXPECT_EQ(m["inputs"].size(), 1u);
  EXPECT_EQ(m["inputs"][0]["sha256"].get<std::string>().size(), 64u);
  for (const char* phase : {"read_inputs", "flood", "write_outputs", "total"}) EXPECT_TRUE(m["timings_s"].contains(phase)) << phase;
  EXPECT_EQ(m["mass_balance"]["records"].size(), 4u);  // t = 0, 600, 1200, 1800
  for (const auto& o : m["outputs"]) EXPECT_TRUE(fs::exists(dir / "out" / o["path"].get<std::string>())) << o;
  for (const char* f : {"flood/max_depth.tif", "flood/max_speed.tif", "flood/first_inundation_s.tif",
                        "flood/hazard_class.tif", "flood/depth_t000600s.tif", "summary.txt", "mass_balance.csv",
                        "report.html"})
    EXPECT_TRUE(fs::exists(dir / "out" / f)) << f;
  for (const auto& e : fs::recursive_directory_iterator(dir / "out"))
    EXPECT_EQ(e.path().string().find("partial"), std::string::npos) << e.path();
  const auto hmax = floodevac::gis::read_raster(dir / "out" / "flood" / "max_depth.tif");
  EXPECT_TRUE(std::isnan(hmax(0, 0)));  // nodata stays nodata
  EXPECT_GT(summary.max_depth_m, 0.05);
  fs::remove_all(dir);
}

TEST(Run, SameResultsAtOneAndTwoThreads) {
  const fs::path dir = make_case("threads");
  run_with(dir, 1, "j1");
  run_with(dir, 2, "j2");
  for (const char* f : {"max_depth.tif", "max_speed.tif", "first_inundation_s.tif", "depth_t001800s.tif"}) {
    const auto a = floodevac::gis::read_raster(dir / "j1" / "flood" / f);
    const auto b = floodevac::gis::read_raster(dir / "j2" / "flood" / f);
    ASSERT_EQ(a.data.size(), b.data.size());
    EXPECT_EQ(0, std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float))) << f;
  }
  const std::string ma = [&] { std::ifstream i(dir / "j1" / "mass_balance.csv"); return std::string(std::istreambuf_iterator<char>(i), {}); }();
  const std::string mb = [&] { std::ifstream i(dir / "j2" / "mass_balance.csv"); return std::string(std::istreambuf_iterator<char>(i), {}); }();
  EXPECT_EQ(ma, mb);
  fs::remove_all(dir);
}

TEST(Cli, BadScenarioExitsWithCode2AndNamesTheField) {
  const fs::path dir = make_case("cli");
  std::ofstream(dir / "bad.yaml") << "flood:\n  dem: dem.tif\n  solver: {cfl_alpha: 7}\n";
  std::string out;
  EXPECT_EQ(run_exe("validate " + (dir / "bad.yaml").string(), &out), 2) << out;
  EXPECT_NE(out.find("bad.yaml"), std::string::npos) << out;
  EXPECT_NE(out.find("bad.yaml:3:"), std::string::npos) << out;  // file:line:column
  EXPECT_NE(out.find("flood.solver.cfl_alpha"), std::string::npos) << out;
  out.clear();
  std::ofstream(dir / "nodem.yaml") << "flood:\n  dem: missing.tif\n";
  EXPECT_EQ(run_exe("run " + (dir / "nodem.yaml").string() + " -o " + (dir / "o").string() + " --progress none", &out), 2) << out;
  EXPECT_NE(out.find("missing.tif"), std::string::npos) << out;
  EXPECT_NE(std::ifstream(dir / "o" / "manifest.json").good() ? json::parse(std::ifstream(dir / "o" / "manifest.json"))["status"].get<std::string>() : "failed", "complete");
  out.clear();
  EXPECT_EQ(run_exe("validate " + (dir / "s.yaml").string(), &out), 0) << out;
  out.clear();
  // Global options work before and after the subcommand.
  EXPECT_EQ(run_exe("validate " + (dir / "s.yaml").string() + " --log-level warn", &out), 0) << out;
  EXPECT_EQ(run_exe("--log-level warn validate " + (dir / "s.yaml").string(), &out), 0) << out;
  out.clear();
  EXPECT_EQ(run_exe("--help", &out), 0);
  EXPECT_NE(out.find("run"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, CommandLineErrorsExitWith2) {
  const fs::path dir = make_case("cliparse");
  const std::string s = (dir / "s.yaml").string();
  for (const std::string& args : {std::string("--no-such-option"), std::string(""), std::string("run"),
                                  "run " + (dir / "absent.yaml").string(), "run " + s + " -j -1",
                                  "run " + s + " --progress sometimes"}) {
    std::string out;
    EXPECT_EQ(run_exe(args, &out), 2) << "floodevac " << args << "\n" << out;
  }
  std::string out;
  EXPECT_EQ(run_exe("--version", &out), 0) << out;
  fs::remove_all(dir);
}

TEST(Cli, OutputFolderThatCannotBeMadeExitsWith1) {
  const fs::path dir = make_case("cliout");
  std::string out;
  // Below a regular file: no folder can be made there (root may write anywhere else).
  EXPECT_EQ(run_exe("run " + (dir / "s.yaml").string() + " -o " + (dir / "s.yaml" / "out").string() +
                        " --progress none",
                    &out),
            1)
      << out;
  EXPECT_NE(out.find("cannot write the outputs"), std::string::npos) << out;
  fs::remove_all(dir);
}

TEST(Run, OutputThatCannotBeWrittenFailsTheRunAndTheManifestSaysSo) {
  const fs::path dir = make_case("outerr");
  fs::create_directories(dir / "out" / "summary.txt");  // a folder where the run writes a file
  EXPECT_THROW(run_with(dir, 1, "out"), floodevac::OutputError);
  const json m = json::parse(std::ifstream(dir / "out" / "manifest.json"));
  EXPECT_EQ(m["status"], "failed");
  EXPECT_NE(m["error"].get<std::string>().find("summary.txt"), std::string::npos) << m["error"];
  fs::remove_all(dir);
}

TEST(Run, ValueRejectedOnlyByTheFloodModelNamesItsScenarioLine) {
  const fs::path dir = make_case("located");
  // The schema accepts any point; the flood model finds it outside the DEM.
  std::ofstream(dir / "far.yaml") << "flood:\n  dem: dem.tif\n  inflows:\n"
                                     "    - {name: lost, at: [0, 0], q_m3s: {t_s: [0], values: [1]}}\n";
  try {
    floodevac::app::RunOptions opt;
    opt.out_dir = dir / "far";
    floodevac::app::run_scenario(floodevac::app::load_scenario(dir / "far.yaml"), opt);
    ADD_FAILURE() << "the run accepted an inflow outside the domain";
  } catch (const floodevac::ConfigError& e) {
    EXPECT_EQ(e.context().file, (dir / "far.yaml").string()) << e.what();
    EXPECT_EQ(e.context().line, 4) << e.what();
    EXPECT_EQ(e.context().field, "flood.inflows.0") << e.what();
  }
  std::string out;
  EXPECT_EQ(run_exe("run " + (dir / "far.yaml").string() + " -o " + (dir / "far2").string() + " --progress none", &out), 2);
  EXPECT_NE(out.find("far.yaml:4:7: flood.inflows.0: "), std::string::npos) << out;
  fs::remove_all(dir);
}

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream i(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(i), {});
}
}  // namespace

// The bundled default (flood + evacuation), shortened to 2.5 h: every output
// is written, people are conserved, and 1 and 2 threads give identical files.
TEST(Run, DefaultScenarioFloodAndEvacuationSameAtOneAndTwoThreads) {
  const fs::path dir = fs::temp_directory_path() / ("floodevac_default_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::vector<std::string> overrides = {"time.duration_s=9000", "time.output_interval_s=3000"};
  const auto sc = floodevac::app::load_scenario(fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / "default.yaml", overrides);
  ASSERT_TRUE(sc.evac.has_value());
  for (int threads : {1, 2}) {
    floodevac::app::RunOptions opt;
    opt.out_dir = dir / (threads == 1 ? "j1" : "j2");
    opt.threads = threads;
    opt.overrides = overrides;
    floodevac::app::run_scenario(sc, opt);
  }
  const json m = json::parse(std::ifstream(dir / "j2" / "manifest.json"));
  EXPECT_EQ(m["status"], "complete");
  EXPECT_LT(m["mass_balance"]["worst_relative_error"].get<double>(), 1e-6);
  const auto& ev = m["evacuation"];
  const double total = ev["evacuating_persons"];
  const double states = ev["sheltered"].get<double>() + ev["home"].get<double>() + ev["moving"].get<double>() +
                        ev["stranded"].get<double>() + ev["trapped"].get<double>();
  EXPECT_GT(total, 10000.0);
  EXPECT_NEAR(states, total, 1e-6 * total);
  EXPECT_GT(ev["sheltered"].get<double>(), 0.0);
  for (const char* f : {"evac/shelters.geojson", "evac/road_links.geojson", "evac/transfers.geojson",
                        "evac/population_units.geojson", "evac/timeseries.csv", "evac/shelter_occupancy.csv",
                        "evac/not_sheltered_at_peak.tif", "evac/exposure_person_hours.tif", "flood/max_depth.tif",
                        "mass_balance.csv"}) {
    ASSERT_TRUE(fs::exists(dir / "j1" / f)) << f;
    if (fs::path(f).extension() == ".tif") {
      const auto a = floodevac::gis::read_raster(dir / "j1" / f);
      const auto b = floodevac::gis::read_raster(dir / "j2" / f);
      ASSERT_EQ(a.data.size(), b.data.size());
      EXPECT_EQ(0, std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float))) << f;
    } else {
      EXPECT_EQ(slurp(dir / "j1" / f), slurp(dir / "j2" / f)) << f;
    }
  }
  // RFC 7946: lon/lat, no "crs" member.
  const json shel = json::parse(std::ifstream(dir / "j1" / "evac" / "shelters.geojson"));
  EXPECT_FALSE(shel.contains("crs"));
  const auto& c = shel["features"][0]["geometry"]["coordinates"];
  EXPECT_NEAR(c[0].get<double>(), 120.7, 0.5);
  EXPECT_NEAR(c[1].get<double>(), 27.9, 0.5);
  fs::remove_all(dir);
}
