#pragma once
// Transfer routes between shelters (issue 14 §3): for every shelter, the backup shelters and
// the route to each that stays open longest under the flood. An edge is open until its
// closure time (the run's first closure of the link to cars, +inf when it never closes); a
// route is open until the earliest closure along it. The route that stays open longest is a
// maximum-bottleneck (widest) path (Pollack 1960; Dijkstra's algorithm with min/max labels);
// among the routes open as long, the fastest at free flow. A shelter is "cut off" when
// every transfer route closes before it fills.
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::siting {

struct TransferRoute {
  std::uint32_t from = 0, to = 0;  // shelter indices
  double open_until_s = std::numeric_limits<double>::infinity();  // +inf: never closes
  double free_time_s = 0;
  double length_m = 0;
  std::vector<graph::EdgeId> edges;  // from the shelter's node to the backup's
};

struct ShelterTransfers {
  std::vector<TransferRoute> backups;  // best first: open longest, then fastest
  double full_s = std::numeric_limits<double>::infinity();  // when it fills (+inf: never)
  /// Every route closes before the shelter fills (false for a shelter that never fills).
  bool cut_off = false;
};

/// shelter_nodes: per shelter its network node; edge_close_s: per edge (+inf never);
/// shelter_full_s: per shelter (+inf never); backups: at most this many per shelter.
std::vector<ShelterTransfers> transfer_routes(const graph::RoadGraph& g,
                                              const std::vector<graph::NodeId>& shelter_nodes,
                                              const std::vector<double>& edge_close_s,
                                              const std::vector<double>& shelter_full_s,
                                              std::size_t backups = 3);

}  // namespace floodevac::siting
