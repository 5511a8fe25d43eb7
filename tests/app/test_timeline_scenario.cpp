// The scenario's `timeline` section: typed reading (times in every form, order_shift_s,
// enforcement), errors at the line of the value, and `floodevac validate` reading the
// timeline's files (villages, places, profile, ferries) and naming what does not fit.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "sim/core/error.hpp"
#include "tests/support/expect.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace fs = std::filesystem;
using floodevac::ConfigError;
using floodevac::app::load_scenario;
using floodevac::test::expect_mentions;

namespace {

const std::string kEvac =
    "evacuation:\n  roads: {file: r.geojson}\n  shelters: {file: s.geojson}\n"
    "  population: {raster: p.tif}\n";
const std::string kClock =
    "timeline:\n  clock: {start: '2026-08-11T20:00', landfall: '2026-08-12T20:00'}\n"
    "  villages: {file: v.geojson}\n";

std::string error_of(const fs::path& file) {
  try {
    load_scenario(file);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(TimelineScenario, TimesInEveryFormAndTheShift) {
  floodevac::test::TempDir dir;
  floodevac::test::write_text(dir / "t.yaml",
                              kEvac + kClock +
                                  "  order_shift_s: 600\n"
                                  "  orders:\n"
                                  "    - {kind: 转移, at: 'T-12h', zones: [V17]}\n"
                                  "    - {kind: stop_classes, at: '2026-08-11T21:30'}\n"
                                  "    - {kind: stop_transport, at: 7200}\n"
                                  "  returns: {enforcement: [V17, V18]}\n");
  const auto sc = load_scenario(dir / "t.yaml");
  ASSERT_TRUE(sc.timeline.has_value());
  const auto& t = *sc.timeline;
  EXPECT_DOUBLE_EQ(t.clock.landfall_s, 86400.0);
  ASSERT_EQ(t.orders.size(), 3u);
  EXPECT_EQ(t.orders[0].kind, floodevac::policy::OrderKind::transfer);
  EXPECT_DOUBLE_EQ(t.orders[0].issue_s, 43200.0 + 600.0);
  EXPECT_DOUBLE_EQ(t.orders[1].issue_s, 5400.0 + 600.0);
  EXPECT_DOUBLE_EQ(t.orders[2].issue_s, 7200.0 + 600.0);
  EXPECT_EQ(t.orders[0].zones, (std::vector<std::string>{"V17"}));
  EXPECT_FALSE(t.enforce_everywhere);
  EXPECT_EQ(t.enforced_zones, (std::vector<std::string>{"V17", "V18"}));
  EXPECT_EQ(t.clock.utc_offset_min, 480);
}

TEST(TimelineScenario, ErrorsAtTheLineOfTheValue) {
  floodevac::test::TempDir dir;
  floodevac::test::write_text(dir / "a.yaml", kEvac + kClock +
                                                  "  orders:\n"
                                                  "    - {kind: transfer, at: 'T-12x'}\n");
  auto msg = error_of(dir / "a.yaml");
  expect_mentions(msg, {"a.yaml", "line 9", "timeline.orders.0.at", "T-24h"});

  floodevac::test::write_text(dir / "b.yaml", kEvac + kClock + "  returns: {enforcement: some}\n");
  msg = error_of(dir / "b.yaml");
  expect_mentions(msg, {"line 8", "'some' is not 'all', 'none' or a list"});

  floodevac::test::write_text(dir / "c.yaml",
                              kEvac + kClock + "  places: [{group: schools, file: e.geojson}]\n");
  msg = error_of(dir / "c.yaml");
  expect_mentions(msg, {"need a daily profile", "timeline.profile"});

  floodevac::test::write_text(dir / "d.yaml", "flood: {dem: d.tif}\n" + kClock);
  msg = error_of(dir / "d.yaml");
  expect_mentions(msg, {"a timeline needs 'evacuation'"});

  floodevac::test::write_text(dir / "e.yaml", kEvac +
                                                  "timeline:\n  clock: {start: '2026-02-30T20:00', "
                                                  "landfall: 0}\n  villages: {file: v.geojson}\n");
  msg = error_of(dir / "e.yaml");
  expect_mentions(msg, {"e.yaml", "line 6", "timeline.clock"});
}

// `floodevac validate` reads the timeline's files: the bundled default passes, and a
// village id that the villages file lacks is named at its line.
TEST(TimelineScenario, ValidateReadsTheFilesAndNamesUnknownVillages) {
  const fs::path scenarios = fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios";
  std::string out;
  EXPECT_EQ(floodevac::test::run_exe("validate " + (scenarios / "default.yaml").string() +
                                         " --log-level warn",
                                     &out),
            0)
      << out;
  floodevac::test::TempDir dir;
  // A variant next to the default (extends needs the same folder) would write into the
  // source tree: copy the default's text with absolute data paths instead.
  std::string text = floodevac::test::read_text(scenarios / "default.yaml");
  for (std::size_t p = text.find("../data/"); p != std::string::npos; p = text.find("../data/", p))
    text.replace(p, 8, (fs::path(FLOODEVAC_SOURCE_DIR) / "data").string() + "/");
  const std::string bad = "{kind: stop_work, at: \"T-10h\", label: 停工}";
  ASSERT_NE(text.find(bad), std::string::npos);
  text.replace(text.find(bad), bad.size(), "{kind: stop_work, at: \"T-10h\", zones: [V99]}");
  floodevac::test::write_text(dir / "v99.yaml", text);
  out.clear();
  EXPECT_EQ(floodevac::test::run_exe("validate " + (dir / "v99.yaml").string() + " --log-level warn", &out), 2)
      << out;
  expect_mentions(out, {"v99.yaml", "'V99' is not a village", "timeline.orders.4.zones.0"});
}

// The bundled default for its first hour (停课 the evening before, no other order yet): the
// timeline's outputs are written, everybody is accounted for at the start, every order is
// listed, the island is short of places, and summary.json carries the same.
TEST(TimelineScenario, DefaultWritesTheTimelineOutputs) {
  floodevac::test::TempDir dir;
  const std::vector<std::string> overrides = {"time.duration_s=3600", "time.output_interval_s=3600",
                                              "outputs.depth_snapshots=false"};
  const auto sc = load_scenario(fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios" / "default.yaml", overrides);
  floodevac::app::RunOptions opt;
  opt.out_dir = dir / "out";
  opt.threads = 1;  // libgomp's spinning at 2 threads on a busy machine costs 10x here
  opt.overrides = overrides;
  opt.write_plan = true;  // as `floodevac plan`: plan/plan.csv too
  floodevac::app::run_scenario(sc, opt);
  const std::string orders = floodevac::test::read_text(dir / "out" / "timeline" / "orders.csv");
  EXPECT_EQ(std::count(orders.begin(), orders.end(), '\n'), 8) << orders;  // header + 7 orders
  expect_mentions(orders, {"stop_classes,停课,3600,2026-08-11T21:00", "stop_transport"});
  const std::string islands = floodevac::test::read_text(dir / "out" / "timeline" / "islands.csv");
  expect_mentions(islands, {"V24;V25,2300,500,440,2360"});
  // At the start everybody is present somewhere: residents + tourists.
  const std::string people =
      floodevac::test::read_text(dir / "out" / "timeline" / "people_by_activity.csv");
  std::istringstream in(people);
  std::string line;
  std::getline(in, line);  // header
  double at_start = 0;
  while (std::getline(in, line))
    if (line.rfind("0,", 0) == 0) at_start += std::stod(line.substr(line.rfind(',') + 1));
  EXPECT_NEAR(at_start, 102400.0, 0.5) << people.substr(0, 600);
  // Exposed by class and activity group: a header and a row at the first coupling.
  const std::string exposed =
      floodevac::test::read_text(dir / "out" / "timeline" / "exposed_by_class.csv");
  expect_mentions(exposed, {"t_s,local_time,exposed,class_2,class_3,class_4,home,work,school,"
                            "market,outdoor,tourist,present,travelling\n0,2026-08-11T20:00,"});
  const auto j = nlohmann::json::parse(floodevac::test::read_text(dir / "out" / "summary.json"));
  ASSERT_TRUE(j["timeline"].is_object());
  EXPECT_EQ(j["timeline"]["orders"].size(), 7u);
  EXPECT_DOUBLE_EQ(j["timeline"]["islands"][0]["shortfall"].get<double>(), 2360.0);
  EXPECT_DOUBLE_EQ(j["timeline"]["orders"][0]["persons_moved"].get<double>(), 0.0);  // kept home
  EXPECT_EQ(j["timeline"]["return_legs"], 0);  // enforcement everywhere

  // 一村一策 (docs/village_plan.md): a row and a polygon per village. In the first hour
  // nobody is transferred and nothing floods: no margins, every village "dry".
  const auto& v = j["villages"];
  ASSERT_TRUE(v.is_object()) << j.dump(2);
  const std::size_t villages = v["count"].get<std::size_t>();
  EXPECT_GT(villages, 20u);
  EXPECT_EQ(v["negative_margin"], 0);
  EXPECT_EQ(v["small_margin"], 0);
  EXPECT_TRUE(v["worst_margin_s"].is_null());
  EXPECT_DOUBLE_EQ(v["small_margin_s"].get<double>(), 3600.0);
  const std::string plan = floodevac::test::read_text(dir / "out" / "villages" / "plan.csv");
  EXPECT_EQ(static_cast<std::size_t>(std::count(plan.begin(), plan.end(), '\n')), villages + 1);
  expect_mentions(plan, {"id,name,danger,residents,to_transfer,ordered_s", ",margin_s,flag,", ",dry,"});
  const auto map = nlohmann::json::parse(
      floodevac::test::read_text(dir / "out" / "villages" / "plan.geojson"));
  ASSERT_EQ(map["features"].size(), villages);
  const auto& props = map["features"][0]["properties"];
  EXPECT_TRUE(props.contains("margin_s") && props["margin_s"].is_null());
  EXPECT_TRUE(props.contains("flag"));
  EXPECT_TRUE(map["features"][0]["geometry"]["type"].get<std::string>().find("Polygon") !=
              std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "out" / "villages" / "routes.geojson"));
  expect_mentions(floodevac::test::read_text(dir / "out" / "summary.txt"), {"villages: "});

  // The plan table feeds back as timeline.villages.plan: accepted as written, and a
  // shelter id the shelters file lacks is named at the table's line.
  std::string table = floodevac::test::read_text(dir / "out" / "plan" / "plan.csv");
  expect_mentions(table, {"id,name,shelters,plan_places,shelter_persons,main_route"});
  const fs::path scenarios = fs::path(FLOODEVAC_SOURCE_DIR) / "scenarios";
  std::string text = floodevac::test::read_text(scenarios / "default.yaml");
  for (std::size_t p = text.find("../data/"); p != std::string::npos; p = text.find("../data/", p))
    text.replace(p, 8, (fs::path(FLOODEVAC_SOURCE_DIR) / "data").string() + "/");
  const std::string villages_key = "villages: {file: ";
  const std::size_t at = text.find(villages_key);
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = text.find('}', at);
  text.insert(end, ", plan: " + (dir / "plan.csv").string());
  floodevac::test::write_text(dir / "fed.yaml", text);
  floodevac::test::write_text(dir / "plan.csv", table);
  std::string out;
  EXPECT_EQ(floodevac::test::run_exe("validate " + (dir / "fed.yaml").string() + " --log-level warn", &out), 0)
      << out;
  const std::size_t row = table.find('\n') + 1;  // the first village's row
  const std::size_t shelters = table.find(',', table.find(',', row) + 1) + 1;
  table.insert(shelters, "NO_SUCH_SHELTER;");
  floodevac::test::write_text(dir / "plan.csv", table);
  out.clear();
  EXPECT_EQ(floodevac::test::run_exe("validate " + (dir / "fed.yaml").string() + " --log-level warn", &out), 2)
      << out;
  expect_mentions(out, {"plan.csv:2", "'NO_SUCH_SHELTER'"});
}
