#pragma once
// Initial water: a calm sea in place at the start of a run ("hot start").
#include "sim/core/grid.hpp"
#include "sim/flood/flood_config.hpp"

namespace floodevac::flood {

/// Still water at the t = 0 level of every water_level boundary, in each cell
/// connected to that boundary's edge cells through cells whose bed is below the
/// level (4-neighbour flood fill, as water spreads across cell faces; NaN cells
/// block). Walls burned into the bed above the level keep the land behind them
/// dry. Returns depths in metres (0 where dry, NaN outside the domain). Starting
/// a coastal run dry instead makes the sea fill from the boundary and slosh for
/// hours: a numerical transient, not a storm.
Grid<float> initial_sea_depth(const Grid<float>& bed, const FloodConfig& config);

}  // namespace floodevac::flood
