// Benchmark of the evacuation queue model on synthetic grid networks.
//
// Network as SUMO's `netgenerate --grid --grid.number 30 --grid.length 200
// -L 2 -S 13.89`: 30 x 30 nodes 200 m apart, two lanes each direction at
// 13.89 m/s. netgenerate writes no capacity; we give each lane 1800 veh/h
// (the usual saturation flow of an urban lane, e.g. the HCM base of
// 1900 pc/h/lane less turning losses), 3600 veh/h per direction.
// Three shelters with room for everyone; one-person cars from random nodes
// leave on a logistic curve (t50 = 1800 s, scale 400 s, cut at 5400 s).
// Then 1 000 000 trips (80 % cars, 20 % walking groups) on a 150 x 150 grid
// with 100 shelters: wall time and peak memory.
//
// Built here independent of the gis library: the networks are made in code.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/evac/demand.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/graph/routing.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

using namespace floodevac;

namespace {

graph::RoadGraph grid(int n, double spacing_m, float lanes, float speed_mps, float cap_lane_veh_h) {
  std::vector<double> x, y;
  std::vector<graph::EdgeInput> es;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      x.push_back(i * spacing_m);
      y.push_back(j * spacing_m);
    }
  auto add = [&](int a, int b) {
    graph::EdgeInput e;
    e.tail = static_cast<graph::NodeId>(a);
    e.head = static_cast<graph::NodeId>(b);
    e.length_m = static_cast<float>(spacing_m);
    e.free_speed_mps = speed_mps;
    e.lanes = lanes;
    e.capacity_veh_h = cap_lane_veh_h * lanes;
    es.push_back(std::move(e));
  };
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int k = j * n + i;
      if (i + 1 < n) {
        add(k, k + 1);
        add(k + 1, k);
      }
      if (j + 1 < n) {
        add(k, k + n);
        add(k + n, k);
      }
    }
  return graph::build_graph(std::move(x), std::move(y), std::move(es));
}

evac::Shelter shelter(graph::NodeId node, std::int64_t cap) {
  evac::Shelter s;
  s.id = std::to_string(node);
  s.node = node;
  s.capacity_persons = cap;
  return s;
}

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux: KiB
}

struct Outcome {
  double wall_s, clearance_s, t50_s, t90_s, sim_end_s, sheltered, stranded;
  std::int64_t steps, reroutes;
  std::size_t agent_bytes;
};

Outcome run(const graph::RoadGraph& g, std::vector<evac::Shelter> shelters,
            std::vector<evac::Trip> trips, double max_s) {
  const auto t0 = std::chrono::steady_clock::now();
  evac::QueueSim sim(g, std::move(shelters), {}, std::move(trips));
  while (!sim.done() && sim.time_s() < max_s) sim.advance_to(sim.time_s() + 300.0);
  const auto t1 = std::chrono::steady_clock::now();
  const auto r = sim.results();
  return {std::chrono::duration<double>(t1 - t0).count(),
          r.clearance_s,
          r.t50_s,
          r.t90_s,
          r.time_s,
          r.totals.sheltered,
          r.totals.stranded,
          r.steps,
          r.reroutes,
          sim.agent_bytes()};
}

std::vector<evac::Trip> random_trips(std::size_t n, graph::NodeId nodes, double walk_share,
                                     std::uint64_t seed) {
  const auto curve = evac::MobilisationCurve::logistic(1800.0, 400.0, 5400.0);
  std::vector<evac::Trip> trips(n);
  for (std::size_t i = 0; i < n; ++i) {
    evac::Trip& t = trips[i];
    const double u_node = evac::uniform_open01(seed, i, 1);
    t.origin = static_cast<graph::NodeId>(u_node * nodes);
    t.depart_s = curve.quantile(evac::uniform_open01(seed, i, 0));
    const bool walk = evac::uniform_open01(seed, i, 2) < walk_share;
    t.mode = walk ? evac::Mode::walk : evac::Mode::car;
    t.persons = walk ? 3.0f : 1.0f;
  }
  return trips;
}

}  // namespace

int main() {
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  std::printf("bench_evac: OpenMP threads %d\n", threads);

  // 30 x 30 grid, 3 shelters.
  const auto g = grid(30, 200.0, 2.0f, 13.89f, 1800.0f);
  std::printf(
      "grid 30x30: %u nodes, %u edges, 200 m, 2 lanes, 13.89 m/s, 3600 veh/h per direction\n",
      g.node_count(), g.edge_count());
  {
    graph::Router r(g);
    std::vector<double> w(g.edge_count());
    for (graph::EdgeId e = 0; e < g.edge_count(); ++e) w[e] = g.length_m[e] / g.free_speed_mps[e];
    graph::ShortestPathTree tree;
    const graph::NodeId targets[] = {5 * 30 + 5, 15 * 30 + 24, 25 * 30 + 10};
    const auto t0 = std::chrono::steady_clock::now();
    const int reps = 200;
    for (int k = 0; k < reps; ++k) r.tree_to_nearest(w, targets, tree);
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("multi-target tree (900 nodes): %.1f us per search\n",
                1e6 * std::chrono::duration<double>(t1 - t0).count() / reps);
  }
  std::printf("%9s %9s %8s %8s %10s %9s %9s %9s %9s %8s\n", "vehicles", "wall_s", "steps",
              "reroutes", "sheltered", "stranded", "clear_s", "t50_s", "t90_s", "B/agent");
  for (std::size_t n : {5000u, 20000u, 50000u}) {
    std::vector<evac::Shelter> sh = {shelter(5 * 30 + 5, 1000000), shelter(15 * 30 + 24, 1000000),
                                     shelter(25 * 30 + 10, 1000000)};
    const auto o = run(g, sh, random_trips(n, g.node_count(), 0.0, 2024), 6 * 3600.0);
    std::printf("%9zu %9.3f %8lld %8lld %10.0f %9.0f %9.1f %9.1f %9.1f %8.1f\n", n, o.wall_s,
                static_cast<long long>(o.steps), static_cast<long long>(o.reroutes), o.sheltered,
                o.stranded, o.clearance_s, o.t50_s, o.t90_s,
                static_cast<double>(o.agent_bytes) / static_cast<double>(n));
  }

  // 1 000 000 trips on 150 x 150 (22 500 nodes), 100 shelters on a 10 x 10 lattice.
  const int n2 = 150;
  const auto big = grid(n2, 200.0, 2.0f, 13.89f, 1800.0f);
  std::vector<evac::Shelter> sh;
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 10; ++i)
      sh.push_back(shelter(static_cast<graph::NodeId>((7 + 15 * j) * n2 + 7 + 15 * i), 1000000));
  const std::size_t n = 1000000;
  auto trips = random_trips(n, big.node_count(), 0.2, 77);
  double persons = 0;
  for (const auto& t : trips) persons += t.persons;
  const double rss_before = peak_rss_mib();
  const auto t0 = std::chrono::steady_clock::now();
  evac::QueueSim sim(big, std::move(sh), {}, std::move(trips));
  const double rss_built = peak_rss_mib();
  while (!sim.done() && sim.time_s() < 6 * 3600.0) sim.advance_to(sim.time_s() + 300.0);
  const auto t1 = std::chrono::steady_clock::now();
  const auto r = sim.results();
  std::printf(
      "grid 150x150: %u nodes, %u edges; 1000000 trips (%.0f persons, 20 %% walking groups of 3), "
      "100 shelters\n",
      big.node_count(), big.edge_count(), persons);
  std::printf(
      "  wall %.2f s for %lld steps (%lld reroutes); clearance %.1f s, t50 %.1f s, t90 %.1f s; "
      "sheltered %.0f\n",
      std::chrono::duration<double>(t1 - t0).count(), static_cast<long long>(r.steps),
      static_cast<long long>(r.reroutes), r.clearance_s, r.t50_s, r.t90_s, r.totals.sheltered);
  std::printf(
      "  agent arrays %.1f MiB = %.1f bytes per agent; peak RSS %.0f MiB (before the model %.0f "
      "MiB, after building it %.0f MiB)\n",
      static_cast<double>(sim.agent_bytes()) / (1024.0 * 1024.0),
      static_cast<double>(sim.agent_bytes()) / static_cast<double>(n), peak_rss_mib(), rss_before,
      rss_built);
  return 0;
}
