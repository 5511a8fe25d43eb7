#include "app/village_plan_outputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gis/vector/geojson_out.hpp"

namespace floodevac::app {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string local_time(const policy::Clock& clock, double t_s) {
  if (!std::isfinite(t_s)) return "";
  return policy::format_local_datetime(clock.local(t_s));
}

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// A number for the CSV: empty when not finite.
std::string cell(double v, int decimals = 0) {
  if (!std::isfinite(v)) return "";
  return fmt::format("{:.{}f}", v, decimals);
}

/// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  q += '"';
  return q;
}

gis::FieldValue value(double v) {
  return std::isfinite(v) ? gis::FieldValue(v) : gis::FieldValue(std::monostate{});
}

/// The shelters a village used, most persons first (then shelter index).
std::vector<const policy::VillageShelterUse*> by_persons(const policy::VillageRecord& r) {
  std::vector<const policy::VillageShelterUse*> u;
  for (const auto& s : r.shelters) u.push_back(&s);
  std::stable_sort(u.begin(), u.end(),
                   [](const auto* a, const auto* b) { return a->persons > b->persons; });
  return u;
}

/// "S03;S07": the shelter ids of a zone's plan.
std::string plan_list(const policy::Zone& z, const std::vector<evac::Shelter>& shelters) {
  std::string s;
  for (std::int32_t k : z.plan_shelters) {
    if (!s.empty()) s += ';';
    s += shelters[static_cast<std::size_t>(k)].id;
  }
  return s;
}

/// "S03:512:0.43;S07:120:0.10": id, persons taken in, share of its capacity.
std::string used_list(const policy::VillageRecord& r, const std::vector<evac::Shelter>& shelters) {
  std::string s;
  for (const auto* u : by_persons(r)) {
    const auto& sh = shelters[static_cast<std::size_t>(u->shelter)];
    const double cap = static_cast<double>(sh.capacity_persons);
    if (!s.empty()) s += ';';
    s += fmt::format("{}:{:.0f}:{}", sh.id, u->persons, cap > 0 ? cell(u->persons / cap, 3) : "");
  }
  return s;
}

/// The road features (RoadGraph::source_id) along a path, repeats in a row dropped: "12>15>27".
std::string route_text(const graph::RoadGraph& g, const std::vector<graph::EdgeId>& path) {
  std::string s;
  std::int64_t last = -1;
  bool first = true;
  for (graph::EdgeId e : path) {
    const std::int64_t id = e < g.source_id.size() ? g.source_id[e] : -1;
    if (!first && id == last) continue;
    if (!first) s += '>';
    s += g.ferry.size() > e && g.ferry[e] ? std::string("ferry") : std::to_string(id);
    last = id;
    first = false;
  }
  return s;
}

double path_length(const graph::RoadGraph& g, const std::vector<graph::EdgeId>& path) {
  double m = 0;
  for (graph::EdgeId e : path) m += g.length_m[e];
  return m;
}

void write_plan_csv(OutputSet& out, const EvacRun& ev, const policy::VillagePlan& vp) {
  const auto& in = ev.inputs();
  const auto& clock = in.clock;
  std::ostringstream o;
  o << "id,name,danger,residents,to_transfer,ordered_s,ordered_local,plan_shelters,shelters_used,"
       "sheltered,sheltered_90_s,sheltered_90_local,sheltered_100_s,sheltered_100_local,water_s,"
       "water_local,completion_s,completed,margin_s,flag,left_behind,exposed_at_water,exposed_person_h,"
       "trapped,transfer_duration_s,latest_order_s,latest_order_local\n";
  for (const auto& r : vp.villages) {
    const auto& z = in.village.zones[static_cast<std::size_t>(r.zone)];
    o << csv_text(z.id) << ',' << csv_text(z.name) << ',' << policy::danger_name(z.danger) << ','
      << cell(r.residents, 1) << ',' << cell(r.to_transfer, 1) << ',' << cell(r.ordered_s) << ','
      << local_time(clock, r.ordered_s) << ',' << plan_list(z, in.shelters) << ','
      << used_list(r, in.shelters) << ',' << cell(r.sheltered, 1) << ',' << cell(r.sheltered_90_s)
      << ',' << local_time(clock, r.sheltered_90_s) << ',' << cell(r.sheltered_100_s) << ','
      << local_time(clock, r.sheltered_100_s) << ',' << cell(r.water_s) << ','
      << local_time(clock, r.water_s) << ',' << cell(r.completion_s) << ','
      << (r.to_transfer > 0 ? (r.completed ? "1" : "0") : "") << ',' << cell(r.margin_s)
      << ',' << r.flag << ',' << cell(r.left_behind, 1) << ',' << cell(r.exposed_at_water, 1) << ','
      << cell(r.exposed_person_h, 1) << ',' << cell(r.trapped, 1) << ','
      << cell(r.transfer_duration_s) << ',' << cell(r.latest_order_s) << ','
      << local_time(clock, r.latest_order_s) << '\n';
  }
  out.text("villages/plan.csv", o.str(), "villages_plan",
           "一村一策 per village: people to transfer, order time, shelters planned and used "
           "(id:persons:share of capacity), times 90 % / 100 % sheltered, water arrival, "
           "completion, margin (s, negative: people still out when the water came) and flag, "
           "left behind, exposed, transfer duration, latest safe order time",
           "persons, s");
}

void write_plan_geojson(OutputSet& out, const EvacRun& ev, const policy::VillagePlan& vp) {
  const auto& in = ev.inputs();
  if (in.villages.size() != vp.villages.size()) return;
  out.file("villages/plan.geojson", "villages_plan_map",
           "一村一策 per village on its polygon: margin_s (null: never flooded or nobody to "
           "transfer), flag and the figures of villages/plan.csv",
           "persons, s", [&](const fs::path& p) {
             using gis::FieldKind;
             gis::FeatureWriter w(p, "villages", ev.crs_wkt(), gis::GeomKind::polygon,
                                  {{"id", FieldKind::string},
                                   {"name", FieldKind::string},
                                   {"danger", FieldKind::string},
                                   {"residents", FieldKind::real},
                                   {"to_transfer", FieldKind::real},
                                   {"ordered_s", FieldKind::real},
                                   {"plan_shelters", FieldKind::string},
                                   {"shelters_used", FieldKind::string},
                                   {"sheltered", FieldKind::real},
                                   {"sheltered_90_s", FieldKind::real},
                                   {"sheltered_100_s", FieldKind::real},
                                   {"water_s", FieldKind::real},
                                   {"completion_s", FieldKind::real},
                                   {"completed", FieldKind::integer},
                                   {"margin_s", FieldKind::real},
                                   {"flag", FieldKind::string},
                                   {"left_behind", FieldKind::real},
                                   {"exposed_at_water", FieldKind::real},
                                   {"exposed_person_h", FieldKind::real},
                                   {"trapped", FieldKind::real},
                                   {"transfer_duration_s", FieldKind::real},
                                   {"latest_order_s", FieldKind::real}});
             for (std::size_t k = 0; k < vp.villages.size(); ++k) {
               const auto& r = vp.villages[k];
               const auto& z = in.village.zones[k];
               w.add_wkb(in.villages[k].wkb,
                         {z.id, z.name, std::string(policy::danger_name(z.danger)), r.residents,
                          r.to_transfer, value(r.ordered_s), plan_list(z, in.shelters),
                          used_list(r, in.shelters), r.sheltered, value(r.sheltered_90_s),
                          value(r.sheltered_100_s), value(r.water_s), value(r.completion_s),
                          r.to_transfer > 0 ? gis::FieldValue(std::int64_t{r.completed})
                                            : gis::FieldValue(std::monostate{}),
                          value(r.margin_s), r.flag, r.left_behind, r.exposed_at_water,
                          r.exposed_person_h, r.trapped, value(r.transfer_duration_s),
                          value(r.latest_order_s)});
             }
             w.close();
           });
}

void write_routes_geojson(OutputSet& out, const EvacRun& ev, const policy::VillagePlan& vp) {
  const auto& in = ev.inputs();
  const auto& g = in.graph;
  out.file("villages/routes.geojson", "villages_routes",
           "per village and shelter: the roads its groups took there (MultiLineString), persons, "
           "groups, mean route length and travel time",
           "persons, m, s", [&](const fs::path& p) {
             using gis::FieldKind;
             gis::FeatureWriter w(p, "village_routes", ev.crs_wkt(), gis::GeomKind::multiline,
                                  {{"village", FieldKind::string},
                                   {"shelter", FieldKind::string},
                                   {"persons", FieldKind::real},
                                   {"groups", FieldKind::integer},
                                   {"capacity", FieldKind::integer},
                                   {"share_of_capacity", FieldKind::real},
                                   {"mean_route_m", FieldKind::real},
                                   {"mean_travel_s", FieldKind::real},
                                   {"main_route", FieldKind::string},
                                   {"edges", FieldKind::integer}});
             for (const auto& r : vp.villages) {
               const auto& z = in.village.zones[static_cast<std::size_t>(r.zone)];
               for (const auto& u : r.shelters) {
                 if (u.edges.empty()) continue;  // stayed where they were (a school shelter)
                 std::vector<std::vector<double>> xs, ys;
                 for (graph::EdgeId e : u.edges) {
                   xs.emplace_back(g.geom_x.begin() + g.geom_first[e], g.geom_x.begin() + g.geom_first[e + 1]);
                   ys.emplace_back(g.geom_y.begin() + g.geom_first[e], g.geom_y.begin() + g.geom_first[e + 1]);
                   if (xs.back().size() < 2) {
                     xs.back() = {g.node_x[g.head[e]], g.node_x[g.head[e]]};
                     ys.back() = {g.node_y[g.head[e]], g.node_y[g.head[e]]};
                   }
                 }
                 const auto& sh = in.shelters[static_cast<std::size_t>(u.shelter)];
                 const double cap = static_cast<double>(sh.capacity_persons);
                 w.add_multiline(xs, ys,
                                 {z.id, sh.id, u.persons, std::int64_t{u.groups},
                                  std::int64_t{sh.capacity_persons},
                                  cap > 0 ? value(u.persons / cap) : gis::FieldValue(std::monostate{}),
                                  value(u.mean_route_m), value(u.mean_travel_s),
                                  route_text(g, u.main_path),
                                  static_cast<std::int64_t>(u.edges.size())});
               }
             }
             w.close();
           });
}

/// The worst margin and its village (NaN, "" when no village has one).
std::pair<double, std::string> worst_margin(const EvacRun& ev, const policy::VillagePlan& vp) {
  double worst = std::numeric_limits<double>::quiet_NaN();
  std::string id;
  for (const auto& r : vp.villages)
    if (std::isfinite(r.margin_s) && !(r.margin_s >= worst)) {
      worst = r.margin_s;
      id = ev.inputs().village.zones[static_cast<std::size_t>(r.zone)].id;
    }
  return {worst, id};
}

}  // namespace

void write_village_plan_outputs(OutputSet& out, const EvacRun& ev, const policy::VillagePlan& vp) {
  if (!ev.inputs().plan) return;
  out.folder("villages");
  write_plan_csv(out, ev, vp);
  write_plan_geojson(out, ev, vp);
  write_routes_geojson(out, ev, vp);
}

std::string village_plan_table_csv(const EvacRun& ev, const policy::VillagePlan& vp) {
  const auto& in = ev.inputs();
  const auto& g = in.graph;
  const auto& clock = in.clock;
  const double factor = in.village.rule.safety_factor;
  std::ostringstream o;
  o << "id,name,shelters,plan_places,shelter_persons,main_route,main_route_m,ordered_s,"
       "ordered_local,transfer_duration_s,duration_basis,water_s,water_local,safety_factor,latest_order_s,"
       "latest_order_local,slack_s,flag,margin_s\n";
  for (const auto& r : vp.villages) {
    const auto& z = in.village.zones[static_cast<std::size_t>(r.zone)];
    std::string shelters, persons, places, route, route_m;
    const auto used = by_persons(r);
    // Nobody taken in, or no transfer for the village (only its people at places in
    // transferred villages moved): the village's own plan, unchanged.
    if (used.empty() || !r.ordered) {
      shelters = plan_list(z, in.shelters);
      places = z.plan_places >= 0 ? cell(z.plan_places) : "";
    } else {
      double total = 0;
      for (const auto* u : used) {
        const auto& id = in.shelters[static_cast<std::size_t>(u->shelter)].id;
        if (!shelters.empty()) shelters += ';', persons += ';';
        shelters += id;
        persons += fmt::format("{:.0f}", std::ceil(u->persons - 1e-9));
        total += std::ceil(u->persons - 1e-9);
      }
      places = cell(total);
      route = route_text(g, used.front()->main_path);
      if (!used.front()->main_path.empty()) route_m = cell(path_length(g, used.front()->main_path));
    }
    const double slack = r.latest_order_s - r.ordered_s;
    o << csv_text(z.id) << ',' << csv_text(z.name) << ',' << shelters << ',' << places << ','
      << persons << ',' << route << ',' << route_m << ',' << cell(r.ordered_s) << ','
      << local_time(clock, r.ordered_s) << ',' << cell(r.transfer_duration_s) << ','
      << (std::isnan(r.transfer_duration_s) ? "" : r.completed ? "all" : "last_in") << ','
      << cell(r.water_s) << ',' << local_time(clock, r.water_s) << ',' << cell(factor, 2) << ','
      << cell(r.latest_order_s) << ',' << local_time(clock, r.latest_order_s) << ','
      << cell(slack) << ',' << r.flag << ',' << cell(r.margin_s) << '\n';
  }
  return o.str();
}

void write_village_plan_table(OutputSet& out, const EvacRun& ev, const policy::VillagePlan& vp) {
  if (!ev.inputs().plan) return;
  out.folder("plan");
  out.text("plan/plan.csv", village_plan_table_csv(ev, vp), "plan_table",
           "recommended 一村一策 assignment per village: shelters (most persons first) and "
           "plan_places as taken in during the run, the main route (road feature ids), the "
           "measured transfer duration and the latest safe order time (water arrival - "
           "safety_factor x duration); timeline.villages.plan reads it back",
           "persons, s");
}

json village_summary_json(const EvacRun& ev) {
  if (!ev.inputs().plan) return nullptr;
  const policy::VillagePlan vp = ev.village_plan();
  const auto& rule = ev.inputs().village.rule;
  const auto [worst, worst_id] = worst_margin(ev, vp);
  return {{"count", vp.villages.size()},
          {"negative_margin", vp.negative},
          {"small_margin", vp.small},
          {"ok", vp.ok},
          {"dry", vp.dry},
          {"no_transfer", vp.no_transfer},
          {"empty", vp.empty},
          {"left_behind", vp.left_behind},
          {"exposed_at_water", vp.exposed_at_water},
          {"worst_margin_s", num(worst)},
          {"worst_village", worst_id.empty() ? json(nullptr) : json(worst_id)},
          {"depth_m", rule.depth_m},
          {"small_margin_s", rule.small_margin_s},
          {"safety_factor", rule.safety_factor}};
}

std::string village_summary_text(const EvacRun& ev) {
  const json j = village_summary_json(ev);
  if (j.is_null()) return "";
  std::string worst;
  if (!j["worst_margin_s"].is_null())
    worst = fmt::format("; worst {} ({:+.1f} h)", j["worst_village"].get<std::string>(),
                        j["worst_margin_s"].get<double>() / 3600.0);
  return fmt::format(
      "villages: {} — margin (water arrival - transfer done): {} negative, {} small (< {:.1f} h), "
      "{} ok; {} never flooded, {} flooded without a transfer{}; {:.0f} residents left behind, "
      "{:.0f} not sheltered when the water came (villages/plan.csv)\n",
      j["count"].get<std::size_t>(), j["negative_margin"].get<int>(), j["small_margin"].get<int>(),
      j["small_margin_s"].get<double>() / 3600.0, j["ok"].get<int>(), j["dry"].get<int>(),
      j["no_transfer"].get<int>(), worst, j["left_behind"].get<double>(),
      j["exposed_at_water"].get<double>());
}

}  // namespace floodevac::app
