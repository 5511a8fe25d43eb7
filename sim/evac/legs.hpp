#pragma once
// Legs of a trip (issue 12: the typhoon-day timeline of sim/policy). A chain of
// legs moves the same persons one leg after the other: a leg ends at a node
// (Trip::dest_node: home after 停工 / 停课, or home again, 回流) with its persons
// "arrived", or in the shelter that takes them in; its next leg (Trip::next) is
// released from there at max(its depart_s, the arrival time), at the earliest in the
// step after the arrival, carrying the persons that arrived (the next leg's own
// `persons` is ignored; it keeps the unit of the chain's first leg). A leg whose
// predecessor never arrives (trapped, stranded) never departs and holds no persons,
// so the persons of a chain are counted once, in the leg that holds them.
// A leg released from a shelter frees its places (the shelter that took the persons
// in, which may differ from the planned one after an overflow transfer; persons a
// full shelter took in on the way, before the rest was sent on, stay there). A
// shelter-ending leg released elsewhere than its origin drops its explicit route. A first
// leg with Trip::from_shelter starts inside that shelter: its persons are sheltered
// from the start and leave at its depart_s.
// A leg ending at a node follows its explicit route; when it is released somewhere
// else than its origin (its predecessor ended at another shelter), or its route has
// an edge closed by then, or it has none (allowed after a leg ending at a shelter
// the model chooses), it gets the fastest path to dest_node on the current travel
// times at release. If there is none, or its route is dropped on the way (an edge
// closed), it heads for the nearest open shelter with room like any other agent,
// and its leg then ends in that shelter. Internal to QueueSim (namespace detail).
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

class PersonLedger;
class Rerouting;
class Shelters;
struct LinkQueues;

/// The legs of the trips. All arrays are empty when no trip uses legs (a plain
/// evacuation), and `due` then stays empty.
struct Legs {
  std::vector<std::int32_t> next, prev;     // per agent: next / previous leg, -1: none
  std::vector<NodeId> dest_node;            // per agent: end node; kNone: ends at a shelter
  std::vector<std::int32_t> from_shelter;   // per agent: Trip::from_shelter
  std::vector<std::pair<double, std::uint32_t>> due;  // releases (time, agent): a min-heap

  bool any() const { return !next.empty(); }
  bool ends_at_node(std::uint32_t a) const { return any() && dest_node[a] != kNone; }
  bool pending() const { return !due.empty(); }
  bool due_before(double t1) const { return !due.empty() && due.front().first < t1; }
  void schedule(double t, std::uint32_t a);
};

/// Validates the legs (InputError naming the trip: next out of range or its own,
/// a trip that is the next of two trips, cycles, a follow-on whose origin is not
/// where its predecessor ends, from_shelter out of range or not at the origin,
/// dest_node out of range or without a route ending there, a follow-on of another
/// unit) and fills `legs`; follow-on legs hold no persons (state kLegWait) and take
/// the unit of their chain's first leg. Nothing happens when no trip uses legs.
void load_legs(const std::vector<Trip>& trips, const graph::RoadGraph& g, const Shelters& shelters,
               Agents& agents, Legs& legs);

/// First legs starting inside a shelter: their persons are sheltered from the start
/// (shelter occupancy and ledger) and their release is due at depart_s. Throws
/// InputError naming the trip when a shelter would hold more than its capacity.
void start_in_shelters(const std::vector<Trip>& trips, Legs& legs, Agents& agents,
                       Shelters& shelters, PersonLedger& ledger);

/// Agent a reached the end of its leg at t: records the time and schedules its next leg.
void end_leg(std::uint32_t a, double t, Agents& agents, Legs& legs);

/// Releases the legs due before t1 (by time, then trip index) into the departure
/// queue of the node where their persons are, at their release time. Returns true
/// when a shelter got room back.
bool release_legs(double t1, const graph::RoadGraph& g, Agents& agents, Legs& legs,
                  ExplicitRoutes& routes, Shelters& shelters, LinkQueues& links,
                  PersonLedger& ledger, Rerouting& routing);

}  // namespace floodevac::evac::detail
