#pragma once
// Internal helpers of gis/vector (not part of the public API): opening OGR
// layers with useful errors, their CRS and the target CRS as WKT (gis/crs.hpp),
// fields, GEOS centroids.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/vector_layer.hpp"

namespace floodevac::gis::detail {

/// Planar centroid of a (multi)polygon through GEOS; false if empty.
bool geos_centroid(const OGRGeometry& geom, double& x, double& y);

/// Trims ASCII blanks.
std::string_view trim(std::string_view s);
/// Strict number: the whole (trimmed) text must be a finite number.
std::optional<double> parse_double(std::string_view s);
/// Lower-case ASCII copy.
std::string lower(std::string_view s);

}  // namespace floodevac::gis::detail
