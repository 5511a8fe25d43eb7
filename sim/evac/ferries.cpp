#include "sim/evac/ferries.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac::detail {

Ferries::Ferries(const graph::RoadGraph& g, LinkQueues& q) {
  if (g.ferry.empty()) return;
  const std::vector<NodeId> tails = g.tails();
  of_edge_.assign(g.edge_count(), -1);
  for (EdgeId e = 0; e < g.edge_count(); ++e)
    if (g.ferry[e]) {
      ferry_edges_.push_back(e);
      tail_.push_back(tails[e]);
      q.car_speed_mps[e] = 0.0;
      q.walk_closed[e] = 1;
    }
}

void Ferries::set(std::vector<FerryService> services, const graph::RoadGraph& g, LinkQueues& q,
                  double t) {
  for (Service& s : services_) q.car_speed_mps[s.svc.edge] = 0.0, q.walk_closed[s.svc.edge] = 1;
  services_.clear();
  std::fill(of_edge_.begin(), of_edge_.end(), -1);
  for (std::size_t k = 0; k < services.size(); ++k) {
    FerryService& f = services[k];
    const std::string who = "ferry service " + std::to_string(k) + " (edge " +
                            std::to_string(f.edge) + ")";
    if (f.edge >= g.edge_count()) throw InputError(who + ": not an edge of the road graph");
    if (g.ferry.empty() || !g.ferry[f.edge])
      throw InputError(who + ": the edge is not flagged as a ferry (RoadGraph::ferry)");
    if (of_edge_[f.edge] >= 0)
      throw InputError(who + ": the edge is already served by ferry service " +
                       std::to_string(of_edge_[f.edge]) + ". Give one timetable per edge");
    for (std::size_t d = 0; d < f.departures_s.size(); ++d) {
      if (!std::isfinite(f.departures_s[d]))
        throw InputError(who + ": departure " + std::to_string(d) + " is not a finite time");
      if (d > 0 && !(f.departures_s[d] >= f.departures_s[d - 1]))
        throw InputError(who + ": departure " + std::to_string(d) + " (" +
                         std::to_string(f.departures_s[d]) + " s) is before departure " +
                         std::to_string(d - 1) + ". Give departures in ascending order");
    }
    if (!(f.crossing_s >= 0.0) || !std::isfinite(f.crossing_s))
      throw InputError(who + ": crossing_s must be a finite time >= 0 s");
    if (!(f.boat_capacity_persons > 0.0) || !std::isfinite(f.boat_capacity_persons))
      throw InputError(who + ": boat_capacity_persons must be > 0");
    Service s;
    s.tail = tail_[static_cast<std::size_t>(
        std::lower_bound(ferry_edges_.begin(), ferry_edges_.end(), f.edge) - ferry_edges_.begin())];
    s.st.edge = f.edge;
    s.st.carried_persons.assign(f.departures_s.size(), 0.0);
    while (s.next_dep < f.departures_s.size() && f.departures_s[s.next_dep] < t) ++s.next_dep;
    s.closed = s.next_dep == f.departures_s.size();
    if (!s.closed) {
      q.car_speed_mps[f.edge] = q.vfree_mps[f.edge];
      q.walk_closed[f.edge] = 0;
    }
    s.svc = std::move(f);
    of_edge_[s.svc.edge] = static_cast<std::int32_t>(k);
    services_.push_back(std::move(s));
  }
}

void Ferries::override_conditions(std::vector<float>& factor,
                                  std::vector<std::uint8_t>& wclosed) const {
  for (EdgeId e : ferry_edges_) {
    const std::int32_t k = of_edge_[e];
    const bool open = k >= 0 && !services_[static_cast<std::size_t>(k)].closed;
    factor[e] = open ? 1.0f : 0.0f;
    wclosed[e] = open ? 0 : 1;
  }
}

void Ferries::weights(double t, std::vector<double>& fixed_s) const {
  fixed_s.assign(of_edge_.size(), std::numeric_limits<double>::quiet_NaN());
  for (const Service& s : services_) {
    if (s.closed) continue;  // closed: the edge's conditions make it infinite
    const double next = s.svc.departures_s[s.next_dep];
    fixed_s[s.svc.edge] = std::max(0.0, next - t) + s.svc.crossing_s;
  }
}

void Ferries::land(double t1, const graph::RoadGraph& g, Agents& ag, LinkQueues& q) {
  for (Service& s : services_) {
    const EdgeId e = s.svc.edge;
    while (s.boat_front < s.boat.size() && s.boat[s.boat_front].first < t1) {
      const auto [tl, a] = s.boat[s.boat_front++];
      ag.state[a] = kQueue;
      ag.edge[a] = e;
      ag.exit_s[a] = tl;
      q.push_departure(ag.mode[a], g.head[e], a);
      EdgeStats& es = q.stats[e];
      (ag.mode[a] == 0 ? es.vehicles_passed : es.walkers_passed) += 1;
      es.persons_passed += ag.persons[a];
    }
    if (s.boat_front == s.boat.size()) {
      s.boat.clear();
      s.boat_front = 0;
    }
  }
}

void Ferries::send_back(Service& s, Agents& ag, LinkQueues& q, double not_before) {
  for (const auto& [ta, a] : s.pier) {
    ag.state[a] = kQueue;
    ag.exit_s[a] = std::max(ta, not_before);
    q.push_departure(ag.mode[a], s.tail, a);
  }
  s.pier.clear();
}

void Ferries::close(Service& s, LinkQueues& q, double t) {
  s.closed = true;
  const EdgeId e = s.svc.edge;
  q.car_speed_mps[e] = 0.0;
  q.walk_closed[e] = 1;
  if (std::isnan(q.stats[e].first_closed_s)) q.stats[e].first_closed_s = t;
  if (std::isnan(q.stats[e].first_walk_closed_s)) q.stats[e].first_walk_closed_s = t;
}

bool Ferries::depart(double t1, Agents& ag, LinkQueues& q) {
  std::sort(incoming_.begin(), incoming_.end(), [](const Arrival& x, const Arrival& y) {
    if (x.e != y.e) return x.e < y.e;
    if (x.t != y.t) return x.t < y.t;
    return x.a < y.a;
  });
  for (const Arrival& in : incoming_) {
    const std::int32_t k = of_edge_[in.e];
    if (k < 0) {  // not served (closed edges are never taken; a guard): routes again
      ag.state[in.a] = kQueue;
      ag.exit_s[in.a] = in.t;
      q.push_departure(ag.mode[in.a], tail_[static_cast<std::size_t>(
                                          std::lower_bound(ferry_edges_.begin(),
                                                           ferry_edges_.end(), in.e) -
                                          ferry_edges_.begin())],
                       in.a);
      continue;
    }
    ag.state[in.a] = kAtPier;
    services_[static_cast<std::size_t>(k)].pier.emplace_back(in.t, in.a);
  }
  incoming_.clear();
  bool closed_now = false;
  for (Service& s : services_) {
    if (s.closed) {
      // Reached the pier after the last boat had left (before the trees knew).
      for (const auto& [ta, a] : s.pier) s.st.missed_persons += ag.persons[a];
      send_back(s, ag, q, -std::numeric_limits<double>::infinity());
      continue;
    }
    const std::vector<double>& deps = s.svc.departures_s;
    const double cap = s.svc.boat_capacity_persons;
    while (s.next_dep < deps.size() && deps[s.next_dep] < t1) {
      const double d = deps[s.next_dep];
      double load = 0;
      std::size_t keep = 0, k = 0;
      // Board in arrival order while persons fit; a group larger than a whole boat never
      // fits and is passed over, any other group that does not fit stops the boarding.
      for (; k < s.pier.size(); ++k) {
        const auto [ta, a] = s.pier[k];
        const double p = ag.persons[a];
        if (!(ta <= d)) break;
        if (p > cap) {
          s.pier[keep++] = s.pier[k];
          continue;
        }
        if (load + p > cap) break;
        load += p;
        ag.state[a] = kOnBoat;
        ag.edge[a] = s.svc.edge;
        s.boat.emplace_back(d + s.svc.crossing_s, a);
      }
      for (; k < s.pier.size(); ++k) s.pier[keep++] = s.pier[k];
      s.pier.resize(keep);
      s.st.carried_persons[s.next_dep] = load;
      ++s.next_dep;
    }
    if (s.next_dep == deps.size()) {
      const double last = deps.back();
      for (const auto& [ta, a] : s.pier)
        (ta <= last ? s.st.left_at_last_departure_persons : s.st.missed_persons) += ag.persons[a];
      close(s, q, last);
      send_back(s, ag, q, last);
      closed_now = true;
    }
  }
  return closed_now;
}

std::vector<FerryStats> Ferries::stats() const {
  std::vector<FerryStats> out;
  out.reserve(services_.size());
  for (const Service& s : services_) out.push_back(s.st);
  return out;
}

std::uint64_t Ferries::agents_held() const {
  std::uint64_t n = 0;
  for (const Service& s : services_) n += s.pier.size() + (s.boat.size() - s.boat_front);
  return n;
}

}  // namespace floodevac::evac::detail
