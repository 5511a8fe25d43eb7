// A gridlock on the roads reaches the user (issue 9, item 1): summary.txt
// says where and from when, evac/gridlock.csv lists the event, the manifest
// counts it and the vehicles moved on, and the detection is a counted warning.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/run.hpp"
#include "app/scenario.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace floodevac::app {
namespace {

using nlohmann::json;

std::string collection(const std::string& features) {
  std::string s =
      R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": )";
  s.append(R"("urn:ogc:def:crs:EPSG::32651"}}, "features": [)");
  s.append(features);
  s.append("]}");
  return s;
}

std::string line(double x0, double y0, double x1, double y1, const std::string& props) {
  std::string s = R"({"type": "Feature", "properties": {)";
  s.append(props);
  s.append(R"(}, "geometry": {"type": "LineString", "coordinates": [[)");
  s.append(std::to_string(x0));
  s.append(",");
  s.append(std::to_string(y0));
  s.append("],[");
  s.append(std::to_string(x1));
  s.append(",");
  s.append(std::to_string(y1));
  s.append("]]}}");
  return s;
}

// A one-way ring of four 75 m streets (10 vehicles each) on the dry west of
// the tiny grid, an exit street from every corner to a shelter, and 30 cars
// at every corner bound for the shelter two corners on: the ring freezes.
TEST(GridlockReport, SummaryCsvManifestAndWarning) {
  test::TempDir dir;
  test::make_tiny_case(dir.path());
  const double x0 = test::kTinyX0 + 100, y0 = test::kTinyY0 - 300;
  const double cx[4] = {x0, x0 + 75, x0 + 75, x0}, cy[4] = {y0, y0, y0 + 75, y0 + 75};
  const double ox[4] = {-20, 20, 20, -20}, oy[4] = {-20, -20, 20, 20};
  std::string roads, shelters, trips = "id,depart_s,x,y,shelter,mode\n";
  const std::string oneway = R"("highway": "residential", "oneway": "yes")";
  for (int i = 0; i < 4; ++i) {
    const int j = (i + 1) % 4;
    if (i) {
      roads.append(",");
      shelters.append(",");
    }
    roads.append(line(cx[i], cy[i], cx[j], cy[j], oneway));
    roads.append(",");
    roads.append(line(cx[i], cy[i], cx[i] + ox[i], cy[i] + oy[i], oneway));
    shelters.append(R"({"type": "Feature", "properties": {"id": "S)");
    shelters.append(std::to_string(i));
    shelters.append(R"(", "capacity": 1000}, "geometry": {"type": "Point", "coordinates": [)");
    shelters.append(std::to_string(cx[i] + ox[i]));
    shelters.append(",");
    shelters.append(std::to_string(cy[i] + oy[i]));
    shelters.append("]}}");
    for (int k = 0; k < 30; ++k) {
      for (const std::string& cell :
           {std::string("c"), std::to_string(i), std::string("_"), std::to_string(k),
            std::string(","), std::to_string(k), std::string(","), std::to_string(cx[i]),
            std::string(","), std::to_string(cy[i]), std::string(",S"), std::to_string((i + 2) % 4),
            std::string(",car\n")})
        trips.append(cell);
    }
  }
  test::write_text(dir / "roads.geojson", collection(roads));
  test::write_text(dir / "shelters.geojson", collection(shelters));
  test::write_text(dir / "trips.csv", trips);
  test::write_text(dir / "g.yaml", R"(name: ring
crs: EPSG:32651
time: {duration_s: 1800, output_interval_s: 600, coupling_interval_s: 60}
flood:
  dem: dem.tif
  manning: {constant: 0.03}
evacuation:
  roads: {file: roads.geojson}
  shelters: {file: shelters.geojson}
  demand: {trips_csv: trips.csv}
  gridlock: {stuck_time_s: 120}
outputs: {depth_snapshots: false}
)");
  RunOptions opt;
  opt.out_dir = dir / "out";
  const RunSummary summary = run_scenario(load_scenario(dir / "g.yaml"), opt);
  const json m = json::parse(test::read_text(summary.manifest));
  const json& ev = m["evacuation"];
  EXPECT_EQ(ev["sheltered"], 120.0) << ev;
  const json& gl = ev["gridlock"];
  ASSERT_GE(gl["events"].get<int>(), 1) << gl;
  EXPECT_GT(gl["moved_on"].get<int>(), 0) << gl;
  EXPECT_EQ(gl["stuck_time_s"], 120.0);
  EXPECT_TRUE(gl["list"][0]["cycle"].get<bool>());
  EXPECT_EQ(gl["list"][0]["links"].size(), 4u);
  EXPECT_GE(m["warnings"]["by_source"]["evacuation"].get<int>(), 1) << m["warnings"];
  const std::string txt = test::read_text(dir / "out" / "summary.txt");
  EXPECT_NE(txt.find("gridlock at links "), std::string::npos) << txt;
  EXPECT_NE(txt.find(" from 00:0"), std::string::npos) << txt;
  EXPECT_NE(txt.find("(a cycle of full links), "), std::string::npos) << txt;
  const std::string csv = test::read_text(dir / "out" / "evac" / "gridlock.csv");
  EXPECT_EQ(csv.rfind("event,start_s,start_hhmm,", 0), 0u) << csv;
  EXPECT_NE(csv.find("\n1,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace floodevac::app
