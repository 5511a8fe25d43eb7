#include "app/timeline_outputs.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "sim/policy/orders.hpp"

namespace floodevac::app {

using nlohmann::json;

namespace {

std::string local_time(const policy::Clock& clock, double t_s) {
  if (!std::isfinite(t_s)) return "";
  return policy::format_local_datetime(clock.local(t_s));
}

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

const char* kStateNames[] = {"waiting", "moving", "stranded", "sheltered", "trapped", "arrived"};

/// Ferry figures per island direction: persons carried and left behind, from the results.
struct FerryFigures {
  double carried = 0, left_at_last = 0, missed = 0;
};

FerryFigures ferry_figures(const evac::SimResults& res) {
  FerryFigures f;
  for (const auto& s : res.ferries) {
    for (double p : s.carried_persons) f.carried += p;
    f.left_at_last += s.left_at_last_departure_persons;
    f.missed += s.missed_persons;
  }
  return f;
}

/// timeline/exposed_by_class.csv: one row per exposure sample (EvacRun::exposed_samples).
void write_exposed_csv(OutputSet& out, const EvacRun& ev) {
  if (ev.exposed_samples().empty()) return;
  const int class_min = ev.spec().movement.exposure_class_min;
  std::ostringstream o;
  o << "t_s,local_time,exposed";
  for (int k = class_min; k <= 4; ++k) o << ",class_" << k;
  for (int a = 0; a < policy::kActivityCount; ++a)
    o << ',' << policy::activity_name(static_cast<policy::Activity>(a));
  o << ",present,travelling\n";
  for (const auto& x : ev.exposed_samples()) {
    o << fmt::format("{:.0f},{},{:.1f}", x.t_s, local_time(ev.inputs().clock, x.t_s), x.total());
    for (int k = class_min; k <= 4; ++k) o << fmt::format(",{:.1f}", x.by_class[k]);
    for (double v : x.by_group) o << fmt::format(",{:.1f}", v);
    o << fmt::format(",{:.1f},{:.1f}\n", x.present, x.travelling);
  }
  out.text("timeline/exposed_by_class.csv", o.str(), "timeline_exposed",
           "persons exposed (hazard class >= exposure_class_min) at each sampled flood coupling: "
           "by hazard class, by activity group, not travelling (at home or at their place) and "
           "travelling (stopped on the road, arrived, at a pier)",
           "persons");
}

}  // namespace

json timeline_summary_json(const EvacRun& ev) {
  const auto& in = ev.inputs();
  if (!in.plan) return nullptr;
  const auto& plan = *in.plan;
  json orders = json::array();
  for (std::size_t o = 0; o < plan.orders.size(); ++o) {
    const auto& r = plan.orders[o];
    orders.push_back({{"kind", std::string(policy::order_kind_name(r.kind))},
                      {"label", r.label},
                      {"issue_s", r.issue_s},
                      {"issue_local", local_time(in.clock, r.issue_s)},
                      {"persons_applied", r.persons_applied},
                      {"persons_reached", r.persons_reached},
                      {"persons_complied", r.persons_complied},
                      {"persons_moved", r.persons_moved},
                      {"legs", r.legs},
                      {"ferry_departures_cut", r.ferry_departures_cut},
                      {"share_reached_by_end", in.order_share_reached.at(o)}});
  }
  json islands = json::array();
  for (const auto& is : in.islands) {
    json zones = json::array();
    for (auto z : is.zones) zones.push_back(in.zone_ids.at(static_cast<std::size_t>(z)));
    islands.push_back({{"land_mass", is.land_mass},
                       {"villages", zones},
                       {"residents", is.residents},
                       {"tourists", is.tourists},
                       {"shelter_places", is.shelter_places},
                       {"shortfall", is.shortfall()},
                       {"last_ferry_from_s", num(is.last_departure_from_s)},
                       {"last_ferry_from_local", local_time(in.clock, is.last_departure_from_s)},
                       {"last_ferry_to_s", num(is.last_departure_to_s)}});
  }
  const FerryFigures f = ferry_figures(ev.results());
  std::size_t return_legs = 0;
  double return_persons = 0;  // planned: a return leg carries who arrive at the shelter
  for (std::size_t i = 0; i < plan.tags.size(); ++i)
    if (plan.tags[i].leg == policy::LegKind::return_home) {
      ++return_legs;
      return_persons += plan.trips[i].persons;
    }
  // The most persons exposed at one sampled coupling (exposed_by_class.csv), and when.
  json exposed = nullptr;
  const policy::ExposedCounts* peak = nullptr;
  for (const auto& x : ev.exposed_samples())
    if (x.total() > 0 && (peak == nullptr || x.total() > peak->total())) peak = &x;
  if (peak != nullptr)
    exposed = {{"persons", peak->total()},
               {"t_s", peak->t_s},
               {"local", local_time(in.clock, peak->t_s)},
               {"present", peak->present},
               {"travelling", peak->travelling}};
  return json{{"clock_start", policy::format_local_datetime(in.clock.start)},
              {"exposed_peak", exposed},
              {"landfall_s", in.clock.landfall_s},
              {"residents", plan.residents},
              {"tourists", plan.tourists},
              {"unplaced_persons", plan.unplaced_persons},
              {"legs", plan.trips.size()},
              {"return_legs", return_legs},
              {"return_persons_planned", return_persons},
              {"orders", orders},
              {"islands", islands},
              {"ferry_persons_carried", f.carried},
              {"ferry_persons_left_at_last_departure", f.left_at_last},
              {"ferry_persons_missed", f.missed}};
}

std::string timeline_summary_text(const EvacRun& ev) {
  json j = timeline_summary_json(ev);
  if (j.is_null()) return {};
  std::ostringstream o;
  o << fmt::format("timeline: start {}, landfall at {:.0f} s; {:.0f} residents, {:.0f} tourists; "
                   "{} legs\n",
                   j["clock_start"].get<std::string>(), j["landfall_s"].get<double>(),
                   j["residents"].get<double>(), j["tourists"].get<double>(),
                   j["legs"].get<std::size_t>());
  for (auto& r : j["orders"])
    o << fmt::format("  order {} at {:.0f} s ({}): {:.0f} persons applied, {:.0f} reached, "
                     "{:.0f} moved\n",
                     r["label"].get<std::string>(), r["issue_s"].get<double>(),
                     r["issue_local"].get<std::string>(), r["persons_applied"].get<double>(),
                     r["persons_reached"].get<double>(), r["persons_moved"].get<double>());
  for (auto& is : j["islands"]) {
    std::string ids;
    for (auto& z : is["villages"]) {
      if (!ids.empty()) ids += ',';
      ids += z.get<std::string>();
    }
    o << fmt::format("  island {}: {:.0f} residents + {:.0f} tourists, {:.0f} shelter places "
                     "(short {:.0f}); last ferry from it {}\n",
                     ids, is["residents"].get<double>(), is["tourists"].get<double>(),
                     is["shelter_places"].get<double>(), is["shortfall"].get<double>(),
                     is["last_ferry_from_s"].is_null()
                         ? std::string("none")
                         : fmt::format("at {:.0f} s ({})", is["last_ferry_from_s"].get<double>(),
                                       is["last_ferry_from_local"].get<std::string>()));
  }
  if (!j["exposed_peak"].is_null()) {
    const auto& x = j["exposed_peak"];
    o << fmt::format("exposed where they are: at most {:.0f} persons at once at {:.0f} s ({}): "
                     "{:.0f} at home or at their place, {:.0f} on the roads, arrived or at piers\n",
                     x["persons"].get<double>(), x["t_s"].get<double>(),
                     x["local"].get<std::string>(), x["present"].get<double>(),
                     x["travelling"].get<double>());
  }
  o << fmt::format("回流: {} return legs planned ({:.0f} persons at most)\n",
                   j["return_legs"].get<std::size_t>(), j["return_persons_planned"].get<double>());
  o << fmt::format("ferries: {:.0f} persons carried, {:.0f} left at the pier after the last "
                   "boat, {:.0f} came too late\n",
                   j["ferry_persons_carried"].get<double>(),
                   j["ferry_persons_left_at_last_departure"].get<double>(),
                   j["ferry_persons_missed"].get<double>());
  return o.str();
}

void write_timeline_outputs(OutputSet& out, const EvacRun& ev) {
  const auto& in = ev.inputs();
  if (!in.plan) return;
  out.folder("timeline");
  const json j = timeline_summary_json(ev);
  std::ostringstream orders;
  orders << "order,kind,label,issue_s,issue_local,persons_applied,persons_reached,"
            "persons_complied,persons_moved,legs,ferry_departures_cut,share_reached_by_end\n";
  std::size_t k = 0;
  for (const auto& r : j["orders"]) {
    std::string label = r["label"].get<std::string>();
    for (auto& c : label)
      if (c == ',' || c == '"') c = ' ';
    orders << fmt::format("{},{},{},{:.0f},{},{:.1f},{:.1f},{:.1f},{:.1f},{},{},{:.4f}\n", k++,
                          r["kind"].get<std::string>(), label, r["issue_s"].get<double>(),
                          r["issue_local"].get<std::string>(), r["persons_applied"].get<double>(),
                          r["persons_reached"].get<double>(), r["persons_complied"].get<double>(),
                          r["persons_moved"].get<double>(), r["legs"].get<int>(),
                          r["ferry_departures_cut"].get<int>(),
                          r["share_reached_by_end"].get<double>());
  }
  out.text("timeline/orders.csv", orders.str(), "timeline_orders",
           "per order: issue time, persons applied / reached / complied / moved, legs", "persons");
  std::ostringstream islands;
  islands << "land_mass,villages,residents,tourists,shelter_places,shortfall,last_ferry_from_s,"
             "last_ferry_from_local,last_ferry_to_s\n";
  for (const auto& is : j["islands"]) {
    std::string ids;
    for (const auto& z : is["villages"]) {
      if (!ids.empty()) ids += ';';
      ids += z.get<std::string>();
    }
    const auto t = [](const json& v) { return v.is_null() ? std::string() : fmt::format("{:.0f}", v.get<double>()); };
    islands << fmt::format("{},{},{:.0f},{:.0f},{:.0f},{:.0f},{},{},{}\n", is["land_mass"].get<int>(), ids,
                           is["residents"].get<double>(), is["tourists"].get<double>(),
                           is["shelter_places"].get<double>(), is["shortfall"].get<double>(),
                           t(is["last_ferry_from_s"]), is["last_ferry_from_local"].get<std::string>(),
                           t(is["last_ferry_to_s"]));
  }
  out.text("timeline/islands.csv", islands.str(), "timeline_islands",
           "per island: residents, tourists, shelter places, shortfall, last ferries", "persons");
  std::ostringstream people;
  people << "t_s,local_time,activity,state,persons\n";
  for (const auto& s : ev.timeline_samples()) {
    const std::string lt = local_time(in.clock, s.t_s);
    const auto row = [&](const std::string& activity, const char* state, double persons) {
      people << fmt::format("{:.0f},{},{},{},{:.1f}\n", s.t_s, lt, activity, state, persons);
    };
    // Present = not travelling and not trapped: the people the water trapped before they
    // left are in the queue model's "trapped" rows (the presence model still has them).
    const auto& tb = s.trapped_before_leaving;
    row("home", "present", s.presence.home - tb[0]);
    for (int a = 1; a < policy::kActivityCount; ++a)
      row(std::string(policy::activity_name(static_cast<policy::Activity>(a))), "present",
          s.presence.at_activity[static_cast<std::size_t>(a)] - tb[static_cast<std::size_t>(a)]);
    row("tourist", "elsewhere", s.presence.elsewhere);
    for (const auto& g : s.groups) {
      const std::string activity =
          g.group < policy::kActivityCount
              ? std::string(policy::activity_name(static_cast<policy::Activity>(g.group)))
              : std::to_string(g.group);
      for (std::size_t st = 1; st < evac::kAgentStateCount; ++st)  // "home" is in presence
        row(activity, kStateNames[st], g.persons[st]);
    }
  }
  write_exposed_csv(out, ev);
  out.text("timeline/people_by_activity.csv", people.str(), "timeline_people",
           "persons by activity and state over time: present (not travelling) at home / at their "
           "place / elsewhere, and moving / stranded / sheltered / trapped (also before leaving) / "
           "arrived",
           "persons");
}

}  // namespace floodevac::app
