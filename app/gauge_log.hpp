#pragma once
// The water level at the scenario's gauges (flood.gauges), sampled from the flood after
// every coupling step: flood/gauges.csv, the report's gauge plot and summary.json
// "gauges". A gauge reads the highest water surface (bed + depth) among the wet cells of
// the 3 x 3 block around its cell, so a tide gauge drawn on a sea-wall crest cell reads
// the sea beside the wall, as a stilling well beside the wall would; null when all nine
// are dry (depth below the inundation threshold).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gis/vector/gauges.hpp"
#include "sim/flood/flood_model.hpp"

namespace floodevac::app {

class GaugeLog {
 public:
  GaugeLog() = default;
  /// gauges: inside the model grid (read_flood_inputs checks it).
  GaugeLog(std::vector<gis::Gauge> gauges, const GeoTransform& geo, double wet_threshold_m);

  bool empty() const { return gauges_.empty(); }
  const std::vector<gis::Gauge>& gauges() const { return gauges_; }
  const std::vector<double>& times_s() const { return t_s_; }
  /// level_m()[g][k]: gauge g at times_s()[k] (NaN: dry).
  const std::vector<std::vector<double>>& level_m() const { return level_m_; }

  /// One sample of every gauge at the model's current time.
  void record(const flood::FloodModel& model);
  /// t_s, then one column per gauge ("<id>_level_m", empty when dry).
  std::string csv() const;
  /// Per gauge: id, name, kind, warning_level_m, peak_level_m, peak_s, first_above_warning_s,
  /// hours_above_warning (null where not reached / none given).
  nlohmann::json summary_json() const;
  /// The summary's gauge lines, from summary_json ("" without gauges).
  std::string summary_text() const;

 private:
  std::vector<gis::Gauge> gauges_;
  std::vector<std::int64_t> row_, col_;
  double wet_m_ = 0.01;
  std::vector<double> t_s_;
  std::vector<std::vector<double>> level_m_;
};

}  // namespace floodevac::app
