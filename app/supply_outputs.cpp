#include "app/supply_outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "gis/vector/geojson_out.hpp"
#include "sim/policy/clock.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

/// Local date-time of a check with a timeline clock, else "" (no clock).
std::string local_of(const EvacRun& ev, double t_s) {
  if (!ev.inputs().plan || !std::isfinite(t_s)) return "";
  return policy::format_local_datetime(ev.inputs().clock.local(t_s));
}

/// "T+3h", "T-1h30m" relative to landfall with a timeline, else "".
std::string from_landfall(const EvacRun& ev, double t_s) {
  if (!ev.inputs().plan) return "";
  const double d = t_s - ev.inputs().clock.landfall_s;
  const auto m = static_cast<long long>(std::llround(std::fabs(d) / 60.0));
  const std::string sign = d < 0 ? "-" : "+";
  return m % 60 == 0 ? fmt::format("T{}{}h", sign, m / 60)
                     : fmt::format("T{}{}h{:02d}m", sign, m / 60, m % 60);
}

void write_shelters(OutputSet& out, const EvacRun& ev, const SupplyRun& sr) {
  const auto& shelters = ev.inputs().shelters;
  const auto& checks = sr.checks();
  const std::size_t ns = shelters.size();
  std::vector<gis::Column> cols;
  std::vector<std::int64_t> failed(ns, 0);
  std::vector<double> first_failed(ns, std::numeric_limits<double>::quiet_NaN());
  for (const auto& c : checks) {
    const std::string tag = supply_check_tag(c.t_s);
    std::vector<double> occ(ns), minutes(ns);
    std::vector<std::int64_t> reach(ns);
    std::vector<std::string> depot(ns);
    for (std::size_t s = 0; s < ns; ++s) {
      occ[s] = c.occupancy[s];
      reach[s] = c.reachable[s];
      minutes[s] = c.best_s(s) / 60.0;
      depot[s] = c.depot[s] < 0 ? "" : sr.depots()[static_cast<std::size_t>(c.depot[s])].id;
      if (c.occupied_at(s) && !c.reachable[s]) {
        ++failed[s];
        if (std::isnan(first_failed[s])) first_failed[s] = c.t_s;
      }
    }
    cols.push_back({"occupancy_" + tag, std::move(occ)});
    cols.push_back({"reachable_" + tag, std::move(reach)});
    cols.push_back({"minutes_" + tag, std::move(minutes)});
    cols.push_back({"depot_" + tag, std::move(depot)});
  }
  cols.insert(cols.begin(), {{"failed_checks", failed}, {"first_failed_s", first_failed}});
  out.file("supplies/shelters.geojson", "supply_shelters",
           "shelters at each supply check (column suffix tNNNNNNs: s from the start): persons "
           "in it, reachable (1: a depot within its level's limit over the flooded network), "
           "minutes from its depot (null: none reaches it), the depot; failed_checks: checks "
           "it was occupied and unreachable, first_failed_s the first",
           "persons, min", [&](const fs::path& p) {
             gis::write_shelters_geojson(p, shelters, ev.crs_wkt(), cols);
           });
}

void write_csv(OutputSet& out, const EvacRun& ev, const SupplyRun& sr) {
  const auto& shelters = ev.inputs().shelters;
  std::ostringstream o;
  o << "t_s,local_time,from_landfall,water_t_s,shelter_id,occupancy_persons,occupied,depot_id,"
       "depot_level,travel_s,limit_s,within_limit,serves,shelter_reachable\n";
  for (const auto& c : sr.checks())
    for (std::size_t s = 0; s < shelters.size(); ++s)
      for (std::size_t d = 0; d < sr.depots().size(); ++d) {
        const auto& dep = sr.depots()[d];
        const double ts = c.travel_s[s * c.depots + d];
        o << fmt::format(
            "{:.0f},{},{},{},{},{:.1f},{},{},{},{},{:.0f},{},{},{}\n", c.t_s, local_of(ev, c.t_s),
            from_landfall(ev, c.t_s),
            std::isfinite(c.water_t_s) ? fmt::format("{:.0f}", c.water_t_s) : std::string(),
            shelters[s].id, c.occupancy[s], c.occupied_at(s) ? 1 : 0, dep.id, dep.level,
            std::isfinite(ts) ? fmt::format("{:.0f}", ts) : std::string(), dep.limit_s,
            ts <= dep.limit_s ? 1 : 0, c.depot[s] == static_cast<std::int32_t>(d) ? 1 : 0,
            static_cast<int>(c.reachable[s]));
      }
  out.text("supplies/reachability.csv", o.str(), "supply_reachability",
           "per supply check, shelter and depot: travel time over the network as flooded at the "
           "water time (empty: no way), the depot's limit, within it, whether this depot serves "
           "the shelter and whether any depot reaches it",
           "s");
}

}  // namespace

std::string supply_check_tag(double t_s) { return fmt::format("t{:06.0f}s", t_s); }

void write_supply_outputs(OutputSet& out, const EvacRun& evac) {
  const SupplyRun* sr = evac.supplies();
  if (sr == nullptr) return;
  out.folder("supplies");
  write_shelters(out, evac, *sr);
  write_csv(out, evac, *sr);
}

json supply_summary_json(const EvacRun& ev) {
  const SupplyRun* sr = ev.supplies();
  if (sr == nullptr) return nullptr;
  const evac::SupplySummary x = sr->summary();
  json depots = json::array();
  for (const auto& d : sr->depots())
    depots.push_back({{"id", d.id},
                      {"name", d.name},
                      {"level", d.level},
                      {"stock_person_days", d.stock_person_days},
                      {"limit_s", d.limit_s},
                      {"snap_m", d.snap_distance_m}});
  json checks = json::array();
  for (const auto& c : sr->checks()) {
    json ids = json::array();
    for (std::size_t s = 0; s < c.occupancy.size(); ++s)
      if (c.occupied_at(s) && !c.reachable[s]) ids.push_back(ev.inputs().shelters[s].id);
    checks.push_back({{"t_s", c.t_s},
                      {"local", local_of(ev, c.t_s)},
                      {"water_t_s", num(c.water_t_s)},
                      {"occupied_shelters", c.occupied},
                      {"unreachable_shelters", c.unreachable_occupied},
                      {"unreachable_persons", c.unreachable_persons},
                      {"unreachable_ids", ids}});
  }
  return json{{"depots", depots},
              {"checks", x.checks},
              {"unreachable_shelters", x.unreachable_shelters},
              {"max_unreachable_at_once", x.max_unreachable_at_once},
              {"max_unreachable_persons", x.max_unreachable_persons},
              {"first_unreachable_s", num(x.first_unreachable_s)},
              {"stock_person_days", x.stock_person_days},
              {"peak_sheltered_persons", x.peak_occupancy_persons},
              {"days_of_stock", num(x.days_of_stock)},
              {"by_check", checks}};
}

std::string supply_summary_text(const EvacRun& ev) {
  const SupplyRun* sr = ev.supplies();
  if (sr == nullptr) return "";
  const evac::SupplySummary x = sr->summary();
  const auto& checks = sr->checks();
  std::string when;
  if (!checks.empty()) {
    const auto at = [&](double t) {
      const std::string rel = from_landfall(ev, t);
      return rel.empty() ? fmt::format("{:.0f} s", t) : rel;
    };
    when = checks.size() == 1 ? " at " + at(checks.front().t_s)
                              : fmt::format(" from {} to {}", at(checks.front().t_s),
                                            at(checks.back().t_s));
  }
  std::string o = fmt::format(
      "supplies: {} depots, {:.0f} person-days ({}); {} checks{}: ", sr->depots().size(),
      x.stock_person_days,
      std::isfinite(x.days_of_stock)
          ? fmt::format("{:.1f} days for the {:.0f} most sheltered at a check", x.days_of_stock,
                        x.peak_occupancy_persons)
          : std::string("nobody sheltered at a check"),
      x.checks, when);
  if (x.checks == 0) return o + "no check time within the run\n";
  if (x.unreachable_shelters == 0) return o + "every occupied shelter reachable in time\n";
  const std::string first = from_landfall(ev, x.first_unreachable_s);
  return o + fmt::format(
                 "{} occupied shelters unreachable in time at one check or more (at most {} at "
                 "once, {:.0f} persons), first at {:.0f} s{}; supplies/shelters.geojson\n",
                 x.unreachable_shelters, x.max_unreachable_at_once, x.max_unreachable_persons,
                 x.first_unreachable_s, first.empty() ? "" : " (" + first + ")");
}

}  // namespace floodevac::app
