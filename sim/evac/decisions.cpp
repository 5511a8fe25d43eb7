#include "sim/evac/decisions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/evac/legs.hpp"
#include "sim/evac/rerouting.hpp"
#include "sim/evac/shelters.hpp"

namespace floodevac::evac::detail {

bool Decider::follow_route(std::uint32_t a, NodeId u, Decision& d) const {
  const std::int32_t g0 = ag_.goal[a];
  const EdgeId e = routes_.edges[routes_.pos[a]];
  if (e != kNone) {
    // Its next edge while open (drop_closed_routes already dropped routes
    // with a closed edge ahead; the check here is a guard).
    if (ag_.mode[a] == 0 ? links_.car_speed_mps[e] > 0.0 : links_.walk_closed[e] == 0) {
      d.kind = kMove;
      d.edge = e;
      d.goal = g0;
      d.route_step = true;
      return true;
    }
    return false;
  }
  // End of the route: a leg ending at a node arrives there.
  if (legs_.ends_at_node(a)) {
    if (u != legs_.dest_node[a]) return false;
    d.kind = kArriveNode;
    return true;
  }
  // Else its shelter if open with room here, else the first one that is.
  const std::int32_t s = shelters_.available_at(u, g0);
  if (s < 0) return false;
  d.kind = kArrive;
  d.goal = s;
  d.defix = (ag_.flags[a] & kFixed) != 0 && s != g0;
  return true;
}

Decision Decider::decide(std::uint32_t a, NodeId u, NodeId prev) const {
  Decision d;
  if (routes_.following(a) && follow_route(a, u, d)) return d;
  // No route, or dropped (commit clears the route).
  const int m = ag_.mode[a];
  const std::int32_t g0 = ag_.goal[a];
  if (g0 >= 0 && shelters_.node[static_cast<std::size_t>(g0)] == u) {
    d.kind = kArrive;
    d.goal = g0;
    return d;
  }
  bool fixed = (ag_.flags[a] & kFixed) != 0;
  const graph::ShortestPathTree* tree = nullptr;
  if (fixed) {
    const auto s = static_cast<std::size_t>(g0);
    if (shelters_.available[s] && routing_.fixed_valid[m][s] &&
        routing_.fixed_tree[m][s].next_edge[u] != kNone) {
      tree = &routing_.fixed_tree[m][s];
      d.edge = tree->next_edge[u];
      d.goal = g0;
    } else {
      d.defix = true;
      fixed = false;
    }
  }
  if (!fixed) {
    if (!routing_.free_valid[m] || routing_.free_tree[m].target[u] == kNone) {
      d.kind = kPark;
      return d;
    }
    tree = &routing_.free_tree[m];
    const std::int32_t gs = routing_.target_shelter[tree->target[u]];
    if (shelters_.node[static_cast<std::size_t>(gs)] == u) {
      d.kind = kArrive;
      d.goal = gs;
      return d;
    }
    d.edge = tree->next_edge[u];
    d.goal = gs;
  }
  if (prev != kNone && !(ag_.flags[a] & kNoUturnCheck) && g_.head[d.edge] == prev) {
    if (ag_.turnbacks[a] < max_turnbacks_) {
      d.turnback = true;
    } else {
      // No turn-back left: take the best onward edge that does not lead back
      // (drive on and re-plan at the next node). Onward edges exclude
      // dead-end spurs (from their end the only way on is back), so an agent
      // never drives into one to wait there for good. With none: wait while
      // an edge ahead is closed (it may reopen), else (a dead end of the
      // network itself, dry and open) turn back after all.
      double best = std::numeric_limits<double>::infinity();
      EdgeId best_f = kNone;
      bool closed_ahead = false;
      for (EdgeId f = g_.first_out[u]; f < g_.first_out[u + 1]; ++f) {
        if (g_.head[f] == prev) continue;
        if (!std::isfinite(routing_.wtime[m][f])) {
          closed_ahead = true;
          continue;
        }
        if (!routing_.onward[m][f]) continue;
        const double c = routing_.wtime[m][f] + tree->time_s[g_.head[f]];
        if (c < best) {
          best = c;
          best_f = f;
        }
      }
      if (best_f != kNone) {
        d.edge = best_f;
        if (!fixed) d.goal = routing_.target_shelter[tree->target[g_.head[best_f]]];
      } else if (closed_ahead) {
        d.kind = kParkTurn;
        return d;
      } else {
        d.turnback = true;
      }
    }
  }
  d.kind = kMove;
  return d;
}

void Decider::commit(std::uint32_t a, const Decision& d, NodeId u, double lt, StepBuffer& tb) {
  if (routes_.following(a))
    routes_.pos[a] = d.route_step ? routes_.pos[a] + 1 : kNone;  // arrived, or dropped the route
  const std::uint8_t mode = ag_.mode[a];
  if (d.defix) {
    tb.events.push_back({a, static_cast<std::uint32_t>(ag_.goal[a]), lt, kEvDefix, mode});
    ag_.flags[a] = static_cast<std::uint8_t>(ag_.flags[a] & ~kFixed);
  }
  switch (d.kind) {
    case kMove:
      ag_.goal[a] = d.goal;
      if (d.turnback && ag_.turnbacks[a] < 255) ++ag_.turnbacks[a];
      ag_.flags[a] = static_cast<std::uint8_t>(ag_.flags[a] & ~kNoUturnCheck);
      if (links_.is_ferry(d.edge))
        tb.events.push_back({a, d.edge, lt, kEvPier, mode});
      else
        (mode == 0 ? tb.car_moves : tb.walk_moves).push_back({a, d.edge, lt});
      if ((ag_.flags[a] & kTracked) || record_all_) tb.events.push_back({a, d.edge, lt, kEvPath, mode});
      break;
    case kArrive:
      ag_.goal[a] = d.goal;
      tb.events.push_back({a, static_cast<std::uint32_t>(d.goal), lt, kEvArrive, mode});
      break;
    case kArriveNode:
      tb.events.push_back({a, u, lt, kEvArriveNode, mode});
      break;
    case kPark:
    case kParkTurn:
      ag_.goal[a] = d.goal;  // -1 when no shelter can be reached
      tb.events.push_back({a, u, lt, kEvPark, mode});
      break;
  }
}

void drop_closed_routes(ExplicitRoutes& routes, const Agents& ag, const LinkQueues& q,
                        int threads) {
  const auto N = static_cast<std::int64_t>(routes.pos.size());
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t i = 0; i < N; ++i) {
    const auto a = static_cast<std::size_t>(i);
    if (routes.pos[a] == kNone || ag.state[a] == kSheltered || is_trapped(ag.state[a])) continue;
    const bool car = ag.mode[a] == 0;
    for (std::uint32_t p = routes.pos[a]; routes.edges[p] != kNone; ++p) {
      const EdgeId e = routes.edges[p];
      if (car ? !(q.car_speed_mps[e] > 0.0) : q.walk_closed[e] != 0) {
        routes.pos[a] = kNone;
        break;
      }
    }
  }
  routes.stale = false;
}

}  // namespace floodevac::evac::detail
