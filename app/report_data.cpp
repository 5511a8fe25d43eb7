#include "app/report_data.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace floodevac::app {

std::vector<viz::Chart> water_charts(const MassBalanceLog& mass_balance) {
  viz::Chart water{"Water volumes (cumulative, m3)", "hours from scenario start", "m3", {}, {}};
  viz::Series stored{"stored", "#1f77b4", {}}, rain{"rain", "#2ca02c", {}},
      inflow{"river inflow", "#17becf", {}}, boundary_in{"boundary in", "#ff7f0e", {}},
      boundary_out{"boundary out", "#d62728", {}, true};
  viz::Chart error{
      "Mass balance: relative error", "hours from scenario start", "relative error", {}, {}};
  viz::Series relative{"relative error", "#7f7f7f", {}};
  for (const auto& r : mass_balance.records()) {
    const double h = r.time_s / 3600.0;
    water.x.push_back(h);
    error.x.push_back(h);
    stored.y.push_back(r.storage_m3);
    rain.y.push_back(r.rain_m3);
    inflow.y.push_back(r.inflow_m3);
    boundary_in.y.push_back(r.boundary_in_m3);
    boundary_out.y.push_back(r.boundary_out_m3);
    relative.y.push_back(r.relative_error());
  }
  water.series = {stored, rain, inflow, boundary_in, boundary_out};
  error.series = {relative};
  return {water, error};
}

std::vector<viz::Chart> evac_charts(const EvacRun& ev) {
  const auto res = ev.results();
  const auto& shelters = ev.inputs().shelters;
  viz::Chart people{"Evacuees by state", "hours from scenario start", "persons", {}, {}};
  viz::Series home{"at home", "#8c564b", {}}, moving{"on the roads", "#1f77b4", {}},
      sheltered{"sheltered", "#2ca02c", {}}, stranded{"stranded", "#ff7f0e", {}},
      trapped{"trapped", "#d62728", {}}, exposed{"exposed", "#9467bd", {}, true};
  for (const auto& r : res.series) {
    people.x.push_back(r.t_s / 3600.0);
    home.y.push_back(r.home);
    moving.y.push_back(r.moving);
    sheltered.y.push_back(r.sheltered);
    stranded.y.push_back(r.stranded);
    trapped.y.push_back(r.trapped);
    exposed.y.push_back(r.exposed);
  }
  people.series = {home, moving, sheltered, stranded, trapped, exposed};
  viz::Chart occ{
      "Shelter occupancy (dashed: capacity)", "hours from scenario start", "persons", people.x, {}};
  static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  const std::size_t shown = std::min<std::size_t>(shelters.size(), 10);
  for (std::size_t s = 0; s < shown; ++s) {
    viz::Series ser{shelters[s].id, colours[s], {}};
    for (const auto& r : res.series)
      ser.y.push_back(s < r.shelter_occupancy.size() ? r.shelter_occupancy[s] : 0.0);
    occ.series.push_back(ser);
    occ.series.push_back(
        {shelters[s].id + " capacity", colours[s],
         std::vector<double>(occ.x.size(), static_cast<double>(shelters[s].capacity_persons)),
         true});
  }
  if (shelters.size() > shown)
    occ.title += fmt::format(" — first {} of {} shelters", shown, shelters.size());
  return {people, occ};
}

viz::Report run_report(const std::string& scenario_name, const std::string& summary_text,
                       const MassBalanceLog& mass_balance, const EvacRun* evac,
                       const OutputSet& outputs) {
  viz::Report rep;
  rep.title = "floodevac run: " + scenario_name;
  rep.summary = summary_text;
  if (evac) rep.charts = evac_charts(*evac);
  if (!mass_balance.records().empty())  // none in an evacuation-only run
    for (auto& c : water_charts(mass_balance)) rep.charts.push_back(std::move(c));
  for (const auto& o : outputs.records())
    rep.outputs.push_back(
        {outputs.relative(o), o.description + (o.unit.empty() ? "" : " (" + o.unit + ")")});
  return rep;
}

}  // namespace floodevac::app
