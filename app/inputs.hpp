#pragma once
// The flood's inputs read onto the DEM's grid (gis/), the roughness and the
// flood model built on them, and the list of every file a scenario reads.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string_view>
#include <vector>

#include "app/scenario.hpp"
#include "gis/vector/gauges.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/hazard.hpp"

namespace floodevac::app {

struct FloodInputs {
  Grid<float> dem;            // bed elevation (m) with the walls burned in, in the scenario CRS
  flood::FloodConfig config;  // the scenario's, with the wall mask and the rain frames filled in
  nlohmann::json channels;    // the channel burn's figures (null without flood.channels), for the manifest
  std::vector<gis::Gauge> gauges;  // flood.gauges, in the scenario CRS, each inside the DEM
};

/// Reads the DEM (reprojected and resampled as the scenario asks), burns the
/// walls into it and reads the gridded rain frames onto its grid. `progress`
/// is asked while the DEM is read and between the readers; when it says stop
/// (a cancelled run) a CancelledError ends the reading.
FloodInputs read_flood_inputs(const Scenario& scenario, const Logger& log,
                              const Progress& progress = {});

/// Throws CancelledError("run cancelled while <doing>") when `progress` asks to
/// stop: asked between the input readers and model builders, so that Ctrl-C
/// during a long input phase takes effect at the next one.
void stop_if_asked(const Progress& progress, std::string_view doing);

/// Manning's n (constant, raster or land-cover classes) on the DEM's grid and
/// the flood model built on the DEM.
flood::FloodModel make_flood_model(const FloodSpec& spec, const Grid<float>& dem,
                                   flood::FloodConfig config, Grid<float> initial_depth);

/// Hazard parameters of the run (the debris factor as the run has always used it).
flood::HazardParams hazard_params(const FloodSpec& spec);

/// Every input file the scenario names, in the manifest's order.
std::vector<std::filesystem::path> input_files(const Scenario& scenario);

}  // namespace floodevac::app
