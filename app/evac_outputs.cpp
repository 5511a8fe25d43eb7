#include "app/evac_outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

#include "app/evac_summary.hpp"
#include "app/supply_outputs.hpp"
#include "app/timeline_outputs.hpp"
#include "gis/vector/geojson_out.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

namespace {

void write_shelters(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  const auto& shelters = ev.inputs().shelters;
  const std::size_t ns = shelters.size();
  std::vector<double> peak(ns), full(ns), overflow(ns), admitted(ns), arrivals(ns);
  for (std::size_t s = 0; s < ns; ++s) {
    peak[s] = res.shelters[s].peak_occupancy_persons;
    full[s] = res.shelters[s].time_full_s;
    overflow[s] = res.shelters[s].overflow_persons;
    admitted[s] = res.shelters[s].admitted_persons;
    arrivals[s] = res.shelters[s].arrivals_persons;
  }
  out.file("evac/shelters.geojson", "shelters",
           "shelters: capacity, peak occupancy, time full (s; null if never), overflow sent on",
           "persons", [&](const fs::path& p) {
             gis::write_shelters_geojson(p, shelters, ev.crs_wkt(),
                                         {{"peak_occupancy", peak},
                                          {"time_full_s", full},
                                          {"overflow_persons", overflow},
                                          {"admitted_persons", admitted},
                                          {"arrivals_persons", arrivals}});
           });
}

void write_road_links(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  const auto& g = ev.inputs().graph;
  const std::size_t ne = g.edge_count();
  std::vector<double> flow(ne), closed(ne), walk_closed(ne), persons(ne), at_close(ne),
      at_walk_close(ne);
  std::vector<std::int64_t> queue(ne), vehicles(ne), bridge(ne);
  for (std::size_t e = 0; e < ne; ++e) {
    const auto& es = res.edges[e];
    flow[e] = es.peak_flow_veh_h;
    queue[e] = es.peak_queue_veh;
    vehicles[e] = es.vehicles_passed;
    persons[e] = es.persons_passed;
    closed[e] = es.first_closed_s;
    walk_closed[e] = es.first_walk_closed_s;
    at_close[e] = es.persons_at_close;
    at_walk_close[e] = es.persons_at_walk_close;
    bridge[e] = g.bridge.empty() ? 0 : g.bridge[e];
  }
  out.file("evac/road_links.geojson", "road_links",
           "directed road links: peak flow, peak queue, closure time (s), people passed, people "
           "on the link when the water first closed it",
           "",
           [&](const fs::path& p) {
             gis::write_road_links_geojson(p, g, ev.crs_wkt(),
                                           {{"peak_flow_veh_h", flow},
                                            {"peak_queue_veh", queue},
                                            {"vehicles_passed", vehicles},
                                            {"persons_passed", persons},
                                            {"closed_s", closed},
                                            {"walk_closed_s", walk_closed},
                                            {"persons_at_close", at_close},
                                            {"persons_at_walk_close", at_walk_close},
                                            {"bridge", bridge}});
           });
}

/// The polyline of a transfer's route (its first node twice when the route has no length).
void transfer_line(const graph::RoadGraph& g, const evac::TransferRecord& t,
                   std::vector<double>& xs, std::vector<double>& ys) {
  for (auto e : t.path_edges)
    for (std::uint32_t k = g.geom_first[e]; k < g.geom_first[e + 1]; ++k) {
      if (!xs.empty() && xs.back() == g.geom_x[k] && ys.back() == g.geom_y[k]) continue;
      xs.push_back(g.geom_x[k]);
      ys.push_back(g.geom_y[k]);
    }
  if (xs.size() < 2 && !t.path_nodes.empty()) {
    const auto n = t.path_nodes.front();
    xs = {g.node_x[n], g.node_x[n]};
    ys = {g.node_y[n], g.node_y[n]};
  }
}

void write_transfers(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  const auto& g = ev.inputs().graph;
  const auto& shelters = ev.inputs().shelters;
  auto sid = [&](std::int32_t s) -> gis::FieldValue {
    if (s < 0) return std::monostate{};
    return shelters[static_cast<std::size_t>(s)].id;
  };
  out.file("evac/transfers.geojson", "transfers",
           "groups sent on from full shelters: route, persons, times (s)", "persons",
           [&](const fs::path& p) {
             gis::FeatureWriter w(p, "transfers", ev.crs_wkt(), gis::GeomKind::line,
                                  {{"trip", gis::FieldKind::integer},
                                   {"from_shelter", gis::FieldKind::string},
                                   {"to_shelter", gis::FieldKind::string},
                                   {"arrived_shelter", gis::FieldKind::string},
                                   {"persons", gis::FieldKind::real},
                                   {"time_s", gis::FieldKind::real},
                                   {"arrived_s", gis::FieldKind::real}});
             for (const auto& t : res.transfers) {
               std::vector<double> xs, ys;
               transfer_line(g, t, xs, ys);
               if (xs.size() < 2) continue;
               w.add_line(xs, ys,
                          {static_cast<std::int64_t>(t.trip), sid(t.from_shelter),
                           sid(t.to_shelter), sid(t.arrived_shelter), t.persons, t.time_s,
                           std::isfinite(t.arrived_s) ? gis::FieldValue(t.arrived_s)
                                                      : gis::FieldValue(std::monostate{})});
             }
             w.close();
           });
}

void write_population_units(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  const auto& units = ev.inputs().units;
  const std::size_t nu = units.size();
  std::vector<double> to_evac(nu), departed(nu), sheltered(nu), exposed(nu), trapped(nu),
      staying(nu);
  for (std::size_t u = 0; u < nu; ++u) {
    const auto& us = res.units[u];
    to_evac[u] = us.to_evacuate_persons;
    staying[u] = us.staying_persons;
    departed[u] = us.departed_persons;
    sheltered[u] = us.sheltered_persons;
    exposed[u] = us.exposed_person_s / 3600.0;
    trapped[u] = us.trapped_persons;
  }
  out.file("evac/population_units.geojson", "population_units",
           "population units: to evacuate, departed, sheltered, exposed (person-hours), trapped",
           "persons", [&](const fs::path& p) {
             gis::write_population_geojson(p, units, ev.crs_wkt(),
                                           {{"to_evacuate", to_evac},
                                            {"staying", staying},
                                            {"departed", departed},
                                            {"sheltered", sheltered},
                                            {"exposed_person_h", exposed},
                                            {"trapped", trapped}});
           });
}

void write_time_series(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  std::ostringstream ts, occ;
  ts << "t_s,home,departed,moving,sheltered,exposed,trapped,stranded\n";
  occ << "t_s";
  for (const auto& s : ev.inputs().shelters) occ << "," << s.id;
  occ << "\n";
  for (const auto& r : res.series) {
    ts << fmt::format("{:.0f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f},{:.1f}\n", r.t_s, r.home,
                      r.departed, r.moving, r.sheltered, r.exposed, r.trapped, r.stranded);
    occ << fmt::format("{:.0f}", r.t_s);
    for (double v : r.shelter_occupancy) occ << fmt::format(",{:.1f}", v);
    occ << "\n";
  }
  out.text("evac/timeseries.csv", ts.str(), "timeseries",
           "persons home/departed/moving/sheltered/exposed/trapped/stranded", "persons");
  out.text("evac/shelter_occupancy.csv", occ.str(), "shelter_occupancy",
           "persons in each shelter over time", "persons");
}

void write_gridlocks(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  const auto& g = ev.inputs().graph;
  std::ostringstream o;
  o << "event,start_s,start_hhmm,detected_s,end_s,peak_vehicles,moved_on,cycle,links,source_ids\n";
  for (std::size_t k = 0; k < res.gridlocks.size(); ++k) {
    const auto& e = res.gridlocks[k];
    o << fmt::format("{},{:.0f},{},{:.0f},{},{},{},{},{},{}\n", k + 1, e.start_s,
                     clock_hhmm(e.start_s), e.detected_s,
                     std::isfinite(e.end_s) ? fmt::format("{:.0f}", e.end_s) : std::string(),
                     e.peak_vehicles, e.moved_on, e.cycle ? 1 : 0, link_ids(e.edges, ";"),
                     source_ids(g, e.edges, ";"));
  }
  out.text("evac/gridlock.csv", o.str(), "gridlock",
           "gridlock events: jammed links (edge ids; source ids of the road features), start, "
           "detection and end (s; end empty: still jammed at the end), peak vehicles, vehicles "
           "moved on past full links",
           "vehicles");
}

void write_rasters(OutputSet& out, const EvacRun& ev, const evac::SimResults& res) {
  out.raster(ev.coupling().not_sheltered_at_peak(), "evac/not_sheltered_at_peak.tif",
             "not_sheltered_at_peak",
             fmt::format("persons not yet sheltered at peak water (t = {:.0f} s)",
                         ev.coupling().peak_time_s()),
             "persons");
  auto ex = res.exposure_grid(ev.geo(), ev.rows(), ev.cols());
  ex.crs_wkt = ev.crs_wkt();
  out.raster(ex, "evac/exposure_person_hours.tif", "exposure",
             fmt::format("exposure: person-hours at or above hazard class {}",
                         static_cast<int>(ev.spec().movement.exposure_class_min)),
             "person-hours");
}

}  // namespace

void write_evac_outputs(OutputSet& out, const EvacRun& evac) {
  out.folder("evac");
  const auto res = evac.results();
  write_shelters(out, evac, res);
  write_road_links(out, evac, res);
  write_transfers(out, evac, res);
  write_population_units(out, evac, res);
  write_time_series(out, evac, res);
  write_gridlocks(out, evac, res);
  if (evac.with_flood()) write_rasters(out, evac, res);  // maps of the water's effect on people
  write_timeline_outputs(out, evac);
  write_supply_outputs(out, evac);
  if (const auto* v = evac.viewer_samples())
    v->write(out, evac.inputs().graph, evac.crs_wkt(), evac.group_names());
}

}  // namespace floodevac::app
