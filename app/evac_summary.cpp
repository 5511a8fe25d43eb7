#include "app/evac_summary.hpp"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

namespace floodevac::app {

using nlohmann::json;

std::string evac_summary_text(const EvacRun& ev) {
  const auto& in = ev.inputs();
  const auto res = ev.results();
  const auto& t = res.totals;
  std::int64_t capacity = 0;
  int full = 0;
  for (std::size_t s = 0; s < in.shelters.size(); ++s) {
    capacity += in.shelters[s].capacity_persons;
    if (std::isfinite(res.shelters[s].time_full_s)) ++full;
  }
  std::ostringstream o;
  o << fmt::format(
      "evacuation: {:.0f} persons in {} units; {:.0f} set out in {} trips (the rest stay)\n",
      in.unit_persons, in.units.size(), t.total, in.trip_count);
  if (in.unreachable_units > 0)
    o << fmt::format("network: {:.0f} persons in {} units cannot reach any shelter by road\n",
                     in.unreachable_persons, in.unreachable_units);
  o << fmt::format(
      "shelters: {} with capacity {} persons for {:.0f} evacuees ({}); {} became full, {} "
      "transfers\n",
      in.shelters.size(), capacity, t.total, capacity >= t.total ? "enough" : "NOT enough", full,
      res.transfers.size());
  o << fmt::format(
      "at the end: {:.0f} sheltered, {:.0f} still home, {:.0f} on the roads, {:.0f} stranded, "
      "{:.0f} trapped\n",
      t.sheltered, t.home, t.moving, t.stranded, t.trapped);
  auto tm = [](double s) {
    return std::isfinite(s) ? fmt::format("{:.0f} s ({:.2f} h)", s, s / 3600)
                            : std::string("not reached");
  };
  o << fmt::format("arrivals: t50 {}, t90 {}, last arrival {}\n", tm(res.t50_s), tm(res.t90_s),
                   tm(res.clearance_s));
  if (!ev.with_flood()) return o.str();  // no water: no exposure, no peak
  double exposed_h = 0;
  for (double v : res.exposed_person_s_by_class) exposed_h += v / 3600.0;
  o << fmt::format("exposure: {:.0f} person-hours at hazard class >= {}; peak water at {:.0f} s\n",
                   exposed_h, static_cast<int>(ev.spec().movement.exposure_class_min),
                   ev.coupling().peak_time_s());
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
              {"exposed_person_h_by_class", exposed},
              {"peak_water_s", ev.with_flood() ? json(ev.coupling().peak_time_s()) : json(nullptr)},
              {"shelters", shelters}};
}

}  // namespace floodevac::app
