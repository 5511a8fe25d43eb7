#include "app/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>

#include "app/evac_summary.hpp"
#include "app/supply_outputs.hpp"
#include "app/timeline_outputs.hpp"
#include "app/village_plan_outputs.hpp"
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

nlohmann::json run_summary_json(const Scenario& sc, const Grid<float>& dem, int threads,
                                const flood::FloodModel& model, const FloodFigures& figures,
                                const MassBalanceLog& mass_balance, const EvacRun* evac,
                                const RunWarnings& warnings) {
  const auto& mb = model.mass_balance();
  nlohmann::json j{
      {"version", version()},
      {"scenario", sc.name},
      {"description", sc.description},
      {"simulated_s", sc.duration_s},
      {"threads", threads},
      {"grid", {{"cols", dem.cols}, {"rows", dem.rows}, {"cell_m", dem.geo.dx}}},
      {"flood",
       {{"steps", model.steps_taken()},
        {"max_depth_m", figures.max_depth_m},
        {"flooded_area_km2", figures.flooded_area_km2},
        {"inundation_threshold_m", sc.flood.config.params.inundation_threshold_m}}},
      {"water_m3",
       {{"rain", mb.rain_m3},
        {"inflow", mb.inflow_m3},
        {"boundary_in", mb.boundary_in_m3},
        {"boundary_out", mb.boundary_out_m3},
        {"losses", mb.losses_m3},
        {"stored", mb.storage_m3}}},
      {"mass_balance",
       {{"worst_relative_error", mass_balance.worst_relative_error()},
        {"records", mass_balance.records().size()}}},
      {"evacuation", evac ? evac_summary_json(*evac) : nlohmann::json(nullptr)},
      {"timeline", evac ? timeline_summary_json(*evac) : nlohmann::json(nullptr)},
      {"villages", evac ? village_summary_json(*evac) : nlohmann::json(nullptr)},
      {"supplies", evac ? supply_summary_json(*evac) : nlohmann::json(nullptr)},
      {"warnings", warnings.count()}};
  return j;
}

std::string run_summary_text(const Scenario& sc, const Grid<float>& dem, int threads,
                             const flood::FloodModel& model, const FloodFigures& figures,
                             const MassBalanceLog& mass_balance, const EvacRun* evac,
                             const RunWarnings& warnings) {
  nlohmann::json j =
      run_summary_json(sc, dem, threads, model, figures, mass_balance, evac, warnings);
  auto& f = j["flood"];
  auto& w = j["water_m3"];
  std::ostringstream txt;
  txt << fmt::format("floodevac {} — scenario '{}'\n", version(), sc.name);
  if (!sc.description.empty()) txt << sc.description << "\n";
  txt << fmt::format("simulated {:.0f} s ({:.1f} h) on {} x {} cells of {:.1f} m with {} threads\n",
                     j["simulated_s"].get<double>(), j["simulated_s"].get<double>() / 3600.0,
                     dem.cols, dem.rows, dem.geo.dx, threads);
  txt << fmt::format("flood: {} steps; max depth {:.2f} m; {:.3f} km2 deeper than {:.2f} m\n",
                     f["steps"].get<std::int64_t>(), f["max_depth_m"].get<double>(),
                     f["flooded_area_km2"].get<double>(), f["inundation_threshold_m"].get<double>());
  txt << fmt::format(
      "water: rain {:.0f} m3, inflow {:.0f} m3, boundary in {:.0f} m3 / out {:.0f} m3, losses "
      "{:.0f} m3, "
      "stored {:.0f} m3\n",
      w["rain"].get<double>(), w["inflow"].get<double>(), w["boundary_in"].get<double>(),
      w["boundary_out"].get<double>(), w["losses"].get<double>(), w["stored"].get<double>());
  txt << fmt::format("mass balance: worst relative error {:.2e} over {} records\n",
                     j["mass_balance"]["worst_relative_error"].get<double>(),
                     j["mass_balance"]["records"].get<std::size_t>());
  if (evac)
    txt << evac_summary_text(*evac) << timeline_summary_text(*evac) << village_summary_text(*evac)
        << supply_summary_text(*evac);
  txt << warnings.summary_line();
  return txt.str();
}

nlohmann::json evac_only_summary_json(const Scenario& sc, int threads, const EvacRun& evac,
                                      double ended_s, bool settled, const RunWarnings& warnings) {
  return nlohmann::json{{"version", version()},
                        {"scenario", sc.name},
                        {"description", sc.description},
                        {"simulated_s", ended_s},
                        {"scenario_end_s", sc.duration_s},
                        {"ended_early", settled && ended_s < sc.duration_s},
                        {"threads", threads},
                        {"flood", nullptr},
                        {"evacuation", evac_summary_json(evac)},
                        {"timeline", timeline_summary_json(evac)},
                        {"villages", village_summary_json(evac)},
                        {"supplies", supply_summary_json(evac)},
                        {"warnings", warnings.count()}};
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
  txt << evac_summary_text(evac) << timeline_summary_text(evac) << village_summary_text(evac)
      << supply_summary_text(evac);
  txt << warnings.summary_line();
  return txt.str();
}

}  // namespace floodevac::app
