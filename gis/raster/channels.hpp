#pragma once
// River channels burned into a coarsened DEM.
//
// Averaging a fine DEM onto coarse cells fills a channel narrower than a cell:
// the coarse grid loses the conveying channel, and even the base flow spills
// onto the floodplain. The remedy in coarse-grid flood models is to represent
// the channel explicitly, e.g. LISFLOOD-FP's sub-grid channels (Neal, Schumann
// & Bates 2012, "A subgrid channel model for simulating river hydraulics and
// floodplain inundation over large and data sparse areas", WRR 48, W11506).
// Ours is a simple burn: every coarse cell a channel centre line passes
// through (the 4-connected trace of line_cells.hpp, so the burned cells form
// a connected path across cell faces) takes the minimum of the fine DEM cells
// whose centres lie inside it, i.e. the channel bed. A cell is only ever
// lowered, never raised.
//
// The lines come from any OGR vector source as LineString / MultiLineString
// features, reprojected to the DEM's CRS (like the walls, walls.hpp).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

struct ChannelBurn {
  Grid<std::uint8_t> mask;   ///< the DEM's grid; 1 where a channel line passes (valid cells)
  std::size_t cells = 0;     ///< cells the lines pass through (mask == 1)
  std::size_t features = 0;  ///< features that pass through at least one valid cell
  std::size_t lowered = 0;   ///< cells whose elevation went down
  double mean_lowering_m = 0.0;  ///< mean lowering over the `cells` burned (m)
  double max_lowering_m = 0.0;   ///< largest lowering (m)
};

/// Burns the channel centre lines of `file` into `dem` (valid, with a CRS):
/// each cell a line crosses gets min(dem, min of the valid `fine` cells whose
/// centres fall inside it). `fine` is the same DEM at its source resolution
/// in the same CRS (read_dem with resolution 0); it need not be aligned with
/// `dem`. NaN DEM cells stay NaN and are not counted.
/// `layer` empty: the file must hold exactly one layer.
/// Throws InputError naming the file (and layer, feature) when the file is
/// missing or unreadable, the layer is not found, a feature has no geometry
/// or a non-line geometry, the layer has no CRS or its coordinates cannot be
/// transformed; InvariantError when `fine` is not in the DEM's CRS.
/// On error `dem` is left unchanged.
ChannelBurn burn_channels(Grid<float>& dem, const Grid<float>& fine,
                          const std::filesystem::path& file, const std::string& layer = "");

}  // namespace floodevac::gis
