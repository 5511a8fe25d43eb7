#pragma once
// Internal to gis/raster: small RAII owners for GDAL/OGR C handles and shared
// helpers. Not part of the public API.
#include <gdal.h>

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

}  // namespace floodevac::gis::raster_detail
