#pragma once
// The ferry services of the queue model (ferry.hpp has the data and the rules):
// piers (agents waiting at a ferry edge's tail, in arrival order), boats (agents
// crossing, landing at the head crossing_s after their departure), the timetable,
// and the conditions and routing weights of ferry edges. Serial, in a fixed order
// (services by index, agents by arrival time then trip index): results do not
// depend on the thread count. Internal to QueueSim (namespace detail).
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/ferry.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

class Ferries {
 public:
  Ferries() = default;
  /// The ferry edges of g (RoadGraph::ferry), closed to both modes until served.
  Ferries(const graph::RoadGraph& g, LinkQueues& links);

  /// Installs the services (InputError naming the service: an edge that does not
  /// exist, is not flagged ferry or is served twice; departures not finite or not
  /// ascending; crossing_s < 0; boat capacity <= 0). Opens the served edges while a
  /// departure at or after t is left; earlier departures are gone.
  void set(std::vector<FerryService> services, const graph::RoadGraph& g, LinkQueues& links,
           double t);
  bool has_edges() const { return !ferry_edges_.empty(); }
  bool any() const { return !services_.empty(); }

  /// Ferry edges are open (speed factor 1, open to walkers) while served with a
  /// departure left, else closed, whatever the water says.
  void override_conditions(std::vector<float>& car_factor,
                           std::vector<std::uint8_t>& walk_closed) const;
  /// Routing weights at t: crossing_s + the wait for the next departure on the
  /// served edges (NaN elsewhere; fixed_s resized to the edge count).
  void weights(double t, std::vector<double>& fixed_s) const;

  /// Agent a reached the pier of ferry edge e at t (taken in by depart()).
  void reach_pier(std::uint32_t a, EdgeId e, double t) { incoming_.push_back({e, t, a}); }
  /// Boats landing before t1: their agents enter the departure queue of the
  /// edge's head at the landing time.
  void land(double t1, const graph::RoadGraph& g, Agents& agents, LinkQueues& links);
  /// This step's pier arrivals join their piers; departures before t1 board; after
  /// the last one a ferry closes and the agents at its pier go back to routing from
  /// there. Returns true when a ferry closed (trees and routes must be renewed).
  bool depart(double t1, Agents& agents, LinkQueues& links);

  std::vector<FerryStats> stats() const;
  /// Agents at piers or on board (for the audit).
  std::uint64_t agents_held() const;

 private:
  struct Service {
    FerryService svc;
    NodeId tail = kNone;
    std::size_t next_dep = 0;
    bool closed = false;
    std::vector<std::pair<double, std::uint32_t>> pier;  // (arrival, agent), boarding order
    std::vector<std::pair<double, std::uint32_t>> boat;  // (landing, agent), ascending
    std::size_t boat_front = 0;
    FerryStats st;
  };
  struct Arrival {
    EdgeId e;
    double t;
    std::uint32_t a;
  };
  void close(Service& s, LinkQueues& links, double t);
  void send_back(Service& s, Agents& agents, LinkQueues& links, double not_before);

  std::vector<EdgeId> ferry_edges_;
  std::vector<NodeId> tail_;           // per ferry edge (parallel to ferry_edges_)
  std::vector<std::int32_t> of_edge_;  // per edge: service index, -1 (empty: no ferry edges)
  std::vector<Service> services_;
  std::vector<Arrival> incoming_;
};

}  // namespace floodevac::evac::detail
