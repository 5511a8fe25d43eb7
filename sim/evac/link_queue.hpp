#pragma once
// The link queues of the queue model (SUMO's mesosim segment; Gawron 1998):
// every directed edge holds a FIFO queue of vehicles and one of walkers, with
// a free travel time, an outflow capacity served one headway apart and a
// storage in vehicles; every node holds a departure queue per mode. The node
// pass (step 2 of QueueSim's step) moves agents across the nodes: a vehicle
// that cannot enter its next edge because the edge is full blocks its queue
// (spill-back). Internal to QueueSim (namespace detail).
#include <cstdint>
#include <span>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/sim_results.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac::detail {

class Decider;

/// An agent taking an edge at time t (entered in phase B of the node pass).
struct Move {
  std::uint32_t agent;
  EdgeId edge;
  double t;
};

/// What a decision hands to the serial part of the step.
enum EventKind : std::uint8_t {
  kEvArrive,  // reached shelter x
  kEvPark,    // waits at node x without a usable route
  kEvDefix,   // gave up its assigned shelter x
  kEvPath,    // a group sent on from a full shelter took edge x
  kEvArriveNode,  // reached node x, the end of its leg (legs.hpp)
  kEvPier,        // reached the pier of ferry edge x (ferries.hpp)
};

struct Event {
  std::uint32_t agent;
  std::uint32_t x;  // shelter, node or edge
  double t;
  EventKind kind;
  std::uint8_t mode;
};

/// Vehicles that left an edge this step.
struct Left {
  EdgeId edge;
  std::int32_t n;
};

/// What one thread of the node pass writes; read back serially afterwards.
struct StepBuffer {
  std::vector<Move> car_moves, walk_moves;
  std::vector<Event> events;
  std::vector<Left> left;
  std::vector<std::int32_t> space;  // free storage of the current node's outgoing edges
  void clear() {
    car_moves.clear();
    walk_moves.clear();
    events.clear();
    left.clear();
  }
};

struct LinkQueues {
  // Per edge, fixed.
  std::vector<double> len_m, vfree_mps;
  std::vector<double> headway_s;  // 3600 / capacity (veh/h): one vehicle leaves per headway
  std::vector<double> cap_veh_s;
  // max(1, floor(lanes * length / vehicle spacing)) vehicles.
  std::vector<std::int32_t> storage;
  // Per edge: 1 on ferry edges (RoadGraph::ferry; no queue, no storage: served by
  // ferries.hpp); empty when there are none.
  std::vector<std::uint8_t> ferry;
  // Per edge, set by the water.
  std::vector<double> car_speed_mps;  // 0 = closed to vehicles
  std::vector<std::uint8_t> walk_closed;
  // Per edge, the queues: lists through next, head = front (the end of the edge).
  std::vector<std::uint32_t> car_head, car_tail, walk_head, walk_tail;
  std::vector<std::int32_t> occ;                   // vehicles on the edge
  std::vector<double> next_free_s;                 // outflow free again at
  std::vector<std::uint32_t> ready_last, ready_n;  // prefix of the queue at the end of the edge
  std::vector<std::uint32_t> window_count;         // vehicles left in this flow window
  std::vector<EdgeStats> stats;
  // Gridlock resolution (gridlock.hpp): 1 = its front vehicle may enter its
  // next link although that one is full (set 2 when it did); vehicles a link
  // may hold beyond its storage after such moves (reset by Gridlock once drained).
  std::vector<std::uint8_t> move_on;
  std::vector<std::int32_t> over;
  // Activity by position in the reverse CSR (in-edges of a node are
  // contiguous there): bit 0 vehicles on the edge, bit 1 walkers. Set by the
  // tail node (phase B), cleared by the head node (phase A): lets a node skip
  // its empty approaches without touching per-edge arrays.
  std::vector<std::uint32_t> slot_of;
  std::vector<std::uint8_t> in_active;
  // Per node: departure queues per mode (car 0, walk 1).
  std::vector<std::uint32_t> dep_head[2], dep_tail[2];
  // Per agent: the next agent in its queue.
  std::vector<std::uint32_t> next;

  LinkQueues() = default;
  LinkQueues(const graph::RoadGraph& g, const graph::ReverseGraph& rev, double vehicle_spacing_m,
             std::uint32_t agents);

  bool is_ferry(EdgeId e) const { return !ferry.empty() && ferry[e] != 0; }
  void push_departure(int mode, NodeId u, std::uint32_t a) {
    next[a] = kNone;
    if (dep_tail[mode][u] == kNone)
      dep_head[mode][u] = a;
    else
      next[dep_tail[mode][u]] = a;
    dep_tail[mode][u] = a;
  }
  /// Recounts the vehicles of edge e that reached its end before t.
  void rebuild_ready(EdgeId e, std::span<const double> exit_s, double t);
  /// Ends a flow window of window_s seconds: peak flows updated, counts reset.
  void close_flow_window(double window_s);
  /// Peak flow of edge e including the window still open.
  float peak_flow_veh_h(EdgeId e, double window_s) const;
  std::uint32_t walkers_on(EdgeId e) const;
  std::size_t agent_bytes() const;
};

/// The node pass of one step [t0, t1), parallel over nodes with `threads`
/// threads (one StepBuffer each): every node moves the agents whose exit time
/// is before t1 from the fronts of its incoming edges (rotating the start edge
/// by step number for fairness; the car departure queue takes one slot of the
/// rotation, walkers follow) onto its outgoing edges, checking their storage
/// as of the start of the step plus this step's entries; walkers move without
/// limits. Leaving time is max(exit time, edge free again, t0). Then each
/// thread enters its moves into the queues (phase B: every edge has one tail
/// node, so no two threads append to one queue). Decisions come from decider;
/// their events stay in the buffers.
void move_through_nodes(const graph::RoadGraph& g, const graph::ReverseGraph& rev, LinkQueues& q,
                        Agents& ag, Decider& decider, double walk_speed_mps,
                        std::vector<StepBuffer>& bufs, double t0, double t1, std::int64_t step,
                        int threads);

}  // namespace floodevac::evac::detail
