#pragma once
// Rerouting in the queue model: travel-time weights per edge and mode, the
// shortest-path trees agents follow (one towards the nearest open shelter
// with room per mode, one per shelter that still has agents assigned to it),
// rebuilt every reroute_interval_s and at once when a link closes or reopens
// or a shelter opens or fills (never merely because the flood was coupled); and the agents waiting
// at nodes without a usable route, who try again after every rebuild. There are never stored routes
// to go stale. Internal to QueueSim (namespace detail).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/core/log.hpp"
#include "sim/evac/agents.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/sim_config.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac::detail {

class Decider;
class Shelters;

class Rerouting {
 public:
  Rerouting() = default;
  Rerouting(const graph::RoadGraph& g, const std::shared_ptr<const graph::ReverseGraph>& rev,
            std::uint32_t shelters, int threads);

  /// New weights from the links (vehicles: free time, or with
  /// congestion-aware routing the time the vehicles on the edge need to
  /// discharge when longer; closed: +inf) and new trees, in parallel.
  /// `persons_to_go` (at home or moving) only decides whether a missing
  /// target is worth a warning. Returns the number of shelters targeted.
  std::size_t rebuild_trees(const Agents& agents, const LinkQueues& links, const Shelters& shelters,
                            double persons_to_go, const SimConfig& cfg, double t,
                            const Logger& log);
  /// The agents waiting at nodes try again, in the order they stopped: those
  /// with a route now re-enter their node's departure queue at t.
  void retry_parked(const graph::RoadGraph& g, const graph::ReverseGraph& rev, Agents& agents,
                    LinkQueues& links, PersonLedger& ledger, const Decider& decider, double t);
  /// Agent a waits at its node from now on (it was moving).
  void park(std::uint32_t a, Agents& agents, PersonLedger& ledger);
  /// The shelter the nearest-shelter tree of `mode` leads to from u; -1 if none.
  std::int32_t nearest_shelter(int mode, NodeId u) const;
  /// The edges of a fastest path for `mode` from `from` to node `to` on the weights
  /// of the last rebuild (empty when from == to); false when `to` cannot be reached.
  bool path_to(int mode, NodeId from, NodeId to, std::vector<EdgeId>& path);

  bool due = true;    // rebuild before the next step
  double next_s = 0;  // the next rebuild at the latest, s
  std::int64_t count = 0;
  std::vector<std::uint32_t> parked;  // waiting at a node (may hold agents trapped since)

  // The trees, read by the decisions.
  graph::ShortestPathTree free_tree[2];
  bool free_valid[2] = {false, false};
  std::vector<std::int32_t> target_shelter;  // shelter of each target of free_tree
  std::vector<graph::ShortestPathTree> fixed_tree[2];
  std::vector<std::uint8_t> fixed_valid[2];
  std::vector<double> wtime[2];  // edge weights, s
  // Per edge, s added to the vehicle weight (jammed links, set by Gridlock); empty: none.
  std::vector<double> extra_s;
  // Per edge, the weight of both modes where the edge is open, s, replacing the
  // travel time (ferries: crossing + wait, ferries.hpp); NaN: none. Empty: none.
  std::vector<double> fixed_s;
  // Per mode and edge: 1 when, having arrived over the edge, an agent can
  // reach an open shelter with room without turning back at once at any node
  // (over edges open to the mode). 0 on the edges into dead-end spurs and
  // into dead-end parts of the network: what an agent with no turn-back left
  // must not take (see decisions.hpp). Labelled with the free trees.
  std::vector<std::uint8_t> onward[2];

 private:
  /// Fills onward[mode] from the target nodes: a backward search over
  /// (edge, next edge) pairs that are not U-turns.
  void label_onward(int mode, const std::vector<NodeId>& targets);

  const graph::RoadGraph* g_ = nullptr;
  std::shared_ptr<const graph::ReverseGraph> rev_;
  std::vector<graph::Router> routers_;  // one per thread
  int threads_ = 1;
  bool warned_no_target_ = false;
};

/// Whether new link conditions (vehicle speed factor, 0 or less = closed;
/// walk_closed non-zero = closed) close or reopen an edge to either mode: the
/// changes that rebuild the trees at once. A speed change alone waits for the
/// next rebuild due by reroute_interval_s.
bool closures_change(const LinkQueues& links, std::span<const float> car_factor,
                     std::span<const std::uint8_t> walk_closed);

}  // namespace floodevac::evac::detail
