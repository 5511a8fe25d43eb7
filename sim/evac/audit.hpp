#pragma once
// The conservation audit of the queue model: cheap checks of the person
// ledger and the shelters (every step in builds without NDEBUG), and a full
// recount of persons and vehicles from the agents and the queues. Both throw
// InvariantError naming what disagrees. Internal to QueueSim.
#include <cstdint>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/shelters.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

/// Every trip person in exactly one state, no counter negative, departed ==
/// total - home - trapped at home, no shelter over capacity, occupancy ==
/// sheltered (tolerance 1e-6 of the total). O(shelters).
void check_conservation(const PersonLedger& ledger, const Shelters& shelters, double t);

/// check_conservation, then the ledger against the agents' states, every
/// queue against the agents in it, vehicle counts against storage, activity
/// flags, departure queues and the waiting list. O(agents + edges).
void audit(const graph::RoadGraph& g, const Agents& agents, const LinkQueues& links,
           const PersonLedger& ledger, const Shelters& shelters,
           const std::vector<std::uint32_t>& parked, double t);

}  // namespace floodevac::evac::detail
