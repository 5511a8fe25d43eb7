// Scenario loading: schema validation with file/line/column, defaults from the
// schema, --set overrides, relative paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/scenario.hpp"
#include "sim/core/error.hpp"

namespace fs = std::filesystem;
using floodevac::ConfigError;
using floodevac::app::load_scenario;

namespace {

class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("floodevac_scenario_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  std::string error_of(const fs::path& p, const std::vector<std::string>& overrides = {}) {
    try {
      load_scenario(p, overrides);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

const char* kMinimal = "name: tiny\nflood:\n  dem: dem.tif\n";

}  // namespace

TEST_F(ScenarioTest, MinimalScenarioGetsSchemaDefaults) {
  const auto sc = load_scenario(write("s.yaml", kMinimal));
  EXPECT_EQ(sc.name, "tiny");
  EXPECT_EQ(sc.flood.dem, dir_ / "dem.tif");  // relative to the scenario file
  EXPECT_DOUBLE_EQ(sc.duration_s, 21600.0);
  EXPECT_DOUBLE_EQ(sc.flood.manning.constant, 0.035);
  EXPECT_DOUBLE_EQ(sc.flood.config.params.theta, 0.7);
  EXPECT_DOUBLE_EQ(sc.flood.config.params.h_dry_m, 0.001);
  EXPECT_EQ(sc.rasters.compression, "DEFLATE");
  EXPECT_FALSE(sc.evac.has_value());
  // The resolved document carries the defaults for the manifest.
  EXPECT_EQ(sc.resolved["time"]["output_interval_s"], 1800);
  EXPECT_EQ(sc.resolved["flood"]["solver"]["cfl_alpha"], 0.5);
}

TEST_F(ScenarioTest, JsonScenarioIsAccepted) {
  const auto sc = load_scenario(write("s.json", R"({"name": "j", "flood": {"dem": "d.tif"}, "seed": 7})"));
  EXPECT_EQ(sc.name, "j");
  EXPECT_EQ(sc.seed, 7u);
}

TEST_F(ScenarioTest, WrongTypeNamesFileLineColumnAndField) {
  const auto p = write("bad.yaml", "name: x\nflood:\n  dem: d.tif\n  solver:\n    theta: lots\n");
  const std::string msg = error_of(p);
  EXPECT_NE(msg.find("bad.yaml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("flood.solver.theta"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, OutOfRangeValueIsRejected) {
  const std::string msg = error_of(write("r.yaml", "flood:\n  dem: d.tif\n  solver: {theta: 1.5}\n"));
  EXPECT_NE(msg.find("flood.solver.theta"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, UnknownFieldIsRejectedWithItsLine) {
  const std::string msg = error_of(write("u.yaml", "flood:\n  dem: d.tif\n  manning_n: 0.03\n"));
  EXPECT_NE(msg.find("line"), std::string::npos) << msg;
  EXPECT_NE(msg.find("manning_n"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, MissingRequiredField) {
  const std::string msg = error_of(write("m.yaml", "name: nodem\nflood: {}\n"));
  EXPECT_NE(msg.find("dem"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, YamlSyntaxErrorHasLineAndColumn) {
  const std::string msg = error_of(write("y.yaml", "flood:\n  dem: [d.tif\n"));
  EXPECT_NE(msg.find("y.yaml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, OverridesApplyBeforeValidation) {
  const auto p = write("o.yaml", kMinimal);
  const auto sc = load_scenario(p, {"flood.manning.constant=0.05", "time.duration_s=600", "name=changed"});
  EXPECT_DOUBLE_EQ(sc.flood.manning.constant, 0.05);
  EXPECT_DOUBLE_EQ(sc.duration_s, 600.0);
  EXPECT_EQ(sc.name, "changed");
  const std::string msg = error_of(p, {"time.duration_s=-5"});
  EXPECT_NE(msg.find("--set time.duration_s=-5"), std::string::npos) << msg;
  EXPECT_NE(error_of(p, {"nonsense"}).find("key.path=value"), std::string::npos);
}

TEST_F(ScenarioTest, SeriesMustIncrease) {
  const std::string msg = error_of(write("s.yaml", "flood:\n  dem: d.tif\n  rain:\n    uniform_mm_h: {t_s: [0, 10, 5], values: [1, 2, 3]}\n"));
  EXPECT_NE(msg.find("strictly increasing"), std::string::npos) << msg;
  EXPECT_NE(msg.find("line 4"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, WaterLevelBoundaryNeedsLevels) {
  const std::string msg = error_of(write("b.yaml", "flood:\n  dem: d.tif\n  boundaries:\n    - {side: east, kind: water_level}\n"));
  EXPECT_NE(msg.find("level_m"), std::string::npos) << msg;
}

TEST_F(ScenarioTest, BundledScenariosAreValid) {
  for (const char* name : {"default.yaml", "flood_only.yaml"}) {
    const auto sc = load_scenario(fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / name);
    EXPECT_TRUE(fs::exists(sc.flood.dem)) << sc.flood.dem;
    EXPECT_FALSE(sc.flood.config.boundaries.empty());
  }
}
