#pragma once
// What one step adds and removes besides the face fluxes: rain, point/line
// inflows and losses (infiltration + drainage). All are applied by the sweep
// row by row; the kernels record what the float state really received and
// lost, which is what the mass balance counts.
#include <vector>

#include "sim/flood/flood_config.hpp"
#include "sim/flood/rain.hpp"

namespace floodevac::flood {

struct StepSources {
  StepRain rain;
  std::vector<float> inflow_dh;  // m added to each cell of inflow q (Inflows::depths)
  float loss = 0.0f;             // m that losses may remove where water stands
  /// Whether the depth update needs the kernel with rain and losses.
  bool rain_or_loss() const { return rain.uniform > 0.0f || rain.gridded || loss > 0.0f; }
};

/// Depth that infiltration and drainage may remove in dt where water stands
/// (never more than is there), m.
inline float loss_depth(const FloodParams& p, double dt) {
  return static_cast<float>((p.infiltration_mm_h + p.drainage_mm_h) * kMmPerHourToMs * dt);
}

}  // namespace floodevac::flood
