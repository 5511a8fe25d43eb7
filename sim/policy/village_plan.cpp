#include "sim/policy/village_plan.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "sim/core/error.hpp"
#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {

void MarginRule::validate(const std::string& field) const {
  if (!(depth_m > 0) || !std::isfinite(depth_m))
    config_fail(field + ".depth_m", "must be a depth > 0 m", "e.g. 0.3 (cars stall)");
  if (!(residents_share >= 0 && residents_share <= 1))
    config_fail(field + ".residents_share", "must be a share in [0, 1]", "e.g. 0.05");
  if (!(small_margin_s >= 0) || !std::isfinite(small_margin_s))
    config_fail(field + ".small_margin_s", "must be >= 0 s", "e.g. 3600");
  if (!(safety_factor >= 1) || !std::isfinite(safety_factor))
    config_fail(field + ".safety_factor", "must be >= 1", "e.g. 1.5");
}

WaterArrival::WaterArrival(std::vector<std::int32_t> cell_zone, std::vector<double> cell_weight,
                           std::size_t zones, double depth_m, double share)
    : cell_zone_(std::move(cell_zone)),
      cell_weight_(std::move(cell_weight)),
      zone_weight_(zones, 0.0),
      wet_(zones, 0.0),
      ignored_(cell_zone_.size(), 0),
      first_s_(zones, kNoValue),
      depth_m_(depth_m),
      share_(share) {
  if (cell_weight_.size() != cell_zone_.size())
    throw InvariantError("water arrival: " + std::to_string(cell_weight_.size()) + " weights for " +
                         std::to_string(cell_zone_.size()) + " cells");
  for (std::size_t k = 0; k < cell_zone_.size(); ++k) {
    const std::int32_t z = cell_zone_[k];
    if (z >= static_cast<std::int32_t>(zones))
      throw InvariantError("water arrival: a cell's zone " + std::to_string(z) + " is not below " +
                           std::to_string(zones));
    if (z >= 0) zone_weight_[static_cast<std::size_t>(z)] += std::max(0.0, cell_weight_[k]);
  }
}

void WaterArrival::observe(double t_s, std::span<const float> depth_m) {
  if (depth_m.size() != cell_zone_.size())
    throw InvariantError("water arrival: " + std::to_string(depth_m.size()) + " depths for " +
                         std::to_string(cell_zone_.size()) + " cells");
  std::fill(wet_.begin(), wet_.end(), 0.0);
  std::vector<std::uint8_t> any(wet_.size(), 0);
  for (std::size_t k = 0; k < depth_m.size(); ++k) {
    const std::int32_t z = cell_zone_[k];
    if (z < 0 || ignored_[k]) continue;
    if (!(depth_m[k] >= depth_m_)) continue;  // NaN never is
    if (first_) {
      ignored_[k] = 1;  // water before anything happened
      continue;
    }
    wet_[static_cast<std::size_t>(z)] += std::max(0.0, cell_weight_[k]);
    any[static_cast<std::size_t>(z)] = 1;
  }
  first_ = false;
  for (std::size_t z = 0; z < wet_.size(); ++z)
    if (std::isnan(first_s_[z]) && any[z] && wet_[z] >= share_ * zone_weight_[z] - 1e-9)
      first_s_[z] = t_s;
}

std::string margin_flag(double margin_s, const MarginRule& rule) {
  if (std::isnan(margin_s)) return "";
  if (margin_s < 0) return "negative";
  if (margin_s < rule.small_margin_s) return "small";
  return "ok";
}

namespace {

bool to_shelter(LegKind k) {
  return k == LegKind::transfer || k == LegKind::shelter_in_place || k == LegKind::leave_island;
}

/// One group taken in at a shelter: when, how many, residents or not, trip index.
struct Intake {
  double t_s;
  double persons;
  bool resident;
  std::uint32_t trip;
};

/// The first time the cumulative persons of `in` (sorted) reach `need`; NaN: never.
double time_reaching(const std::vector<Intake>& in, double need) {
  double cum = 0;
  for (const Intake& x : in) {
    cum += x.persons;
    if (cum >= need - 1e-9) return x.t_s;
  }
  return kNoValue;
}

}  // namespace

VillagePlan village_plan(const VillagePlanInputs& in, const TimelinePlan& plan,
                         std::span<const evac::AgentView> agents,
                         std::span<const std::vector<graph::EdgeId>> paths,
                         std::span<const evac::UnitStats> units, std::span<const double> water_s,
                         std::span<const float> edge_length_m) {
  const std::size_t nz = in.zones.size();
  const std::size_t nt = plan.trips.size();
  if (plan.tags.size() != nt || agents.size() != nt || (!paths.empty() && paths.size() != nt))
    throw InvariantError("village plan: trips, tags, agents and paths differ in number");
  if (!water_s.empty() && water_s.size() != nz)
    throw InvariantError("village plan: water arrival times are not one per zone");
  if (in.unit_zone.size() != in.unit_persons.size() ||
      (!units.empty() && units.size() != in.unit_zone.size()))
    throw InvariantError("village plan: home units differ in number");
  const auto zone_ok = [&](std::int32_t z) { return z >= 0 && static_cast<std::size_t>(z) < nz; };

  VillagePlan out;
  out.villages.resize(nz);
  for (std::size_t z = 0; z < nz; ++z) {
    out.villages[z].zone = static_cast<std::int32_t>(z);
    if (!water_s.empty()) out.villages[z].water_s = water_s[z];
  }
  for (std::size_t u = 0; u < in.unit_zone.size(); ++u) {
    const std::int32_t z = in.unit_zone[u];
    if (!zone_ok(z)) continue;
    VillageRecord& r = out.villages[static_cast<std::size_t>(z)];
    r.residents += in.unit_persons[u];
    if (!units.empty()) {
      r.exposed_person_h += units[u].exposed_person_s / 3600.0;
      r.trapped += units[u].trapped_persons;
    }
  }
  std::vector<std::uint8_t> transfer_applies(nz, 0);
  for (const Order& o : in.orders) {
    if (o.kind != OrderKind::transfer) continue;
    for (std::size_t z = 0; z < nz; ++z) {
      if (!o.applies_to_zone(static_cast<std::int32_t>(z))) continue;
      transfer_applies[z] = 1;
      VillageRecord& r = out.villages[z];
      if (std::isnan(r.ordered_s) || o.issue_s < r.ordered_s) r.ordered_s = o.issue_s;
    }
  }

  // The legs to a shelter, by village: persons, intakes, shelters and routes used.
  std::vector<std::vector<Intake>> intakes(nz);
  struct Use {
    double persons = 0, route_pm = 0, route_p = 0, travel_ps = 0;
    std::int32_t groups = 0;
    std::vector<graph::EdgeId> edges;
    double main_persons = -1;
    std::size_t main_trip = 0;
  };
  std::vector<std::map<std::int32_t, Use>> uses(nz);
  for (std::size_t i = 0; i < nt; ++i) {
    const TripTag& tag = plan.tags[i];
    if (!to_shelter(tag.leg) || !zone_ok(tag.zone)) continue;
    const auto z = static_cast<std::size_t>(tag.zone);
    VillageRecord& r = out.villages[z];
    const evac::Trip& trip = plan.trips[i];
    const double p = trip.persons;
    r.to_transfer += p;
    if (tag.order >= 0 && static_cast<std::size_t>(tag.order) < in.orders.size()) {
      const double issue = in.orders[static_cast<std::size_t>(tag.order)].issue_s;
      if (std::isnan(r.ordered_s) || issue < r.ordered_s) r.ordered_s = issue;
    }
    const evac::AgentView& a = agents[i];
    if (std::isnan(a.arrived_s) || a.end_shelter < 0) continue;
    r.sheltered += p;
    intakes[z].push_back({a.arrived_s, p, tag.hotel < 0, static_cast<std::uint32_t>(i)});
    Use& use = uses[z][a.end_shelter];
    use.persons += p;
    ++use.groups;
    use.travel_ps += p * (a.arrived_s - trip.depart_s);
    if (!paths.empty()) {
      if (p > use.main_persons) use.main_persons = p, use.main_trip = i;
      double len = 0;
      for (graph::EdgeId e : paths[i]) {
        if (e < edge_length_m.size()) len += edge_length_m[e];
        use.edges.push_back(e);
      }
      use.route_pm += p * len;
      use.route_p += p;
    }
  }

  for (std::size_t z = 0; z < nz; ++z) {
    VillageRecord& r = out.villages[z];
    auto& in_z = intakes[z];
    std::sort(in_z.begin(), in_z.end(), [](const Intake& a, const Intake& b) {
      return std::tie(a.t_s, a.trip) < std::tie(b.t_s, b.trip);
    });
    if (r.to_transfer > 0) {
      r.sheltered_90_s = time_reaching(in_z, 0.9 * r.to_transfer);
      // All of them, less half a person (groups are split into fractions of persons).
      r.sheltered_100_s =
          time_reaching(in_z, std::max(r.to_transfer - 0.5, 0.9 * r.to_transfer));
      r.completion_s = std::isnan(r.sheltered_100_s) ? in.duration_s : r.sheltered_100_s;
    }
    double residents_sheltered = 0, residents_by_water = 0;
    for (const Intake& x : in_z) {
      if (!x.resident) continue;
      residents_sheltered += x.persons;
      if (!std::isnan(r.water_s) && x.t_s <= r.water_s) residents_by_water += x.persons;
    }
    r.ordered = transfer_applies[z] != 0;
    r.completed = !std::isnan(r.sheltered_100_s);
    if (r.ordered) r.left_behind = std::max(0.0, r.residents - residents_sheltered);
    if (!std::isnan(r.water_s)) r.exposed_at_water = std::max(0.0, r.residents - residents_by_water);
    if (r.ordered && !std::isnan(r.water_s) && r.to_transfer > 0)
      r.margin_s = r.water_s - r.completion_s;
    r.flag = margin_flag(r.margin_s, in.rule);
    if (r.flag.empty()) {
      if (r.residents <= 0 && r.to_transfer <= 0)
        r.flag = "empty";
      else if (std::isnan(r.water_s))
        r.flag = "dry";
      else
        r.flag = "no_transfer";
    }
    if (!in_z.empty()) r.last_sheltered_s = in_z.back().t_s;
    const double done_s = r.completed ? r.sheltered_100_s : r.last_sheltered_s;
    if (r.ordered && !std::isnan(done_s) && !std::isnan(r.ordered_s)) {
      r.transfer_duration_s = done_s - r.ordered_s;
      if (!std::isnan(r.water_s))
        r.latest_order_s = r.water_s - in.rule.safety_factor * r.transfer_duration_s;
    }
    for (auto& [s, use] : uses[z]) {
      VillageShelterUse v;
      v.shelter = s;
      v.persons = use.persons;
      v.groups = use.groups;
      std::sort(use.edges.begin(), use.edges.end());
      use.edges.erase(std::unique(use.edges.begin(), use.edges.end()), use.edges.end());
      v.edges = std::move(use.edges);
      if (use.main_persons >= 0) v.main_path = paths[use.main_trip];
      if (use.route_p > 0) v.mean_route_m = use.route_pm / use.route_p;
      if (use.persons > 0) v.mean_travel_s = use.travel_ps / use.persons;
      r.shelters.push_back(std::move(v));
    }
    if (r.flag == "negative") ++out.negative;
    if (r.flag == "small") ++out.small;
    if (r.flag == "ok") ++out.ok;
    if (r.flag == "dry") ++out.dry;
    if (r.flag == "no_transfer") ++out.no_transfer;
    if (r.flag == "empty") ++out.empty;
    out.left_behind += r.left_behind;
    out.exposed_at_water += r.exposed_at_water;
  }
  return out;
}

}  // namespace floodevac::policy
