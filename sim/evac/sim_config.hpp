#pragma once
// Settings of the evacuation queue model (QueueSim), with their units and the
// source of each default.
#include <cstdint>

namespace floodevac::evac {

struct SimConfig {
  double step_s = 1.0;   // time step, s
  double start_s = 0.0;  // simulation start, s from scenario start
  // Storage per lane and metre of edge: SUMO's default vehicle length 5 m + minGap 2.5 m.
  double vehicle_spacing_m = 7.5;
  double walk_speed_mps = 1.34;      // free walking speed, Weidmann 1993
  double reroute_interval_s = 60.0;  // shortest-path trees rebuilt at least this often, s
  // Vehicle edge time for routing = max(free time, vehicles on the edge / capacity).
  bool congestion_aware_routing = true;
  // Gridlock (sim/evac/gridlock.hpp): links jammed from half this wait are
  // avoided by routing; a front vehicle stopped this long before a full link
  // is moved on onto it. SUMO's --time-to-teleport default (MATSim: qsim.stuckTime).
  // 0 = off. s.
  double gridlock_stuck_time_s = 300.0;
  int max_turnbacks = 2;            // times an agent may take the edge back to where it came from
  double output_interval_s = 60.0;  // time-series row spacing, s
  double flow_window_s = 300.0;     // peak-flow window of an edge, s (fixed windows from start_s)
  // Vehicles stop and edges close to them at this depth, m (Pregnolato et al. 2017).
  double vehicle_close_depth_m = 0.3;
  double walk_close_depth_m = 0.5;      // pedestrians, m (Cox, Shand & Blacka 2010)
  double walk_close_dv_m2s = 0.6;       // pedestrians, depth x velocity (Cox, Shand & Blacka 2010)
  // Tunnels and underpasses (RoadGraph::tunnel) close to cars and walkers when the
  // water at either portal reaches this depth, m. 0.15 m is the most water one traffic
  // lane may carry in GB 51222-2017 (城镇内涝防治技术规范, waterlogging control
  // criterion); water above it at a portal runs down to the tunnel's low point.
  double tunnel_close_depth_m = 0.15;
  std::uint8_t exposure_class_min = 2;  // hazard class counted as exposed (0..4)
  // check_conservation() after every step (always on in builds without NDEBUG).
  bool check_every_step = false;
  // Keep the edges every agent entered, in order (QueueSim::path): the routes actually
  // taken, e.g. per village (sim/policy/village_plan.hpp). 4 bytes per edge entered.
  bool record_paths = false;
  int threads = 0;  // OpenMP threads, 0 = OpenMP default

  /// Throws ConfigError naming the field when a value is out of range.
  void validate() const;
};

}  // namespace floodevac::evac
