#pragma once
// A raster's size and footprint without reading its cells: what a run's
// estimates (app/run_estimate.hpp) need before anything big is allocated.
#include <cstdint>
#include <filesystem>

namespace floodevac::gis {

struct RasterShape {
  std::int64_t rows = 0, cols = 0;
  double width_m = 0, height_m = 0;  // footprint; degrees converted at the centre's latitude
  double cell_m = 0;                 // the smaller cell side, metres (same conversion)
};

/// Opens `file` (InputError when it cannot) and reads its size and
/// geotransform; a raster in degrees is measured at its centre latitude.
RasterShape read_raster_shape(const std::filesystem::path& file);

}  // namespace floodevac::gis
