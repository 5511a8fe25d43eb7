// floodevac compare (issue 13 §3): the table reproduces the runs' summary.json numbers,
// differences against the first run, and refuses runs that are not complete.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "app/compare.hpp"
#include "sim/core/error.hpp"
#include "tests/app/summary_agreement.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace floodevac::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write(const fs::path& file, const json& j) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << j.dump(2);
}

json summary(double sheltered, double trapped, double clearance_s, int full, json supplies) {
  return json{{"scenario", "s"},
              {"flood", {{"max_depth_m", 2.5}, {"flooded_area_km2", 1.25}}},
              {"evacuation",
               {{"sheltered", sheltered},
                {"trapped", trapped},
                {"clearance_s", clearance_s},
                {"shelters_full", full},
                {"exposed_person_h_by_class", {0, 0, 10.5, 3.25, 1}}}},
              {"supplies", supplies},
              {"warnings", 3}};
}

void finished_run(const fs::path& dir, const json& s) {
  write(dir / "manifest.json", {{"status", "complete"}});
  write(dir / "summary.json", s);
}

const CompareRow& row(const CompareTable& t, const std::string& key) {
  for (const auto& r : t.rows)
    if (r.key == key) return r;
  throw std::runtime_error("no row " + key);
}

TEST(Compare, ReproducesTheSummariesAndTheirDifferences) {
  test::TempDir tmp;
  const json a = summary(1000.5, 12, 36000, 2, {{"unreachable_shelters", 1}});
  const json b = summary(900.25, 40, 50400, 5, {{"unreachable_shelters", 4}});
  finished_run(tmp / "default", a);
  finished_run(tmp / "late", b);
  const CompareTable t = compare_runs({tmp / "default", tmp / "late"});
  ASSERT_EQ(t.runs.size(), 2u);
  for (const auto& [key, ja, jb] :
       {std::tuple{"evacuation.sheltered", a["evacuation"]["sheltered"], b["evacuation"]["sheltered"]},
        std::tuple{"evacuation.trapped", a["evacuation"]["trapped"], b["evacuation"]["trapped"]},
        std::tuple{"evacuation.clearance_s", a["evacuation"]["clearance_s"],
                   b["evacuation"]["clearance_s"]},
        std::tuple{"evacuation.shelters_full", a["evacuation"]["shelters_full"],
                   b["evacuation"]["shelters_full"]},
        std::tuple{"evacuation.exposed_person_h_by_class.3",
                   a["evacuation"]["exposed_person_h_by_class"][3],
                   b["evacuation"]["exposed_person_h_by_class"][3]},
        std::tuple{"supplies.unreachable_shelters", a["supplies"]["unreachable_shelters"],
                   b["supplies"]["unreachable_shelters"]},
        std::tuple{"flood.max_depth_m", a["flood"]["max_depth_m"], b["flood"]["max_depth_m"]},
        std::tuple{"warnings", a["warnings"], b["warnings"]}}) {
    const CompareRow& r = row(t, key);
    ASSERT_TRUE(r.values[0] && r.values[1]) << key;
    EXPECT_EQ(*r.values[0], ja.template get<double>()) << key;
    EXPECT_EQ(*r.values[1], jb.template get<double>()) << key;
  }
  // Not in either summary: missing, shown as a dash.
  EXPECT_FALSE(row(t, "villages.negative_margin").values[0]);
  const std::string text = compare_text(t);
  EXPECT_NE(text.find("1000"), std::string::npos);
  EXPECT_NE(text.find("-100"), std::string::npos);   // sheltered 900.25 - 1000.5
  EXPECT_NE(text.find("+4.00 h"), std::string::npos);  // clearance 14 h - 10 h
  EXPECT_NE(text.find("—"), std::string::npos);
  const std::string csv = compare_csv(t);
  EXPECT_NE(csv.find("key,label,unit,default,late,late-default\n"), std::string::npos);
  EXPECT_NE(csv.find("evacuation.sheltered,sheltered,persons,1000.5,900.25,-100.25\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("supplies.unreachable_shelters,"), std::string::npos);
  EXPECT_NE(csv.find("villages.negative_margin,villages with negative margin,villages,,,\n"),
            std::string::npos)
      << csv;
  const std::string html = compare_html(t);
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("class=\"n worse\""), std::string::npos);  // more trapped
}

TEST(Compare, RefusesARunThatIsNotComplete) {
  test::TempDir tmp;
  finished_run(tmp / "done", summary(1, 0, 0, 0, nullptr));
  write(tmp / "half" / "manifest.json", {{"status", "running"}});
  write(tmp / "half" / "summary.json", summary(1, 0, 0, 0, nullptr));
  try {
    compare_runs({tmp / "done", tmp / "half"});
    FAIL() << "an unfinished run was compared";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not complete"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'running'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("half"), std::string::npos) << e.what();
  }
  fs::remove(tmp / "done" / "summary.json");
  EXPECT_THROW(compare_runs({tmp / "done"}), InputError);
  EXPECT_THROW(compare_runs({}), InputError);
}

TEST(Compare, TwoFinishedRunsWithSuppliesReproduceTheirSummaries) {
  // The tiny case with the catalogue's roads, shelter, people and one depot, run twice
  // (the second with less rain); compare gives each run's summary.json numbers.
  test::TempDir tmp;
  test::make_tiny_case(tmp.path());
  const fs::path inputs = fs::path(FLOODEVAC_SOURCE_DIR) / "tests/app/bad_inputs/inputs";
  for (const char* f : {"roads.geojson", "shelters.geojson", "pop.geojson", "depots.geojson",
                        "supplies_ok.yaml"})
    fs::copy_file(inputs / f, tmp / f);
  std::string out;
  const std::string s = (tmp / "supplies_ok.yaml").string();
  ASSERT_EQ(test::run_exe("run " + s + " -o " + (tmp / "a").string() + " --progress none", &out), 0)
      << out;
  ASSERT_EQ(test::run_exe("run " + s + " -o " + (tmp / "b").string() +
                              " --progress none --set flood.rain.uniform_mm_h.values.0=20",
                          &out),
            0)
      << out;
  test::expect_summary_json_agrees(tmp / "a");
  const CompareTable t = compare_runs({tmp / "a", tmp / "b"});
  const json ja = json::parse(test::read_text(tmp / "a" / "summary.json"));
  const json jb = json::parse(test::read_text(tmp / "b" / "summary.json"));
  ASSERT_TRUE(ja["supplies"].is_object()) << ja.dump(2);
  EXPECT_EQ(ja["supplies"]["checks"], 3);
  int compared = 0;
  for (const auto& r : t.rows) {
    std::string ptr = "/" + r.key;
    for (auto& c : ptr) c = c == '.' ? '/' : c;
    for (std::size_t k = 0; k < 2; ++k) {
      const json& j = k == 0 ? ja : jb;
      const json::json_pointer p(ptr);
      if (!j.contains(p) || !j.at(p).is_number()) {
        EXPECT_FALSE(r.values[k] && r.key.find("by_class") == std::string::npos) << r.key;
        continue;
      }
      if (!r.values[k]) continue;  // a class below the exposure threshold
      EXPECT_EQ(*r.values[k], j.at(p).get<double>()) << r.key;
      ++compared;
    }
  }
  EXPECT_GE(compared, 30);
  const std::string csv = compare_csv(t);
  EXPECT_NE(csv.find(fmt::format("supplies.unreachable_shelters,supply failures (shelters "
                                 "unreachable),shelters,{},{},",
                                 ja["supplies"]["unreachable_shelters"].get<int>(),
                                 jb["supplies"]["unreachable_shelters"].get<int>())),
            std::string::npos)
      << csv;
}

TEST(Compare, BaselineDifference) {
  // `run --baseline` (issue 12: a variant's summary says how many more): every row both
  // summaries have, this minus the baseline; a line of text for each that differs.
  const json base = summary(100, 10, 3600, 2, nullptr);
  const json now = summary(80, 25, 7200, 2, nullptr);
  const auto d = baseline_difference(now, base, "runs/default");
  EXPECT_EQ(d.json["run"], "runs/default");
  int found = 0;
  for (const auto& r : d.json["rows"]) {
    if (r["key"] == "evacuation.trapped") {
      EXPECT_EQ(r["difference"].get<double>(), 15.0);
      ++found;
    }
    if (r["key"] == "evacuation.sheltered") {
      EXPECT_EQ(r["difference"].get<double>(), -20.0);
      ++found;
    }
  }
  EXPECT_EQ(found, 2);
  EXPECT_NE(d.text.find("baseline: trapped 25 vs 10: 15 more"), std::string::npos) << d.text;
  EXPECT_NE(d.text.find("baseline: sheltered 80 vs 100: 20 fewer"), std::string::npos) << d.text;
  EXPECT_NE(d.text.find("3600 s later"), std::string::npos) << d.text;
  EXPECT_EQ(d.text.find("shelters full"), std::string::npos) << "equal rows are not listed\n" << d.text;
}

TEST(Compare, RunWithABaselineSaysHowManyMore) {
  test::TempDir tmp;
  test::make_tiny_case(tmp.path());
  const fs::path inputs = fs::path(FLOODEVAC_SOURCE_DIR) / "tests/app/bad_inputs/inputs";
  for (const char* f : {"roads.geojson", "shelters.geojson", "pop.geojson", "depots.geojson",
                        "supplies_ok.yaml"})
    fs::copy_file(inputs / f, tmp / f);
  std::string out;
  const std::string s = (tmp / "supplies_ok.yaml").string();
  ASSERT_EQ(test::run_exe("run " + s + " -o " + (tmp / "a").string() + " --progress none", &out), 0)
      << out;
  // A baseline that is not a finished run is refused before anything runs.
  write(tmp / "half" / "manifest.json", {{"status", "running"}});
  EXPECT_NE(test::run_exe("run " + s + " -o " + (tmp / "c").string() + " --progress none --baseline " +
                              (tmp / "half").string(),
                          &out),
            0);
  EXPECT_NE(out.find("not complete"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(tmp / "c" / "manifest.json"));
  ASSERT_EQ(test::run_exe("run " + s + " -o " + (tmp / "b").string() +
                              " --progress none --set flood.rain.uniform_mm_h.values.0=20 --baseline " +
                              (tmp / "a").string(),
                          &out),
            0)
      << out;
  const json ja = json::parse(test::read_text(tmp / "a" / "summary.json"));
  const json jb = json::parse(test::read_text(tmp / "b" / "summary.json"));
  ASSERT_TRUE(jb["baseline"].is_object()) << jb.dump(2);
  bool depth = false;
  for (const auto& r : jb["baseline"]["rows"])
    if (r["key"] == "flood.max_depth_m") {
      depth = true;
      EXPECT_DOUBLE_EQ(r["baseline"].get<double>(), ja["flood"]["max_depth_m"].get<double>());
      EXPECT_DOUBLE_EQ(r["this"].get<double>(), jb["flood"]["max_depth_m"].get<double>());
    }
  EXPECT_TRUE(depth);
  const std::string txt = test::read_text(tmp / "b" / "summary.txt");
  EXPECT_NE(txt.find("baseline: against the finished run"), std::string::npos) << txt;
  test::expect_summary_json_agrees(tmp / "b");
}

}  // namespace
}  // namespace floodevac::app
