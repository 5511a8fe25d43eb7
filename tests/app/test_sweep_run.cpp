// `floodevac sweep` end to end on the small town cut to 20 min on a 40 m grid
// (about a second a member): a deliberately failing member is recorded and
// the others complete; a resume runs no member; the results are identical
// one member at a time, two at once, and under `mpirun -np 2`.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Out {
  int code;
  std::string text;
};

Out sh(const std::string& cmd) {
  std::string out;
  FILE* p = popen(("exec 2>&1; timeout -s KILL 120 " + cmd).c_str(), "r");
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string slurp(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json status_of(const fs::path& dir) { return json::parse(slurp(dir / "status.json")); }

/// summary.csv without the column that says how many threads a member had.
std::string csv_without_threads(const fs::path& f) {
  std::istringstream in(slurp(f));
  std::string line, out;
  int col = -1;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, ',')) cells.push_back(c);
    if (col < 0)
      for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i] == "threads") col = static_cast<int>(i);
    for (std::size_t i = 0; i < cells.size(); ++i)
      if (static_cast<int>(i) != col) out += cells[i] + ",";
    out += "\n";
  }
  return out;
}

const std::string kExe = FLOODEVAC_EXE;

fs::path write_sweep(const floodevac::test::TempDir& tmp) {
  const fs::path f = tmp / "sweep.yaml";
  std::ofstream(f) << "name: tiny\nbase: " << FLOODEVAC_SOURCE_DIR << "/scenarios/small_town.yaml\n"
                   << R"(design: list
set: {time.duration_s: 1200, flood.resolution_m: 40, evacuation.demand.order_time_s: 0}
parameters:
  - {name: compliance, path: evacuation.demand.compliance, values: [0.6, 1.5, 0.95]}
  - {name: sea_offset_m, path: flood.boundaries.0.level_offset_m, values: [0, 0, 0.5]}
)";
  return f;
}

}  // namespace

TEST(SweepRun, FailingMemberResumeAndIdenticalResults) {
  floodevac::test::TempDir tmp;
  const fs::path sweep = write_sweep(tmp);
  const fs::path a = tmp / "a", b = tmp / "b";
  // Two at once, one thread each. Member 1 (compliance 1.5) is refused by the schema.
  auto r = sh(kExe + " sweep " + sweep.string() + " -o " + a.string() + " --jobs 2 -j 1");
  EXPECT_EQ(r.code, 1) << r.text;  // a member failed; the others' results are written
  auto st = status_of(a)["members"];
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[0]["state"], "complete") << r.text;
  EXPECT_EQ(st[1]["state"], "failed");
  EXPECT_NE(st[1]["error"].get<std::string>().find("compliance"), std::string::npos) << st[1];
  EXPECT_EQ(st[2]["state"], "complete");
  for (const char* f : {"summary.csv", "report.html", "ensemble/p_depth_gt_0.1m.tif",
                        "ensemble/max_depth_p90.tif", "ensemble/exposure_mean.tif",
                        "ensemble/shelter_overflow.geojson", "ensemble/road_closed.geojson"})
    EXPECT_TRUE(fs::exists(a / f)) << f;
  EXPECT_NE(slurp(a / "report.html").find("Spearman"), std::string::npos);
  const std::string csv = slurp(a / "summary.csv");
  EXPECT_NE(csv.find("flood.max_depth_m"), std::string::npos);
  EXPECT_NE(csv.find(",failed,"), std::string::npos);
  // The raised sea floods deeper than the member without it.
  const auto m0 = json::parse(slurp(a / "members" / st[0]["id"].get<std::string>() / "summary.json"));
  const auto m2 = json::parse(slurp(a / "members" / st[2]["id"].get<std::string>() / "summary.json"));
  EXPECT_GT(m2["water_m3"]["boundary_in"].get<double>(), m0["water_m3"]["boundary_in"].get<double>());

  // Resume: nothing to run (the complete members are checked through their manifests,
  // the failure is kept).
  r = sh(kExe + " sweep " + sweep.string() + " -o " + a.string());
  EXPECT_NE(r.text.find("ran 0 now"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("2 were complete before, 1 failed before"), std::string::npos) << r.text;

  // A changed base (another --set) is refused rather than mixed in.
  r = sh(kExe + " sweep " + sweep.string() + " -o " + a.string() + " --set time.duration_s=600");
  EXPECT_EQ(r.code, 2) << r.text;
  EXPECT_NE(r.text.find("holds another sweep"), std::string::npos) << r.text;

  // One member at a time with two threads: the same numbers and the same maps.
  r = sh(kExe + " sweep " + sweep.string() + " -o " + b.string() + " --jobs 1 -j 2");
  EXPECT_EQ(r.code, 1) << r.text;
  EXPECT_EQ(csv_without_threads(a / "summary.csv"), csv_without_threads(b / "summary.csv"));
  for (const auto& e : fs::directory_iterator(a / "ensemble"))
    EXPECT_EQ(slurp(e.path()), slurp(b / "ensemble" / e.path().filename())) << e.path();

#ifdef FLOODEVAC_HAVE_MPI
  if (sh("command -v mpirun").code == 0) {
    const fs::path c = tmp / "c";
    r = sh("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
           "mpirun -np 2 --oversubscribe " + kExe + " sweep " + sweep.string() + " -o " + c.string() +
           " -j 1");
    EXPECT_NE(r.text.find("2 MPI ranks"), std::string::npos) << r.text;
    EXPECT_EQ(csv_without_threads(a / "summary.csv"), csv_without_threads(c / "summary.csv"));
    for (const auto& e : fs::directory_iterator(a / "ensemble"))
      EXPECT_EQ(slurp(e.path()), slurp(c / "ensemble" / e.path().filename())) << e.path();
    // Both ranks ran members.
    std::set<int> ranks;
    for (const auto& m : status_of(c)["members"]) ranks.insert(m["rank"].get<int>());
    EXPECT_EQ(ranks.size(), 2u) << status_of(c);
  }
#endif
}
