#include "app/inputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "app/input_checks.hpp"
#include "gis/crs.hpp"
#include "gis/extent.hpp"
#include "gis/raster/channels.hpp"
#include "gis/raster/raster_io.hpp"
#include "gis/raster/walls.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

void stop_if_asked(const Progress& progress, std::string_view doing) {
  if (!progress.update(0.0, doing))
    throw CancelledError(fmt::format("run cancelled while {}", doing));
}

FloodInputs read_flood_inputs(const Scenario& sc, const Logger& log, const Progress& progress) {
  if (!sc.crs.empty()) {
    try {
      (void)gis::crs_wkt_from_user(sc.crs);  // a bad crs fails before the DEM is read
    } catch (const InputError& e) {
      throw ConfigError(std::string("crs: ") + e.what(), sc.sources.locate("/crs"));
    }
  }
  FloodInputs in;
  stop_if_asked(progress, "reading the DEM");
  in.dem = gis::read_dem(sc.flood.dem, sc.crs, sc.flood.resolution_m, progress);
  log.info(fmt::format("DEM {}: {} x {} cells of {:.2f} m, CRS {}", sc.flood.dem.string(),
                       in.dem.cols, in.dem.rows, in.dem.geo.dx, gis::crs_describe(in.dem.crs_wkt)));
  in.config = sc.flood.config;
  Grid<std::uint8_t> channel_mask;
  if (sc.flood.channels) {  // before the walls: a wall crossing a channel keeps its crest
    stop_if_asked(progress, "reading the channels");
    const auto& ch = *sc.flood.channels;
    // The DEM at its source resolution: the bed the resampling averaged away.
    const Grid<float> fine =
        sc.flood.resolution_m > 0.0 ? gis::read_dem(sc.flood.dem, sc.crs, 0.0, progress) : in.dem;
    const auto burn = gis::burn_channels(in.dem, fine, ch.file, ch.layer);
    if (burn.cells == 0)  // channels elsewhere would silently change nothing
      require_overlap("channels", ch.file, gis::vector_extent(ch.file, ch.layer, in.dem.crs_wkt, "channels"),
                      in.dem);
    log.info(fmt::format("channels: {} features burned into {} cells (lowered by mean {:.2f} m, max {:.2f} m)",
                         burn.features, burn.cells, burn.mean_lowering_m, burn.max_lowering_m));
    in.channels = nlohmann::json{{"file", ch.file.string()},     {"features", burn.features},
                                 {"cells", burn.cells},          {"cells_lowered", burn.lowered},
                                 {"mean_lowering_m", burn.mean_lowering_m}, {"max_lowering_m", burn.max_lowering_m}};
    channel_mask = burn.mask;
  }
  if (sc.flood.walls) {
    stop_if_asked(progress, "reading the walls");
    const auto& w = *sc.flood.walls;
    const auto burn = gis::burn_walls(in.dem, w.file, w.crest_field, w.layer);
    if (burn.cells == 0)  // walls elsewhere would silently hold back nothing
      require_overlap("walls", w.file, gis::vector_extent(w.file, w.layer, in.dem.crs_wkt, "walls"), in.dem);
    in.config.wall_mask = burn.mask;
    log.info(fmt::format("walls: {} features burned into {} cells", burn.features, burn.cells));
    std::size_t blocked = 0;  // channel cells a wall raised again: the grid cannot hold both apart
    for (std::size_t i = 0; i < channel_mask.data.size(); ++i)
      blocked += (channel_mask.data[i] != 0 && burn.mask.data[i] != 0) ? 1 : 0;
    if (blocked > 0) {
      log.warn(fmt::format("channels: {} of the {} channel cells are also wall cells and keep the wall's crest, "
                           "(a wall across the channel, or cells too coarse to keep a channel and its levees apart: "
                           "then a finer flood.resolution_m, cells narrower than the gap between them, helps)",
                           blocked, in.channels.value("cells", std::size_t{0})));
      in.channels["cells_under_walls"] = blocked;
    }
  }
  for (const auto& [t, file] : sc.flood.rain_grids) {
    stop_if_asked(progress, "reading the rain grids");
    in.config.rain.frame_t_s.push_back(t);
    Grid<float> frame = gis::read_raster_onto(file, in.dem, gis::Resampling::bilinear);
    std::size_t bad = 0;
    for (float v : frame.data) bad += (v < 0.0f || std::isinf(v)) ? 1 : 0;
    if (bad > 0)
      throw InputError(fmt::format("{}: rain grid (t_s = {:g}): {} cells hold a negative or infinite rain "
                                   "intensity on the model grid; rain is in mm/h >= 0. Fix the raster or "
                                   "declare its nodata value (gdal_edit.py -a_nodata <value>)",
                                   file.string(), t, bad));
    in.config.rain.frames_mm_h.push_back(std::move(frame));
  }
  if (sc.flood.gauges) {
    stop_if_asked(progress, "reading the gauges");
    in.gauges = gis::read_gauges(sc.flood.gauges->file, sc.flood.gauges->layer, in.dem.crs_wkt);
    for (const auto& g : in.gauges)
      if (!in.dem.inside(in.dem.geo.row_of(g.y), in.dem.geo.col_of(g.x)))
        throw InputError(fmt::format("{}: gauge '{}' at ({:.1f}, {:.1f}) lies outside the DEM. Move it "
                                     "onto the model grid or leave it out",
                                     sc.flood.gauges->file.string(), g.id, g.x, g.y));
    log.info(fmt::format("gauges: {} read from {}", in.gauges.size(), sc.flood.gauges->file.string()));
  }
  return in;
}

flood::FloodModel make_flood_model(const FloodSpec& spec, const Grid<float>& dem,
                                   flood::FloodConfig config, Grid<float> initial_depth) {
  const ManningSpec& mn = spec.manning;
  // One roughness value: uniform, or per cell from a raster or a land-cover table (sim/flood/roughness.hpp).
  flood::Roughness manning = flood::Roughness::uniform(mn.constant, "flood.manning.constant");
  if (!mn.raster.empty()) {
    manning = flood::Roughness::per_cell(gis::read_raster_onto(mn.raster, dem, gis::Resampling::bilinear),
                                         mn.raster.string());
  } else if (!mn.landcover.empty()) {
    const auto classes = gis::read_raster_onto(mn.landcover, dem, gis::Resampling::nearest);
    manning = flood::Roughness::per_cell(
        gis::manning_from_landcover(classes, mn.table, mn.default_n, mn.landcover.string()), mn.landcover.string());
  }
  return flood::FloodModel(dem, std::move(manning), std::move(config), std::move(initial_depth));
}

flood::HazardParams hazard_params(const FloodSpec& spec) {
  flood::HazardParams hp = spec.hazard;
  hp.debris_factor =
      static_cast<float>(hp.debris_factor);  // float, as the run has always passed it
  return hp;
}

std::vector<std::filesystem::path> input_files(const Scenario& sc) {
  std::vector<std::filesystem::path> files;
  if (sc.with_flood) {
    files.push_back(sc.flood.dem);
    const auto& mn = sc.flood.manning;
    if (!mn.raster.empty())
      files.push_back(mn.raster);
    else if (!mn.landcover.empty())
      files.push_back(mn.landcover);
    if (sc.flood.walls) files.push_back(sc.flood.walls->file);
    if (sc.flood.channels) files.push_back(sc.flood.channels->file);
    if (sc.flood.gauges) files.push_back(sc.flood.gauges->file);
    for (const auto& [t, file] : sc.flood.rain_grids) files.push_back(file);
  }
  if (sc.evac) {
    const auto& e = *sc.evac;
    for (const auto& f :
         {e.roads, e.shelters, e.population.raster, e.population.vector, e.demand.trips_csv})
      if (!f.empty()) files.push_back(f);
  }
  if (sc.supplies) files.push_back(sc.supplies->depots);
  return files;
}

}  // namespace floodevac::app
