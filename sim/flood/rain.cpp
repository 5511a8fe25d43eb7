#include "sim/flood/rain.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "sim/core/error.hpp"

namespace floodevac::flood {

RainForcing::RainForcing(Rain rain, const FloodState& s)
    : uniform_mm_h_(std::move(rain.uniform_mm_h)), frame_t_s_(std::move(rain.frame_t_s)) {
  uniform_mm_h_.validate("rain.uniform_mm_h");
  for (double v : uniform_mm_h_.value)
    if (!(v >= 0.0)) throw ConfigError("rain.uniform_mm_h: values must be >= 0 mm/h");
  if (frame_t_s_.size() != rain.frames_mm_h.size())
    throw ConfigError("rain: frame_t_s and frames_mm_h differ in length");
  const std::size_t n = s.h.size();
  for (std::size_t f = 0; f < rain.frames_mm_h.size(); ++f) {
    const auto& fr = rain.frames_mm_h[f];
    if (f > 0 && !(frame_t_s_[f] > frame_t_s_[f - 1]))
      throw ConfigError("rain.frame_t_s: times must be strictly increasing (entry " +
                        std::to_string(f) + ")");
    if (fr.rows != s.rows || fr.cols != s.cols || fr.data.size() != n)
      throw ConfigError("rain.frames_mm_h[" + std::to_string(f) +
                        "]: must have the DEM's shape; resample the rain grid onto the DEM");
    std::vector<float> v(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      const float x = fr.data[i];
      if (s.outside[i] || std::isnan(x)) continue;
      if (x < 0.0f || !std::isfinite(x))
        throw ConfigError("rain.frames_mm_h[" + std::to_string(f) + "]: negative or infinite rain");
      v[i] = x;
    }
    frames_.push_back(std::move(v));
  }
  zero_row_.assign(static_cast<std::size_t>(s.cols), 0.0f);
}

StepRain RainForcing::for_step(double t0, double t1) {
  StepRain r;
  // Uniform: exact integral of the series over the step (mm/h * s -> m).
  r.uniform = static_cast<float>(uniform_mm_h_.integral(t0, t1) * kMmPerHourToMs);
  // Gridded frames: frame f valid on [t_f, t_{f+1}), the last one held.
  std::vector<std::pair<std::size_t, double>> fw;  // frame, weight (m per mm/h)
  for (std::size_t f = 0; f < frames_.size(); ++f) {
    const double a = frame_t_s_[f];
    const double b =
        f + 1 < frames_.size() ? frame_t_s_[f + 1] : std::numeric_limits<double>::infinity();
    const double overlap = std::min(b, t1) - std::max(a, t0);
    if (overlap > 0.0) fw.emplace_back(f, overlap * kMmPerHourToMs);
  }
  r.a = zero_row_.data();
  r.b = zero_row_.data();
  if (fw.size() == 1 || fw.size() == 2) {
    r.a = frames_[fw[0].first].data();
    r.w_a = static_cast<float>(fw[0].second);
    r.b = fw.size() == 2 ? frames_[fw[1].first].data() : r.a;
    r.w_b = fw.size() == 2 ? static_cast<float>(fw[1].second) : 0.0f;
    r.gridded = true;
  } else if (fw.size() > 2) {
    const std::size_t n = frames_.front().size();
    mix_.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0.0;
      for (const auto& [f, w] : fw) sum += w * frames_[f][i];
      mix_[i] = static_cast<float>(sum);
    }
    r.a = r.b = mix_.data();
    r.w_a = 1.0f;
    r.w_b = 0.0f;
    r.gridded = true;
  }
  return r;
}

double RainForcing::bytes() const {
  double bytes = static_cast<double>(mix_.size() * sizeof(float));
  for (const auto& f : frames_) bytes += static_cast<double>(f.size() * sizeof(float));
  return bytes;
}

}  // namespace floodevac::flood
