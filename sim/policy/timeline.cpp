#include "sim/policy/timeline.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"
#include "sim/policy/config_fail.hpp"
#include "sim/policy/legs.hpp"

namespace floodevac::policy {
namespace {

constexpr double kEps = 1e-6;  // persons below this make no leg
constexpr std::string_view kLegNames[kLegKindCount] = {"go_home", "transfer", "shelter_in_place",
                                                       "return_home", "leave_island"};

// Independent streams of the counter-based generator, one per decision.
enum Stream : std::uint64_t { kBroadcast = 1, kChain = 2, kComply = 3, kRespond = 4, kMode = 5 };
std::uint64_t stream_seed(std::uint64_t seed, Stream s) {
  return evac::splitmix64(seed ^ (static_cast<std::uint64_t>(s) * 0x9e3779b97f4a7c15ull));
}

// A cohort: the persons of one base (home unit or hotel) at one activity place (or none).
struct Cohort {
  std::int32_t unit = -1, hotel = -1, place = -1;
  double persons = 0;
};

enum class EventType : std::uint8_t { stop, transfer, leave_island };
struct Event {
  double t = 0;
  std::int32_t order = -1;
  EventType type = EventType::stop;
  bool base_hit = false, place_hit = false;
};

std::vector<Cohort> make_cohorts(const TimelineInputs& in, const PlaceAssignment& a) {
  std::vector<double> unit_left(in.units.size(), 0.0), hotel_left(in.places.size(), 0.0);
  for (std::size_t u = 0; u < in.units.size(); ++u)
    if (in.units[u].node != graph::kInvalid)
      unit_left[u] = std::max(0.0, std::round(in.units[u].persons));
  for (std::size_t p = 0; p < in.places.size(); ++p)
    if (in.places[p].lodging && in.places[p].node != graph::kInvalid)
      hotel_left[p] = std::max(0.0, std::round(in.places[p].persons));
  std::vector<Cohort> out;
  for (std::size_t p = 0; p < in.places.size(); ++p)
    for (std::uint32_t k = a.first[p]; k < a.first[p + 1]; ++k) {
      Cohort c;
      c.place = static_cast<std::int32_t>(p);
      c.persons = a.persons[k];
      if (in.places[p].activity == Activity::tourist) {
        c.hotel = a.base[k];
        hotel_left[c.hotel] -= c.persons;
      } else {
        c.unit = a.base[k];
        unit_left[c.unit] -= c.persons;
      }
      out.push_back(c);
    }
  for (std::size_t u = 0; u < in.units.size(); ++u)
    if (unit_left[u] > 0.0) out.push_back({static_cast<std::int32_t>(u), -1, -1, unit_left[u]});
  for (std::size_t p = 0; p < in.places.size(); ++p)
    if (hotel_left[p] > 0.0) out.push_back({-1, static_cast<std::int32_t>(p), -1, hotel_left[p]});
  return out;
}

Presence make_presence_frame(const TimelineInputs& in) {
  Presence pr;
  pr.clock = in.clock;
  pr.unit_count = in.units.size();
  for (std::size_t p = 0; p < in.places.size(); ++p) {
    const ActivityPlace& pl = in.places[p];
    const std::string field = "places[" + std::to_string(p) + "] ('" + pl.id + "').kind";
    const std::int32_t c = in.profile.column_for(layer_name(pl.activity), pl.kind, field);
    pr.place_column.push_back(c);
    pr.place_lodging.push_back(pl.lodging ? 1 : 0);
    pr.place_activity.push_back(pl.activity);
    pr.place_share.push_back(in.profile.shares[c]);
  }
  pr.handover_first.push_back(0);
  return pr;
}

}  // namespace

std::string_view leg_kind_name(LegKind k) {
  return kLegNames[static_cast<int>(k)];
}

void TimelineResponse::validate(const std::string& field) const {
  stop_curve.validate();
  transfer_curve.validate();
  if (!(car_share >= 0.0 && car_share <= 1.0))
    config_fail(field + ".car_share", "must be a share in [0, 1]");
  if (!(occupancy >= 1.0) || !std::isfinite(occupancy))
    config_fail(field + ".occupancy", "must be >= 1 person per car");
}

void TimelineInputs::validate() const {
  if (graph == nullptr) throw InvariantError("TimelineInputs: no road graph");
  graph->validate();
  clock.validate("clock");
  if (!(duration_s > 0.0) || !std::isfinite(duration_s))
    config_fail("time.duration_s", "must be a finite time > 0 s");
  const std::uint32_t nodes = graph->node_count();
  auto node_ok = [&](graph::NodeId n) { return n == graph::kInvalid || n < nodes; };
  for (std::size_t s = 0; s < shelters.size(); ++s)
    if (!node_ok(shelters[s].node))
      config_fail("shelters[" + std::to_string(s) + "].node", "not a node of the road graph");
  if (unit_zone.size() != units.size())
    config_fail("unit_zone", "has " + std::to_string(unit_zone.size()) + " entries for " +
                                 std::to_string(units.size()) + " population units");
  for (std::size_t u = 0; u < units.size(); ++u) {
    if (!node_ok(units[u].node))
      config_fail("units[" + std::to_string(u) + "].node", "not a node of the road graph");
    if (!(units[u].persons >= 0.0) || !std::isfinite(units[u].persons))
      config_fail("units[" + std::to_string(u) + "].persons", "must be a finite count >= 0");
    if (unit_zone[u] < -1 || unit_zone[u] >= static_cast<std::int64_t>(zones.size()))
      config_fail("unit_zone[" + std::to_string(u) + "]", "not a zone index");
  }
  for (std::size_t p = 0; p < places.size(); ++p) {
    const ActivityPlace& pl = places[p];
    const std::string f = "places[" + std::to_string(p) + "] ('" + pl.id + "')";
    if (!node_ok(pl.node)) config_fail(f + ".node", "not a node of the road graph");
    if (!(pl.persons >= 0.0) || !std::isfinite(pl.persons))
      config_fail(f + ".persons", "must be a finite count >= 0");
    if (pl.zone < -1 || pl.zone >= static_cast<std::int64_t>(zones.size()))
      config_fail(f + ".zone", "not a zone index");
    if (pl.shelter < -1 || pl.shelter >= static_cast<std::int64_t>(shelters.size()))
      config_fail(f + ".shelter", "not a shelter index");
    if (pl.activity == Activity::home) config_fail(f + ".activity", "a place cannot be 'home'");
    if (pl.lodging && pl.activity != Activity::tourist)
      config_fail(f + ".lodging", "only a tourists place can be lodging (a hotel)");
  }
  profile.validate("daily_profile");
  for (std::size_t z = 0; z < zones.size(); ++z)
    zones[z].validate(shelters.size(), "zones[" + std::to_string(z) + "] ('" + zones[z].id + "')");
  for (std::size_t o = 0; o < orders.size(); ++o)
    orders[o].validate(zones.size(), "orders[" + std::to_string(o) + "]");
  warning.validate("warning");
  compliance.validate(zones.size(), "compliance");
  returns.validate("returns");
  response.validate("response");
  for (std::size_t f = 0; f < ferries.size(); ++f) {
    const std::string fld = "ferries[" + std::to_string(f) + "]";
    const auto& fs = ferries[f];
    if (fs.edge >= graph->edge_count() || graph->ferry.empty() || !graph->ferry[fs.edge])
      config_fail(fld + ".edge", "not a ferry edge of the road graph");
    if (!std::is_sorted(fs.departures_s.begin(), fs.departures_s.end()))
      config_fail(fld + ".departures_s", "departures must be ascending");
    if (!(fs.crossing_s > 0.0) || !std::isfinite(fs.crossing_s))
      config_fail(fld + ".crossing_s", "must be a finite time > 0 s");
  }
}

double TimelinePlan::share_reached(const TimelineInputs& in, std::size_t order, double t_s) const {
  return in.warning.share_reached(t_s - in.orders.at(order).issue_s);
}

TimelinePlan build_timeline(const TimelineInputs& in) {
  in.validate();
  TimelinePlan plan;
  plan.assignment = assign_places(*in.graph, in.units, in.places, in.gravity, in.seed);
  for (double u : plan.assignment.unplaced) plan.unplaced_persons += u;
  const std::vector<Cohort> cohorts = make_cohorts(in, plan.assignment);

  // Person groups: each cohort's E persons split into C = floor(car_share E + u) car persons
  // (u uniform from the seed: rounded at random so that the many one- and two-person
  // cohorts of the gravity rule keep the car share on average) and E - C walkers; then
  // make_trips' rule: max(1, round(C / occupancy)) cars, ceil(W / 4) walking groups.
  std::vector<evac::PopulationUnit> car_units(cohorts.size()), walk_units(cohorts.size());
  const std::uint64_t s_mode = stream_seed(in.seed, kMode);
  for (std::size_t c = 0; c < cohorts.size(); ++c) {
    const graph::NodeId node =
        cohorts[c].unit >= 0 ? in.units[cohorts[c].unit].node : in.places[cohorts[c].hotel].node;
    const double e = cohorts[c].persons;
    const double car =
        std::min(e, std::floor(in.response.car_share * e + evac::uniform_open01(s_mode, c, 0)));
    car_units[c].node = walk_units[c].node = node;
    car_units[c].persons = car;
    walk_units[c].persons = e - car;
  }
  std::vector<evac::Trip> groups = evac::make_trips(car_units, in.response.transfer_curve, 0.0, 1.0,
                                                    1.0, in.response.occupancy, in.seed);
  const std::vector<evac::Trip> walkers = evac::make_trips(
      walk_units, in.response.transfer_curve, 0.0, 1.0, 0.0, in.response.occupancy, in.seed);
  groups.insert(groups.end(), walkers.begin(), walkers.end());

  Presence pr = make_presence_frame(in);
  plan.orders.resize(in.orders.size());
  for (std::size_t o = 0; o < in.orders.size(); ++o) {
    plan.orders[o].kind = in.orders[o].kind;
    plan.orders[o].issue_s = in.orders[o].issue_s;
    plan.orders[o].label = in.orders[o].label;
  }
  detail::LegBuilder legs(in);
  const std::uint64_t s_b = stream_seed(in.seed, kBroadcast), s_c = stream_seed(in.seed, kChain),
                      s_y = stream_seed(in.seed, kComply), s_r = stream_seed(in.seed, kRespond);
  std::vector<Event> events;
  std::vector<std::int32_t> open;  // go-home legs under way to the base, without a next leg

  for (std::size_t gi = 0; gi < groups.size(); ++gi) {
    const Cohort& c = cohorts[groups[gi].unit];
    const double w = groups[gi].persons;
    const bool tourist = c.unit < 0;
    const graph::NodeId nb = tourist ? in.places[c.hotel].node : in.units[c.unit].node;
    const std::int32_t zb = tourist ? in.places[c.hotel].zone : in.unit_zone[c.unit];
    const bool island_base = zb >= 0 && in.zones[zb].island;
    const std::int32_t p = c.place;
    const ActivityPlace* pl = p >= 0 ? &in.places[p] : nullptr;
    const graph::NodeId np = pl ? pl->node : graph::kInvalid;
    const std::int32_t zp = pl ? pl->zone : -1;
    const Activity activity = pl ? pl->activity : (tourist ? Activity::tourist : Activity::home);
    const bool boarding = pl && pl->boarding && pl->activity == Activity::school;

    // Which orders apply, when they reach the group and whether it complies.
    events.clear();
    for (std::size_t o = 0; o < in.orders.size(); ++o) {
      const Order& ord = in.orders[o];
      Event ev;
      ev.order = static_cast<std::int32_t>(o);
      std::int32_t zone = zb;
      if (ord.kind == OrderKind::transfer) {
        ev.base_hit = ord.applies_to_zone(zb);
        ev.place_hit = pl && ord.applies_to_zone(zp);
        if (!ev.base_hit && !ev.place_hit) continue;
        if (!ev.base_hit) zone = zp;
        ev.type =
            tourist && island_base && ev.base_hit ? EventType::leave_island : EventType::transfer;
      } else if (ord.kind == OrderKind::stop_transport) {
        if (!(tourist && island_base && ord.applies_to_zone(zb))) continue;
        ev.type = EventType::leave_island;
      } else {
        if (!pl || !stops_activity(ord.kind, pl->activity) || !ord.applies_to_zone(zp)) continue;
        if (boarding && ord.kind == OrderKind::stop_classes) continue;  // boarders stay
        ev.type = EventType::stop;
        zone = zp;
      }
      OrderOutcome& out = plan.orders[o];
      out.persons_applied += w;
      const double tau =
          in.warning.reach_time(evac::uniform_open01(s_b, gi, o), evac::uniform_open01(s_c, gi, o));
      const double reached = ord.issue_s + tau;
      if (!(reached <= in.duration_s)) continue;
      out.persons_reached += w;
      if (!(evac::uniform_open01(s_y, gi, o) < in.compliance.share(activity, zone))) continue;
      out.persons_complied += w;
      const evac::MobilisationCurve& curve =
          ev.type == EventType::stop ? in.response.stop_curve : in.response.transfer_curve;
      ev.t = reached + curve.quantile(evac::uniform_open01(s_r, gi, o));
      if (ev.t > in.duration_s) continue;
      events.push_back(ev);
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.t < b.t; });

    // Play the group's events in time order.
    detail::LegOwner who;
    who.activity = activity;
    who.zone = zb;
    who.place = p;
    who.unit = c.unit;
    who.hotel = c.hotel;
    who.mode = groups[gi].mode;
    who.group = static_cast<std::uint32_t>(gi);
    bool place_active = pl != nullptr;
    bool base_gone = false;  // transferred, or left the island
    double place_off = graph::kInfTime, handed = 0.0;
    open.clear();
    auto share_at = [&](double t) {
      return p >= 0 ? pr.place_share[p][in.clock.hour_index(t)] : 0.0;
    };
    auto hand = [&](double t, double persons, std::int32_t order) {
      pr.handover_t.push_back(t);
      pr.handover_persons.push_back(persons);
      handed += persons;
      plan.orders[order].persons_moved += persons;
      ++plan.orders[order].legs;
    };
    auto base_leg = [&](double t, double persons, bool first, std::int32_t order) {
      // From the base: a transfer (residents, mainland hotels) or off the island.
      ++plan.orders[order].legs;
      if (tourist && island_base) return legs.leave_island(nb, t, persons, first, who);
      return legs.transfer(nb, zb, t, persons, first, !tourist, nb, who);
    };
    auto close_open = [&](double t, std::int32_t order) {
      for (std::int32_t l : open) legs.chain(l, base_leg(t, legs.trips()[l].persons, false, order));
      open.clear();
    };
    for (const Event& ev : events) {
      who.order = ev.order;
      const double d = ev.t;
      if (ev.type == EventType::stop) {
        if (!place_active) continue;
        place_active = false;
        place_off = d;
        const double at = w * share_at(d);
        if (at <= kEps) continue;  // before the activity starts: they stay home
        const auto made = legs.to_node(LegKind::go_home, np, nb, d, at, true, who);
        if (made.index < 0) continue;  // the place is at home's node: at home at once
        hand(d, at, ev.order);
        if (made.ends_at_node) open.push_back(made.index);
        if (base_gone) close_open(d, ev.order);
        continue;
      }
      if (ev.type == EventType::leave_island) {
        if (base_gone) continue;
        base_gone = true;
        if (place_active) {
          place_active = false;
          place_off = d;
          const double at = w * share_at(d);
          if (at > kEps) {
            legs.leave_island(np, d, at, true, who);
            hand(d, at, ev.order);
          }
        }
        const double rest = w - handed;
        if (rest > kEps) {
          legs.leave_island(nb, d, rest, true, who);
          hand(d, rest, ev.order);
        }
        close_open(d, ev.order);
        continue;
      }
      // Transfer.
      double staying = 0.0;  // persons who stay at the place (boarders)
      if (place_active) {
        const double at = w * share_at(d);
        if (ev.place_hit) {
          place_active = false;
          place_off = d;
          if (at > kEps) {
            if (pl->shelter >= 0 && pl->activity == Activity::school)
              legs.shelter_in_place(np, pl->shelter, d, at, who);
            else
              legs.transfer(np, zp, d, at, true, false, graph::kInvalid, who);
            hand(d, at, ev.order);
          }
        } else if (boarding) {
          staying = at;
        } else {
          place_active = false;
          place_off = d;
          if (at > kEps) {
            const auto made = legs.to_node(LegKind::go_home, np, nb, d, at, true, who);
            if (made.index >= 0) {
              hand(d, at, ev.order);
              if (made.ends_at_node) open.push_back(made.index);
            }
          }
        }
      }
      if (ev.base_hit && !base_gone) {
        base_gone = true;
        const double rest = w - staying - handed;
        if (rest > kEps) {
          base_leg(d, rest, true, ev.order);
          pr.handover_t.push_back(d);
          pr.handover_persons.push_back(rest);
          handed += rest;
          plan.orders[ev.order].persons_moved += rest;
        }
        close_open(d, ev.order);
      }
    }
    pr.unit.push_back(c.unit);
    pr.hotel.push_back(c.hotel);
    pr.place.push_back(p);
    pr.persons.push_back(w);
    pr.place_off_s.push_back(place_off);
    pr.handover_first.push_back(static_cast<std::uint32_t>(pr.handover_t.size()));
  }

  legs.assign_shelters();
  const std::size_t before_returns = legs.trips().size();
  legs.add_returns(in.returns, in.zones, in.seed, in.duration_s);
  for (std::size_t i = before_returns; i < legs.trips().size(); ++i)
    ++plan.orders[legs.tags()[i].order].legs;
  plan.unroutable_legs = legs.unroutable();
  plan.trips = std::move(legs.trips());
  plan.tags = std::move(legs.tags());

  // 停运: the first stop_transport order cuts every departure at or after its issue.
  plan.ferries = in.ferries;
  std::int32_t first_stop = -1;
  for (std::size_t o = 0; o < in.orders.size(); ++o)
    if (in.orders[o].kind == OrderKind::stop_transport &&
        (first_stop < 0 || in.orders[o].issue_s < in.orders[first_stop].issue_s))
      first_stop = static_cast<std::int32_t>(o);
  if (first_stop >= 0) {
    const double cut = in.orders[first_stop].issue_s;
    for (auto& f : plan.ferries) {
      const auto keep = std::lower_bound(f.departures_s.begin(), f.departures_s.end(), cut);
      plan.orders[first_stop].ferry_departures_cut +=
          static_cast<std::int32_t>(f.departures_s.end() - keep);
      f.departures_s.erase(keep, f.departures_s.end());
    }
  }
  pr.validate();
  plan.residents = pr.residents();
  plan.tourists = pr.tourists();
  plan.presence = std::move(pr);
  return plan;
}

}  // namespace floodevac::policy
