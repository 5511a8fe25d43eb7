#pragma once
// What an agent does at a node (SUMO's mesosim vehicle): take the next edge
// of its explicit route, or of the shortest-path tree towards its assigned
// shelter or the nearest open shelter with room; arrive; or wait when no
// route is left. An agent may turn back (take the edge to the node it came
// from) at most max_turnbacks times; afterwards, when its tree points back, it
// takes the best onward edge that does not lead back (Rerouting::onward: never
// into a dead-end spur), waits if there is none while an edge ahead is closed,
// and turns back after all at a dead end of a dry, open network.
// decide() only reads (it runs in the parallel node pass); commit() writes
// the agent's own entries and its thread's buffer. Internal to QueueSim.
#include <cstdint>

#include "sim/evac/agents.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

class Shelters;
class Rerouting;

struct Legs;

// kArriveNode: the end node of its leg (Trip::dest_node) reached.
enum DecisionKind : std::uint8_t { kMove, kArrive, kPark, kParkTurn, kArriveNode };

struct Decision {
  DecisionKind kind = kPark;
  bool defix = false;     // gives up its assigned shelter
  bool turnback = false;  // takes the edge back to where it came from
  // Takes the next edge of its explicit route; any other decision of an agent
  // with a route ends the route (arrival, or dropped: closed edge, no shelter at its end).
  bool route_step = false;
  EdgeId edge = kNone;
  std::int32_t goal = -1;
};

class Decider {
 public:
  Decider(const graph::RoadGraph& g, Agents& agents, ExplicitRoutes& routes,
          const Shelters& shelters, const Rerouting& routing, const LinkQueues& links,
          const Legs& legs, int max_turnbacks)
      : g_(g),
        ag_(agents),
        routes_(routes),
        legs_(legs),
        shelters_(shelters),
        routing_(routing),
        links_(links),
        max_turnbacks_(max_turnbacks) {}

  /// Agent a at node u, having come from prev (kNone: from no edge).
  Decision decide(std::uint32_t a, NodeId u, NodeId prev) const;
  /// Carries out d for agent a at node u at time lt: the move into tb's moves
  /// (onto a ferry edge: an event, the agent waits at the pier), the rest as events.
  void commit(std::uint32_t a, const Decision& d, NodeId u, double lt, StepBuffer& tb);
  /// Every move of every agent becomes a path event (SimConfig::record_paths), not only
  /// those of the groups sent on from a full shelter.
  void record_all_paths(bool on) { record_all_ = on; }

 private:
  /// The decision of an agent following its explicit route; false when it
  /// drops the route (then it decides like any other agent).
  bool follow_route(std::uint32_t a, NodeId u, Decision& d) const;

  const graph::RoadGraph& g_;
  Agents& ag_;
  ExplicitRoutes& routes_;
  const Legs& legs_;
  const Shelters& shelters_;
  const Rerouting& routing_;
  const LinkQueues& links_;
  int max_turnbacks_;
  bool record_all_ = false;
};

/// Agents whose remaining route has an edge closed to their mode drop it
/// (they follow the trees from their next node on); clears routes.stale.
/// Per agent: independent of the thread count.
void drop_closed_routes(ExplicitRoutes& routes, const Agents& agents, const LinkQueues& links,
                        int threads);

}  // namespace floodevac::evac::detail
