#include "app/input_checks.hpp"

#include <fmt/format.h>

#include <memory>

#include "app/evac_inputs.hpp"
#include "app/evac_run.hpp"
#include "app/inputs.hpp"
#include "app/scenario_errors.hpp"
#include "gis/crs.hpp"
#include "sim/core/error.hpp"
#include "sim/flood/initial_state.hpp"

namespace floodevac::app {

namespace {

std::string dem_words(const Grid<float>& dem) {
  return "the DEM covers " + gis::grid_extent(dem).describe() + " (" + gis::crs_describe(dem.crs_wkt) + ")";
}

}  // namespace

void require_overlap(const std::string& what, const std::filesystem::path& file, const gis::Extent& extent,
                     const Grid<float>& dem) {
  if (dem.rows == 0 || dem.cols == 0) return;  // no grid (an evacuation-only frame): nothing to miss
  if (extent.intersects(gis::grid_extent(dem))) return;
  throw InputError(what + " " + file.string() + ": does not overlap the DEM: it covers " + extent.describe() +
                   " and " + dem_words(dem) +
                   ". Check the file's CRS (a missing or wrong .prj / crs) and that it belongs to this area");
}

void check_points_on_dem(const std::string& what, const std::filesystem::path& file,
                         const std::vector<double>& x, const std::vector<double>& y, const Grid<float>& dem,
                         RunWarnings& warnings) {
  if (x.empty() || dem.rows == 0 || dem.cols == 0) return;
  const gis::Extent grid = gis::grid_extent(dem);
  gis::Extent all;
  std::size_t outside = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    all.add(x[i], y[i]);
    if (!grid.contains(x[i], y[i])) ++outside;
  }
  if (outside == x.size())
    throw InputError(what + " " + file.string() + ": none of its " + std::to_string(x.size()) +
                     " features lies on the DEM: they cover " + all.describe() + " and " + dem_words(dem) +
                     ". Check the file's CRS and that it belongs to this area");
  if (outside > 0)
    warnings.add(what, fmt::format("{}: {} of {} features lie outside the DEM ({}); the flood never reaches them",
                                   file.string(), outside, x.size(), dem_words(dem)));
}

InputCheckReport check_inputs(const Scenario& sc, const Logger& log) {
  InputCheckReport rep;
  RunWarnings warnings(log);
  if (!sc.with_flood) {  // an evacuation-only scenario: its inputs on their frame, no DEM
    const Grid<float> frame = evac_frame(sc, log);
    EvacRun evac(sc, frame, flood::HazardParams{}, log, warnings);
    rep.lines.push_back("evacuation inputs: roads, shelters, population and demand read and snapped");
    warnings.finish();
    rep.warnings = warnings.count();
    return rep;
  }
  FloodInputs in = read_flood_inputs(sc, log);
  rep.lines.push_back(fmt::format("DEM {}: {} x {} cells of {:.2f} m", sc.flood.dem.string(), in.dem.cols,
                                  in.dem.rows, in.dem.geo.dx));
  if (sc.flood.channels)
    rep.lines.push_back(fmt::format("channels {}: {} features burned into {} cells",
                                    sc.flood.channels->file.string(), in.channels.value("features", 0),
                                    in.channels.value("cells", 0)));
  if (sc.flood.walls) rep.lines.push_back("walls " + sc.flood.walls->file.string() + ": burned into the DEM");
  if (!sc.flood.rain_grids.empty())
    rep.lines.push_back(fmt::format("rain grids: {} frames on the DEM grid", sc.flood.rain_grids.size()));
  const flood::HazardParams hazard = hazard_params(sc.flood);
  std::unique_ptr<EvacRun> evac;
  if (sc.evac) {
    evac = std::make_unique<EvacRun>(sc, in.dem, hazard, log, warnings);
    rep.lines.push_back("evacuation inputs: roads, shelters, population and demand read and snapped");
  }
  Grid<float> h0 = sc.flood.initial_sea ? flood::initial_sea_depth(in.dem, in.config) : Grid<float>{};
  (void)at_scenario_fields(sc.sources, flood_fields(), [&] {
    return make_flood_model(sc.flood, in.dem, in.config, std::move(h0));
  });
  rep.lines.push_back("flood model: boundaries, inflows, breaches and rain accepted");
  warnings.finish();
  rep.warnings = warnings.count();
  return rep;
}

}  // namespace floodevac::app
