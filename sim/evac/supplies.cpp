#include "sim/evac/supplies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::evac {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

double SupplyCheck::best_s(std::size_t s) const {
  const std::int32_t d = depot[s];
  return d < 0 ? kInf : travel_s[s * depots + static_cast<std::size_t>(d)];
}

SupplyCheck check_supplies(const graph::RoadGraph& g, std::span<const double> w,
                           std::span<const Depot> depots,
                           std::span<const graph::NodeId> shelter_nodes,
                           std::span<const double> occupancy, double t_s, double water_t_s) {
  const std::size_t ns = shelter_nodes.size(), nd = depots.size();
  if (occupancy.size() != ns)
    throw InvariantError("supplies: one occupancy per shelter expected");
  for (graph::NodeId u : shelter_nodes)
    if (u >= g.node_count()) throw InvariantError("supplies: a shelter is not snapped to a node");
  SupplyCheck c;
  c.t_s = t_s;
  c.water_t_s = water_t_s;
  c.depots = static_cast<std::uint32_t>(nd);
  c.travel_s.assign(ns * nd, kInf);
  c.occupancy.assign(occupancy.begin(), occupancy.end());
  c.depot.assign(ns, -1);
  c.reachable.assign(ns, 0);
  std::vector<double> time;
  for (std::size_t d = 0; d < nd; ++d) {
    const Depot& dep = depots[d];
    if (dep.node >= g.node_count())
      throw InvariantError("supplies: depot '" + dep.id + "' is not snapped to a node");
    if (!(dep.limit_s > 0))
      throw InvariantError("supplies: depot '" + dep.id + "' has no delivery limit");
    graph::times_from(g, w, dep.node, time);
    for (std::size_t s = 0; s < ns; ++s) c.travel_s[s * nd + d] = time[shelter_nodes[s]];
  }
  for (std::size_t s = 0; s < ns; ++s) {
    // The fastest depot within its limit; else the fastest at all (ties: lower index).
    std::int32_t within = -1, any = -1;
    for (std::size_t d = 0; d < nd; ++d) {
      const double ts = c.travel_s[s * nd + d];
      if (!std::isfinite(ts)) continue;
      const auto di = static_cast<std::int32_t>(d);
      if (any < 0 || ts < c.travel_s[s * nd + static_cast<std::size_t>(any)]) any = di;
      if (ts <= depots[d].limit_s &&
          (within < 0 || ts < c.travel_s[s * nd + static_cast<std::size_t>(within)]))
        within = di;
    }
    c.reachable[s] = within >= 0 ? 1 : 0;
    c.depot[s] = within >= 0 ? within : any;
    if (!c.occupied_at(s)) continue;
    ++c.occupied;
    if (!c.reachable[s]) {
      ++c.unreachable_occupied;
      c.unreachable_persons += c.occupancy[s];
    }
  }
  return c;
}

SupplySummary summarize_supplies(std::span<const SupplyCheck> checks,
                                 std::span<const Depot> depots) {
  SupplySummary x;
  x.checks = static_cast<std::uint32_t>(checks.size());
  x.first_unreachable_s = std::numeric_limits<double>::quiet_NaN();
  for (const Depot& d : depots) x.stock_person_days += d.stock_person_days;
  std::vector<std::uint8_t> failed;
  for (const SupplyCheck& c : checks) {
    failed.resize(std::max(failed.size(), c.occupancy.size()), 0);
    double occupied_persons = 0;
    for (std::size_t s = 0; s < c.occupancy.size(); ++s) {
      if (!c.occupied_at(s)) continue;
      occupied_persons += c.occupancy[s];
      if (!c.reachable[s]) failed[s] = 1;
    }
    x.peak_occupancy_persons = std::max(x.peak_occupancy_persons, occupied_persons);
    x.max_unreachable_at_once = std::max(x.max_unreachable_at_once, c.unreachable_occupied);
    x.max_unreachable_persons = std::max(x.max_unreachable_persons, c.unreachable_persons);
    if (c.unreachable_occupied > 0 && std::isnan(x.first_unreachable_s))
      x.first_unreachable_s = c.t_s;
  }
  for (std::uint8_t f : failed) x.unreachable_shelters += f;
  x.days_of_stock =
      x.peak_occupancy_persons > 0 ? x.stock_person_days / x.peak_occupancy_persons : kInf;
  return x;
}

std::vector<double> supply_check_times(std::span<const double> times_s, double from_s,
                                       double every_s, double end_s, const std::string& field) {
  std::vector<double> out;
  if (!times_s.empty()) {
    for (double t : times_s)
      if (t >= 0 && t <= end_s) out.push_back(t);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }
  if (!(every_s > 0)) {
    ErrorContext ctx;
    ctx.field = field;
    ctx.fix = "give the interval between checks, e.g. 10800 (3 h)";
    throw ConfigError("every_s must be > 0 s", std::move(ctx));
  }
  for (long k = 0;; ++k) {
    const double t = std::max(0.0, from_s) + static_cast<double>(k) * every_s;
    if (t > end_s + 1e-9) break;
    out.push_back(t);
  }
  return out;
}

}  // namespace floodevac::evac
