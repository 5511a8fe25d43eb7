#pragma once
// Every file a run writes goes through one OutputSet: it makes the folders,
// writes rasters (COG), vector files and text atomically through gis/ and
// atomic_file, and keeps the list of outputs, in writing order, that the
// manifest and the report show. A file or folder that cannot be written is
// an OutputError (exit code 1). The flood's own maps are written here too;
// the evacuation's are in evac_outputs.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "gis/raster/raster_io.hpp"
#include "sim/core/grid.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/hazard.hpp"

namespace floodevac::app {

struct OutputRecord {
  std::filesystem::path path;
  std::string kind, description, unit;
  /// Float rasters: the smallest and largest finite value (the QGIS styles' ranges).
  double value_min = std::numeric_limits<double>::quiet_NaN();
  double value_max = std::numeric_limits<double>::quiet_NaN();
};

class OutputSet {
 public:
  /// dir: the run's output folder (created by folder()). cog: what every raster starts from.
  OutputSet(std::filesystem::path dir, gis::CogOptions cog);

  const std::filesystem::path& dir() const { return dir_; }
  const gis::CogOptions& cog() const { return cog_; }
  /// Creates dir/sub (and the folders above it); returns it.
  std::filesystem::path folder(const std::filesystem::path& sub) const;

  /// Float32 COG at dir/rel with the band's description and unit.
  void raster(const Grid<float>& grid, const std::filesystem::path& rel, const std::string& kind,
              const std::string& description, const std::string& unit);
  /// Byte COG with a colour table.
  void class_raster(const Grid<std::uint8_t>& grid, const std::filesystem::path& rel,
                    const std::string& kind, const std::string& description,
                    const std::string& unit,
                    const std::vector<std::array<std::uint8_t, 4>>& colour_table);
  void text(const std::filesystem::path& rel, const std::string& content, const std::string& kind,
            const std::string& description, const std::string& unit);
  /// A file that `write` writes at the path it is given (a gis/ vector writer).
  void file(const std::filesystem::path& rel, const std::string& kind,
            const std::string& description, const std::string& unit,
            const std::function<void(const std::filesystem::path&)>& write);

  const std::vector<OutputRecord>& records() const { return records_; }
  /// The record's path relative to the output folder (as the manifest and report give it).
  std::string relative(const OutputRecord& record) const;

 private:
  std::filesystem::path dir_;
  gis::CogOptions cog_;
  std::vector<OutputRecord> records_;
};

/// Runs `write`; a failure to write `file` (what gis/ and atomic_file throw
/// as InputError, or a filesystem error) is thrown again as an OutputError.
void as_output(const std::filesystem::path& file, const std::function<void()>& write);

/// flood/depth_tNNNNNNs.tif: the depth at t_s.
void write_depth_snapshot(OutputSet& out, const Grid<float>& depth, double t_s);

/// The flood's maps at the end of the run: flood/max_depth.tif, max_speed.tif,
/// first_inundation_s.tif and hazard_class.tif (FD2321 class of max depth and speed).
void write_flood_maps(OutputSet& out, const flood::FloodModel& model, double inundation_threshold_m,
                      const flood::HazardParams& hazard);

}  // namespace floodevac::app
