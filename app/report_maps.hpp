#pragma once
// The report's maps (report/*.png), drawn by gis/raster/map_render on a hillshade of the
// model DEM, from the run's own outputs:
//   report/max_depth.png    maximum depth, the road network, links the water closed
//   report/shelters.png     shelters as discs sized by peak occupancy, coloured by fill
//   report/villages.png     villages coloured by margin (villages/plan.geojson margin_s;
//                           only when the run wrote that file)
//   report/water_front.png  where the water had reached at chosen times (first inundation)
// Each is an output of the run (OutputSet); the returned MapImages carry the legends.
#include <limits>
#include <vector>

#include "app/evac_run.hpp"
#include "app/outputs.hpp"
#include "sim/core/grid.hpp"
#include "viz/report.hpp"

namespace floodevac::app {

struct MapInputs {
  const Grid<float>* dem = nullptr;              ///< model bed (hillshade)
  const Grid<float>* max_depth = nullptr;        ///< m
  const Grid<float>* first_inundation_s = nullptr;
  double duration_s = 0;
  double landfall_s = std::numeric_limits<double>::quiet_NaN();  ///< NaN: no timeline
  double threshold_m = 0.05;                     ///< inundation threshold
  double shelter_peak_max_persons = 0;           ///< the largest peak (disc scale); 0: no shelter map
};

/// The times the water-front map shows (s from the start): with a landfall, T-6h, T+0,
/// T+6h and the end (those inside the run); else the quarters of the run.
std::vector<double> water_front_times(double duration_s, double landfall_s);

/// Draws and writes the maps (those whose inputs exist); the paths are relative to the
/// output folder, as report.html beside them needs them.
std::vector<viz::MapImage> write_report_maps(OutputSet& out, const MapInputs& in);

}  // namespace floodevac::app
