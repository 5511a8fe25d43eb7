#pragma once
// Internal to gis/: opening GDAL datasets (raster or vector) with one
// "file not found" rule, and an owner for GDALDatasetH. Not part of the
// public API.
#include <gdal.h>

#include <filesystem>
#include <string>
#include <utility>

#include "gis/gdal_error.hpp"

namespace floodevac::gis::detail {

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

/// Throws InputError "<what> <path>: file not found; ..." ("<path>: ..."
/// when `what` is empty) unless the file exists or is a GDAL virtual path.
void require_file(const std::filesystem::path& file, const std::string& what = {});

/// Opens `file` with the given GDAL_OF_* flags; throws InputError (through
/// `scope`, which names the file) when it is missing or GDAL cannot open it.
Dataset open_dataset(const std::filesystem::path& file, unsigned flags, GdalErrorScope& scope,
                     const std::string& kind_hint);

}  // namespace floodevac::gis::detail
