// Scenario loading: schema validation with file/line/column, defaults from the
// schema, --set overrides, relative paths.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/core/error.hpp"
#include "tests/support/expect.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using floodevac::ConfigError;
using floodevac::app::load_scenario;
using floodevac::test::expect_mentions;

namespace {

class ScenarioTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    floodevac::test::write_text(dir_ / name, text);
    return dir_ / name;
  }
  /// The message of the ConfigError that loading `text` (as `name`) throws; "" if it loads.
  std::string error_of(const std::string& name, const std::string& text,
                       const std::vector<std::string>& overrides = {}) {
    try {
      load_scenario(write(name, text), overrides);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
  floodevac::test::TempDir dir_;
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
  const auto sc =
      load_scenario(write("s.json", R"({"name": "j", "flood": {"dem": "d.tif"}, "seed": 7})"));
  EXPECT_EQ(sc.name, "j");
  EXPECT_EQ(sc.seed, 7u);
}

TEST_F(ScenarioTest, WrongTypeNamesFileLineColumnAndField) {
  expect_mentions(
      error_of("bad.yaml", "name: x\nflood:\n  dem: d.tif\n  solver:\n    theta: lots\n"),
      {"bad.yaml", "line 5", "flood.solver.theta"});
}

TEST_F(ScenarioTest, OutOfRangeValueIsRejected) {
  expect_mentions(error_of("r.yaml", "flood:\n  dem: d.tif\n  solver: {theta: 1.5}\n"),
                  {"flood.solver.theta"});
}

TEST_F(ScenarioTest, UnknownFieldIsRejectedWithItsLine) {
  expect_mentions(error_of("u.yaml", "flood:\n  dem: d.tif\n  manning_n: 0.03\n"),
                  {"line", "manning_n"});
}

TEST_F(ScenarioTest, MissingRequiredField) {
  expect_mentions(error_of("m.yaml", "name: nodem\nflood: {}\n"), {"dem"});
}

TEST_F(ScenarioTest, YamlSyntaxErrorHasLineAndColumn) {
  expect_mentions(error_of("y.yaml", "flood:\n  dem: [d.tif\n"), {"y.yaml", "line"});
}

TEST_F(ScenarioTest, OverridesApplyBeforeValidation) {
  const auto p = write("o.yaml", kMinimal);
  const auto sc =
      load_scenario(p, {"flood.manning.constant=0.05", "time.duration_s=600", "name=changed"});
  EXPECT_DOUBLE_EQ(sc.flood.manning.constant, 0.05);
  EXPECT_DOUBLE_EQ(sc.duration_s, 600.0);
  EXPECT_EQ(sc.name, "changed");
  expect_mentions(error_of("o.yaml", kMinimal, {"time.duration_s=-5"}),
                  {"--set time.duration_s=-5"});
  expect_mentions(error_of("o.yaml", kMinimal, {"nonsense"}), {"key.path=value"});
}

TEST_F(ScenarioTest, SeriesMustIncrease) {
  expect_mentions(error_of("s.yaml",
                           "flood:\n  dem: d.tif\n  rain:\n    uniform_mm_h: {t_s: [0, 10, 5], "
                           "values: [1, 2, 3]}\n"),
                  {"strictly increasing", "line 4"});
}

TEST_F(ScenarioTest, WaterLevelBoundaryNeedsLevels) {
  expect_mentions(
      error_of("b.yaml",
               "flood:\n  dem: d.tif\n  boundaries:\n    - {side: east, kind: water_level}\n"),
      {"level_m"});
}

TEST_F(ScenarioTest, BundledScenariosAreValid) {
  for (const char* name : {"default.yaml", "small_town.yaml", "flood_only.yaml",
                           "default_late_orders.yaml", "default_breach.yaml",
                           "default_no_enforcement.yaml"}) {
    const auto sc = load_scenario(fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / name);
    EXPECT_TRUE(fs::exists(sc.flood.dem)) << sc.flood.dem;
    EXPECT_FALSE(sc.flood.config.boundaries.empty());
  }
}
