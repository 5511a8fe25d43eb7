#pragma once
// Internal to gis/: the cells of a raster grid that the line features of an
// OGR layer pass through. Shared by the wall burn (walls.hpp) and the channel
// burn (channels.hpp).
//
// Lines (LineString / MultiLineString; curves are linearised) are reprojected
// to the grid's CRS with PROJ; in a geographic source CRS they are first
// densified with GEOS (segments at most about one cell long after projection)
// so long straight segments follow the projected path. They are clipped to the
// grid extent plus one cell and traced with an exact grid traversal (Amanatides
// & Woo 1987, "A Fast Voxel Traversal Algorithm"): the trace is 4-connected, so
// a diagonal line leaves no corner gaps for a solver that exchanges water
// across cell faces.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "gis/vector_layer.hpp"
#include "sim/core/grid.hpp"

namespace floodevac::gis::detail {

/// Called once per feature before its lines are traced, with the feature and
/// its label for messages ("<file> layer '<name>': feature 3"); may throw.
using LineFeatureStart = std::function<void(const OGRFeature& feature, const std::string& label)>;
/// Called for every grid cell (inside the grid) a line of the current feature
/// passes through, possibly several times; returns whether the cell counts.
using LineCellVisit = std::function<bool(std::int64_t row, std::int64_t col)>;

/// Traces every feature of `vl` onto the cells of `grid` (valid, with a CRS).
/// `noun` ("wall", "channel") words the errors: a feature with no geometry or
/// a non-line geometry, coordinates that cannot be transformed to the grid's
/// CRS, a layer with no CRS. Returns the number of features with at least one
/// counted cell.
std::size_t trace_line_features(const Grid<float>& grid, VectorLayer& vl, const std::string& noun,
                                const LineFeatureStart& start, const LineCellVisit& visit);

}  // namespace floodevac::gis::detail
