#include "sim/evac/gridlock.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "sim/evac/decisions.hpp"
#include "sim/evac/rerouting.hpp"

namespace floodevac::evac::detail {

namespace {

constexpr double kCheckMax_s = 10.0;  // longest interval between two checks, s

std::string link_list(const graph::RoadGraph& g, const std::vector<EdgeId>& edges) {
  constexpr std::size_t kListed = 8;
  std::string s;
  for (std::size_t k = 0; k < edges.size() && k < kListed; ++k) {
    if (k) s += ", ";
    s += std::to_string(edges[k]);
    if (!g.source_id.empty() && g.source_id[edges[k]] >= 0)
      s += " (source " + std::to_string(g.source_id[edges[k]]) + ")";
  }
  if (edges.size() > kListed) s += " and " + std::to_string(edges.size() - kListed) + " more";
  return s;
}

}  // namespace

Gridlock::Gridlock(const graph::RoadGraph& g, const graph::ReverseGraph& rev, double stuck_time_s,
                   double step_s, double start_s)
    : g_(&g), rev_(&rev), stuck_s_(stuck_time_s) {
  check_s_ = std::max(step_s, std::min(kCheckMax_s, stuck_time_s / 30.0));
  next_check_ = start_s + check_s_;
  const EdgeId m = g.edge_count();
  front_.assign(m, kNone);
  seen_s_.assign(m, 0.0);
  since_s_.assign(m, 0.0);
  wants_.assign(m, kNone);
  event_of_.assign(m, -1);
  is_jammed_.assign(m, 0);
}

void Gridlock::watch(const Agents& ag, LinkQueues& q, const Decider& decider, Rerouting& routing,
                     double t, const Logger& log) {
  if (!(stuck_s_ > 0.0)) return;
  count_moved_on(q);
  if (t < next_check_ - 1e-9 * check_s_) return;
  next_check_ += check_s_;
  last_check_s_ = t;
  const graph::RoadGraph& g = *g_;
  const EdgeId m = g.edge_count();
  jammed_.clear();
  for (EdgeId e = 0; e < m; ++e) {
    if (q.over[e] > 0 && q.occ[e] <= q.storage[e]) q.over[e] = 0;  // drained: no allowance left
    const std::uint32_t a = q.car_head[e];
    if (a == kNone || !(q.car_speed_mps[e] > 0.0) || ag.state[a] != kOnEdge ||
        !(ag.exit_s[a] < t)) {
      front_[e] = kNone;
      continue;
    }
    if (front_[e] != a) {
      front_[e] = a;
      seen_s_[e] = t;
    }
    const double since = std::max(ag.exit_s[a], seen_s_[e]);
    if (t - since < (resolving(e) ? check_s_ : 0.5 * stuck_s_) - 1e-9) continue;
    const Decision d = decider.decide(a, g.head[e], rev_->tail[e]);
    if (d.kind != kMove || q.occ[d.edge] < q.storage[d.edge]) continue;
    wants_[e] = d.edge;
    since_s_[e] = since;
    jammed_.push_back(e);
  }
  if (update_events(q, t, log)) {
    // Re-plan: a jammed link counts stuck_time_s longer while it is jammed.
    if (routing.extra_s.empty()) routing.extra_s.assign(m, 0.0);
    for (EdgeId e : last_gridlocked_) routing.extra_s[e] = 0.0;
    for (EdgeId e : gridlocked_) routing.extra_s[e] = stuck_s_;
    routing.due = true;
  }
  last_jammed_ = jammed_;
  last_gridlocked_ = gridlocked_;
  // Last resort: fronts on the cycle that have waited stuck_time_s move on in the next step.
  for (EdgeId e : cycle_links_)
    if (t - since_s_[e] >= stuck_s_ - 1e-9 || resolving(e)) {
      q.move_on[e] = 1;
      flagged_.push_back(e);
    }
}

void Gridlock::count_moved_on(LinkQueues& q) {
  for (EdgeId e : flagged_) {
    if (q.move_on[e] == 2) {
      ++moved_on;
      if (event_of_[e] >= 0) ++events[static_cast<std::size_t>(event_of_[e])].moved_on;
    }
    q.move_on[e] = 0;
  }
  flagged_.clear();
}

bool Gridlock::resolving(EdgeId e) const {
  const std::int32_t ev = event_of_[e];
  return ev >= 0 && events[static_cast<std::size_t>(ev)].moved_on > 0;
}

std::vector<GridlockEvent> Gridlock::report() const {
  std::vector<GridlockEvent> r = events;
  for (std::size_t k = 0; k < r.size(); ++k)
    if (std::isnan(r[k].end_s) && last_s_[k] < last_check_s_) r[k].end_s = last_s_[k];
  return r;
}

bool Gridlock::update_events(const LinkQueues& q, double t, const Logger& log) {
  for (EdgeId e : last_jammed_) is_jammed_[e] = 0;
  gridlocked_.clear();
  cycle_links_.clear();
  for (EdgeId e : jammed_) is_jammed_[e] = 1;
  // Jams: the jammed links joined by "its front waits for that one" (union-find).
  const std::size_t J = jammed_.size();
  auto index_of = [&](EdgeId e) {
    return static_cast<std::size_t>(std::lower_bound(jammed_.begin(), jammed_.end(), e) -
                                    jammed_.begin());
  };
  std::vector<std::size_t> parent(J);
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  auto find = [&](std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (std::size_t i = 0; i < J; ++i) {
    const EdgeId w = wants_[jammed_[i]];
    if (!is_jammed_[w]) continue;
    const std::size_t a = find(i), b = find(index_of(w));
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::uint8_t> touched(events.size(), 0);
  for (std::size_t r = 0; r < J; ++r) {
    if (find(r) != r) continue;
    // The members of the jam rooted at r, ascending.
    std::vector<EdgeId> links;
    std::size_t inner = 0;  // links whose front waits for a link of the same jam
    std::uint32_t vehicles = 0;
    double start = std::numeric_limits<double>::infinity();
    std::int32_t id = -1;
    for (std::size_t i = r; i < J; ++i) {
      if (find(i) != r) continue;
      const EdgeId e = jammed_[i];
      links.push_back(e);
      if (is_jammed_[wants_[e]]) ++inner;
      vehicles += static_cast<std::uint32_t>(q.occ[e]);
      start = std::min(start, since_s_[e]);
      const std::int32_t ev = event_of_[e];
      if (ev >= 0 && (id < 0 || ev < id)) id = ev;
    }
    // A connected piece of a graph where every link points at most at one
    // other holds a cycle exactly when it has as many pointers as links.
    const bool cycle = inner == links.size();
    if (!cycle) continue;  // stopped behind something else (e.g. a link slowed by water)
    // Its cycle: after as many steps as it has links, a walk is on it.
    EdgeId x = links.front();
    for (std::size_t s = 0; s < links.size(); ++s) x = wants_[x];
    EdgeId y = x;
    do {
      cycle_links_.push_back(y);
      y = wants_[y];
    } while (y != x);
    gridlocked_.insert(gridlocked_.end(), links.begin(), links.end());
    if (id < 0) {
      id = static_cast<std::int32_t>(events.size());
      GridlockEvent ev;
      ev.start_s = start;
      ev.detected_s = t;
      events.push_back(ev);
      last_s_.push_back(t);
      touched.push_back(0);
      log.warn("evacuation: gridlock at links " + link_list(*g_, links) +
               " from t = " + std::to_string(static_cast<long long>(start)) + " s (a cycle of " +
               std::to_string(cycle_links_.size()) + " full links): " + std::to_string(vehicles) +
               " vehicles stopped; routes are re-planned around it and vehicles stopped " +
               std::to_string(static_cast<long long>(stuck_s_)) + " s are moved on");
    }
    const auto k = static_cast<std::size_t>(id);
    GridlockEvent& ev = events[k];
    touched[k] = 1;
    last_s_[k] = t;
    std::vector<EdgeId> all;
    std::set_union(ev.edges.begin(), ev.edges.end(), links.begin(), links.end(),
                   std::back_inserter(all));
    ev.edges = std::move(all);
    ev.peak_vehicles = std::max(ev.peak_vehicles, vehicles);
    ev.start_s = std::min(ev.start_s, start);
    ev.cycle = ev.cycle || cycle;
    for (EdgeId e : ev.edges) event_of_[e] = id;  // joins events that have merged
  }
  // An event ends stuck_time_s after its links were last jammed (a jam that
  // refreezes at once after vehicles were moved on is the same gridlock).
  for (std::size_t k = 0; k < events.size(); ++k) {
    GridlockEvent& ev = events[k];
    if (touched[k] || !std::isnan(ev.end_s)) continue;
    bool mine = false;  // still owns its links (not merged into another event)
    for (EdgeId e : ev.edges) mine = mine || event_of_[e] == static_cast<std::int32_t>(k);
    if (mine && t - last_s_[k] < stuck_s_ - 1e-9) continue;
    ev.end_s = last_s_[k];
    for (EdgeId e : ev.edges)
      if (event_of_[e] == static_cast<std::int32_t>(k)) event_of_[e] = -1;
  }
  std::sort(gridlocked_.begin(), gridlocked_.end());
  std::sort(cycle_links_.begin(), cycle_links_.end());
  return gridlocked_ != last_gridlocked_;
}

}  // namespace floodevac::evac::detail
