#pragma once
// Land cover to Manning's n (roughness of the flood model).
#include <map>
#include <string>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

/// Maps a land-cover class grid (integer codes stored as floats, NaN =
/// nodata) to Manning's n (s m^-1/3) with `n_by_class`. NaN cells stay NaN.
/// Classes missing from the table take `default_n` when default_n > 0;
/// otherwise an InputError names `source_name` and lists every missing class
/// code (with its cell count). Non-integer class values (e.g. after bilinear
/// resampling) and non-positive n values in the table are refused as well.
Grid<float> manning_from_landcover(const Grid<float>& classes,
                                   const std::map<int, double>& n_by_class, double default_n,
                                   const std::string& source_name);

}  // namespace floodevac::gis
