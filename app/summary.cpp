#include "app/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>

#include "app/evac_summary.hpp"
#include "sim/core/version.hpp"

namespace floodevac::app {

FloodFigures flood_figures(const Grid<float>& max_depth, double inundation_threshold_m,
                           double cell_area_m2) {
  double hmax = 0.0;
  std::int64_t flooded = 0;
  for (float v : max_depth.data) {
    if (!std::isfinite(v)) continue;
    hmax = std::max(hmax, static_cast<double>(v));
    if (v >= inundation_threshold_m) ++flooded;
  }
  return {hmax, static_cast<double>(flooded) * cell_area_m2 / 1e6};
}

std::string run_summary_text(const Scenario& sc, const Grid<float>& dem, int threads,
                             const flood::FloodModel& model, const FloodFigures& figures,
                             const MassBalanceLog& mass_balance, const EvacRun* evac,
                             const RunWarnings& warnings) {
  const double threshold_m = sc.flood.config.params.inundation_threshold_m;
  const auto& mb = model.mass_balance();
  std::ostringstream txt;
  txt << fmt::format("floodevac {} — scenario '{}'\n", version(), sc.name);
  if (!sc.description.empty()) txt << sc.description << "\n";
  txt << fmt::format("simulated {:.0f} s ({:.1f} h) on {} x {} cells of {:.1f} m with {} threads\n",
                     sc.duration_s, sc.duration_s / 3600.0, dem.cols, dem.rows, dem.geo.dx,
                     threads);
  txt << fmt::format("flood: {} steps; max depth {:.2f} m; {:.3f} km2 deeper than {:.2f} m\n",
                     model.steps_taken(), figures.max_depth_m, figures.flooded_area_km2,
                     threshold_m);
  txt << fmt::format(
      "water: rain {:.0f} m3, inflow {:.0f} m3, boundary in {:.0f} m3 / out {:.0f} m3, losses "
      "{:.0f} m3, "
      "stored {:.0f} m3\n",
      mb.rain_m3, mb.inflow_m3, mb.boundary_in_m3, mb.boundary_out_m3, mb.losses_m3, mb.storage_m3);
  txt << fmt::format("mass balance: worst relative error {:.2e} over {} records\n",
                     mass_balance.worst_relative_error(), mass_balance.records().size());
  if (evac) txt << evac_summary_text(*evac);
  txt << warnings.summary_line();
  return txt.str();
}

std::string evac_only_summary_text(const Scenario& sc, int threads, const EvacRun& evac,
                                   double ended_s, bool settled, const RunWarnings& warnings) {
  std::ostringstream txt;
  txt << fmt::format("floodevac {} — scenario '{}'\n", version(), sc.name);
  if (!sc.description.empty()) txt << sc.description << "\n";
  txt << fmt::format("simulated {:.0f} s ({:.1f} h) of {:.0f} s with {} threads", ended_s,
                     ended_s / 3600.0, sc.duration_s, threads);
  if (settled && ended_s < sc.duration_s) txt << "; ended early (all evacuees settled)";
  txt << "\n";
  txt << "flood: no flood model (evacuation-only scenario: roads stay open, nobody is exposed)\n";
  txt << evac_summary_text(evac);
  txt << warnings.summary_line();
  return txt.str();
}

}  // namespace floodevac::app
