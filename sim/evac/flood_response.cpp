#include "sim/evac/flood_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/evac/coupling.hpp"

namespace floodevac::evac::detail {

void link_conditions(const LinkSampler& sampler, const float* depth, const float* speed,
                     const SimConfig& cfg, int threads, std::vector<float>& factor,
                     std::vector<std::uint8_t>& wclosed) {
  std::vector<float> md, mdv;
  sampler.edge_maxima(depth, speed, md, mdv, threads);
  const auto m = static_cast<EdgeId>(md.size());
  factor.resize(m);
  wclosed.resize(m);
  for (EdgeId e = 0; e < m; ++e) {
    if (sampler.tunnel(e)) {
      // Water at a portal: slowed as on the surface, closed to everyone at the tunnel depth.
      const double close = std::min(cfg.tunnel_close_depth_m, cfg.vehicle_close_depth_m);
      factor[e] = static_cast<float>(vehicle_speed_factor(md[e], close));
      wclosed[e] = (md[e] >= cfg.tunnel_close_depth_m || md[e] > cfg.walk_close_depth_m ||
                    mdv[e] > cfg.walk_close_dv_m2s)
                       ? 1
                       : 0;
      continue;
    }
    factor[e] = static_cast<float>(vehicle_speed_factor(md[e], cfg.vehicle_close_depth_m));
    wclosed[e] = (md[e] > cfg.walk_close_depth_m || mdv[e] > cfg.walk_close_dv_m2s) ? 1 : 0;
  }
}

void FloodResponse::hold(std::uint32_t a, double speed_mps, double t) {
  // Still travelling: it stops where it is, its remaining distance kept.
  if (!(ag_.exit_s[a] > t)) return;
  ag_.rem_m[a] = static_cast<float>((ag_.exit_s[a] - t) * speed_mps);
  ag_.exit_s[a] = std::numeric_limits<double>::infinity();
  ag_.state[a] = kHeld;
  ledger_.move(AgentState::moving, AgentState::stranded, ag_.persons[a], ag_.unit[a]);
}

void FloodResponse::release(std::uint32_t a, double speed_mps, double t) {
  if (ag_.state[a] != kHeld) return;
  ag_.exit_s[a] = t + static_cast<double>(ag_.rem_m[a]) / speed_mps;
  ag_.state[a] = kOnEdge;
  ledger_.move(AgentState::stranded, AgentState::moving, ag_.persons[a], ag_.unit[a]);
}

bool FloodResponse::set_conditions(std::span<const float> car_factor,
                                   std::span<const std::uint8_t> wclosed, double t) {
  bool closed = false;
  const auto m = static_cast<EdgeId>(q_.len_m.size());
  // Persons on edge e now, vehicles and walkers, in queue order.
  const auto persons_on = [&](EdgeId e) {
    double p = 0.0;
    for (std::uint32_t a = q_.car_head[e]; a != kNone; a = q_.next[a]) p += ag_.persons[a];
    for (std::uint32_t a = q_.walk_head[e]; a != kNone; a = q_.next[a]) p += ag_.persons[a];
    return p;
  };
  for (EdgeId e = 0; e < m; ++e) {
    double f = car_factor[e];
    f = f > 0.0 ? std::min(f, 1.0) : 0.0;
    const double v1 = f > 0.0 ? q_.vfree_mps[e] * f : 0.0;
    const double v0 = q_.car_speed_mps[e];
    if (v1 != v0) {
      EdgeStats& st = q_.stats[e];
      if (v1 == 0.0 && std::isnan(st.first_closed_s)) {
        st.first_closed_s = t;
        st.persons_at_close = persons_on(e);
      }
      for (std::uint32_t a = q_.car_head[e]; a != kNone; a = q_.next[a]) {
        if (v0 > 0.0 && v1 > 0.0) {
          // Remaining distance (exit - t) * v0 covered at the new speed.
          if (ag_.exit_s[a] > t) ag_.exit_s[a] = t + (ag_.exit_s[a] - t) * v0 / v1;
        } else if (v0 > 0.0) {
          hold(a, v0, t);
        } else {
          release(a, v1, t);
        }
      }
      if (v0 > 0.0 && v1 == 0.0) closed = true;
      q_.car_speed_mps[e] = v1;
    }
    const std::uint8_t c1 = wclosed[e] ? 1 : 0;
    if (c1 != q_.walk_closed[e]) {
      EdgeStats& st = q_.stats[e];
      if (c1 && std::isnan(st.first_walk_closed_s)) {
        st.first_walk_closed_s = t;
        st.persons_at_walk_close = persons_on(e);
      }
      const double vw = cfg_.walk_speed_mps;
      for (std::uint32_t a = q_.walk_head[e]; a != kNone; a = q_.next[a]) {
        if (c1)
          hold(a, vw, t);
        else
          release(a, vw, t);
      }
      if (c1) closed = true;
      q_.walk_closed[e] = c1;
    }
  }
  return closed;
}

void FloodResponse::trap(std::uint32_t a, St where) {
  ledger_.move(person_state(ag_.state[a]), AgentState::trapped, ag_.persons[a], ag_.unit[a]);
  // Ready at the end of the edge: its position is the end.
  if (where == kTrappedEdge && ag_.state[a] != kHeld) ag_.rem_m[a] = 0.0f;
  ag_.state[a] = where;
  q_.next[a] = kNone;
  if (where != kTrappedHome) trapped_.push_back(a);
}

template <class Unsafe>
std::uint32_t FloodResponse::trap_in_queue(std::uint32_t& head, std::uint32_t& tail,
                                           Unsafe unsafe) {
  std::uint32_t removed = 0;
  std::uint32_t prev = kNone;
  for (std::uint32_t a = head; a != kNone;) {
    const std::uint32_t nx = q_.next[a];
    if (unsafe(a)) {
      if (prev == kNone)
        head = nx;
      else
        q_.next[prev] = nx;
      if (tail == a) tail = prev;
      trap(a, kTrappedEdge);
      ++removed;
    } else {
      prev = a;
    }
    a = nx;
  }
  return removed;
}

void FloodResponse::trap_in_water(const float* depth, const float* speed, const FloodCells& cells,
                                  std::vector<std::uint32_t>& parked, double t) {
  auto depth_at = [&](std::uint32_t c) -> double {
    if (c == LinkSampler::kOutside) return 0.0;
    const float d = depth[c];
    return d > 0.0f ? d : 0.0;
  };
  auto speed_at = [&](std::uint32_t c) -> double {
    if (c == LinkSampler::kOutside || speed == nullptr) return 0.0;
    const float v = speed[c];
    return std::isfinite(v) ? v : 0.0;
  };
  auto unsafe = [&](int m, std::uint32_t c) {
    const double d = depth_at(c);
    if (m == 0) return d >= cfg_.vehicle_close_depth_m;
    return pedestrian_unsafe(d, speed_at(c), cfg_.walk_close_depth_m, cfg_.walk_close_dv_m2s);
  };
  const AgentCells at{cells, g_, ag_, q_, cfg_.walk_speed_mps, t};
  // In a tunnel the water is what came in at its portals, not the water on the
  // surface above: an agent there stands in the deeper portal's water.
  auto cell_on = [&](EdgeId e, std::uint32_t a) {
    if (!cells.sampler.tunnel(e)) return at.of(a);
    const auto s = cells.sampler.samples(e);
    return depth_at(s.back()) > depth_at(s.front()) ? s.back() : s.front();
  };
  const auto m = static_cast<EdgeId>(q_.len_m.size());
  for (EdgeId e = 0; e < m; ++e) {
    if (q_.car_speed_mps[e] == 0.0 && q_.car_head[e] != kNone) {
      const std::uint32_t removed = trap_in_queue(
          q_.car_head[e], q_.car_tail[e], [&](std::uint32_t a) { return unsafe(0, cell_on(e, a)); });
      if (removed > 0) {
        q_.occ[e] -= static_cast<std::int32_t>(removed);
        q_.rebuild_ready(e, ag_.exit_s, t);
      }
      if (q_.car_head[e] == kNone) q_.in_active[q_.slot_of[e]] &= static_cast<std::uint8_t>(~1u);
    }
    if (q_.walk_closed[e] && q_.walk_head[e] != kNone) {
      trap_in_queue(q_.walk_head[e], q_.walk_tail[e],
                    [&](std::uint32_t a) { return unsafe(1, cell_on(e, a)); });
      if (q_.walk_head[e] == kNone) q_.in_active[q_.slot_of[e]] &= static_cast<std::uint8_t>(~2u);
    }
  }
  // Departure queues and agents waiting at nodes: the water at the node.
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < g_.node_count(); ++u) {
      if (q_.dep_head[k][u] == kNone || !unsafe(k, cells.node_cell[u])) continue;
      for (std::uint32_t a = q_.dep_head[k][u]; a != kNone;) {
        const std::uint32_t nx = q_.next[a];
        trap(a, kTrappedNode);
        a = nx;
      }
      q_.dep_head[k][u] = q_.dep_tail[k][u] = kNone;
    }
  std::size_t keep = 0;
  for (std::uint32_t a : parked) {
    if (ag_.state[a] != kParked) continue;
    if (unsafe(ag_.mode[a], cells.node_cell[ag_.node(g_, a)]))
      trap(a, kTrappedNode);
    else
      parked[keep++] = a;
  }
  parked.resize(keep);
}

void FloodResponse::trap_at_home(const std::uint8_t* hazard, const FloodCells& cells,
                                 const AgentsByUnit& by_unit) {
  // They can no longer leave: counted trapped for good.
  const NodeId n = g_.node_count();
  std::vector<std::uint8_t> closed_all(2 * static_cast<std::size_t>(n), 1);
  for (NodeId u = 0; u < n; ++u)
    for (EdgeId e = g_.first_out[u]; e < g_.first_out[u + 1]; ++e) {
      if (q_.car_speed_mps[e] > 0.0) closed_all[2 * u] = 0;
      if (!q_.walk_closed[e]) closed_all[2 * u + 1] = 0;
    }
  auto hazardous = [&](std::uint32_t c) {
    if (c == LinkSampler::kOutside) return false;
    const std::uint8_t h = hazard[c];
    return h != 255 && h >= cfg_.exposure_class_min;
  };
  auto check = [&](std::uint32_t a) {
    if (ag_.state[a] == kHome &&
        closed_all[2 * static_cast<std::size_t>(ag_.origin[a]) + ag_.mode[a]])
      trap(a, kTrappedHome);
  };
  for (std::size_t i = 0; i < by_unit.of_unit.group_count(); ++i) {
    if (by_unit.of_unit.group(i).empty() || !hazardous(cells.unit_cell[i])) continue;
    for (std::uint32_t a : by_unit.of_unit.group(i)) check(a);
  }
  for (std::uint32_t a : by_unit.without_unit)
    if (hazardous(cells.node_cell[ag_.origin[a]])) check(a);
}

}  // namespace floodevac::evac::detail
