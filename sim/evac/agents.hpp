#pragma once
// The agent store of the queue model: one agent per trip (a vehicle or a
// walking group), kept as a structure of arrays, and the explicit routes some
// agents follow. Agents never leave the store; an agent's state says where it
// is. Internal to QueueSim (namespace detail).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/csr.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/sim_results.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac::detail {

using graph::EdgeId;
using graph::NodeId;
inline constexpr std::uint32_t kNone = graph::kInvalid;

// Internal agent states; the public person state (AgentState) each counts as
// in the comment.
enum St : std::uint8_t {
  kHome = 0,         // home
  kQueue = 1,        // moving: in a node's departure queue
  kOnEdge = 2,       // moving: on an edge
  kHeld = 3,         // stranded: held on a closed edge
  kParked = 4,       // stranded: waiting at a node without a usable route
  kSheltered = 5,    // sheltered
  kTrappedHome = 6,  // trapped at home
  kTrappedEdge = 7,  // trapped on an edge (taken off its queue)
  kTrappedNode = 8,  // trapped at a node
  kArrived = 9,      // arrived: at the end node of its leg (Trip::dest_node)
  kLegWait = 10,     // home (holds no persons): a follow-on leg not released yet
  kAtPier = 11,      // moving: waiting at a ferry pier (ferries.hpp)
  kOnBoat = 12,      // moving: crossing on a ferry
};

enum Flag : std::uint8_t {
  kFixed = 1,         // still heading for its assigned shelter
  kTracked = 2,       // sent on from a full shelter: its path is recorded
  kNoUturnCheck = 4,  // next decision may go back without counting a turn-back
};

inline bool is_moving(std::uint8_t s) {
  return s == kQueue || s == kOnEdge || s == kAtPier || s == kOnBoat;
}
inline bool is_stranded(std::uint8_t s) {
  return s == kHeld || s == kParked;
}
inline bool is_trapped(std::uint8_t s) {
  return s == kTrappedHome || s == kTrappedEdge || s == kTrappedNode;
}
inline AgentState person_state(std::uint8_t s) {
  return s == kHome || s == kLegWait ? AgentState::home
         : is_moving(s)                ? AgentState::moving
         : is_stranded(s)              ? AgentState::stranded
         : s == kSheltered             ? AgentState::sheltered
         : s == kArrived               ? AgentState::arrived
                                       : AgentState::trapped;
}

/// One entry per trip, index = trip index. The links of the queues an agent
/// is in are LinkQueues::next.
struct Agents {
  std::vector<double> depart_s;
  std::vector<double> exit_s;  // when it reaches the end of its edge / may leave its queue, s
  std::vector<float> persons;  // persons still travelling with it
  std::vector<float> rem_m;    // distance left on its edge while held or trapped there, m
  std::vector<EdgeId> edge;    // edge it is on, or took last; kNone before its first edge
  std::vector<NodeId> origin;
  std::vector<std::int32_t> goal;                           // shelter it heads for; -1: none
  std::vector<std::int32_t> unit;                           // population unit; -1: none
  std::vector<std::uint8_t> state, mode, flags, turnbacks;  // St, Mode, Flag bits, count
  std::vector<std::uint16_t> group;                         // Trip::group
  // End of its leg (dest_node reached, or the last of its persons sheltered), s; NaN: not yet.
  std::vector<double> arrived_s;
  bool has_mode[2] = {false, false};                        // some agent drives / walks

  std::uint32_t size() const { return static_cast<std::uint32_t>(state.size()); }
  /// Node the agent is at, or heading for when on an edge.
  NodeId node(const graph::RoadGraph& g, std::uint32_t a) const {
    return edge[a] == kNone ? origin[a] : g.head[edge[a]];
  }
  /// Node it came from over its last edge; kNone before its first edge.
  NodeId previous_node(const graph::ReverseGraph& rev, std::uint32_t a) const {
    return edge[a] == kNone ? kNone : rev.tail[edge[a]];
  }
  std::size_t bytes() const;
};

/// Explicit routes (Trip::route): all routes in one array, each closed by
/// kNone; pos[a] is the position of agent a's next edge there, kNone when it
/// has no route (any more). Both empty when no trip has a route.
struct ExplicitRoutes {
  std::vector<EdgeId> edges;
  std::vector<std::uint32_t> pos;
  bool stale = false;  // an edge closed since the routes were last checked

  bool following(std::uint32_t a) const { return !pos.empty() && pos[a] != kNone; }
  /// Agent a follows `path` from now on (a route made at run time; empty: it is at its
  /// end already; agents = the store size).
  void assign(std::uint32_t a, const std::vector<EdgeId>& path, std::uint32_t agents);
  std::size_t bytes() const;
};

/// Validates the trips (InputError naming the trip: origin, destination
/// shelter, unit, persons, departure time, mode; a route must name existing
/// edges, start at the origin and be contiguous) and fills the store and the
/// routes in trip order.
void load_trips(const std::vector<Trip>& trips, const graph::RoadGraph& g,
                std::uint32_t shelter_count, std::size_t unit_count, Agents& agents,
                ExplicitRoutes& routes);

/// Agents in the order they leave: by departure time, then trip index.
std::vector<std::uint32_t> departure_order(const Agents& agents);

/// Agents by population unit (ascending inside a unit), and those of no unit.
struct AgentsByUnit {
  csr::Groups<std::uint32_t> of_unit;
  std::vector<std::uint32_t> without_unit;
};
AgentsByUnit group_by_unit(const Agents& agents, std::size_t unit_count);

}  // namespace floodevac::evac::detail
