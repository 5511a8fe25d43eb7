#pragma once
// Internal to gis/raster: what the raster reader, the COG writer and the
// land-cover mapping share. Not part of the public API.
#include <gdal.h>

#include <cstdio>
#include <string>

#include "gis/gdal_dataset.hpp"

namespace floodevac::gis::raster_detail {

/// A number for messages ("%.10g").
inline std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

/// A one-band in-memory raster (GDAL MEM driver).
detail::Dataset create_mem(int cols, int rows, GDALDataType type, GdalErrorScope& scope);

}  // namespace floodevac::gis::raster_detail
