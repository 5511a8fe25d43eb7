#include "app/report_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/policy/orders.hpp"

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

namespace {

const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

/// The value at a dotted summary.json path ("evacuation.trapped", "gauges.0.peak_level_m");
/// nullptr when a key is missing.
const nlohmann::json* at_path(const nlohmann::json& j, const std::string& path) {
  const nlohmann::json* v = &j;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string key = path.substr(start, dot - start);
    if (v->is_object()) {
      if (!v->contains(key)) return nullptr;
      v = &(*v)[key];
    } else if (v->is_array()) {
      const std::size_t i = std::stoul(key);
      if (i >= v->size()) return nullptr;
      v = &(*v)[i];
    } else {
      return nullptr;
    }
    start = dot + 1;
  }
  return v;
}

}  // namespace

std::vector<viz::Headline> headlines(const nlohmann::json& j) {
  std::vector<viz::Headline> out;
  const auto add = [&](const std::string& key, std::string label, double scale, int decimals,
                       std::string unit, std::string note = {}) {
    const nlohmann::json* v = at_path(j, key);
    if (v == nullptr || !(v->is_number() || v->is_null())) return;
    viz::Headline h{key, std::move(label), std::numeric_limits<double>::quiet_NaN(), scale, decimals,
                    std::move(unit), std::move(note)};
    if (v->is_number()) h.value = v->get<double>();
    out.push_back(std::move(h));
  };
  const bool flood = j.contains("flood") && !j["flood"].is_null();
  const bool people = j.contains("evacuation") && !j["evacuation"].is_null();
  if (people && flood) {
    add("evacuation.exposed_peak_persons", "most people exposed at once", 1, 0, "persons",
        "evacuees and those staying, at one flood coupling, at or above the hazard class of the "
        "exposure threshold");
    add("evacuation.trapped", "trapped by the water", 1, 0, "persons",
        "evacuees the water caught before they reached a shelter");
    add("evacuation.shelters_full", "shelters became full", 1, 0, "shelters",
        "overflow sent on to other shelters");
    add("evacuation.exposed_peak_s", "exposure peaked at", 1.0 / 3600, 1, "h from the start");
  } else if (people) {
    add("evacuation.sheltered", "sheltered at the end", 1, 0, "persons");
    add("evacuation.stranded", "stranded", 1, 0, "persons", "could not go on: no route or no room");
    add("evacuation.shelters_full", "shelters became full", 1, 0, "shelters");
  } else if (flood) {
    add("flood.max_depth_m", "maximum depth", 1, 2, "m");
    add("flood.flooded_area_km2", "flooded area", 1, 2, "km²");
    add("mass_balance.worst_relative_error", "worst mass-balance error", 1e6, 1, "ppm");
  }
  if (people) {
    add("evacuation.evacuating_persons", "set out", 1, 0, "persons");
    add("evacuation.sheltered", "sheltered at the end", 1, 0, "persons");
    add("evacuation.stranded", "stranded", 1, 0, "persons");
    add("evacuation.moving", "still on the roads", 1, 0, "persons");
    add("evacuation.shelters", "shelters", 1, 0, "");
    add("evacuation.shelter_capacity_persons", "shelter places", 1, 0, "persons");
    add("evacuation.t90_s", "90 % arrived at", 1.0 / 3600, 1, "h from the start");
    if (flood) add("evacuation.persons_on_links_at_closure", "on links when the water closed them", 1, 0, "persons");
  }
  if (flood && people) {
    add("flood.max_depth_m", "maximum depth", 1, 2, "m");
    add("flood.flooded_area_km2", "flooded area", 1, 2, "km²");
  }
  if (j.contains("gauges") && j["gauges"].is_array())
    for (std::size_t g = 0; g < j["gauges"].size(); ++g) {
      const auto& x = j["gauges"][g];
      add(fmt::format("gauges.{}.peak_level_m", g), "peak level at " + x.value("name", x.value("id", "")), 1, 2, "m");
    }
  // No duplicates (the evacuation-only three repeat in the row below).
  std::vector<viz::Headline> unique;
  for (auto& h : out)
    if (std::none_of(unique.begin(), unique.end(), [&](const auto& u) { return u.key == h.key; }))
      unique.push_back(std::move(h));
  return unique;
}

std::vector<viz::Chart> timeline_charts(const EvacRun& ev) {
  std::vector<viz::Chart> out;
  if (!ev.inputs().plan) return out;
  const auto& samples = ev.timeline_samples();
  if (!samples.empty()) {
    viz::Chart c{"Sheltered by activity (the evacuation curve of each group)", "hours from scenario start",
                 "persons", {}, {}};
    std::vector<viz::Series> by(policy::kActivityCount);
    for (int a = 0; a < policy::kActivityCount; ++a)
      by[static_cast<std::size_t>(a)] = {std::string(policy::activity_name(static_cast<policy::Activity>(a))),
                                         kColours[a % 10], {}};
    for (const auto& s : samples) {
      c.x.push_back(s.t_s / 3600.0);
      std::vector<double> v(policy::kActivityCount, 0.0);
      for (const auto& g : s.groups)
        if (g.group < policy::kActivityCount) v[g.group] += g.of(evac::AgentState::sheltered);
      for (std::size_t a = 0; a < v.size(); ++a) by[a].y.push_back(v[a]);
    }
    for (auto& s : by)
      if (std::any_of(s.y.begin(), s.y.end(), [](double v) { return v > 0; })) c.series.push_back(std::move(s));
    out.push_back(std::move(c));
  }
  const auto& ex = ev.exposed_samples();
  if (!ex.empty()) {
    const int k0 = ev.spec().movement.exposure_class_min;
    viz::Chart c{fmt::format("Persons exposed (hazard class >= {}), where they are", k0), "hours from scenario start",
                 "persons", {}, {}};
    viz::Series total{"all", "#000000", {}};
    std::vector<viz::Series> cls;
    static const char* kClass[] = {"#cccccc", "#e6c300", "#fd8d3c", "#f03b20", "#800026"};
    for (int k = k0; k <= 4; ++k) cls.push_back({fmt::format("class {}", k), kClass[k], {}, true});
    for (const auto& x : ex) {
      c.x.push_back(x.t_s / 3600.0);
      total.y.push_back(x.total());
      for (int k = k0; k <= 4; ++k) cls[static_cast<std::size_t>(k - k0)].y.push_back(x.by_class[k]);
    }
    c.series.push_back(std::move(total));
    for (auto& s : cls) c.series.push_back(std::move(s));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<viz::Chart> gauge_charts(const GaugeLog& gl) {
  std::vector<viz::Chart> out;
  if (gl.empty()) return out;
  // One chart per kind (sea level, river, creek): their levels lie metres apart.
  std::vector<std::string> kinds;
  for (const auto& g : gl.gauges())
    if (std::find(kinds.begin(), kinds.end(), g.kind) == kinds.end()) kinds.push_back(g.kind);
  for (const auto& kind : kinds) {
    std::string title = "Water level";
    for (const auto& g : gl.gauges())
      if (g.kind == kind) title += (title == "Water level" ? ": " : ", ") + g.id + " " + g.name;
    viz::Chart c{title + " (dashed: warning level)", "hours from scenario start", "m", {}, {}};
    for (double t : gl.times_s()) c.x.push_back(t / 3600.0);
    for (std::size_t g = 0; g < gl.gauges().size(); ++g) {
      const auto& gauge = gl.gauges()[g];
      if (gauge.kind != kind) continue;
      const char* colour = kColours[g % 10];
      c.series.push_back({gauge.id + " level", colour, gl.level_m()[g]});
      if (std::isfinite(gauge.warning_level_m))
        c.series.push_back(
            {gauge.id + " warning", colour, std::vector<double>(c.x.size(), gauge.warning_level_m), true});
    }
    out.push_back(std::move(c));
  }
  return out;
}

viz::Report run_report(const std::string& scenario_name, const std::string& summary_text,
                       const MassBalanceLog& mass_balance, const EvacRun* evac,
                       const OutputSet& outputs, const ReportExtras& extras) {
  viz::Report rep;
  rep.title = "floodevac run: " + scenario_name;
  rep.summary = summary_text;
  if (!extras.summary.is_null()) rep.headlines = headlines(extras.summary);
  rep.maps = extras.maps;
  if (evac) {
    rep.charts = evac_charts(*evac);
    auto tl = timeline_charts(*evac);
    rep.charts.insert(rep.charts.begin() + 1, tl.begin(), tl.end());  // after evacuees by state
  }
  if (extras.gauges != nullptr)
    for (auto& c : gauge_charts(*extras.gauges)) rep.charts.push_back(std::move(c));
  if (!mass_balance.records().empty())  // none in an evacuation-only run
    for (auto& c : water_charts(mass_balance)) rep.charts.push_back(std::move(c));
  // The orders (五停, 转移) and landfall on a strip above the time charts, marked in each.
  std::vector<double> marks;
  if (evac && evac->inputs().plan) {
    for (const auto& o : evac->inputs().plan->orders) {
      // The order's label (停课, 转移 ...) and its kind in words, for a page without CJK fonts.
      std::string kind(policy::order_kind_name(o.kind));
      if (kind.rfind("stop_", 0) == 0) kind = kind.substr(5);
      rep.timeline.push_back({o.issue_s / 3600.0, o.label.empty() ? kind : o.label + " " + kind});
      marks.push_back(o.issue_s / 3600.0);
    }
    rep.timeline.push_back({evac->inputs().clock.landfall_s / 3600.0, "landfall", "#c00000"});
    marks.push_back(evac->inputs().clock.landfall_s / 3600.0);
  }
  if (std::isfinite(extras.duration_s)) {
    rep.timeline_x_min = 0;
    rep.timeline_x_max = extras.duration_s / 3600.0;
    for (auto& c : rep.charts)
      if (c.x_label == "hours from scenario start") {
        c.x_min = 0;
        c.x_max = extras.duration_s / 3600.0;
        c.marks_x = marks;
      }
  } else {
    rep.timeline.clear();  // no common axis to put it on
  }
  for (const auto& o : outputs.records())
    if (o.kind != "qgis_style")  // one per raster and vector: listed in the manifest
      rep.outputs.push_back(
          {outputs.relative(o), o.description + (o.unit.empty() ? "" : " (" + o.unit + ")")});
  return rep;
}

}  // namespace floodevac::app
