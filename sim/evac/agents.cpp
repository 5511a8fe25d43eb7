#include "sim/evac/agents.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac::detail {

namespace {
template <class V>
std::size_t capacity_bytes(const V& v) {
  return v.capacity() * sizeof(typename V::value_type);
}

void check_route(const Trip& tr, const std::string& who, const graph::RoadGraph& g,
                 const std::vector<NodeId>& tails) {
  const EdgeId m = g.edge_count();
  for (std::size_t k = 0; k < tr.route.size(); ++k) {
    const EdgeId e = tr.route[k];
    const std::string at =
        who + ": route edge " + std::to_string(k) + " (" + std::to_string(e) + ")";
    if (e >= m) throw InputError(at + " is not an edge of the road graph");
    if (k == 0 && tails[e] != tr.origin)
      throw InputError(at + " does not leave the trip's origin node " + std::to_string(tr.origin) +
                       " (it leaves node " + std::to_string(tails[e]) +
                       "). Routes start at the origin");
    if (k > 0 && tails[e] != g.head[tr.route[k - 1]])
      throw InputError(at + " does not start where route edge " + std::to_string(k - 1) +
                       " ends (node " + std::to_string(g.head[tr.route[k - 1]]) +
                       "). Give contiguous routes");
  }
}
}  // namespace

std::size_t Agents::bytes() const {
  return capacity_bytes(depart_s) + capacity_bytes(exit_s) + capacity_bytes(persons) +
         capacity_bytes(rem_m) + capacity_bytes(edge) + capacity_bytes(origin) +
         capacity_bytes(goal) + capacity_bytes(unit) + capacity_bytes(state) +
         capacity_bytes(mode) + capacity_bytes(flags) + capacity_bytes(turnbacks) +
         capacity_bytes(group) + capacity_bytes(arrived_s);
}

std::size_t ExplicitRoutes::bytes() const {
  return capacity_bytes(edges) + capacity_bytes(pos);
}

void ExplicitRoutes::assign(std::uint32_t a, const std::vector<EdgeId>& path,
                            std::uint32_t agents) {
  if (pos.empty()) pos.assign(agents, kNone);
  pos[a] = static_cast<std::uint32_t>(edges.size());
  edges.insert(edges.end(), path.begin(), path.end());
  edges.push_back(kNone);
}

void load_trips(const std::vector<Trip>& trips, const graph::RoadGraph& g,
                std::uint32_t shelter_count, std::size_t unit_count, Agents& ag,
                ExplicitRoutes& routes) {
  const NodeId n = g.node_count();
  const auto N = static_cast<std::uint32_t>(trips.size());
  ag.depart_s.resize(N);
  ag.exit_s.assign(N, 0.0);
  ag.persons.resize(N);
  ag.rem_m.assign(N, 0.0f);
  ag.edge.assign(N, kNone);
  ag.origin.resize(N);
  ag.goal.assign(N, -1);
  ag.unit.resize(N);
  ag.state.assign(N, kHome);
  ag.mode.resize(N);
  ag.flags.assign(N, 0);
  ag.turnbacks.assign(N, 0);
  ag.group.resize(N);
  ag.arrived_s.assign(N, std::numeric_limits<double>::quiet_NaN());
  std::size_t route_total = 0;
  for (const Trip& tr : trips)
    if (!tr.route.empty()) route_total += tr.route.size() + 1;
  std::vector<NodeId> tails;
  if (route_total > 0) {
    if (route_total >= kNone)
      throw InputError("evacuation: explicit routes hold too many edges (at most 2^32 - 2)");
    tails = g.tails();
    routes.edges.reserve(route_total);
    routes.pos.assign(N, kNone);
  }
  for (std::uint32_t a = 0; a < N; ++a) {
    const Trip& tr = trips[a];
    const std::string who = "trip " + std::to_string(a) + " ('" + tr.id + "')";
    if (tr.origin >= n) throw InputError(who + ": origin is not a node of the road graph");
    if (tr.dest_shelter >= static_cast<std::int32_t>(shelter_count) || tr.dest_shelter < -1)
      throw InputError(who + ": dest_shelter must be -1 or a shelter index");
    if (tr.unit >= static_cast<std::int32_t>(unit_count) || tr.unit < -1)
      throw InputError(who + ": unit must be -1 or a population unit index");
    if (!(tr.persons >= 0.0f) || !std::isfinite(tr.persons))
      throw InputError(who + ": persons must be >= 0");
    if (!std::isfinite(tr.depart_s)) throw InputError(who + ": depart_s must be finite");
    if (tr.mode != Mode::car && tr.mode != Mode::walk) throw InputError(who + ": unknown mode");
    if (!tr.route.empty()) {
      check_route(tr, who, g, tails);
      routes.pos[a] = static_cast<std::uint32_t>(routes.edges.size());
      routes.edges.insert(routes.edges.end(), tr.route.begin(), tr.route.end());
      routes.edges.push_back(kNone);
    }
    ag.depart_s[a] = tr.depart_s;
    ag.persons[a] = tr.persons;
    ag.origin[a] = tr.origin;
    ag.unit[a] = tr.unit;
    ag.group[a] = tr.group;
    ag.mode[a] = static_cast<std::uint8_t>(tr.mode);
    ag.has_mode[ag.mode[a]] = true;
    if (tr.dest_shelter >= 0) {
      ag.goal[a] = tr.dest_shelter;
      ag.flags[a] = kFixed;
    }
  }
}

std::vector<std::uint32_t> departure_order(const Agents& ag) {
  std::vector<std::uint32_t> order(ag.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    return ag.depart_s[x] < ag.depart_s[y];
  });
  return order;
}

AgentsByUnit group_by_unit(const Agents& ag, std::size_t unit_count) {
  AgentsByUnit b;
  b.of_unit = csr::group_by_key<std::uint32_t>(ag.size(), unit_count, [&](std::size_t a) {
    return ag.unit[a] >= 0 ? static_cast<std::size_t>(ag.unit[a]) : csr::kNoGroup;
  });
  for (std::uint32_t a = 0; a < ag.size(); ++a)
    if (ag.unit[a] < 0) b.without_unit.push_back(a);
  return b;
}

}  // namespace floodevac::evac::detail
