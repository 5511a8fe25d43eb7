#pragma once
// Internal to gis/raster: small RAII owners for GDAL/OGR C handles and shared
// helpers. Not part of the public API.
#include <gdal.h>
#include <ogr_srs_api.h>

#include <filesystem>
#include <string>
#include <utility>

#include "gis/gdal_error.hpp"

namespace floodevac::gis::raster_detail {

/// Owns a GDALDatasetH (closed on destruction).
class Dataset {
 public:
  Dataset() = default;
  explicit Dataset(GDALDatasetH h) : h_(h) {}
  ~Dataset() { reset(); }
  Dataset(Dataset&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  Dataset& operator=(Dataset&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, nullptr);
    }
    return *this;
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  GDALDatasetH get() const { return h_; }
  explicit operator bool() const { return h_ != nullptr; }
  /// Gives up ownership.
  GDALDatasetH release() { return std::exchange(h_, nullptr); }
  void reset() {
    if (h_ != nullptr) GDALClose(h_);
    h_ = nullptr;
  }

 private:
  GDALDatasetH h_ = nullptr;
};

/// Owns an OGRSpatialReferenceH.
class SpatialRef {
 public:
  SpatialRef() : h_(OSRNewSpatialReference(nullptr)) {}
  ~SpatialRef() { OSRDestroySpatialReference(h_); }
  SpatialRef(const SpatialRef&) = delete;
  SpatialRef& operator=(const SpatialRef&) = delete;
  OGRSpatialReferenceH get() const { return h_; }

 private:
  OGRSpatialReferenceH h_;
};

/// Display name of a path for messages.
inline std::string display_name(const std::filesystem::path& p) {
  return p.string();
}

/// True for GDAL virtual paths (/vsizip/, /vsimem/, ...), which
/// std::filesystem cannot check.
inline bool is_virtual_path(const std::filesystem::path& p) {
  return p.string().rfind("/vsi", 0) == 0;
}

/// Opens `file` with the given GDAL_OF_* flags; throws InputError (through
/// `scope`) naming the file when it is missing or GDAL cannot open it.
Dataset open_dataset(const std::filesystem::path& file, unsigned flags, GdalErrorScope& scope,
                     const std::string& kind_hint);

/// Single-line WKT2 of an OGR spatial reference ("" for nullptr).
std::string srs_to_wkt(OGRSpatialReferenceH srs);

/// The dataset's CRS as single-line WKT2 ("" when it has none).
std::string dataset_wkt(GDALDatasetH ds);

/// Sets the dataset's CRS from any definition OSR accepts; no-op for "".
/// Throws InputError (through `scope`) when it cannot be parsed.
void set_dataset_crs(GDALDatasetH ds, const std::string& crs, GdalErrorScope& scope);

}  // namespace floodevac::gis::raster_detail
