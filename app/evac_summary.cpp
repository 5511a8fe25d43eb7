#include "app/evac_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace floodevac::app {

using nlohmann::json;

std::string clock_hhmm(double t_s) {
  if (!std::isfinite(t_s)) return "--:--";
  const auto m = static_cast<long long>(std::floor(t_s / 60.0));
  return fmt::format("{:02d}:{:02d}", m / 60, m % 60);
}

std::string link_ids(const std::vector<graph::EdgeId>& edges, const std::string& sep) {
  std::string s;
  for (std::size_t k = 0; k < edges.size(); ++k) s += (k ? sep : "") + std::to_string(edges[k]);
  return s;
}

std::string source_ids(const graph::RoadGraph& g, const std::vector<graph::EdgeId>& edges,
                       const std::string& sep) {
  std::vector<std::int64_t> seen;
  std::string s;
  if (g.source_id.empty()) return s;
  for (auto e : edges) {
    const std::int64_t id = g.source_id[e];
    if (id < 0 || std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    s += (s.empty() ? "" : sep) + std::to_string(id);
  }
  return s;
}

namespace {

/// "gridlock: ..." lines: one per event (the first few), or that there was none.
std::string gridlock_lines(const EvacRun& ev, const evac::SimResults& res) {
  const double stuck = ev.spec().movement.gridlock_stuck_time_s;
  if (!(stuck > 0.0)) return "gridlock: not watched (evacuation.gridlock.stuck_time_s = 0)\n";
  if (res.gridlocks.empty()) return "gridlock: none\n";
  constexpr std::size_t kListed = 5;
  const auto& g = ev.inputs().graph;
  std::string o = fmt::format(
      "gridlock: {} events, {} vehicles moved on past full links after {:.0f} s stopped; "
      "listed in evac/gridlock.csv\n",
      res.gridlocks.size(), res.moved_on, stuck);
  for (std::size_t k = 0; k < res.gridlocks.size() && k < kListed; ++k) {
    const auto& e = res.gridlocks[k];
    std::vector<graph::EdgeId> shown(e.edges.begin(),
                                     e.edges.begin() + std::min<std::size_t>(e.edges.size(), 8));
    const std::string src = source_ids(g, shown, ", ");
    o += fmt::format(
        "  gridlock at links {}{}{} from {} ({:.0f} s){}, {} vehicles, {} moved on, {}\n",
        link_ids(shown, ", "), e.edges.size() > shown.size() ? ", ..." : "",
        src.empty() ? "" : " (sources " + src + ")", clock_hhmm(e.start_s), e.start_s,
        e.cycle ? " (a cycle of full links)" : "", e.peak_vehicles, e.moved_on,
        std::isfinite(e.end_s) ? "cleared at " + clock_hhmm(e.end_s)
                               : std::string("still jammed at the end"));
  }
  if (res.gridlocks.size() > kListed)
    o += fmt::format("  and {} more\n", res.gridlocks.size() - kListed);
  return o;
}

}  // namespace

json evac_summary_json(const EvacRun& ev) {
  const auto& in = ev.inputs();
  const auto res = ev.results();
  const auto& t = res.totals;
  auto num = [](double v) -> json { return std::isfinite(v) ? json(v) : json(nullptr); };
  std::int64_t capacity = 0;
  int full = 0;
  for (std::size_t s = 0; s < in.shelters.size(); ++s) {
    capacity += in.shelters[s].capacity_persons;
    if (std::isfinite(res.shelters[s].time_full_s)) ++full;
  }
  json j{{"population_persons", in.unit_persons},
         {"population_units", in.units.size()},
         {"evacuating_persons", t.total},
         {"trips", in.trip_count},
         {"unreachable_persons", in.unreachable_persons},
         {"unreachable_units", in.unreachable_units},
         {"shelters", in.shelters.size()},
         {"shelter_capacity_persons", capacity},
         {"capacity_enough", static_cast<double>(capacity) >= t.total},
         {"shelters_full", full},
         {"transfers", res.transfers.size()},
         {"sheltered", t.sheltered},
         {"home", t.home},
         {"moving", t.moving},
         {"stranded", t.stranded},
         {"trapped", t.trapped},
         {"t50_s", num(res.t50_s)},
         {"t90_s", num(res.t90_s)},
         {"clearance_s", num(res.clearance_s)},
         {"gridlock_stuck_time_s", ev.spec().movement.gridlock_stuck_time_s},
         {"gridlock_events", res.gridlocks.size()},
         {"gridlock_moved_on", res.moved_on}};
  if (!ev.with_flood()) return j;
  double exposed_h = 0;
  for (double v : res.exposed_person_s_by_class) exposed_h += v / 3600.0;
  // The most persons exposed at one flood coupling (evacuees and those staying), and when.
  double peak = 0, peak_s = 0;
  for (const auto& row : res.series)
    if (row.exposed > peak) peak = row.exposed, peak_s = row.t_s;
  j["exposure_class_min"] = static_cast<int>(ev.spec().movement.exposure_class_min);
  j["exposed_person_h"] = exposed_h;
  // By FD2321 hazard class 0..4 of the cell (counted at classes >= exposure_class_min).
  json by_class = json::array();
  for (double v : res.exposed_person_s_by_class) by_class.push_back(v / 3600.0);
  j["exposed_person_h_by_class"] = by_class;
  j["exposed_peak_persons"] = peak;
  j["exposed_peak_s"] = peak > 0 ? json(peak_s) : json(nullptr);
  j["peak_water_s"] = ev.coupling().peak_time_s();
  // Persons on a link when the water first closed it (to cars, or to walkers when that came
  // first or found more people): per link the larger of the two, summed over links. A
  // person on two links when each closed counts twice.
  double on_closing = 0;
  std::size_t links_closing_on_people = 0;
  for (const auto& es : res.edges) {
    const double p = std::max(es.persons_at_close, es.persons_at_walk_close);
    on_closing += p;
    if (p > 0) ++links_closing_on_people;
  }
  j["persons_on_links_at_closure"] = on_closing;
  j["links_closed_with_persons_on"] = links_closing_on_people;
  return j;
}

std::string evac_summary_text(const EvacRun& ev) {
  json j = evac_summary_json(ev);
  // No "-0" in the text: a sum that cancels to a rounding residue (-1e-12, or the -0.3
  // persons float arithmetic can leave) reads 0; every value here is printed whole.
  const auto d = [&](const char* key) {
    if (j[key].is_null()) return std::numeric_limits<double>::quiet_NaN();
    const double v = j[key].get<double>();
    return std::fabs(v) < 0.5 ? 0.0 : v;
  };
  std::ostringstream o;
  o << fmt::format(
      "evacuation: {:.0f} persons in {} units; {:.0f} set out in {} trips (the rest stay)\n",
      d("population_persons"), j["population_units"].get<std::size_t>(), d("evacuating_persons"),
      j["trips"].get<std::size_t>());
  if (j["unreachable_units"].get<std::size_t>() > 0)
    o << fmt::format("network: {:.0f} persons in {} units cannot reach any shelter by road\n",
                     d("unreachable_persons"), j["unreachable_units"].get<std::size_t>());
  o << fmt::format(
      "shelters: {} with capacity {} persons for {:.0f} evacuees ({}); {} became full, {} "
      "transfers\n",
      j["shelters"].get<std::size_t>(), j["shelter_capacity_persons"].get<std::int64_t>(),
      d("evacuating_persons"), j["capacity_enough"].get<bool>() ? "enough" : "NOT enough",
      j["shelters_full"].get<int>(), j["transfers"].get<std::size_t>());
  o << fmt::format(
      "at the end: {:.0f} sheltered, {:.0f} still home, {:.0f} on the roads, {:.0f} stranded, "
      "{:.0f} trapped\n",
      d("sheltered"), d("home"), d("moving"), d("stranded"), d("trapped"));
  auto tm = [](double s) {
    return std::isfinite(s) ? fmt::format("{:.0f} s ({:.2f} h)", s, s / 3600)
                            : std::string("not reached");
  };
  o << fmt::format("arrivals: t50 {}, t90 {}, last arrival {}\n", tm(d("t50_s")), tm(d("t90_s")),
                   tm(d("clearance_s")));
  o << gridlock_lines(ev, ev.results());
  if (!ev.with_flood()) return o.str();  // no water: no exposure, no peak
  o << fmt::format("exposure: {:.0f} person-hours at hazard class >= {}; peak water at {:.0f} s\n",
                   d("exposed_person_h"), j["exposure_class_min"].get<int>(), d("peak_water_s"));
  o << fmt::format("exposed: at most {:.0f} persons at once at hazard class >= {}{}\n",
                   d("exposed_peak_persons"), j["exposure_class_min"].get<int>(),
                   j["exposed_peak_s"].is_null()
                       ? std::string()
                       : fmt::format(", at {:.0f} s ({})", d("exposed_peak_s"),
                                     clock_hhmm(d("exposed_peak_s"))));
  o << fmt::format("roads: {:.0f} persons were on links when the water closed them ({} links)\n",
                   d("persons_on_links_at_closure"),
                   j["links_closed_with_persons_on"].get<std::size_t>());
  return o.str();
}

json evac_manifest_json(const EvacRun& ev) {
  const auto& in = ev.inputs();
  const auto res = ev.results();
  const auto& t = res.totals;
  auto num = [](double v) -> json { return std::isfinite(v) ? json(v) : json(nullptr); };
  json shelters = json::array();
  for (std::size_t s = 0; s < in.shelters.size(); ++s)
    shelters.push_back({{"id", in.shelters[s].id},
                        {"capacity", in.shelters[s].capacity_persons},
                        {"peak_occupancy", res.shelters[s].peak_occupancy_persons},
                        {"time_full_s", num(res.shelters[s].time_full_s)},
                        {"overflow_persons", res.shelters[s].overflow_persons}});
  json gridlocks = json::array();
  for (const auto& e : res.gridlocks)
    gridlocks.push_back({{"links", e.edges},
                         {"source_ids", source_ids(in.graph, e.edges, ";")},
                         {"start_s", e.start_s},
                         {"detected_s", e.detected_s},
                         {"end_s", num(e.end_s)},
                         {"peak_vehicles", e.peak_vehicles},
                         {"moved_on", e.moved_on},
                         {"cycle", e.cycle}});
  json exposed = json::array();
  for (double v : res.exposed_person_s_by_class) exposed.push_back(v / 3600);
  return json{{"roads",
               {{"nodes", in.graph.node_count()},
                {"edges", in.graph.edge_count()},
                {"components", in.road_report.components},
                {"report", in.road_report.summary()}}},
              {"snapping", in.snap_report.summary()},
              {"unreachable_units", in.unreachable_units},
              {"unreachable_persons", in.unreachable_persons},
              {"population_persons", in.unit_persons},
              {"trips", in.trip_count},
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
              {"gridlock",
               {{"stuck_time_s", ev.spec().movement.gridlock_stuck_time_s},
                {"events", res.gridlocks.size()},
                {"moved_on", res.moved_on},
                {"list", gridlocks}}},
              {"exposed_person_h_by_class", exposed},
              {"peak_water_s", ev.with_flood() ? json(ev.coupling().peak_time_s()) : json(nullptr)},
              {"shelters", shelters}};
}

}  // namespace floodevac::app
