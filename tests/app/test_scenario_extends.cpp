// `extends:` — a scenario written as its differences from another in the same folder:
// maps merged key by key, lists and values replaced, errors naming the file each value
// came from; and the bundled variants of the default built this way.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/scenario.hpp"
#include "sim/core/error.hpp"
#include "tests/support/expect.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using floodevac::ConfigError;
using floodevac::InputError;
using floodevac::app::load_scenario;
using floodevac::test::expect_mentions;

namespace {

const char* kBase =
    "name: base\n"
    "time: {duration_s: 7200, output_interval_s: 600}\n"
    "flood:\n"
    "  dem: dem.tif\n"
    "  manning: {constant: 0.05}\n"
    "  walls: {file: walls.geojson}\n"
    "  breaches:\n"
    "    - {at: [1, 2], start_s: 100, duration_s: 10, final_width_m: 5, final_crest_m: 1}\n"
    "    - {at: [3, 4], start_s: 200, duration_s: 10, final_width_m: 5, final_crest_m: 1}\n";

class ExtendsTest : public ::testing::Test {
 protected:
  fs::path write(const std::string& name, const std::string& text) {
    floodevac::test::write_text(dir_ / name, text);
    return dir_ / name;
  }
  floodevac::test::TempDir dir_;
};

}  // namespace

TEST_F(ExtendsTest, MapsMergeListsAndValuesAreReplaced) {
  write("base.yaml", kBase);
  const auto sc = load_scenario(write("variant.yaml",
                                      "extends: base.yaml\n"
                                      "name: variant\n"
                                      "time: {duration_s: 3600}\n"
                                      "flood:\n"
                                      "  breaches:\n"
                                      "    - {at: [5, 6], start_s: 300, duration_s: 10, "
                                      "final_width_m: 5, final_crest_m: 1}\n"));
  EXPECT_EQ(sc.name, "variant");
  EXPECT_DOUBLE_EQ(sc.duration_s, 3600.0);         // replaced
  EXPECT_DOUBLE_EQ(sc.output_interval_s, 600.0);   // kept from the base (maps merge)
  EXPECT_DOUBLE_EQ(sc.flood.manning.constant, 0.05);
  EXPECT_EQ(sc.flood.dem, dir_ / "dem.tif");       // relative to the (common) folder
  ASSERT_EQ(sc.flood.config.breaches.size(), 1u);  // the list is replaced whole
  EXPECT_DOUBLE_EQ(sc.flood.config.breaches[0].start_s, 300.0);
  EXPECT_EQ(sc.resolved["extends"], "base.yaml");
}

TEST_F(ExtendsTest, ErrorsNameTheFileTheValueCameFrom) {
  write("base.yaml", std::string(kBase) + "seed: -3\n");
  try {
    load_scenario(write("variant.yaml", "extends: base.yaml\nname: variant\n"));
    ADD_FAILURE() << "a negative seed in the base was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.context().file, (dir_ / "base.yaml").string()) << e.what();
    EXPECT_EQ(e.context().line, 10) << e.what();
    EXPECT_EQ(e.context().field, "seed") << e.what();
  }
  write("base.yaml", kBase);
  try {
    load_scenario(write("variant.yaml", "extends: base.yaml\ntime: {duration_s: -1}\n"));
    ADD_FAILURE() << "a negative duration in the variant was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.context().file, (dir_ / "variant.yaml").string()) << e.what();
    EXPECT_EQ(e.context().line, 2) << e.what();
  }
}

TEST_F(ExtendsTest, MissingSelfCyclicAndForeignBasesAreRefused) {
  try {
    load_scenario(write("v.yaml", "extends: nowhere.yaml\n"));
    ADD_FAILURE() << "a missing base was accepted";
  } catch (const InputError& e) {
    expect_mentions(e.what(), {"nowhere.yaml", "does not exist", "extends", "v.yaml"});
  }
  try {
    load_scenario(write("self.yaml", "extends: self.yaml\n"));
    ADD_FAILURE() << "a scenario extending itself was accepted";
  } catch (const ConfigError& e) {
    expect_mentions(e.what(), {"extends itself", "self.yaml"});
  }
  write("a.yaml", "extends: b.yaml\n");
  try {
    load_scenario(write("b.yaml", "extends: a.yaml\n"));
    ADD_FAILURE() << "a cycle was accepted";
  } catch (const ConfigError& e) {
    expect_mentions(e.what(), {"deeper than", "cycle"});
  }
  fs::create_directories(dir_ / "other");
  write("other/base.yaml", kBase);
  try {
    load_scenario(write("far.yaml", "extends: other/base.yaml\n"));
    ADD_FAILURE() << "a base in another folder was accepted";
  } catch (const ConfigError& e) {
    expect_mentions(e.what(), {"another folder", "next to its base"});
  }
  try {
    load_scenario(write("num.yaml", "extends: 3\n"));
    ADD_FAILURE() << "a number as extends was accepted";
  } catch (const ConfigError& e) {
    expect_mentions(e.what(), {"extends must be a file name"});
  }
}

// The bundled default and its variants: each differs from the default where it says.
TEST(BundledVariants, DifferFromTheDefaultWhereTheySay) {
  const fs::path dir = fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios";
  const auto base = load_scenario(dir / "default.yaml");
  ASSERT_TRUE(base.evac.has_value());
  EXPECT_TRUE(base.flood.config.breaches.empty());
  EXPECT_DOUBLE_EQ(base.duration_s, 42 * 3600.0);
  const auto late = load_scenario(dir / "default_late_orders.yaml");
  ASSERT_TRUE(late.evac.has_value());
  EXPECT_EQ(late.flood.config.boundaries.size(), base.flood.config.boundaries.size());
  EXPECT_EQ(late.flood.dem, base.flood.dem);
  ASSERT_TRUE(base.timeline.has_value());
  ASSERT_TRUE(late.timeline.has_value());
  ASSERT_EQ(late.timeline->orders.size(), base.timeline->orders.size());
  ASSERT_FALSE(base.timeline->orders.empty());
  for (std::size_t o = 0; o < base.timeline->orders.size(); ++o)
    EXPECT_DOUBLE_EQ(late.timeline->orders[o].issue_s, base.timeline->orders[o].issue_s + 43200.0);
  EXPECT_DOUBLE_EQ(base.timeline->clock.landfall_s, 86400.0);  // T-24h start
  const auto breach = load_scenario(dir / "default_breach.yaml");
  ASSERT_EQ(breach.flood.config.breaches.size(), 1u);
  EXPECT_DOUBLE_EQ(breach.flood.config.breaches[0].start_s, 88200.0);  // T+0.5h
  EXPECT_EQ(breach.timeline->orders.size(), base.timeline->orders.size());
  const auto loose = load_scenario(dir / "default_no_enforcement.yaml");
  EXPECT_NE(loose.name, base.name);
  EXPECT_DOUBLE_EQ(loose.duration_s, base.duration_s);
  EXPECT_TRUE(base.timeline->enforce_everywhere);
  ASSERT_TRUE(loose.timeline.has_value());
  EXPECT_FALSE(loose.timeline->enforce_everywhere);
  EXPECT_TRUE(loose.timeline->enforced_zones.empty());
  EXPECT_DOUBLE_EQ(loose.timeline->returns.share, base.timeline->returns.share);
}
