#pragma once
// Sea walls, levees and embankments burned into the DEM.
//
// The walls come from any OGR vector source (GeoJSON, GeoPackage, Shapefile,
// ...) as LineString / MultiLineString features (curves are linearised) with
// a crest-height attribute: the crest ELEVATION in metres, in the DEM's
// vertical datum (not the height above ground). Features are reprojected to
// the DEM's CRS with PROJ; in a geographic source CRS the lines are first
// densified with GEOS (segments at most about one DEM cell long after
// projection) so long straight segments follow the projected path.
//
// Rasterisation marks every cell a line passes through (exact grid traversal,
// Amanatides & Woo 1987, "A Fast Voxel Traversal Algorithm"): the trace is
// 4-connected, so even a diagonal wall has no corner gaps for a solver that
// exchanges water across cell faces. Burned cells get
// dem = max(dem, crest); where several walls cross a cell the highest crest
// wins. NaN (nodata) DEM cells stay NaN and are not counted as burned.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/core/grid.hpp"

namespace floodevac::gis {

struct WallBurn {
  Grid<std::uint8_t> mask;   ///< the DEM's grid; 1 where a wall was burned, 0 elsewhere
  Grid<float> crest_m;       ///< crest elevation burned (m, DEM datum); NaN elsewhere
  std::size_t cells = 0;     ///< number of cells burned (cells with mask == 1)
  std::size_t features = 0;  ///< number of features that burned at least one cell
};

/// Burns the walls of `file` into `dem` (a valid grid with a CRS).
/// `layer` empty: the file must hold exactly one layer. `crest_field` must be
/// a numeric field (or a string field holding numbers).
/// Throws InputError naming the file (and layer) when the file is missing or
/// unreadable; the layer is not found (lists the layers); the crest field is
/// missing (lists the fields); a feature has a null / non-numeric crest, no
/// geometry, or a non-line geometry (names its feature id and type); the
/// layer has no CRS; coordinates cannot be transformed to the DEM's CRS.
/// On error `dem` is left unchanged.
WallBurn burn_walls(Grid<float>& dem, const std::filesystem::path& file,
                    const std::string& crest_field, const std::string& layer = "");

}  // namespace floodevac::gis
