#pragma once
// The response of the queue model to water. New link conditions (from the
// flood: the Pregnolato et al. 2017 speed curve, closed at >= 0.3 m for
// vehicles; depth > 0.5 m or depth x velocity > 0.6 m^2/s for pedestrians,
// Cox, Shand & Blacka 2010) re-time the vehicles on an edge whose speed
// changes (their remaining distance at the new speed). On an edge that
// closes, agents are held where they are (they do not turn back on the
// closed edge) and go on when it reopens. Agents standing in water above
// their mode's limit are trapped (a stalled car is taken off its queue); so
// are people at home in a hazardous cell whose node has every outgoing edge
// closed to their mode. Internal to QueueSim (namespace detail).
#include <cstdint>
#include <span>
#include <vector>

#include "sim/evac/agents.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/flood_cells.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/sim_config.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac::detail {

/// Per edge, from the water along it (its deepest sample; depth x velocity):
/// the vehicle speed factor (vehicle_speed_factor at vehicle_close_depth_m)
/// and whether it is closed to pedestrians (depth > walk_close_depth_m or
/// depth x velocity > walk_close_dv_m2s). Tunnels (LinkSampler::tunnel): the
/// water at their portals, closed to both modes at tunnel_close_depth_m.
/// The maxima in parallel over edges.
void link_conditions(const LinkSampler& sampler, const float* depth_m, const float* speed_mps,
                     const SimConfig& cfg, int threads, std::vector<float>& car_factor,
                     std::vector<std::uint8_t>& walk_closed);

class FloodResponse {
 public:
  FloodResponse(const graph::RoadGraph& g, const SimConfig& cfg, Agents& agents, LinkQueues& links,
                PersonLedger& ledger)
      : g_(g), cfg_(cfg), ag_(agents), q_(links), ledger_(ledger) {}

  /// Per edge: vehicle speed factor in [0, 1] of free speed (0 = closed) and
  /// closed to pedestrians, at time t. Returns true if an edge closed to a
  /// mode (explicit routes must be checked again).
  bool set_conditions(std::span<const float> car_factor, std::span<const std::uint8_t> walk_closed,
                      double t);
  /// Traps the agents standing in water above their mode's limit: on closed
  /// edges at their position, in departure queues and waiting (`parked`) at
  /// their node (in a tunnel: the deeper portal's water, not the surface above).
  /// depth_m / speed_mps are flood-grid cells (speed may be null).
  void trap_in_water(const float* depth_m, const float* speed_mps, const FloodCells& cells,
                     std::vector<std::uint32_t>& parked, double t);
  /// Traps people at home in cells of hazard class >= exposure_class_min
  /// whose node has every outgoing edge closed to their mode.
  void trap_at_home(const std::uint8_t* hazard_class, const FloodCells& cells,
                    const AgentsByUnit& by_unit);
  /// Agents trapped on an edge or at a node, in the order they were trapped.
  const std::vector<std::uint32_t>& trapped_on_road() const { return trapped_; }

 private:
  void hold(std::uint32_t a, double speed_mps, double t);
  void release(std::uint32_t a, double speed_mps, double t);
  void trap(std::uint32_t a, St where);
  template <class Unsafe>
  std::uint32_t trap_in_queue(std::uint32_t& head, std::uint32_t& tail, Unsafe unsafe);

  const graph::RoadGraph& g_;
  const SimConfig& cfg_;
  Agents& ag_;
  LinkQueues& q_;
  PersonLedger& ledger_;
  std::vector<std::uint32_t> trapped_;
};

}  // namespace floodevac::evac::detail
