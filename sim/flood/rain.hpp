#pragma once
// Rain of the flood model: a uniform series and gridded frames (mm/h), and
// the depth they add in one step as the depth kernel takes it.
//  - the uniform series adds its exact integral over the step;
//  - gridded frame k holds from frame_t_s[k] to frame_t_s[k+1], the last
//    frame is held (end a rain sequence with an all-zero frame); NaN in a
//    frame means no rain; nothing falls outside the domain.
#include <cstddef>
#include <vector>

#include "sim/core/series.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood {

inline constexpr double kMmPerHourToMs = 1e-3 / 3600.0;  // mm/h -> m/s

/// Rain of one step: every domain cell of row r receives
/// uniform + w_a * a[r][c] + w_b * b[r][c] metres (a, b: grid rows or zeros).
struct StepRain {
  float uniform = 0.0f;  // m on every domain cell
  float w_a = 0.0f;      // m per mm/h of grid a
  float w_b = 0.0f;      // m per mm/h of grid b
  bool gridded = false;  // a and b are whole grids (else one row of zeros)
  const float* a = nullptr;
  const float* b = nullptr;
  const float* row_a(std::size_t offset) const { return gridded ? a + offset : a; }
  const float* row_b(std::size_t offset) const { return gridded ? b + offset : b; }
};

class RainForcing {
 public:
  /// Checks the series and the frames (ConfigError: negative or infinite
  /// rain, times not increasing, frames not in the DEM's shape).
  RainForcing(Rain rain, const FloodState& s);

  /// Rain over [t0, t1]. Up to two frames are weighted in the kernel; more
  /// within one step are mixed into a buffer owned here (hence non-const).
  StepRain for_step(double t0, double t1);

  std::size_t frame_count() const { return frames_.size(); }
  /// Bytes of the frames and the mix buffer.
  double bytes() const;

 private:
  TimeSeries uniform_mm_h_;
  std::vector<double> frame_t_s_;
  std::vector<std::vector<float>> frames_;  // mm/h, NaN -> 0, 0 outside
  std::vector<float> zero_row_;             // cols zeros (no gridded rain)
  std::vector<float> mix_;                  // more than two frames in one step
};

}  // namespace floodevac::flood
