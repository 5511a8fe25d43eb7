#include "app/evac_inputs.hpp"

#include <fmt/format.h>

#include "app/input_checks.hpp"
#include "app/inputs.hpp"
#include "app/scenario_errors.hpp"
#include "gis/crs.hpp"
#include "gis/raster/raster_io.hpp"
#include "sim/evac/demand.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::app {

namespace {

void read_population(const PopulationSpec& spec, const Grid<float>& dem, EvacInputs& in) {
  if (!spec.raster.empty()) {
    const auto native = gis::read_raster(spec.raster);
    const Grid<float> persons = gis::crs_equivalent(native.crs_wkt, dem.crs_wkt)
                                    ? native
                                    : gis::read_raster_onto(spec.raster, dem, gis::Resampling::sum);
    auto u = gis::population_from_raster(persons, spec.min_persons, spec.raster.string());
    in.units.insert(in.units.end(), u.begin(), u.end());
  }
  if (!spec.vector.empty()) {
    auto u = gis::read_population_vector(spec.vector, dem.crs_wkt, spec.count_field);
    in.units.insert(in.units.end(), u.begin(), u.end());
  }
  for (const auto& u : in.units) in.unit_persons += u.persons;
}

/// Who cannot reach any shelter on the network as it is (before any flooding).
void check_reach(EvacInputs& in, const Logger& log, RunWarnings& warnings) {
  std::vector<graph::NodeId> shelter_nodes;
  for (const auto& s : in.shelters) shelter_nodes.push_back(s.node);
  const auto cr = graph::connectivity_report(in.graph, shelter_nodes);
  std::vector<std::uint8_t> cut(in.graph.node_count(), 0);
  for (auto n : cr.cannot_reach_shelter) cut[n] = 1;
  for (const auto& u : in.units)
    if (u.node == graph::kInvalid || cut[u.node]) {
      ++in.unreachable_units;
      in.unreachable_persons += u.persons;
    }
  const std::string msg = fmt::format(
      "{} weakly connected components; {} nodes cannot reach any shelter; {} population units "
      "({:.0f} persons) cannot reach a shelter (off the network or cut off)",
      cr.component_count, cr.cannot_reach_shelter.size(), in.unreachable_units,
      in.unreachable_persons);
  if (in.unreachable_units > 0)
    warnings.add("network", msg);
  else
    log.info("network: " + msg);
}

/// The timeline's plan (policy::build_timeline): its legs are the trips.
std::vector<evac::Trip> make_timeline(const Scenario& sc, const std::string& crs_wkt, EvacInputs& in,
                                      const Logger& log, RunWarnings& warnings) {
  const policy::TimelineInputs ti =
      timeline_inputs(sc, crs_wkt, in.graph, in.shelters, in.units, in.ferries, log, warnings,
                      &in.villages);
  auto plan = std::make_shared<policy::TimelinePlan>(policy::build_timeline(ti));
  in.islands = policy::island_summaries(ti, *plan);
  in.zone_ids = zone_ids(ti);
  in.clock = ti.clock;
  for (const auto& p : ti.places) in.place_xy.push_back({p.x, p.y});
  for (std::size_t o = 0; o < plan->orders.size(); ++o)
    in.order_share_reached.push_back(plan->share_reached(ti, o, sc.duration_s));
  in.ferry_services = plan->ferries;
  in.village.zones = ti.zones;
  in.village.orders = ti.orders;
  in.village.unit_zone = ti.unit_zone;
  for (const auto& u : ti.units) in.village.unit_persons.push_back(u.persons);
  for (const auto& s : ti.shelters)
    in.village.shelter_capacity.push_back(static_cast<double>(s.capacity_persons));
  in.village.duration_s = sc.duration_s;
  in.village.rule = sc.timeline->margin;
  if (plan->unplaced_persons > 0)
    warnings.add("timeline", fmt::format("{:.0f} persons of the activity places could not be given a "
                                         "home on their land mass (not simulated)",
                                         plan->unplaced_persons));
  if (plan->unroutable_legs > 0)
    warnings.add("timeline", fmt::format("{} go-home or return legs have no route: sent to the "
                                         "nearest shelter instead",
                                         plan->unroutable_legs));
  log.info(fmt::format("timeline: {} legs for {:.0f} residents and {:.0f} tourists", plan->trips.size(),
                       plan->residents, plan->tourists));
  std::vector<evac::Trip> trips = plan->trips;
  in.plan = std::move(plan);
  return trips;
}

std::vector<evac::Trip> make_demand(const Scenario& sc, const std::string& crs_wkt,
                                    EvacInputs& in, const Logger& log, RunWarnings& warnings) {
  if (sc.timeline) return make_timeline(sc, crs_wkt, in, log, warnings);
  const EvacSpec& spec = *sc.evac;
  const DemandSpec& d = spec.demand;
  if (!d.trips_csv.empty()) {
    auto trips = gis::read_trip_table(d.trips_csv, in.graph, in.shelters, crs_wkt,
                                      spec.snap.max_snap_m_population, &in.snap_report);
    const auto& r = in.snap_report;
    if (r.trips_unreachable > 0) {
      std::string ids;
      for (const auto& id : r.unreachable_trip_examples) ids += (ids.empty() ? "" : ", ") + id;
      if (r.trips_unreachable > r.unreachable_trip_examples.size()) ids += ", ...";
      warnings.add("trips", fmt::format("{} of {} trips ({:.0f} persons) start where the network "
                                        "cannot take them to their shelter: {}",
                                        r.trips_unreachable, r.trips, r.trip_persons_unreachable,
                                        ids));
    }
    log.info("trips: " + r.summary());
    return trips;
  }
  auto trips = at_scenario_fields(sc.sources, demand_fields(), [&] {
    return evac::make_trips(in.units, d.curve, d.order_time_s, d.compliance, d.car_share,
                            d.occupancy, sc.seed);
  });
  // Units the network cannot reach stay home (they are reported by the snap report).
  std::erase_if(trips, [&](const evac::Trip& t) { return t.origin == graph::kInvalid; });
  return trips;
}

}  // namespace

Grid<float> evac_frame(const Scenario& sc, const Logger& log, const Progress& progress) {
  const EvacSpec& spec = *sc.evac;
  Grid<float> frame;
  if (!spec.population.raster.empty()) {
    stop_if_asked(progress, "reading the population raster");
    // its grid, in metres
    frame = gis::read_dem(spec.population.raster, sc.crs, 0.0, progress);
    frame.data.clear();
    frame.data.shrink_to_fit();
  } else {
    if (sc.crs.empty())
      throw ConfigError(
          "an evacuation-only scenario (no 'flood') without a population raster needs 'crs': "
          "the projected CRS in metres the roads, shelters and people are read onto "
          "(e.g. crs: EPSG:32651)",
          sc.sources.locate("/evacuation"));
    frame.crs_wkt = gis::crs_wkt_from_user(sc.crs);
    if (!gis::crs_is_projected_metres(frame.crs_wkt))
      throw ConfigError("scenario crs '" + sc.crs + "' (" + gis::crs_describe(frame.crs_wkt) +
                            ") is not a projected CRS in metres; use a UTM zone",
                        sc.sources.locate("/crs"));
  }
  log.info("evacuation only (no flood model): inputs read onto " +
           gis::crs_describe(frame.crs_wkt));
  return frame;
}

EvacInputs read_evac_inputs(const Scenario& sc, const Grid<float>& dem, const Logger& log,
                            RunWarnings& warnings, const Progress& progress) {
  const EvacSpec& spec = *sc.evac;
  EvacInputs in;
  stop_if_asked(progress, "reading the roads");
  in.graph = gis::read_road_network(spec.roads, dem.crs_wkt, spec.road_options, &in.road_report);
  log.info("roads: " + in.road_report.summary());
  in.ferries = add_timeline_ferries(sc, dem.crs_wkt, in.graph, log);
  warnings.add_road_report(in.road_report);
  {
    gis::Extent roads;
    for (std::size_t i = 0; i < in.graph.node_count(); ++i) roads.add(in.graph.node_x[i], in.graph.node_y[i]);
    if (in.graph.node_count() > 0) require_overlap("roads", spec.roads, roads, dem);
  }
  stop_if_asked(progress, "reading the shelters");
  in.shelters = gis::read_shelters(spec.shelters, dem.crs_wkt, spec.shelter_fields);
  {
    std::vector<double> x, y;
    for (const auto& s : in.shelters) x.push_back(s.x), y.push_back(s.y);
    check_points_on_dem("shelters", spec.shelters, x, y, dem, warnings);
  }
  stop_if_asked(progress, "reading the population");
  read_population(spec.population, dem, in);
  {
    std::vector<double> x, y;
    for (const auto& u : in.units) x.push_back(u.x), y.push_back(u.y);
    const auto& p = spec.population;
    check_points_on_dem("population", p.raster.empty() ? p.vector : p.raster, x, y, dem, warnings);
  }
  stop_if_asked(progress, "snapping to the road network");
  in.snap_report = gis::snap_to_network(in.graph, in.shelters, in.units, spec.snap);
  log.info("snapping: " + in.snap_report.summary());
  warnings.add_snap_report(in.snap_report, spec.snap.max_snap_m_population);
  stop_if_asked(progress, "checking who can reach a shelter");
  check_reach(in, log, warnings);
  stop_if_asked(progress, "making the trips");
  in.trips = make_demand(sc, dem.crs_wkt, in, log, warnings);
  in.trip_count = in.trips.size();
  for (std::size_t i = 0; i < in.trips.size(); ++i)  // a later leg carries its first leg's people
    if (!in.plan || in.plan->tags[i].first_leg) in.trip_persons += in.trips[i].persons;
  log.info(fmt::format(
      "demand: {} trips carrying {:.0f} persons ({:.0f} persons in {} population units)",
      in.trip_count, in.trip_persons, in.unit_persons, in.units.size()));
  stop_if_asked(progress, "building the evacuation model");
  return in;
}

}  // namespace floodevac::app
