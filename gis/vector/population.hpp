#pragma once
// People to evacuate from a vector layer (points or polygons with a count)
// or from a raster of persons per cell, in the scenario CRS (metres).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/evac/evac_types.hpp"

namespace floodevac::gis {

/// Population from points or polygons (polygon -> GEOS centroid) with a count
/// field (persons, >= 0; zero-count features are dropped). Unit ids: the
/// `id_field` value when the layer has it, else "f<FID>". Throws InputError
/// naming the feature when the count is missing, not a number or negative.
std::vector<evac::PopulationUnit> read_population_vector(const std::filesystem::path& path,
                                                         const std::string& target_crs_wkt,
                                                         const std::string& count_field,
                                                         const std::string& layer = {},
                                                         const std::string& id_field = "id");

/// One unit per cell with persons >= min_persons (and > 0; NaN cells skipped)
/// at the cell centre, id "r<row>c<col>", in row-major order. A negative cell
/// is an InputError naming `name` (the file), how many cells and the first one.
std::vector<evac::PopulationUnit> population_from_raster(const Grid<float>& persons_per_cell, double min_persons,
                                                         const std::string& name = "population raster");

}  // namespace floodevac::gis
