#include "sim/evac/sim_config.hpp"

#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac {

void SimConfig::validate() const {
  auto bad = [](const std::string& f, const std::string& why) {
    throw ConfigError("evacuation config: " + f + " " + why);
  };
  if (!(step_s > 0.0) || !std::isfinite(step_s)) bad("step_s", "must be a finite value > 0 s");
  if (!std::isfinite(start_s)) bad("start_s", "must be finite");
  if (!(vehicle_spacing_m > 0.0) || !std::isfinite(vehicle_spacing_m))
    bad("vehicle_spacing_m", "must be > 0 m");
  if (!(walk_speed_mps > 0.0) || !std::isfinite(walk_speed_mps))
    bad("walk_speed_mps", "must be > 0 m/s");
  if (!(reroute_interval_s > 0.0)) bad("reroute_interval_s", "must be > 0 s");
  if (!(gridlock_stuck_time_s >= 0.0) || !std::isfinite(gridlock_stuck_time_s))
    bad("gridlock_stuck_time_s", "must be a finite value >= 0 s (0 = off)");
  if (max_turnbacks < 0 || max_turnbacks > 255) bad("max_turnbacks", "must be in 0..255");
  if (!(output_interval_s > 0.0)) bad("output_interval_s", "must be > 0 s");
  if (!(flow_window_s > 0.0) || !std::isfinite(flow_window_s))
    bad("flow_window_s", "must be a finite value > 0 s");
  if (!(vehicle_close_depth_m > 0.0)) bad("vehicle_close_depth_m", "must be > 0 m");
  if (!(walk_close_depth_m > 0.0)) bad("walk_close_depth_m", "must be > 0 m");
  if (!(walk_close_dv_m2s > 0.0)) bad("walk_close_dv_m2s", "must be > 0 m^2/s");
  if (!(tunnel_close_depth_m > 0.0) || !std::isfinite(tunnel_close_depth_m))
    bad("tunnel_close_depth_m", "must be a finite depth > 0 m");
  if (exposure_class_min > 4) bad("exposure_class_min", "must be a hazard class 0..4");
  if (threads < 0) bad("threads", "must be >= 0 (0 = OpenMP default)");
}

}  // namespace floodevac::evac
