#pragma once
// Piecewise-linear time series (time in seconds from scenario start).
#include <algorithm>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac {

struct TimeSeries {
  std::vector<double> t_s;    // strictly increasing, seconds
  std::vector<double> value;  // same length; unit given by the owner

  static TimeSeries constant(double v) { return TimeSeries{{0.0}, {v}}; }
  bool empty() const { return t_s.empty(); }

  /// Linear interpolation, held constant before the first and after the last point.
  double at(double t) const {
    if (t_s.empty()) return 0.0;
    if (t <= t_s.front()) return value.front();
    if (t >= t_s.back()) return value.back();
    auto it = std::upper_bound(t_s.begin(), t_s.end(), t);
    const std::size_t i = static_cast<std::size_t>(it - t_s.begin());
    const double w = (t - t_s[i - 1]) / (t_s[i] - t_s[i - 1]);
    return value[i - 1] + w * (value[i] - value[i - 1]);
  }

  /// Exact integral of the series over [a, b] (trapezoids on the breakpoints).
  double integral(double a, double b) const;

  void validate(const std::string& what) const {
    if (t_s.size() != value.size()) throw ConfigError(what + ": times and values differ in length");
    for (std::size_t i = 1; i < t_s.size(); ++i)
      if (!(t_s[i] > t_s[i - 1]))
        throw ConfigError(what + ": times must be strictly increasing (entry " + std::to_string(i) + ")");
  }
};

inline double TimeSeries::integral(double a, double b) const {
  if (t_s.empty() || !(b > a)) return 0.0;
  // Integrate the piecewise-linear function on [a,b] including the constant tails.
  std::vector<double> pts{a};
  for (double t : t_s)
    if (t > a && t < b) pts.push_back(t);
  pts.push_back(b);
  double s = 0.0;
  for (std::size_t i = 1; i < pts.size(); ++i) s += 0.5 * (at(pts[i - 1]) + at(pts[i])) * (pts[i] - pts[i - 1]);
  return s;
}

}  // namespace floodevac
