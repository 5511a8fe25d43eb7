#pragma once
// Inputs shared by the tests of shelters, population, snapping and trip
// tables: GeoJSON places in UTM 51N and a small lattice road network.
#include <string>
#include <utility>
#include <vector>

#include "sim/graph/road_graph.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::test {

inline constexpr double kX0 = 300000, kY0 = 3100000;  // UTM 51N offsets used by the inputs

inline std::string utm_features(const std::string& features) {
  return std::string(R"({"type": "FeatureCollection", )") + test::kUtm51CrsMember + R"( "features": [)" + features +
         "]}";
}

/// "[x,y]" in UTM 51N (built piecewise: GCC 12 warns falsely, -Wrestrict, on "[" + to_string).
inline std::string coord(double x, double y) {
  std::string s(1, '[');
  s += std::to_string(kX0 + x);
  s += ',';
  s += std::to_string(kY0 + y);
  s += ']';
  return s;
}

inline std::string utm_point(double x, double y) {
  return R"({"type": "Point", "coordinates": )" + coord(x, y) + "}";
}

/// A small grid network: nodes every 100 m on a 3x3 lattice (ids row-major),
/// plus an isolated pair far east (ids 9, 10).
inline graph::RoadGraph lattice() {
  std::vector<double> x, y;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      x.push_back(kX0 + 100.0 * c);
      y.push_back(kY0 + 100.0 * r);
    }
  x.push_back(kX0 + 5000);
  y.push_back(kY0);
  x.push_back(kX0 + 5100);
  y.push_back(kY0);
  std::vector<graph::EdgeInput> edges;
  auto add = [&](graph::NodeId a, graph::NodeId b) {
    for (auto [t, h] : {std::pair{a, b}, std::pair{b, a}}) {
      graph::EdgeInput e;
      e.tail = t;
      e.head = h;
      e.length_m = 100;
      e.free_speed_mps = 10;
      e.capacity_veh_h = 600;
      edges.push_back(e);
    }
  };
  for (graph::NodeId r = 0; r < 3; ++r)
    for (graph::NodeId c = 0; c < 3; ++c) {
      if (c < 2) add(r * 3 + c, r * 3 + c + 1);
      if (r < 2) add(r * 3 + c, (r + 1) * 3 + c);
    }
  add(9, 10);
  return graph::build_graph(x, y, edges);
}

}  // namespace floodevac::test
