#include "sim/flood/flood_config.hpp"

#include "sim/core/error.hpp"

namespace floodevac::flood {

void validate(const FloodParams& p) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw ConfigError("flood params: " + what);
  };
  need(p.g > 0.0, "g must be > 0");
  need(p.theta >= 0.0 && p.theta <= 1.0, "theta must be within [0, 1] (de Almeida et al. 2012)");
  need(p.cfl_alpha > 0.0 && p.cfl_alpha <= 1.0, "cfl_alpha must be within (0, 1]");
  need(p.max_dt_s > 0.0, "max_dt_s must be > 0");
  need(p.h_dry_m > 0.0, "h_dry_m must be > 0");
  need(p.inertia_froude >= 0.0 && p.inertia_froude <= 10.0,
       "inertia_froude must be within [0, 10] (0 = off)");
  need(p.infiltration_mm_h >= 0.0, "infiltration_mm_h must be >= 0");
  need(p.drainage_mm_h >= 0.0, "drainage_mm_h must be >= 0");
  need(p.inundation_threshold_m >= 0.0, "inundation_threshold_m must be >= 0");
}

}  // namespace floodevac::flood
