// A value rejected deep in sim/ is reported at the line and column where the
// scenario gave it (app/scenario_errors, app/source_map).
#include <gtest/gtest.h>

#include <string>

#include "app/scenario.hpp"
#include "app/scenario_errors.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/flood/flood_model.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {
namespace {

// Line numbers below refer to this text.
const char* kScenario =
    "flood:\n"                                                       // 1
    "  dem: d.tif\n"                                                 // 2
    "  solver: {theta: 0.6}\n"                                       // 3
    "  inflows:\n"                                                   // 4
    "    - {name: a, at: [1, 1], q_m3s: {t_s: [0], values: [1]}}\n"  // 5
    "    - {name: b, at: [2, 2], q_m3s: {t_s: [0], values: [1]}}\n"  // 6
    "evacuation:\n"                                                  // 7
    "  roads: {file: r.geojson}\n"                                   // 8
    "  shelters: {file: s.geojson}\n"                                // 9
    "  population: {raster: p.tif}\n"                                // 10
    "  movement:\n"                                                  // 11
    "    step_s: 2\n";                                               // 12

class ScenarioErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_text(dir_ / "s.yaml", kScenario);
    sc_ = load_scenario(dir_ / "s.yaml");
  }
  /// The error `f` throws, after at_scenario_fields.
  template <class F>
  ConfigError located(const FieldSources& fields, F&& f) {
    try {
      at_scenario_fields(sc_.sources, fields, f);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no ConfigError";
    return ConfigError("none");
  }
  test::TempDir dir_;
  Scenario sc_;
};

TEST_F(ScenarioErrors, MovementStepRejectedBySimConfigPointsAtItsLine) {
  const ConfigError e = located(movement_fields(), [&] {
    evac::SimConfig c = sc_.evac->movement;
    c.step_s = -1;  // as if the schema had let it through
    c.validate();
  });
  EXPECT_EQ(e.context().file, (dir_ / "s.yaml").string());
  EXPECT_EQ(e.context().line, 12);
  EXPECT_EQ(e.context().column, 5);
  EXPECT_EQ(e.context().field, "evacuation.movement.step_s");
  EXPECT_NE(e.message().find("step_s"), std::string::npos) << e.message();
  EXPECT_NE(std::string(e.what()).find("line 12, column 5: field 'evacuation.movement.step_s'"),
            std::string::npos)
      << e.what();
}

TEST_F(ScenarioErrors, FloodParameterRejectedByTheModelPointsAtItsLine) {
  const ConfigError e = located(flood_fields(), [&] {
    flood::FloodConfig cfg = sc_.flood.config;
    cfg.params.theta = 2.0;
    const Grid<float> dem(4, 4, GeoTransform{0, 1, 4, -1}, 0.0f);
    flood::FloodModel model(dem, flood::Roughness::uniform(0.03), cfg);
  });
  EXPECT_EQ(e.context().line, 3);
  EXPECT_EQ(e.context().field, "flood.solver.theta");
}

TEST_F(ScenarioErrors, ListMemberNamesItsItem) {
  const ConfigError e =
      located(flood_fields(), [] { throw ConfigError("inflows[1] 'b': outside the domain"); });
  EXPECT_EQ(e.context().line, 6);
  EXPECT_EQ(e.context().field, "flood.inflows.1");
  const ConfigError sub = located(
      flood_fields(), [] { throw ConfigError("boundaries[0].level_m: values must be finite"); });
  EXPECT_EQ(sub.context().field, "flood.boundaries.0.level_m");
}

TEST_F(ScenarioErrors, DefaultedValueIsPlacedAtItsNearestWrittenAncestor) {
  // reroute_interval_s is not in the file: the error points at "movement:".
  const ConfigError e = located(
      movement_fields(), [] { throw ConfigError("evacuation config: reroute_interval_s bad"); });
  EXPECT_EQ(e.context().line, 11);
  EXPECT_EQ(e.context().field, "evacuation.movement.reroute_interval_s");
}

TEST_F(ScenarioErrors, FieldGivenByTheLibraryIsUsedAsIs) {
  const ConfigError e = located(movement_fields(), [] {
    throw ConfigError("too small", ErrorContext{{}, 0, 0, "step_s", "use 1 s"});
  });
  EXPECT_EQ(e.context().line, 12);
  EXPECT_EQ(e.context().fix, "use 1 s");
}

TEST_F(ScenarioErrors, ErrorsAboutOtherThingsPassUnchanged) {
  const ConfigError none = located(
      movement_fields(), [] { throw ConfigError("evacuation config: threads must be >= 0"); });
  EXPECT_TRUE(none.context().file.empty());
  EXPECT_STREQ(none.what(), "evacuation config: threads must be >= 0");
  // Already located in another file (a gis reader): left alone.
  const ConfigError other = located(movement_fields(), [] {
    throw ConfigError("step_s", ErrorContext{"r.csv", 4, 0, {}, {}});
  });
  EXPECT_EQ(other.context().file, "r.csv");
  // "step_s" inside a longer word is not the member.
  const ConfigError word =
      located(movement_fields(), [] { throw ConfigError("max_step_s too large"); });
  EXPECT_TRUE(word.context().file.empty());
}

TEST(ScenarioNumbers, OutOfRangeNumberIsAConfigErrorAtItsLine) {
  test::TempDir dir;
  test::write_text(dir / "n.yaml", "flood:\n  dem: d.tif\n  solver: {max_dt_s: 1e999}\n");
  try {
    load_scenario(dir / "n.yaml");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.context().line, 3) << e.what();
    EXPECT_NE(e.message().find("1e999"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace floodevac::app
