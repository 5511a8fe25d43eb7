#include "app/run_estimate.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <system_error>

#include "gis/raster/raster_shape.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

namespace {

// Bytes per flood cell: the state (sim/flood/state.hpp: bed, z, h, h_lo, max_h,
// max_v2, arrival, the two face-discharge arrays = 9 floats, and a byte
// "outside"), the DEM as read plus GDAL's warp buffer (2 floats), the initial
// depth and the wall mask (5), and at the end the four maps, a snapshot and the
// COG writer's copy with overviews (about 6 floats). Rounded up to 72.
constexpr double kFloodBytesPerCell = 72;
constexpr double kBytesPerRainFrame = 4;      // one float per cell per frame
constexpr double kBytesPerCellManning = 8;    // the n field and the raster read for it
constexpr double kEvacBytesPerCell = 16;      // population raster, exposure, not-sheltered maps
// Vector inputs in memory (OGR features, the road graph, agents): about this
// many times their size on disk.
constexpr double kVectorBytesPerFileByte = 8;
// Cell-steps a core does per second, about (bench/ figures on this kind of
// machine are 1e8..3e8); only for the "this will take long" warning.
constexpr double kCellStepsPerSecond = 1e8;

double file_bytes(const fs::path& p) {
  std::error_code ec;
  if (p.empty() || !fs::is_regular_file(p, ec)) return 0;
  return static_cast<double>(fs::file_size(p, ec));
}

std::string place(const Scenario& sc, const std::string& pointer) {
  const ErrorContext c = sc.sources.locate(pointer);
  if (c.file.empty()) return c.field;
  return c.line > 0 ? fmt::format("{} at {}:{}", c.field, c.file, c.line)
                    : fmt::format("{} in {}", c.field, c.file);
}

}  // namespace

double default_max_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return 8.0 * (1ull << 30);
  return 0.8 * static_cast<double>(pages) * static_cast<double>(page);
}

double parse_bytes(const std::string& text, const std::string& option) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (...) {
    used = 0;
  }
  std::string unit = text.substr(used);
  unit.erase(std::remove_if(unit.begin(), unit.end(), [](unsigned char c) { return std::isspace(c); }),
             unit.end());
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  double mult = -1;
  if (unit.empty() || unit == "B") mult = 1;
  else if (unit == "K" || unit == "KB" || unit == "KIB") mult = 1024.0;
  else if (unit == "M" || unit == "MB" || unit == "MIB") mult = 1024.0 * 1024;
  else if (unit == "G" || unit == "GB" || unit == "GIB") mult = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "TB" || unit == "TIB") mult = 1024.0 * 1024 * 1024 * 1024;
  if (used == 0 || mult < 0 || !std::isfinite(v) || !(v > 0))
    throw ConfigError("'" + text + "' is not an amount of memory",
                      ErrorContext{option, 0, 0, {}, "give bytes or a number with K, M, G or T, e.g. 8G"});
  return v * mult;
}

std::string format_bytes(double b) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (b >= 1024 && u < 5) {
    b /= 1024;
    ++u;
  }
  return fmt::format("{:.1f} {}", b, units[u]);
}

RunEstimate estimate_run(const Scenario& sc) {
  RunEstimate e;
  double cells = 0;  // an evacuation-only scenario has no grid of its own
  if (sc.with_flood) {
    const gis::RasterShape dem = gis::read_raster_shape(sc.flood.dem);
    e.cell_m = sc.flood.resolution_m > 0 ? sc.flood.resolution_m : dem.cell_m;
    const double cols = e.cell_m > 0 ? std::ceil(dem.width_m / e.cell_m) : double(dem.cols);
    const double rows = e.cell_m > 0 ? std::ceil(dem.height_m / e.cell_m) : double(dem.rows);
    cells = cols * rows;
  }
  e.cells = cells < 9e18 ? static_cast<std::int64_t>(cells) : INT64_MAX;
  e.bytes_per_cell = kFloodBytesPerCell +
                     kBytesPerRainFrame * static_cast<double>(sc.flood.rain_grids.size()) +
                     (sc.flood.manning.raster.empty() && sc.flood.manning.landcover.empty()
                          ? 0.0
                          : kBytesPerCellManning) +
                     (sc.evac ? kEvacBytesPerCell : 0.0);
  double vectors = 0;
  if (sc.flood.walls) vectors += file_bytes(sc.flood.walls->file);
  if (sc.flood.channels) vectors += file_bytes(sc.flood.channels->file);
  if (sc.evac)
    for (const auto& f : {sc.evac->roads, sc.evac->shelters, sc.evac->population.vector,
                          sc.evac->demand.trips_csv})
      vectors += file_bytes(f);
  e.bytes = cells * e.bytes_per_cell + kVectorBytesPerFileByte * vectors;
  const double duration = sc.duration_s;
  e.coupling_steps = duration / sc.coupling_interval_s;
  if (sc.with_flood)
    e.flood_steps = std::max(duration / sc.flood.config.params.max_dt_s, e.coupling_steps);
  if (sc.evac) e.movement_steps = duration / sc.evac->movement.step_s;
  if (sc.output_interval_s > 0) e.output_steps = duration / sc.output_interval_s;
  // One snapshot a coupling time at most; four float maps and a byte map at the end.
  const double snapshots =
      sc.depth_snapshots ? std::min(e.output_steps, std::ceil(e.coupling_steps)) : 0.0;
  e.output_bytes = cells * (4.0 * (snapshots + 4) + 1) + (sc.evac ? 8.0 * cells : 0.0);
  return e;
}

void check_estimate(const RunEstimate& e, const Scenario& sc, const RunLimits& limits,
                    const Logger& log) {
  const double max_memory =
      limits.max_memory_bytes > 0 ? limits.max_memory_bytes : default_max_memory();
  log.info(fmt::format(
      "estimate: {} cells of {:.2f} m, about {} of memory (limit {}); at least {:.3g} flood "
      "steps, {:.3g} coupling steps{}",
      e.cells, e.cell_m, format_bytes(e.bytes), format_bytes(max_memory), e.flood_steps,
      e.coupling_steps,
      e.movement_steps > 0 ? fmt::format(", {:.3g} movement steps", e.movement_steps) : ""));
  if (e.bytes > max_memory) {
    // The cell size that would fit (cells scale with 1 / size^2).
    const double fits_m = e.cell_m * std::sqrt(e.bytes / max_memory);
    ErrorContext c = sc.sources.locate(sc.flood.resolution_m > 0 ? "/flood/resolution_m" : "/flood/dem");
    c.fix = fmt::format("use a coarser flood.resolution_m (about {:.2g} m or more fits), a smaller "
                        "DEM, or raise the limit with --max-memory",
                        std::ceil(fits_m * 100) / 100);
    throw ConfigError(fmt::format("the run needs about {} of memory ({} cells of {:.2f} m at {:.0f} "
                                  "bytes each), more than the limit of {}",
                                  format_bytes(e.bytes), e.cells, e.cell_m, e.bytes_per_cell,
                                  format_bytes(max_memory)),
                      std::move(c));
  }
  struct Count {
    double steps;
    std::string what, pointer, fix;
  };
  const Count counts[] = {
      {e.coupling_steps, "coupling steps (time.duration_s / time.coupling_interval_s)",
       "/time/coupling_interval_s", "a longer time.coupling_interval_s (60 s is usual)"},
      {e.flood_steps, "flood steps (time.duration_s / flood.solver.max_dt_s at best)",
       "/flood/solver/max_dt_s", "a larger flood.solver.max_dt_s (the default is 10 s)"},
      {e.movement_steps, "movement steps (time.duration_s / evacuation.movement.step_s)",
       "/evacuation/movement/step_s", "a larger evacuation.movement.step_s"},
      {e.output_steps, "output steps (time.duration_s / time.output_interval_s)",
       "/time/output_interval_s", "a larger time.output_interval_s (0 = no snapshots)"},
  };
  for (const auto& k : counts) {
    if (!(k.steps > limits.max_steps)) continue;
    ErrorContext c = sc.sources.locate(k.pointer);
    c.fix = fmt::format("{}, a shorter time.duration_s ({}), or raise the limit with --max-steps",
                        k.fix, place(sc, "/time/duration_s"));
    throw ConfigError(fmt::format("the run would take at least {:.3g} {}, more than the limit of "
                                  "{:.3g}",
                                  k.steps, k.what, limits.max_steps),
                      std::move(c));
  }
  const double seconds = static_cast<double>(e.cells) * e.flood_steps / kCellStepsPerSecond;
  if (seconds > 6 * 3600.0)
    log.warn(fmt::format("this run will take long: at least {:.3g} flood steps on {} cells, many "
                         "hours of computing; check time.duration_s and flood.resolution_m",
                         e.flood_steps, e.cells));
}

}  // namespace floodevac::app

namespace floodevac::app {

void check_disk_space(const RunEstimate& e, const fs::path& out_dir, const Logger& log) {
  fs::path probe = fs::absolute(out_dir);
  std::error_code ec;
  while (!probe.empty() && !fs::exists(probe, ec) && probe != probe.parent_path())
    probe = probe.parent_path();
  const auto space = fs::space(probe, ec);
  if (ec) return;
  const double free_bytes = static_cast<double>(space.available);
  if (e.output_bytes > free_bytes)
    log.warn(fmt::format("the outputs may need up to {} (uncompressed) and {} has {} free: the run "
                         "may fail when the disk is full; a larger time.output_interval_s or "
                         "outputs.depth_snapshots: false writes less",
                         format_bytes(e.output_bytes), probe.string(), format_bytes(free_bytes)));
}

}  // namespace floodevac::app
