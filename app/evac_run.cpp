#include "app/evac_run.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <sstream>

#include "app/atomic_file.hpp"
#include "gis/crs.hpp"
#include "gis/vector/geojson_out.hpp"
#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/demand.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/flood/hazard.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

struct EvacRun::Impl {
  const Scenario& sc;
  const EvacSpec& spec;
  Logger log;
  std::string crs_wkt;
  GeoTransform geo;
  std::int64_t rows = 0, cols = 0;
  graph::RoadGraph graph;
  gis::RoadReport road_report;
  gis::SnapReport snap_report;
  std::vector<evac::Shelter> shelters;
  std::vector<evac::PopulationUnit> units;
  std::size_t trip_count = 0;
  double trip_persons = 0;
  double unit_persons = 0;
  double unreachable_persons = 0;     // in units whose node has no path to any shelter
  std::size_t unreachable_units = 0;
  std::uint32_t components = 0;
  std::unique_ptr<evac::QueueSim> sim;
  evac::LinkSampler sampler;  // for positions of people on roads (output raster)
  // People not yet sheltered at the time of peak water (largest flooded area).
  double peak_flooded_cells = -1;
  double peak_time_s = 0;
  Grid<float> not_sheltered_at_peak;

  Impl(const Scenario& s, const Grid<float>& dem, const Logger& l) : sc(s), spec(*s.evac), log(l) {
    crs_wkt = dem.crs_wkt;
    geo = dem.geo;
    rows = dem.rows;
    cols = dem.cols;
  }

  void snapshot_not_sheltered(double t_s) {
    Grid<float> g(rows, cols, geo, 0.0f, crs_wkt);
    const auto res = sim->results();
    auto add_at = [&](std::uint32_t cell, double persons) {
      if (cell != evac::LinkSampler::kOutside && cell < g.data.size()) g.data[cell] += static_cast<float>(persons);
    };
    for (std::size_t u = 0; u < units.size(); ++u) {
      const auto& us = res.units[u];
      const double at_home = us.to_evacuate_persons - us.departed_persons + us.staying_persons;
      if (at_home > 0) add_at(sampler.cell_of(units[u].x, units[u].y), at_home);
    }
    for (std::uint32_t a = 0; a < sim->agent_count(); ++a) {
      const auto v = sim->agent(a);
      if (v.state == evac::AgentState::home || v.state == evac::AgentState::sheltered) continue;
      if (v.edge != graph::kInvalid)
        add_at(sampler.cell_at(v.edge, 0.5), v.persons);
      else if (v.node != graph::kInvalid)
        add_at(sampler.cell_of(graph.node_x[v.node], graph.node_y[v.node]), v.persons);
    }
    not_sheltered_at_peak = std::move(g);
    peak_time_s = t_s;
  }
};

EvacRun::EvacRun(const Scenario& sc, const Grid<float>& dem, const Logger& log, std::vector<fs::path>& inputs)
    : impl_(std::make_unique<Impl>(sc, dem, log)) {
  auto& m = *impl_;
  const auto& spec = m.spec;
  // Roads.
  gis::RoadReadOptions ro;
  ro.layer = spec.roads_layer;
  ro.merge_tolerance_m = spec.node_tolerance_m;
  m.graph = gis::read_road_network(spec.roads, m.crs_wkt, ro, &m.road_report);
  inputs.push_back(spec.roads);
  log.info("roads: " + m.road_report.summary());
  // Shelters.
  gis::ShelterFieldMap sf;
  sf.capacity = spec.capacity_field;
  m.shelters = gis::read_shelters(spec.shelters, m.crs_wkt, sf);
  inputs.push_back(spec.shelters);
  // Population.
  if (!spec.population_raster.empty()) {
    const auto native = gis::read_raster(spec.population_raster);
    const Grid<float> persons = gis::crs_equivalent(native.crs_wkt, m.crs_wkt)
                                    ? native
                                    : gis::read_raster_onto(spec.population_raster, dem, gis::Resampling::sum);
    auto u = gis::population_from_raster(persons, spec.min_persons);
    m.units.insert(m.units.end(), u.begin(), u.end());
    inputs.push_back(spec.population_raster);
  }
  if (!spec.population_vector.empty()) {
    auto u = gis::read_population_vector(spec.population_vector, m.crs_wkt, spec.count_field);
    m.units.insert(m.units.end(), u.begin(), u.end());
    inputs.push_back(spec.population_vector);
  }
  for (const auto& u : m.units) m.unit_persons += u.persons;
  m.snap_report = gis::snap_to_network(m.graph, m.shelters, m.units, spec.shelter_max_snap_m, spec.population_max_snap_m);
  log.info("snapping: " + m.snap_report.summary());
  {
    // Who cannot reach any shelter on the network as it is (before any flooding).
    std::vector<graph::NodeId> shelter_nodes;
    for (const auto& s : m.shelters) shelter_nodes.push_back(s.node);
    const auto cr = graph::connectivity_report(m.graph, shelter_nodes);
    m.components = cr.component_count;
    std::vector<std::uint8_t> cut(m.graph.node_count(), 0);
    for (auto n : cr.cannot_reach_shelter) cut[n] = 1;
    for (const auto& u : m.units)
      if (u.node == graph::kInvalid || cut[u.node]) {
        ++m.unreachable_units;
        m.unreachable_persons += u.persons;
      }
    const std::string msg = fmt::format(
        "network: {} weakly connected components; {} nodes cannot reach any shelter; {} population units "
        "({:.0f} persons) cannot reach a shelter (off the network or cut off)",
        cr.component_count, cr.cannot_reach_shelter.size(), m.unreachable_units, m.unreachable_persons);
    if (m.unreachable_units > 0)
      log.warn(msg);
    else
      log.info(msg);
  }
  // Demand.
  std::vector<evac::Trip> trips;
  if (!spec.trips_csv.empty()) {
    trips = gis::read_trip_table(spec.trips_csv, m.graph, m.shelters, m.crs_wkt, spec.population_max_snap_m);
    inputs.push_back(spec.trips_csv);
  } else {
    evac::MobilisationCurve curve;
    if (spec.curve == "weibull")
      curve = evac::MobilisationCurve::weibull(spec.scale_s, spec.shape);
    else if (spec.curve == "rayleigh")
      curve = evac::MobilisationCurve::rayleigh(spec.scale_s);
    else
      curve = evac::MobilisationCurve::logistic(spec.t50_s, spec.scale_s);
    // Units the network cannot reach stay home (they are reported by the snap report).
    trips = evac::make_trips(m.units, curve, spec.order_time_s, spec.compliance, spec.car_share, spec.occupancy,
                             sc.seed);
    std::erase_if(trips, [&](const evac::Trip& t) { return t.origin == graph::kInvalid; });
  }
  m.trip_count = trips.size();
  for (const auto& t : trips) m.trip_persons += t.persons;
  log.info(fmt::format("demand: {} trips carrying {:.0f} persons ({:.0f} persons in {} population units)", trips.size(),
                       m.trip_persons, m.unit_persons, m.units.size()));

  evac::SimConfig cfg;
  cfg.step_s = spec.step_s;
  cfg.vehicle_spacing_m = spec.vehicle_spacing_m;
  cfg.walk_speed_mps = spec.walk_speed_mps;
  cfg.reroute_interval_s = spec.reroute_interval_s;
  cfg.exposure_class_min = static_cast<std::uint8_t>(spec.hazard_class_threshold);
  cfg.output_interval_s = sc.coupling_interval_s;
  cfg.check_every_step = true;  // every person in exactly one state, checked every step (O(shelters))
  m.sim = std::make_unique<evac::QueueSim>(m.graph, m.shelters, m.units, std::move(trips), cfg);
  m.sim->set_logger(log);
  m.sim->set_flood_grid(dem.geo, dem.rows, dem.cols);
  m.sampler = evac::LinkSampler(m.graph, dem.geo, dem.rows, dem.cols);
}

EvacRun::~EvacRun() = default;

void EvacRun::couple_and_advance(const flood::FloodModel& flood, double t_s, float debris_factor) {
  auto& m = *impl_;
  const auto depth = flood.depth();
  const auto speed = flood.speed();
  flood::HazardParams hp;
  hp.debris_factor = debris_factor;
  const auto hc = flood::hazard_class(depth, speed, hp);
  m.sim->apply_flood(depth.data.data(), speed.data.data(), hc.data.data());
  // Peak water: the largest area flooded above the inundation threshold.
  const float thr = static_cast<float>(m.sc.flood.config.params.inundation_threshold_m);
  double flooded = 0;
  for (float h : depth.data) flooded += (h >= thr) ? 1.0 : 0.0;
  if (flooded > m.peak_flooded_cells) {
    m.peak_flooded_cells = flooded;
    m.snapshot_not_sheltered(flood.time_s());
  }
  m.sim->advance_to(t_s);
}

void EvacRun::write_outputs(const fs::path& out, const gis::CogOptions& cog, const OutputSink& add) {
  auto& m = *impl_;
  const fs::path dir = out / "evac";
  fs::create_directories(dir);
  const auto res = m.sim->results();
  const std::size_t ns = m.shelters.size();

  // Shelters.
  {
    std::vector<std::int64_t> cap(ns);
    std::vector<double> peak(ns), full(ns), overflow(ns), admitted(ns), arrivals(ns);
    for (std::size_t s = 0; s < ns; ++s) {
      cap[s] = m.shelters[s].capacity_persons;
      peak[s] = res.shelters[s].peak_occupancy_persons;
      full[s] = res.shelters[s].time_full_s;
      overflow[s] = res.shelters[s].overflow_persons;
      admitted[s] = res.shelters[s].admitted_persons;
      arrivals[s] = res.shelters[s].arrivals_persons;
    }
    const fs::path p = dir / "shelters.geojson";
    gis::write_shelters_geojson(p, m.shelters, m.crs_wkt,
                                {{"peak_occupancy", peak}, {"time_full_s", full}, {"overflow_persons", overflow},
                                 {"admitted_persons", admitted}, {"arrivals_persons", arrivals}});
    add(p, "shelters", "shelters: capacity, peak occupancy, time full (s; null if never), overflow sent on", "persons");
  }
  // Road links.
  {
    const std::size_t ne = m.graph.edge_count();
    std::vector<double> flow(ne), closed(ne), walk_closed(ne), persons(ne);
    std::vector<std::int64_t> queue(ne), vehicles(ne), bridge(ne);
    for (std::size_t e = 0; e < ne; ++e) {
      const auto& es = res.edges[e];
      flow[e] = es.peak_flow_veh_h;
      queue[e] = es.peak_queue_veh;
      vehicles[e] = es.vehicles_passed;
      persons[e] = es.persons_passed;
      closed[e] = es.first_closed_s;
      walk_closed[e] = es.first_walk_closed_s;
      bridge[e] = m.graph.bridge.empty() ? 0 : m.graph.bridge[e];
    }
    const fs::path p = dir / "road_links.geojson";
    gis::write_road_links_geojson(p, m.graph, m.crs_wkt,
                                  {{"peak_flow_veh_h", flow},
                                   {"peak_queue_veh", queue},
                                   {"vehicles_passed", vehicles},
                                   {"persons_passed", persons},
                                   {"closed_s", closed},
                                   {"walk_closed_s", walk_closed},
                                   {"bridge", bridge}});
    add(p, "road_links", "directed road links: peak flow, peak queue, closure time (s), people passed", "");
  }
  // Transfer routes.
  {
    const fs::path p = dir / "transfers.geojson";
    gis::FeatureWriter w(p, "transfers", m.crs_wkt, gis::GeomKind::line,
                         {{"trip", gis::FieldKind::integer},
                          {"from_shelter", gis::FieldKind::string},
                          {"to_shelter", gis::FieldKind::string},
                          {"arrived_shelter", gis::FieldKind::string},
                          {"persons", gis::FieldKind::real},
                          {"time_s", gis::FieldKind::real},
                          {"arrived_s", gis::FieldKind::real}});
    auto sid = [&](std::int32_t s) -> gis::FieldValue {
      if (s < 0) return std::monostate{};
      return m.shelters[static_cast<std::size_t>(s)].id;
    };
    for (const auto& t : res.transfers) {
      std::vector<double> xs, ys;
      for (auto e : t.path_edges)
        for (std::uint32_t k = m.graph.geom_first[e]; k < m.graph.geom_first[e + 1]; ++k) {
          if (!xs.empty() && xs.back() == m.graph.geom_x[k] && ys.back() == m.graph.geom_y[k]) continue;
          xs.push_back(m.graph.geom_x[k]);
          ys.push_back(m.graph.geom_y[k]);
        }
      if (xs.size() < 2 && !t.path_nodes.empty()) {
        const auto n = t.path_nodes.front();
        xs = {m.graph.node_x[n], m.graph.node_x[n]};
        ys = {m.graph.node_y[n], m.graph.node_y[n]};
      }
      if (xs.size() < 2) continue;
      w.add_line(xs, ys,
                 {static_cast<std::int64_t>(t.trip), sid(t.from_shelter), sid(t.to_shelter), sid(t.arrived_shelter),
                  t.persons, t.time_s,
                  std::isfinite(t.arrived_s) ? gis::FieldValue(t.arrived_s) : gis::FieldValue(std::monostate{})});
    }
    w.close();
    add(p, "transfers", "groups sent on from full shelters: route, persons, times (s)", "persons");
  }
  // Population units.
  {
    const std::size_t nu = m.units.size();
    std::vector<double> to_evac(nu), departed(nu), sheltered(nu), exposed(nu), trapped(nu), staying(nu);
    for (std::size_t u = 0; u < nu; ++u) {
      const auto& us = res.units[u];
      to_evac[u] = us.to_evacuate_persons;
      staying[u] = us.staying_persons;
      departed[u] = us.departed_persons;
      sheltered[u] = us.sheltered_persons;
      exposed[u] = us.exposed_person_s / 3600.0;
      trapped[u] = us.trapped_persons;
    }
    const fs::path p = dir / "population_units.geojson";
    gis::write_population_geojson(p, m.units, m.crs_wkt,
                                  {{"to_evacuate", to_evac},
                                   {"staying", staying},
                                   {"departed", departed},
                                   {"sheltered", sheltered},
                                   {"exposed_person_h", exposed},
                                   {"trapped", trapped}});
    add(p, "population_units", "population units: to evacuate, departed, sheltered, exposed (person-hours), trapped",
        "persons");
  }
  // Time series.
  {
    std::ostringstream ts, occ;
    ts << "t_s,home,departed,moving,sheltered,exposed,trapped,stranded\n";
    occ << "t_s";
    for (const auto& s : m.shelters) occ << "," << s.id;
    occ << "\n";
    for (const auto& r : res.series) {
      ts << fmt::format("{:.0f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f}\n", r.t_s, r.home, r.departed, r.moving,
                        r.sheltered, r.exposed, r.trapped, r.stranded);
      occ << fmt::format("{:.0f}", r.t_s);
      for (double v : r.shelter_occupancy) occ << fmt::format(",{:.1f}", v);
      occ << "\n";
    }
    write_text_atomic(dir / "timeseries.csv", ts.str());
    add(dir / "timeseries.csv", "timeseries", "persons home/departed/moving/sheltered/exposed/trapped/stranded", "persons");
    write_text_atomic(dir / "shelter_occupancy.csv", occ.str());
    add(dir / "shelter_occupancy.csv", "shelter_occupancy", "persons in each shelter over time", "persons");
  }
  // Rasters.
  {
    gis::CogOptions o = cog;
    o.unit = "persons";
    o.description = fmt::format("persons not yet sheltered at peak water (t = {:.0f} s)", m.peak_time_s);
    Grid<float> g = m.not_sheltered_at_peak.data.empty() ? Grid<float>(m.rows, m.cols, m.geo, 0.0f, m.crs_wkt)
                                                         : m.not_sheltered_at_peak;
    gis::write_cog(g, dir / "not_sheltered_at_peak.tif", o);
    add(dir / "not_sheltered_at_peak.tif", "not_sheltered_at_peak", o.description, "persons");
    o.unit = "person-hours";
    o.description = fmt::format("exposure: person-hours at or above hazard class {}", m.spec.hazard_class_threshold);
    auto ex = res.exposure_grid(m.geo, m.rows, m.cols);
    ex.crs_wkt = m.crs_wkt;
    gis::write_cog(ex, dir / "exposure_person_hours.tif", o);
    add(dir / "exposure_person_hours.tif", "exposure", o.description, "person-hours");
  }
}

std::string EvacRun::summary_text() const {
  const auto& m = *impl_;
  const auto res = m.sim->results();
  const auto& t = res.totals;
  std::int64_t capacity = 0;
  int full = 0;
  for (std::size_t s = 0; s < m.shelters.size(); ++s) {
    capacity += m.shelters[s].capacity_persons;
    if (std::isfinite(res.shelters[s].time_full_s)) ++full;
  }
  std::ostringstream o;
  o << fmt::format("evacuation: {:.0f} persons in {} units; {:.0f} set out in {} trips (the rest stay)\n", m.unit_persons,
                   m.units.size(), t.total, m.trip_count);
  if (m.unreachable_units > 0)
    o << fmt::format("network: {:.0f} persons in {} units cannot reach any shelter by road\n", m.unreachable_persons,
                     m.unreachable_units);
  o << fmt::format("shelters: {} with capacity {} persons for {:.0f} evacuees ({}); {} became full, {} transfers\n",
                   m.shelters.size(), capacity, t.total, capacity >= t.total ? "enough" : "NOT enough", full,
                   res.transfers.size());
  o << fmt::format("at the end: {:.0f} sheltered, {:.0f} still home, {:.0f} on the roads, {:.0f} stranded, {:.0f} trapped\n",
                   t.sheltered, t.home, t.moving, t.stranded, t.trapped);
  auto tm = [](double s) { return std::isfinite(s) ? fmt::format("{:.0f} s ({:.2f} h)", s, s / 3600) : std::string("not reached"); };
  o << fmt::format("arrivals: t50 {}, t90 {}, last arrival {}\n", tm(res.t50_s), tm(res.t90_s), tm(res.clearance_s));
  double exposed_h = 0;
  for (double v : res.exposed_person_s_by_class) exposed_h += v / 3600.0;
  o << fmt::format("exposure: {:.0f} person-hours at hazard class >= {}; peak water at {:.0f} s\n", exposed_h,
                   m.spec.hazard_class_threshold, m.peak_time_s);
  return o.str();
}

std::vector<viz::Chart> EvacRun::charts() const {
  const auto& m = *impl_;
  const auto res = m.sim->results();
  viz::Chart people{"Evacuees by state", "hours from scenario start", "persons", {}, {}};
  viz::Series home{"at home", "#8c564b", {}}, moving{"on the roads", "#1f77b4", {}}, sheltered{"sheltered", "#2ca02c", {}},
      stranded{"stranded", "#ff7f0e", {}}, trapped{"trapped", "#d62728", {}}, exposed{"exposed", "#9467bd", {}, true};
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
  viz::Chart occ{"Shelter occupancy (dashed: capacity)", "hours from scenario start", "persons", people.x, {}};
  static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  const std::size_t shown = std::min<std::size_t>(m.shelters.size(), 10);
  for (std::size_t s = 0; s < shown; ++s) {
    viz::Series ser{m.shelters[s].id, colours[s], {}};
    for (const auto& r : res.series) ser.y.push_back(s < r.shelter_occupancy.size() ? r.shelter_occupancy[s] : 0.0);
    occ.series.push_back(ser);
    occ.series.push_back({m.shelters[s].id + " capacity", colours[s],
                          std::vector<double>(occ.x.size(), static_cast<double>(m.shelters[s].capacity_persons)), true});
  }
  if (m.shelters.size() > shown) occ.title += fmt::format(" — first {} of {} shelters", shown, m.shelters.size());
  return {people, occ};
}

json EvacRun::manifest_json() const {
  const auto& m = *impl_;
  const auto res = m.sim->results();
  const auto& t = res.totals;
  auto num = [](double v) -> json { return std::isfinite(v) ? json(v) : json(nullptr); };
  json shel = json::array();
  for (std::size_t s = 0; s < m.shelters.size(); ++s)
    shel.push_back({{"id", m.shelters[s].id},
                    {"capacity", m.shelters[s].capacity_persons},
                    {"peak_occupancy", res.shelters[s].peak_occupancy_persons},
                    {"time_full_s", num(res.shelters[s].time_full_s)},
                    {"overflow_persons", res.shelters[s].overflow_persons}});
  return json{{"roads", {{"nodes", m.graph.node_count()},
                         {"edges", m.graph.edge_count()},
                         {"components", m.road_report.components},
                         {"report", m.road_report.summary()}}},
              {"snapping", m.snap_report.summary()},
              {"unreachable_units", m.unreachable_units},
              {"unreachable_persons", m.unreachable_persons},
              {"population_persons", m.unit_persons},
              {"trips", m.trip_count},
              {"evacuating_persons", t.total},
              {"sheltered", t.sheltered},
              {"home", t.home},
              {"moving", t.moving},
              {"stranded", t.stranded},
              {"trapped", t.trapped},
              {"t50_s", num(res.t50_s)},
              {"t90_s", num(res.t90_s)},
              {"clearance_s", num(res.clearance_s)},
              {"transfers", res.transfers.size()},
              {"reroutes", res.reroutes},
              {"exposed_person_h_by_class",
               {res.exposed_person_s_by_class[0] / 3600, res.exposed_person_s_by_class[1] / 3600,
                res.exposed_person_s_by_class[2] / 3600, res.exposed_person_s_by_class[3] / 3600,
                res.exposed_person_s_by_class[4] / 3600}},
              {"peak_water_s", m.peak_time_s},
              {"shelters", shel}};
}

}  // namespace floodevac::app
