#include "app/timeline_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_map>

#include "gis/vector/activity_places.hpp"
#include "gis/vector/snapping.hpp"
#include "gis/vector/villages.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

namespace {

std::string read_file_text(const std::filesystem::path& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(what + " " + file.string() + ": cannot open the file. Check the path in the scenario");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

[[noreturn]] void fail_at(const Scenario& sc, const std::string& pointer, const std::string& message,
                          const std::string& fix) {
  ErrorContext c = sc.sources.locate(pointer);
  c.fix = fix;
  throw ConfigError(message, std::move(c));
}

/// Index of each village id; the listed ids of `pointer` must be villages.
std::int32_t zone_index(const Scenario& sc, const gis::VillageZones& villages, const std::string& id,
                        const std::string& pointer) {
  const int z = villages.index_of(id);
  if (z < 0)
    fail_at(sc, pointer, "'" + id + "' is not a village of " + sc.timeline->villages.string(),
            "use the village ids of that file (e.g. " + villages.villages().front().id + ")");
  return z;
}

}  // namespace

TimelineFerries add_timeline_ferries(const Scenario& sc, const std::string& crs_wkt,
                                     graph::RoadGraph& graph, const Logger& log) {
  TimelineFerries out;
  if (!sc.timeline || !sc.timeline->ferries) return out;
  const TimelineFerrySpec& f = *sc.timeline->ferries;
  gis::FerryFieldMap fm;
  fm.layer = f.layer;
  out.lines = gis::read_ferry_lines(f.file, crs_wkt, fm);
  out.departures = gis::read_ferry_timetable(f.timetable, out.lines);
  gis::FerryNetwork net = gis::add_ferry_edges(graph, out.lines, f.max_pier_snap_m, f.file.string());
  graph = std::move(net.graph);
  out.links = std::move(net.links);
  for (const auto& l : out.links)
    log.info(fmt::format("ferry {}: piers at road nodes {} and {} ({:.1f} / {:.1f} m off the line's ends)",
                         out.lines[l.line].id, l.first_node, l.last_node, l.first_snap_m, l.last_snap_m));
  return out;
}

policy::TimelineInputs timeline_inputs(const Scenario& sc, const std::string& crs_wkt,
                                       const graph::RoadGraph& graph,
                                       const std::vector<evac::Shelter>& shelters,
                                       const std::vector<evac::PopulationUnit>& units,
                                       const TimelineFerries& ferries, const Logger& log,
                                       RunWarnings& warnings,
                                       std::vector<gis::Village>* villages_read) {
  const TimelineSpec& t = *sc.timeline;
  policy::TimelineInputs in;
  in.clock = t.clock;
  in.graph = &graph;
  in.shelters = shelters;
  in.units = units;
  in.seed = sc.seed;
  in.duration_s = sc.duration_s;
  in.warning = t.warning;
  in.returns = t.returns;
  in.gravity = t.gravity;
  in.response.car_share = sc.evac->demand.car_share;
  in.response.occupancy = sc.evac->demand.occupancy;

  std::unordered_map<std::string, std::int32_t> shelter_of;
  for (std::size_t s = 0; s < shelters.size(); ++s)
    shelter_of.emplace(shelters[s].id, static_cast<std::int32_t>(s));

  // Villages -> zones.
  gis::VillageFieldMap vf;
  vf.layer = t.villages_layer;
  const gis::VillageZones villages = gis::read_villages(t.villages, crs_wkt, vf);
  // 一村一策 plan table (timeline.villages.plan): replaces the listed villages' plans.
  std::vector<const gis::VillagePlanEntry*> plan_of(villages.size(), nullptr);
  std::vector<gis::VillagePlanEntry> plan_table;
  if (!t.village_plan.empty()) {
    plan_table = gis::read_village_plan(t.village_plan);
    for (const auto& e : plan_table) {
      const int z = villages.index_of(e.id);
      if (z < 0)
        throw InputError(e.where + ": village '" + e.id + "' is not a village of " + t.villages.string() +
                         ". Use the village ids of that file");
      plan_of[static_cast<std::size_t>(z)] = &e;
    }
    log.info(fmt::format("timeline: the plan of {} villages from {}", plan_table.size(),
                         t.village_plan.string()));
  }
  for (std::size_t k = 0; k < villages.size(); ++k) {
    const gis::Village& v = villages.villages()[k];
    const gis::VillagePlanEntry* planned = plan_of[k];
    const std::vector<std::string>& plan_ids = planned ? planned->shelters : v.shelters;
    const std::string plan_file = planned ? planned->where : t.villages.string() + " (village '" + v.id + "')";
    policy::Zone z;
    z.id = v.id;
    z.name = v.name;
    z.danger = policy::danger_from_name(v.danger, t.villages.string() + " village " + v.id + " danger");
    for (const auto& sid : plan_ids) {
      const auto it = shelter_of.find(sid);
      if (it == shelter_of.end())
        throw InputError(plan_file + ": field 'shelters' names '" + sid +
                         "', which is not a shelter of " + sc.evac->shelters.string() +
                         ". Use the shelter ids of that file");
      z.plan_shelters.push_back(it->second);
    }
    z.plan_places = planned ? planned->plan_places : v.plan_places;
    z.island = z.danger == policy::DangerType::island;
    z.enforcement = t.enforce_everywhere;
    in.zones.push_back(std::move(z));
  }
  for (std::size_t i = 0; i < t.enforced_zones.size(); ++i)
    in.zones[static_cast<std::size_t>(zone_index(sc, villages, t.enforced_zones[i],
                                                 "/timeline/returns/enforcement/" + std::to_string(i)))]
        .enforcement = true;
  in.unit_zone.reserve(units.size());
  std::size_t outside = 0;
  for (const auto& u : units) {
    in.unit_zone.push_back(villages.zone_of(u.x, u.y));
    outside += in.unit_zone.back() < 0;
  }
  if (outside > 0)
    warnings.add("timeline", fmt::format("{} of {} home units lie in no village polygon of {}: "
                                         "no order for a village reaches them",
                                         outside, units.size(), t.villages.string()));

  // Activity places, snapped like the home units.
  std::vector<evac::PopulationUnit> place_points;
  for (const auto& layer : t.places) {
    gis::ActivityFieldMap af;
    af.layer = layer.layer;
    for (const auto& p : gis::read_activity_places(layer.file, layer.group, crs_wkt, af)) {
      policy::ActivityPlace q;
      q.id = p.id;
      q.kind = p.kind;
      q.activity = policy::activity_from_layer(p.group, layer.pointer.substr(1));
      q.x = p.x, q.y = p.y;
      q.persons = p.persons;
      q.zone = !p.village.empty() && villages.index_of(p.village) >= 0 ? villages.index_of(p.village)
                                                                        : villages.zone_of(p.x, p.y);
      if (!p.shelter_id.empty()) {
        const auto it = shelter_of.find(p.shelter_id);
        if (it == shelter_of.end())
          throw InputError(layer.file.string() + " (" + layer.group + " '" + p.id +
                           "'): field 'shelter_id' = '" + p.shelter_id + "' is not a shelter of " +
                           sc.evac->shelters.string() + ". Use the shelter ids of that file");
        q.shelter = it->second;
      }
      q.boarding = p.boarding;
      q.lodging = q.activity == policy::Activity::tourist && q.kind == "hotel";
      in.places.push_back(std::move(q));
      evac::PopulationUnit pt;
      pt.id = p.id;
      pt.x = p.x, pt.y = p.y;
      pt.persons = p.persons;
      place_points.push_back(std::move(pt));
    }
  }
  if (!place_points.empty()) {
    std::vector<evac::Shelter> none;
    const auto rep = gis::snap_to_network(graph, none, place_points, sc.evac->snap.max_snap_m_shelters,
                                          sc.evac->snap.max_snap_m_population);
    for (std::size_t k = 0; k < place_points.size(); ++k) in.places[k].node = place_points[k].node;
    if (rep.population_unsnapped > 0)
      warnings.add("timeline", fmt::format("{} activity places ({:.0f} persons) are farther than {:.0f} m "
                                           "from a road: nobody there moves",
                                           rep.population_unsnapped, rep.persons_unsnapped,
                                           sc.evac->snap.max_snap_m_population));
  }
  if (!t.profile.empty())
    in.profile = policy::DailyProfile::from_csv(read_file_text(t.profile, "daily profile"), t.profile.string());

  // Orders: zone ids and danger types to indices.
  for (const auto& o : t.orders) {
    policy::Order order;
    order.kind = o.kind;
    order.issue_s = o.issue_s;
    for (std::size_t i = 0; i < o.zones.size(); ++i)
      order.zones.push_back(zone_index(sc, villages, o.zones[i], o.pointer + "/zones/" + std::to_string(i)));
    for (std::size_t z = 0; z < in.zones.size(); ++z)
      for (const auto d : o.danger)
        if (in.zones[z].danger == d) order.zones.push_back(static_cast<std::int32_t>(z));
    if (!o.danger.empty() && order.zones.empty())
      fail_at(sc, o.pointer + "/danger", "no village has these danger types",
              "check the danger types against the villages file, or list the zones");
    std::sort(order.zones.begin(), order.zones.end());
    order.zones.erase(std::unique(order.zones.begin(), order.zones.end()), order.zones.end());
    order.label = o.label.empty() ? std::string(policy::order_kind_name(o.kind)) + " " +
                                        policy::format_local_datetime(t.clock.local(o.issue_s))
                                  : o.label;
    in.orders.push_back(std::move(order));
  }
  in.compliance.by_activity = t.compliance.by_activity;
  if (!t.zone_factor.empty()) {
    in.compliance.zone_factor.assign(in.zones.size(), 1.0);
    for (const auto& [id, factor] : t.zone_factor)
      in.compliance.zone_factor[static_cast<std::size_t>(
          zone_index(sc, villages, id, "/timeline/compliance/zone_factor/" + id))] = factor;
  }

  // Ferry services: the timetable laid over the run, per direction.
  for (const auto& link : ferries.links) {
    const gis::FerryLine& line = ferries.lines[link.line];
    for (const bool forward : {true, false}) {
      std::vector<double> day;
      for (const auto& d : ferries.departures)
        if (d.ferry_id == line.id && d.forward == forward) day.push_back(d.depart_s_of_day);
      evac::FerryService s;
      s.edge = forward ? link.forward : link.backward;
      s.departures_s = policy::daily_to_sim_times(in.clock, day, 0.0, sc.duration_s,
                                                  "timeline.ferries.timetable");
      s.crossing_s = line.crossing_s;
      s.boat_capacity_persons = line.boat_capacity_persons;
      in.ferries.push_back(std::move(s));
    }
  }
  log.info(fmt::format("timeline: {} villages, {} activity places, {} orders, {} ferry services; "
                       "clock start {} (+{} min UTC), landfall at {:.0f} s",
                       in.zones.size(), in.places.size(), in.orders.size(), in.ferries.size(),
                       policy::format_local_datetime(in.clock.start), in.clock.utc_offset_min,
                       in.clock.landfall_s));
  in.validate();
  if (villages_read) *villages_read = villages.villages();
  return in;
}

std::vector<std::string> zone_ids(const policy::TimelineInputs& in) {
  std::vector<std::string> ids;
  for (const auto& z : in.zones) ids.push_back(z.id);
  return ids;
}

}  // namespace floodevac::app
