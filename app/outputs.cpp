#include "app/outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <system_error>

#include "app/atomic_file.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

void as_output(const fs::path& file, const std::function<void()>& write) {
  try {
    write();
  } catch (const ConfigError&) {
    throw;  // a wrong writer option is a configuration error, not a failed write
  } catch (const InputError& e) {
    throw OutputError(e.message());
  } catch (const fs::filesystem_error& e) {
    throw OutputError(file.string() + ": " + e.code().message());
  }
}

OutputSet::OutputSet(fs::path dir, gis::CogOptions cog)
    : dir_(std::move(dir)), cog_(std::move(cog)) {}

fs::path OutputSet::folder(const fs::path& sub) const {
  const fs::path p = sub.empty() ? dir_ : dir_ / sub;
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) throw OutputError(p.string() + ": cannot create the output folder: " + ec.message());
  return p;
}

void OutputSet::raster(const Grid<float>& grid, const fs::path& rel, const std::string& kind,
                       const std::string& description, const std::string& unit) {
  gis::CogOptions o = cog_;
  o.description = description;
  o.unit = unit;
  as_output(dir_ / rel, [&] { gis::write_cog(grid, dir_ / rel, o); });
  OutputRecord rec{dir_ / rel, kind, description, unit};
  for (float v : grid.data)
    if (std::isfinite(v)) {
      rec.value_min = std::isfinite(rec.value_min) ? std::min<double>(rec.value_min, v) : v;
      rec.value_max = std::isfinite(rec.value_max) ? std::max<double>(rec.value_max, v) : v;
    }
  records_.push_back(std::move(rec));
}

void OutputSet::class_raster(const Grid<std::uint8_t>& grid, const fs::path& rel,
                             const std::string& kind, const std::string& description,
                             const std::string& unit,
                             const std::vector<std::array<std::uint8_t, 4>>& colour_table) {
  gis::CogOptions o = cog_;
  o.description = description;
  o.unit = unit;
  as_output(dir_ / rel, [&] { gis::write_cog_byte(grid, dir_ / rel, o, colour_table); });
  records_.push_back({dir_ / rel, kind, description, unit});
}

void OutputSet::text(const fs::path& rel, const std::string& content, const std::string& kind,
                     const std::string& description, const std::string& unit) {
  as_output(dir_ / rel, [&] { write_text_atomic(dir_ / rel, content); });
  records_.push_back({dir_ / rel, kind, description, unit});
}

void OutputSet::file(const fs::path& rel, const std::string& kind, const std::string& description,
                     const std::string& unit, const std::function<void(const fs::path&)>& write) {
  as_output(dir_ / rel, [&] { write(dir_ / rel); });
  records_.push_back({dir_ / rel, kind, description, unit});
}

std::string OutputSet::relative(const OutputRecord& record) const {
  return fs::relative(record.path, dir_).string();
}

void write_depth_snapshot(OutputSet& out, const Grid<float>& depth, double t_s) {
  out.raster(depth,
             fs::path("flood") /
                 fmt::format("depth_t{:06d}s.tif", static_cast<long long>(std::llround(t_s))),
             "depth_snapshot", fmt::format("water depth at t = {:.0f} s", t_s), "m");
}

void write_flood_maps(OutputSet& out, const flood::FloodModel& model, double inundation_threshold_m,
                      const flood::HazardParams& hazard) {
  const auto max_depth = model.max_depth();
  const auto max_speed = model.max_speed();
  out.raster(max_depth, "flood/max_depth.tif", "max_depth", "maximum water depth", "m");
  out.raster(max_speed, "flood/max_speed.tif", "max_speed", "maximum flow speed", "m/s");
  out.raster(model.first_inundation_s(), "flood/first_inundation_s.tif", "first_inundation",
             fmt::format("time depth first exceeded {:.2f} m, s from scenario start",
                         inundation_threshold_m),
             "s");
  // Colour table of the hazard classes 0..4; 255 (nodata) transparent.
  std::vector<std::array<std::uint8_t, 4>> colours(256, {0, 0, 0, 0});
  for (std::uint8_t c = 0; c <= 4; ++c) colours[c] = flood::hazard_class_rgba(c);
  out.class_raster(flood::hazard_class(max_depth, max_speed, hazard), "flood/hazard_class.tif",
                   "hazard_class",
                   "FD2321 hazard class from max depth and max speed: 0 dry, 1 low, 2 moderate, 3 "
                   "significant, 4 "
                   "extreme",
                   "class", colours);
}

}  // namespace floodevac::app
