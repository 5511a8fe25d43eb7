#pragma once
// The run in a few lines (summary.txt, printed by the CLI, top of the report)
// and the flood figures it and the manifest give.
#include <nlohmann/json.hpp>
#include <string>

#include "app/evac_run.hpp"
#include "app/mass_balance_log.hpp"
#include "app/scenario.hpp"
#include "app/warnings.hpp"
#include "sim/core/grid.hpp"
#include "sim/flood/flood_model.hpp"

namespace floodevac::app {

struct FloodFigures {
  double max_depth_m = 0;
  double flooded_area_km2 = 0;  // cells with max depth >= the inundation threshold
};

FloodFigures flood_figures(const Grid<float>& max_depth, double inundation_threshold_m,
                           double cell_area_m2);

std::string run_summary_text(const Scenario& scenario, const Grid<float>& dem, int threads,
                             const flood::FloodModel& model, const FloodFigures& figures,
                             const MassBalanceLog& mass_balance, const EvacRun* evac,
                             const RunWarnings& warnings);

/// summary.json: every headline number of summary.txt (run_summary_text writes the same
/// values), machine-readable. Times in s from the start; null where not reached.
nlohmann::json run_summary_json(const Scenario& scenario, const Grid<float>& dem, int threads,
                                const flood::FloodModel& model, const FloodFigures& figures,
                                const MassBalanceLog& mass_balance, const EvacRun* evac,
                                const RunWarnings& warnings);
nlohmann::json evac_only_summary_json(const Scenario& scenario, int threads, const EvacRun& evac,
                                      double ended_s, bool settled, const RunWarnings& warnings);

/// The summary of an evacuation-only run (no flood model): where it ended and why.
std::string evac_only_summary_text(const Scenario& scenario, int threads, const EvacRun& evac,
                                   double ended_s, bool settled, const RunWarnings& warnings);

}  // namespace floodevac::app
