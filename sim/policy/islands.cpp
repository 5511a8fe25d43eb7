#include "sim/policy/islands.hpp"

#include <algorithm>
#include <cmath>

namespace floodevac::policy {

std::vector<IslandSummary> island_summaries(const TimelineInputs& in, const TimelinePlan& plan) {
  const graph::RoadGraph& g = *in.graph;
  const std::vector<std::uint32_t> mass = land_masses(g);
  std::vector<std::uint32_t> size;
  for (std::uint32_t m : mass) {
    if (m >= size.size()) size.resize(m + 1, 0);
    ++size[m];
  }
  std::uint32_t mainland = 0;
  for (std::uint32_t m = 1; m < size.size(); ++m)
    if (size[m] > size[mainland]) mainland = m;
  std::vector<std::int32_t> slot(size.size(), -1);
  std::vector<IslandSummary> out;
  for (std::uint32_t m = 0; m < size.size(); ++m)
    if (m != mainland) {
      slot[m] = static_cast<std::int32_t>(out.size());
      out.push_back({});
      out.back().land_mass = m;
    }
  auto at = [&](graph::NodeId n) -> IslandSummary* {
    if (n == graph::kInvalid || n >= mass.size() || slot[mass[n]] < 0) return nullptr;
    return &out[slot[mass[n]]];
  };
  auto add_zone = [](IslandSummary* s, std::int32_t z) {
    if (z >= 0 && std::find(s->zones.begin(), s->zones.end(), z) == s->zones.end())
      s->zones.push_back(z);
  };
  for (std::size_t u = 0; u < in.units.size(); ++u)
    if (IslandSummary* s = at(in.units[u].node)) {
      s->residents += std::max(0.0, std::round(in.units[u].persons));
      add_zone(s, in.unit_zone[u]);
    }
  for (const ActivityPlace& p : in.places)
    if (IslandSummary* s = at(p.node)) {
      if (p.lodging) s->tourists += std::max(0.0, std::round(p.persons));
      add_zone(s, p.zone);
    }
  for (const evac::Shelter& sh : in.shelters)
    if (IslandSummary* s = at(sh.node))
      s->shelter_places += static_cast<double>(std::max<std::int64_t>(0, sh.capacity_persons));
  const std::vector<graph::NodeId> tail = g.tails();
  for (const evac::FerryService& f : plan.ferries) {
    if (f.edge >= g.edge_count() || f.departures_s.empty()) continue;
    const double last = f.departures_s.back();
    if (IslandSummary* s = at(tail[f.edge]))
      s->last_departure_from_s = std::max(s->last_departure_from_s, last);
    if (IslandSummary* s = at(g.head[f.edge]))
      s->last_departure_to_s = std::max(s->last_departure_to_s, last);
  }
  for (IslandSummary& s : out) std::sort(s.zones.begin(), s.zones.end());
  return out;
}

}  // namespace floodevac::policy
