// Peer comparison with SUMO's mesoscopic model on the same trips.
//
//   bench_sumo_compare CASE_DIR
//
// CASE_DIR is made by bench/sumo/make_case.py (see bench/sumo/README.md): a
// 30 x 30 grid from netgenerate as roads.geojson (one feature per directed SUMO
// edge, with SUMO's routable length in 'sumo_length_m' and capacity), three
// shelters, and trips.<N>.csv for each N in case.json. This program runs
// floodevac's queue model on each trip table and prints one JSON object per N
// (n, wall_s, sim_wall_s, clearance_s, t50_s, t90_s, ...) on stdout, which
// bench/sumo/compare.py puts beside SUMO's figures. wall_s includes reading the
// network and the trips, as SUMO's wall time includes loading its network.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "gis/crs.hpp"
#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/evac/queue_sim.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

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
  const std::string crs = floodevac::gis::crs_wkt_from_user("EPSG:" + std::to_string(c.value("epsg", 32651)));
  for (const auto& cs : c["cases"]) {
    const int n = cs["n"];
    const auto t0 = Clock::now();
    floodevac::gis::RoadReadOptions ro;
    ro.fields.length = "sumo_length_m";  // SUMO meso's routable length (it jumps across junctions)
    auto graph = floodevac::gis::read_road_network(dir / "roads.geojson", crs, ro);
    auto shelters = floodevac::gis::read_shelters(dir / "shelters.geojson", crs);
    std::vector<floodevac::evac::PopulationUnit> none;
    floodevac::gis::snap_to_network(graph, shelters, none, 50.0, 50.0);
    auto trips = floodevac::gis::read_trip_table(dir / cs["trips_csv"].get<std::string>(), graph, shelters, crs, 50.0);
    const auto t1 = Clock::now();
    floodevac::evac::SimConfig cfg;
    cfg.step_s = 1.0;
    cfg.output_interval_s = 300.0;
    // Same routing information as duarouter gives SUMO: fastest paths in the empty network
    // (SUMO keeps those routes; floodevac still re-plans when a link closes).
    cfg.congestion_aware_routing = std::getenv("FLOODEVAC_CONGESTION_ROUTING") != nullptr;
    floodevac::evac::QueueSim sim(graph, shelters, {}, std::move(trips), cfg);
    // Run until everybody has arrived (or 8 h).
    while (!sim.done() && sim.time_s() < 8 * 3600.0) sim.advance_to(sim.time_s() + 300.0);
    const auto t2 = Clock::now();
    const auto r = sim.results();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    json out{{"n", n},
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
             {"peak_rss_mb", ru.ru_maxrss / 1024.0}};
    std::cout << out.dump() << std::endl;
  }
  return 0;
}
