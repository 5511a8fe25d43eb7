#include "app/supply_run.hpp"

#include <fmt/format.h>

#include "gis/vector/depots.hpp"
#include "gis/vector/snapping.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

SupplyRun::SupplyRun(const SupplySpec& spec, const std::string& crs_wkt,
                     const graph::RoadGraph& graph, const std::vector<evac::Shelter>& shelters,
                     const Logger& log)
    : spec_(spec), graph_(graph) {
  gis::DepotFieldMap fields;
  fields.layer = spec.layer;
  depots_ = gis::read_depots(spec.depots, crs_wkt, fields);
  const gis::NodeSnapIndex index(graph);
  for (auto& d : depots_) {
    const auto lim = spec.limits_s.find(d.level);
    if (lim == spec.limits_s.end()) {
      std::string levels;
      for (const auto& [k, v] : spec.limits_s) levels += (levels.empty() ? "" : ", ") + k;
      throw InputError(fmt::format(
          "{}: depot '{}': level '{}' has no delivery limit in supplies.limits_s ({}). Add it "
          "to supplies.limits_s or correct the depot's level",
          spec.depots.string(), d.id, d.level, levels));
    }
    d.limit_s = lim->second;
    const auto hit = index.nearest(d.x, d.y, spec.max_snap_m);
    if (hit.node == graph::kInvalid)
      throw InputError(fmt::format(
          "{}: depot '{}' is more than {:.0f} m from the road network. Move it next to a road "
          "or raise supplies.depots.max_snap_m",
          spec.depots.string(), d.id, spec.max_snap_m));
    d.node = hit.node;
    d.snap_distance_m = hit.distance_m;
  }
  for (const auto& s : shelters) shelter_nodes_.push_back(s.node);
  double stock = 0;
  for (const auto& d : depots_) stock += d.stock_person_days;
  log.info(fmt::format("supplies: {} depots ({:.0f} person-days), {} checks", depots_.size(),
                       stock, spec_.times_s.size()));
}

void SupplyRun::check_at(const evac::QueueSim& sim, double t_s, double water_t_s) {
  const std::vector<double> w = sim.vehicle_free_times_s();
  std::vector<double> occupancy(shelter_nodes_.size());
  for (std::size_t s = 0; s < occupancy.size(); ++s)
    occupancy[s] = sim.shelter_occupancy(static_cast<std::uint32_t>(s));
  checks_.push_back(
      evac::check_supplies(graph_, w, depots_, shelter_nodes_, occupancy, t_s, water_t_s));
}

void SupplyRun::check_due(const evac::QueueSim& sim, double water_t_s) {
  const double t = sim.time_s();
  while (next_ < spec_.times_s.size() && spec_.times_s[next_] <= t + 1e-6)
    check_at(sim, spec_.times_s[next_++], water_t_s);
}

void SupplyRun::check_rest(const evac::QueueSim& sim, double water_t_s) {
  while (next_ < spec_.times_s.size()) check_at(sim, spec_.times_s[next_++], water_t_s);
}

}  // namespace floodevac::app
