#pragma once
// Checks of the inputs beyond the schema: that each file overlaps the DEM
// (else it would silently count as nothing), and `validate`'s pass that opens
// and checks every input `run` reads without running the model.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "app/warnings.hpp"
#include "gis/extent.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app {

/// InputError when `extent` (of `file`, in the DEM's CRS) and the DEM do not
/// overlap; the message names the file and both extents.
void require_overlap(const std::string& what, const std::filesystem::path& file, const gis::Extent& extent,
                     const Grid<float>& dem);

/// Points of `file` (shelters, population units) against the DEM: none inside
/// is an InputError naming both extents; some outside a warning of `source`
/// with their count.
void check_points_on_dem(const std::string& what, const std::filesystem::path& file,
                         const std::vector<double>& x, const std::vector<double>& y, const Grid<float>& dem,
                         RunWarnings& warnings);

struct InputCheckReport {
  std::int64_t warnings = 0;
  std::vector<std::string> lines;  // what was opened and checked, one line each
};

/// validate's input pass: reads the DEM, walls and rain grids onto the grid,
/// builds the flood model (boundaries, inflows, breaches, rain checked), and
/// reads the evacuation inputs (roads, shelters, population, snapping, trip
/// table) and builds the movement model, exactly as `run` does, then stops.
/// Throws the error `run` would throw.
InputCheckReport check_inputs(const Scenario& scenario, const Logger& log);

}  // namespace floodevac::app
