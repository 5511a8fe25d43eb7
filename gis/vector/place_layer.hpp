#pragma once
// Internal: a layer of places (shelters, population units) opened for
// reading into the target CRS, and the location of one place: a point, or the
// GEOS centroid of a (multi)polygon. Not part of the public API.
#include <ogrsf_frmts.h>

#include <filesystem>
#include <optional>
#include <string>

#include "gis/crs.hpp"
#include "gis/vector_layer.hpp"

namespace floodevac::gis::detail {

struct PlaceLayer {
  VectorLayer L;
  std::optional<CoordTransform> ct;  // none: the layer is in the target CRS
};

/// Opens the layer (gis/vector_layer.hpp's rule) and prepares the
/// transformation to the target CRS (projected, metres). `assume`: the CRS of
/// a layer that declares none ("" = such a layer is an error).
PlaceLayer open_place_layer(const std::filesystem::path& path, const std::string& layer, const std::string& target,
                            const std::string& assume, const std::string& what);

/// Planar centroid of a (multi)polygon through GEOS; false if empty.
/// With `invalid_reason`, an invalid geometry returns false and GEOS's reason
/// (GEOSisValidReason) there.
bool geos_centroid(const OGRGeometry& geom, double& x, double& y, std::string* invalid_reason = nullptr);

/// The location of a feature in the target CRS: the point itself, or the
/// centroid of a (multi)polygon. Throws InputError naming `where`; `kind`
/// ("shelter") words the messages.
void place_of(OGRGeometry* g, const std::optional<CoordTransform>& ct, const std::string& where,
              const std::string& kind, double& x, double& y);

}  // namespace floodevac::gis::detail
