#include "sim/evac/legs.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "sim/core/error.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/rerouting.hpp"
#include "sim/evac/shelters.hpp"

namespace floodevac::evac::detail {

namespace {
std::string who(const std::vector<Trip>& trips, std::size_t a) {
  return "trip " + std::to_string(a) + " ('" + trips[a].id + "')";
}

bool uses_legs(const Trip& tr) {
  return tr.next != -1 || tr.dest_node != graph::kInvalid || tr.from_shelter != -1;
}

// Checks a follow-on leg b against its predecessor p.
void check_follow_on(const std::vector<Trip>& trips, std::size_t p, std::size_t b,
                     const Shelters& sh) {
  const Trip& tp = trips[p];
  const Trip& tb = trips[b];
  const std::string wb = who(trips, b), wp = who(trips, p);
  if (tp.dest_node != graph::kInvalid) {
    if (tb.origin != tp.dest_node)
      throw InputError(wb + ": origin node " + std::to_string(tb.origin) +
                       " is not node " + std::to_string(tp.dest_node) + " where its previous leg " +
                       wp + " ends (its dest_node). A next leg starts where the previous one ends");
    if (tb.from_shelter >= 0)
      throw InputError(wb + ": from_shelter is set but its previous leg " + wp +
                       " ends at a node, not in a shelter. Drop from_shelter");
    return;
  }
  if (tp.dest_shelter >= 0) {
    const NodeId sn = sh.node[static_cast<std::size_t>(tp.dest_shelter)];
    if (tb.origin != sn)
      throw InputError(wb + ": origin node " + std::to_string(tb.origin) + " is not node " +
                       std::to_string(sn) + " of shelter " + std::to_string(tp.dest_shelter) +
                       " where its previous leg " + wp + " ends. A next leg starts where the "
                       "previous one ends");
    if (tb.from_shelter >= 0 && tb.from_shelter != tp.dest_shelter)
      throw InputError(wb + ": from_shelter " + std::to_string(tb.from_shelter) +
                       " is not shelter " + std::to_string(tp.dest_shelter) +
                       " where its previous leg " + wp + " ends");
  }
}
}  // namespace

void Legs::schedule(double t, std::uint32_t a) {
  due.emplace_back(t, a);
  std::push_heap(due.begin(), due.end(), std::greater<>());
}

void load_legs(const std::vector<Trip>& trips, const graph::RoadGraph& g, const Shelters& sh,
               Agents& ag, Legs& legs) {
  if (std::none_of(trips.begin(), trips.end(), uses_legs)) return;
  const std::size_t N = trips.size();
  const auto S = static_cast<std::int32_t>(sh.size());
  legs.next.assign(N, -1);
  legs.prev.assign(N, -1);
  legs.dest_node.assign(N, kNone);
  legs.from_shelter.assign(N, -1);
  for (std::size_t a = 0; a < N; ++a) {
    const Trip& tr = trips[a];
    const std::string w = who(trips, a);
    if (tr.next < -1 || tr.next >= static_cast<std::int64_t>(N) ||
        tr.next == static_cast<std::int64_t>(a))
      throw InputError(w + ": next (" + std::to_string(tr.next) +
                       ") must be -1 or the index of another trip (0 .. " + std::to_string(N - 1) +
                       ")");
    if (tr.next >= 0) {
      const auto b = static_cast<std::size_t>(tr.next);
      if (legs.prev[b] >= 0)
        throw InputError(who(trips, b) + ": is the next leg of both " +
                         who(trips, static_cast<std::size_t>(legs.prev[b])) + " and " + w +
                         ". Legs form chains: a trip is the next of one trip at most");
      legs.prev[b] = static_cast<std::int32_t>(a);
      legs.next[a] = tr.next;
    }
    if (tr.from_shelter < -1 || tr.from_shelter >= S)
      throw InputError(w + ": from_shelter must be -1 or a shelter index (0 .. " +
                       std::to_string(S - 1) + ")");
    if (tr.from_shelter >= 0) {
      const NodeId sn = sh.node[static_cast<std::size_t>(tr.from_shelter)];
      if (sn != tr.origin)
        throw InputError(w + ": from_shelter " + std::to_string(tr.from_shelter) +
                         " is at node " + std::to_string(sn) + ", not at the trip's origin node " +
                         std::to_string(tr.origin) + ". A leg leaving a shelter starts at its node");
      legs.from_shelter[a] = tr.from_shelter;
    }
    if (tr.dest_node != graph::kInvalid) {
      if (tr.dest_node >= g.node_count())
        throw InputError(w + ": dest_node " + std::to_string(tr.dest_node) +
                         " is not a node of the road graph");
      legs.dest_node[a] = tr.dest_node;
    }
  }
  // Chains from their first legs; a leg not reached from one is on a cycle.
  std::vector<std::uint8_t> seen(N, 0);
  for (std::size_t h = 0; h < N; ++h) {
    if (legs.prev[h] >= 0) continue;
    for (std::int32_t b = legs.next[h]; b >= 0; b = legs.next[static_cast<std::size_t>(b)]) {
      const auto ub = static_cast<std::size_t>(b);
      seen[ub] = 1;
      check_follow_on(trips, static_cast<std::size_t>(legs.prev[ub]), ub, sh);
      const Trip& tb = trips[ub];
      if (tb.unit >= 0 && tb.unit != ag.unit[h])
        throw InputError(who(trips, ub) + ": unit " + std::to_string(tb.unit) +
                         " differs from unit " + std::to_string(ag.unit[h]) +
                         " of its chain's first leg " + who(trips, h) +
                         ". Persons keep their unit; give -1 or the same unit");
      ag.unit[ub] = ag.unit[h];
      ag.persons[ub] = 0.0f;
      ag.state[ub] = kLegWait;
    }
  }
  for (std::size_t a = 0; a < N; ++a)
    if (legs.prev[a] >= 0 && !seen[a])
      throw InputError(who(trips, a) + ": its legs form a cycle (each is the next of another). "
                       "A chain of legs needs a first leg");
  for (std::size_t a = 0; a < N; ++a) {
    const Trip& tr = trips[a];
    if (tr.dest_node == graph::kInvalid) continue;
    const std::int32_t p = legs.prev[a];
    // After a leg ending at a shelter the model chooses, the start is known at release only.
    const bool routed_at_release = p >= 0 &&
                                   trips[static_cast<std::size_t>(p)].dest_node == graph::kInvalid &&
                                   trips[static_cast<std::size_t>(p)].dest_shelter < 0;
    if (tr.route.empty()) {
      if (!routed_at_release)
        throw InputError(who(trips, a) + ": dest_node " + std::to_string(tr.dest_node) +
                         " needs an explicit route from the origin ending there");
    } else if (g.head[tr.route.back()] != tr.dest_node) {
      throw InputError(who(trips, a) + ": its route ends at node " +
                       std::to_string(g.head[tr.route.back()]) + ", not at its dest_node " +
                       std::to_string(tr.dest_node));
    }
  }
}

void start_in_shelters(const std::vector<Trip>& trips, Legs& legs, Agents& ag, Shelters& sh,
                       PersonLedger& ledger) {
  if (!legs.any()) return;
  for (std::uint32_t a = 0; a < ag.size(); ++a) {
    if (legs.prev[a] >= 0 || legs.from_shelter[a] < 0) continue;
    const auto s = static_cast<std::size_t>(legs.from_shelter[a]);
    const double p = ag.persons[a];
    if (sh.occupancy[s] + p > sh.capacity[s] + 1e-9 * std::max(1.0, sh.capacity[s]))
      throw InputError(who(trips, a) + ": starts inside shelter " + std::to_string(s) +
                       " with " + std::to_string(p) + " persons, more than the " +
                       std::to_string(sh.capacity[s] - sh.occupancy[s]) + " places left there");
    sh.occupancy[s] += p;
    sh.stats[s].peak_occupancy_persons = std::max(sh.stats[s].peak_occupancy_persons,
                                                  sh.occupancy[s]);
    ledger.start_sheltered(p, ag.unit[a]);
    ag.state[a] = kSheltered;
    legs.schedule(ag.depart_s[a], a);
  }
}

void end_leg(std::uint32_t a, double t, Agents& ag, Legs& legs) {
  ag.arrived_s[a] = t;
  if (!legs.any() || legs.next[a] < 0) return;
  const auto b = static_cast<std::uint32_t>(legs.next[a]);
  legs.schedule(std::max(ag.depart_s[b], t), b);
}

namespace {
// Whether agent b's remaining route starts at `start` and is open to its mode.
bool route_usable(const ExplicitRoutes& routes, const Agents& ag, const LinkQueues& q,
                  std::uint32_t b, NodeId start) {
  if (!routes.following(b) || start != ag.origin[b]) return false;
  for (std::uint32_t p = routes.pos[b]; routes.edges[p] != kNone; ++p) {
    const EdgeId e = routes.edges[p];
    if (ag.mode[b] == 0 ? !(q.car_speed_mps[e] > 0.0) : q.walk_closed[e] != 0) return false;
  }
  return true;
}
}  // namespace

bool release_legs(double t1, const graph::RoadGraph& g, Agents& ag, Legs& legs,
                  ExplicitRoutes& routes, Shelters& sh, LinkQueues& q, PersonLedger& ledger,
                  Rerouting& routing) {
  bool room = false;
  std::vector<EdgeId> path;
  while (legs.due_before(t1)) {
    std::pop_heap(legs.due.begin(), legs.due.end(), std::greater<>());
    const auto [tr, b] = legs.due.back();
    legs.due.pop_back();
    const std::int32_t p = legs.prev[b];
    double persons = 0;
    AgentState from = AgentState::sheltered;
    std::int32_t s = -1;
    NodeId start = ag.origin[b];
    if (p >= 0) {
      const auto up = static_cast<std::uint32_t>(p);
      persons = ag.persons[up];
      ag.persons[up] = 0.0f;
      if (ag.state[up] == kSheltered) {
        s = ag.goal[up];
        start = sh.node[static_cast<std::size_t>(s)];
      } else {
        from = AgentState::arrived;
        start = ag.node(g, up);
      }
    } else {
      persons = ag.persons[b];
      s = legs.from_shelter[b];
    }
    if (s >= 0 && sh.leave(static_cast<std::size_t>(s), persons)) room = true;
    ledger.move(from, AgentState::moving, persons, ag.unit[b]);
    if (legs.ends_at_node(b) && !route_usable(routes, ag, q, b, start)) {
      if (routing.path_to(ag.mode[b], start, legs.dest_node[b], path))
        routes.assign(b, path, ag.size());
      else if (routes.following(b))
        routes.pos[b] = kNone;  // no way there: it heads for a shelter
    } else if (!legs.ends_at_node(b) && routes.following(b) && start != ag.origin[b]) {
      routes.pos[b] = kNone;  // its route starts elsewhere: the model routes it to a shelter
    }
    ag.persons[b] = static_cast<float>(persons);
    ag.origin[b] = start;
    ag.edge[b] = kNone;
    ag.state[b] = kQueue;
    ag.exit_s[b] = tr;
    q.push_departure(ag.mode[b], start, b);
  }
  return room;
}

}  // namespace floodevac::evac::detail
