// Peer comparison with SUMO's mesoscopic model on the same trips.
//
//   bench_sumo_compare CASE_DIR
//
// CASE_DIR is made by bench/sumo/make_case.py (see bench/sumo/README.md): a
// 30 x 30 grid from netgenerate as roads.geojson (one feature per directed SUMO
// edge, with SUMO's routable length in 'sumo_length_m' and capacity), three
// shelters, and trips.<N>.csv for each N in case.json. This program runs
// floodevac's queue model on each trip table twice and prints one JSON object
// per run (n, routing, wall_s, sim_wall_s, clearance_s, t50_s, t90_s, ...) on
// stdout, which bench/sumo/compare.py puts beside SUMO's figures:
//   "routing": "sumo_routes"       every trip follows SUMO's duarouter route from
//                                  routes.<N>.rou.xml (Trip::route): both tools
//                                  drive the same paths, so the difference is the
//                                  traffic flow model alone;
//   "routing": "congestion_aware"  floodevac's own routing (shortest-path trees
//                                  with congestion-aware edge times, the default).
// wall_s includes reading the network, the trips (and the routes), as SUMO's
// wall time includes loading its network and routes.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "gis/crs.hpp"
#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/evac/queue_sim.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using floodevac::graph::EdgeId;

namespace {

/// SUMO edge id -> floodevac edge id. roads.geojson has one feature per directed SUMO edge
/// (property `id`); the OGR GeoJSON driver numbers features 0, 1, ... in file order (FID;
/// the features have no top-level "id"), and the road reader keeps the FID in
/// RoadGraph::source_id. Each edge's tail and head must be the feature's first and last
/// point (one oneway piece per feature, no splitting), or the mapping is refused.
std::unordered_map<std::string, EdgeId> sumo_edge_map(const fs::path& roads,
                                                      const floodevac::graph::RoadGraph& g) {
  std::ifstream f(roads);
  if (!f) throw std::runtime_error(roads.string() + ": cannot open");
  const json gj = json::parse(f);
  const auto& feats = gj.at("features");
  std::vector<EdgeId> edge_of_feature(feats.size(), floodevac::graph::kInvalid);
  const auto tails = g.tails();
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const std::int64_t fid = g.source_id[e];
    if (fid < 0 || static_cast<std::size_t>(fid) >= feats.size())
      throw std::runtime_error("edge " + std::to_string(e) + ": source_id " + std::to_string(fid) +
                               " is not a feature index of " + roads.string());
    auto& slot = edge_of_feature[static_cast<std::size_t>(fid)];
    if (slot != floodevac::graph::kInvalid)
      throw std::runtime_error("feature " + std::to_string(fid) + " gave more than one edge");
    slot = e;
    const auto& c = feats[static_cast<std::size_t>(fid)].at("geometry").at("coordinates");
    const auto& a = c.front();
    const auto& b = c.back();
    auto near = [](double x, double y, const json& p) {
      return std::abs(x - p[0].get<double>()) < 0.01 && std::abs(y - p[1].get<double>()) < 0.01;
    };
    if (!near(g.node_x[tails[e]], g.node_y[tails[e]], a) ||
        !near(g.node_x[g.head[e]], g.node_y[g.head[e]], b))
      throw std::runtime_error(
          "edge " + std::to_string(e) +
          " does not run from the first to the last point of feature " + std::to_string(fid) +
          " (" + feats[static_cast<std::size_t>(fid)]["properties"]["id"].get<std::string>() + ")");
  }
  std::unordered_map<std::string, EdgeId> out;
  for (std::size_t i = 0; i < feats.size(); ++i) {
    if (edge_of_feature[i] == floodevac::graph::kInvalid)
      throw std::runtime_error("feature " + std::to_string(i) + " of " + roads.string() +
                               " gave no edge");
    out.emplace(feats[i].at("properties").at("id").get<std::string>(), edge_of_feature[i]);
  }
  return out;
}

std::string attr(const std::string& text, std::size_t from, std::size_t to,
                 const std::string& name) {
  const std::string key = " " + name + "=\"";
  const std::size_t p = text.find(key, from);
  if (p == std::string::npos || p >= to) return {};
  const std::size_t q = text.find('"', p + key.size());
  return text.substr(p + key.size(), q - p - key.size());
}

/// Vehicle id -> route edge ids of a duarouter output (`<vehicle id="..." ...>` followed by
/// `<route edges="..."/>`); plain text scanning, enough for duarouter's own output.
std::unordered_map<std::string, std::vector<std::string>> read_sumo_routes(const fs::path& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path.string() + ": cannot open");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  std::unordered_map<std::string, std::vector<std::string>> out;
  for (std::size_t p = text.find("<vehicle "); p != std::string::npos;
       p = text.find("<vehicle ", p + 1)) {
    const std::size_t end = text.find('>', p);
    const std::string id = attr(text, p, end, "id");
    const std::size_t r = text.find("<route ", end);
    const std::size_t next = text.find("<vehicle ", end);
    if (id.empty() || r == std::string::npos || (next != std::string::npos && r > next))
      throw std::runtime_error(path.string() + ": vehicle at byte " + std::to_string(p) +
                               " has no id or route");
    std::istringstream edges(attr(text, r, text.find('>', r), "edges"));
    std::vector<std::string> ids;
    for (std::string e; edges >> e;) ids.push_back(e);
    if (ids.empty())
      throw std::runtime_error(path.string() + ": vehicle " + id + " has an empty route");
    if (!out.emplace(id, std::move(ids)).second)
      throw std::runtime_error(path.string() + ": vehicle " + id + " appears twice");
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CASE_DIR   (made by bench/sumo/make_case.py)\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];
  std::ifstream cf(dir / "case.json");
  if (!cf) {
    std::fprintf(stderr, "%s: no case.json; run bench/sumo/make_case.py first\n", dir.c_str());
    return 2;
  }
  const json c = json::parse(cf);
  const std::string crs =
      floodevac::gis::crs_wkt_from_user("EPSG:" + std::to_string(c.value("epsg", 32651)));
  for (const auto& cs : c["cases"])
    for (const bool same_routes : {true, false}) {
      const int n = cs["n"];
      const auto t0 = Clock::now();
      floodevac::gis::RoadReadOptions ro;
      // SUMO meso's routable length (it jumps across junctions).
      ro.fields.length = "sumo_length_m";
      auto graph = floodevac::gis::read_road_network(dir / "roads.geojson", crs, ro);
      auto shelters = floodevac::gis::read_shelters(dir / "shelters.geojson", crs);
      std::vector<floodevac::evac::PopulationUnit> none;
      floodevac::gis::snap_to_network(graph, shelters, none, 50.0, 50.0);
      auto trips = floodevac::gis::read_trip_table(dir / cs["trips_csv"].get<std::string>(), graph,
                                                   shelters, crs, 50.0);
      std::size_t route_edges = 0;
      if (same_routes) {
        const auto edge_map = sumo_edge_map(dir / "roads.geojson", graph);
        auto routes = read_sumo_routes(dir / cs["routes"].get<std::string>());
        if (routes.size() != trips.size()) {
          std::fprintf(stderr, "%s: %zu routes for %zu trips\n",
                       cs["routes"].get<std::string>().c_str(), routes.size(), trips.size());
          return 1;
        }
        for (auto& t : trips) {
          const auto it = routes.find(t.id);
          if (it == routes.end()) {
            std::fprintf(stderr, "trip %s has no SUMO route\n", t.id.c_str());
            return 1;
          }
          for (const auto& se : it->second) {
            const auto m = edge_map.find(se);
            if (m == edge_map.end()) {
              std::fprintf(stderr, "trip %s: SUMO edge %s not in roads.geojson\n", t.id.c_str(),
                           se.c_str());
              return 1;
            }
            t.route.push_back(m->second);
          }
          // Ends where the CSV says (QueueSim checks the start and the continuity).
          if (t.dest_shelter < 0 || graph.head[t.route.back()] !=
                                        shelters[static_cast<std::size_t>(t.dest_shelter)].node) {
            std::fprintf(stderr, "trip %s: SUMO route does not end at its shelter\n", t.id.c_str());
            return 1;
          }
          route_edges += t.route.size();
        }
      }
      const auto t1 = Clock::now();
      floodevac::evac::SimConfig cfg;
      cfg.step_s = 1.0;
      cfg.output_interval_s = 300.0;
      // sumo_routes: duarouter's fastest paths in the empty network, kept as SUMO keeps them
      // (no link closes here, so nobody drops them). congestion_aware: the model's default
      // routing (trees towards each trip's shelter, edge time = max(free time, vehicles on the
      // edge / capacity)).
      cfg.congestion_aware_routing = true;
      floodevac::evac::QueueSim sim(graph, shelters, {}, std::move(trips), cfg);
      // Run until everybody has arrived (or 8 h).
      while (!sim.done() && sim.time_s() < 8 * 3600.0) sim.advance_to(sim.time_s() + 300.0);
      const auto t2 = Clock::now();
      const auto r = sim.results();
      rusage ru{};
      getrusage(RUSAGE_SELF, &ru);
      json out{{"n", n},
               {"routing", same_routes ? "sumo_routes" : "congestion_aware"},
               {"route_edges", route_edges},
               {"graph_nodes", graph.node_count()},  // one edge per SUMO edge expected
               {"graph_edges", graph.edge_count()},
               {"wall_s", std::chrono::duration<double>(t2 - t0).count()},
               {"load_wall_s", std::chrono::duration<double>(t1 - t0).count()},
               {"sim_wall_s", std::chrono::duration<double>(t2 - t1).count()},
               {"clearance_s", r.clearance_s},
               {"t50_s", r.t50_s},
               {"t90_s", r.t90_s},
               {"sheltered", r.totals.sheltered},
               {"stranded", r.totals.stranded},
               {"steps", r.steps},
               {"reroutes", r.reroutes},
               {"agent_bytes", sim.agent_bytes()},
               {"peak_rss_mb", ru.ru_maxrss / 1024.0}};  // of the process so far
      std::cout << out.dump() << std::endl;
    }
  return 0;
}
