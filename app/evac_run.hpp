#pragma once
// The evacuation half of a run: reads roads, shelters, population (gis/),
// builds the demand and the queue model (sim/evac), couples it with the flood
// every coupling interval, and writes its outputs.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/scenario.hpp"
#include "gis/raster/raster_io.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/flood/flood_model.hpp"
#include "viz/report.hpp"

namespace floodevac::app {

using OutputSink = std::function<void(const std::filesystem::path& file, const std::string& kind,
                                      const std::string& description, const std::string& unit)>;

class EvacRun {
 public:
  /// Reads every evacuation input onto the DEM's grid and CRS; appends the
  /// files it read to `inputs` (for the manifest checksums).
  EvacRun(const Scenario& scenario, const Grid<float>& dem, const Logger& logger,
          std::vector<std::filesystem::path>& inputs);
  ~EvacRun();
  EvacRun(const EvacRun&) = delete;
  EvacRun& operator=(const EvacRun&) = delete;

  /// Hands the current flood state to the movement model, then advances it to t_s.
  void couple_and_advance(const flood::FloodModel& flood, double t_s, float debris_factor);
  void write_outputs(const std::filesystem::path& out_dir, const gis::CogOptions& cog, const OutputSink& add);
  std::string summary_text() const;
  /// Charts for the HTML report: people by state, and shelter occupancy against capacity.
  std::vector<viz::Chart> charts() const;
  nlohmann::json manifest_json() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floodevac::app
