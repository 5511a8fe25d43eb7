#pragma once
// Ensemble maps of a sweep (ensemble/*.tif, COG): per cell over the complete
// members, the probability that the maximum depth exceeds each threshold, the
// 50th and 90th percentiles of the maximum depth, and the mean and 90th
// percentile of the exposure (person-hours). Members are read in design
// order, so the maps do not depend on which member finished first.
#include <filesystem>
#include <string>
#include <vector>

#include "gis/raster/cog_writer.hpp"
#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app::sweep {

/// Percentile p (0..100) of `v` (sorted ascending, not empty) by linear
/// interpolation between order statistics (Hyndman & Fan 1996, definition 7;
/// numpy's and R's default).
double percentile_sorted(const std::vector<float>& v, double p);

/// Per cell statistics over a stack of same-shaped grids (NaN cells skipped;
/// NaN where every member is NaN).
Grid<float> exceedance_probability(const std::vector<Grid<float>>& stack, double threshold);
Grid<float> cell_percentile(const std::vector<Grid<float>>& stack, double p);
Grid<float> cell_mean(const std::vector<Grid<float>>& stack);

/// Reads `relative` (e.g. flood/max_depth.tif) from every member folder that
/// has it; members whose grid differs from the first are refused (InputError).
std::vector<Grid<float>> read_stack(const std::vector<std::filesystem::path>& member_dirs,
                                    const std::string& relative);

/// Writes the ensemble rasters into `out_dir` (ensemble/); returns the files
/// written (relative names). Layers whose member rasters are absent (a flood-
/// only or evacuation-only base) are skipped with a log line.
std::vector<std::string> write_ensemble_rasters(const std::vector<std::filesystem::path>& member_dirs,
                                                const std::vector<double>& depth_thresholds_m,
                                                const std::filesystem::path& out_dir,
                                                const gis::CogOptions& cog, const Logger& log);

}  // namespace floodevac::app::sweep
