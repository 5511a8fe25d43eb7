#include "app/gauge_log.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace floodevac::app {

GaugeLog::GaugeLog(std::vector<gis::Gauge> gauges, const GeoTransform& geo, double wet_threshold_m)
    : gauges_(std::move(gauges)), wet_m_(wet_threshold_m), level_m_(gauges_.size()) {
  for (const auto& g : gauges_) {
    row_.push_back(geo.row_of(g.y));
    col_.push_back(geo.col_of(g.x));
  }
}

void GaugeLog::record(const flood::FloodModel& model) {
  if (gauges_.empty()) return;
  const auto& bed = model.bed();
  const auto& h = model.h();
  t_s_.push_back(model.time_s());
  for (std::size_t g = 0; g < gauges_.size(); ++g) {
    double level = std::numeric_limits<double>::quiet_NaN();
    for (std::int64_t dr = -1; dr <= 1; ++dr)
      for (std::int64_t dc = -1; dc <= 1; ++dc) {
        const std::int64_t r = row_[g] + dr, c = col_[g] + dc;
        if (!bed.inside(r, c)) continue;
        const std::size_t i = bed.idx(r, c);
        const double z = bed.data[i], d = h[i];
        if (!std::isfinite(z) || !(d >= wet_m_)) continue;
        if (!std::isfinite(level) || z + d > level) level = z + d;
      }
    level_m_[g].push_back(level);
  }
}

std::string GaugeLog::csv() const {
  std::ostringstream o;
  o << "t_s";
  for (const auto& g : gauges_) o << ',' << g.id << "_level_m";
  o << '\n';
  for (std::size_t k = 0; k < t_s_.size(); ++k) {
    o << fmt::format("{:.0f}", t_s_[k]);
    for (const auto& series : level_m_)
      o << ',' << (std::isfinite(series[k]) ? fmt::format("{:.3f}", series[k]) : std::string());
    o << '\n';
  }
  return o.str();
}

nlohmann::json GaugeLog::summary_json() const {
  using nlohmann::json;
  const auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
  json out = json::array();
  for (std::size_t g = 0; g < gauges_.size(); ++g) {
    const auto& s = level_m_[g];
    const double warn = gauges_[g].warning_level_m;
    double peak = std::numeric_limits<double>::quiet_NaN(), peak_s = peak, first_warn_s = peak;
    double above_s = 0;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (!std::isfinite(s[k])) continue;
      if (!std::isfinite(peak) || s[k] > peak) peak = s[k], peak_s = t_s_[k];
      if (std::isfinite(warn) && s[k] >= warn) {
        if (!std::isfinite(first_warn_s)) first_warn_s = t_s_[k];
        above_s += k > 0 ? t_s_[k] - t_s_[k - 1] : 0.0;  // the interval ending at this sample
      }
    }
    out.push_back({{"id", gauges_[g].id},
                   {"name", gauges_[g].name},
                   {"kind", gauges_[g].kind},
                   {"warning_level_m", num(warn)},
                   {"peak_level_m", num(peak)},
                   {"peak_s", num(peak_s)},
                   {"first_above_warning_s", num(first_warn_s)},
                   {"hours_above_warning", std::isfinite(warn) ? json(above_s / 3600.0) : json(nullptr)}});
  }
  return out;
}

std::string GaugeLog::summary_text() const {
  std::string o;
  for (const auto& g : summary_json()) {
    o += fmt::format("gauge {} ({}): ", g["id"].get<std::string>(), g["name"].get<std::string>());
    if (g["peak_level_m"].is_null()) {
      o += "dry throughout\n";
      continue;
    }
    o += fmt::format("peak {:.2f} m at {:.0f} s", g["peak_level_m"].get<double>(), g["peak_s"].get<double>());
    if (!g["warning_level_m"].is_null())
      o += g["first_above_warning_s"].is_null()
               ? fmt::format(", below its warning level {:.2f} m", g["warning_level_m"].get<double>())
               : fmt::format(", above its warning level {:.2f} m from {:.0f} s for {:.1f} h",
                             g["warning_level_m"].get<double>(), g["first_above_warning_s"].get<double>(),
                             g["hours_above_warning"].get<double>());
    o += "\n";
  }
  return o;
}

}  // namespace floodevac::app
