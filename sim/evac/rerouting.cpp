#include "sim/evac/rerouting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/evac/decisions.hpp"
#include "sim/evac/shelters.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace floodevac::evac::detail {

Rerouting::Rerouting(const graph::RoadGraph& g,
                     const std::shared_ptr<const graph::ReverseGraph>& rev, std::uint32_t shelters,
                     int threads)
    : g_(&g), rev_(rev), threads_(threads) {
  for (int k = 0; k < 2; ++k) {
    fixed_tree[k].resize(shelters);
    fixed_valid[k].assign(shelters, 0);
  }
  for (int k = 0; k < threads; ++k) routers_.emplace_back(g, rev);
}

std::size_t Rerouting::rebuild_trees(const Agents& ag, const LinkQueues& q, const Shelters& sh,
                                     double persons_to_go, const SimConfig& cfg, double t,
                                     const Logger& log) {
  const auto m = static_cast<std::int64_t>(q.len_m.size());
  const std::uint32_t S = sh.size();
  for (int k = 0; k < 2; ++k)
    if (ag.has_mode[k]) wtime[k].resize(static_cast<std::size_t>(m));
  const bool cong = cfg.congestion_aware_routing;
  const double kInf = std::numeric_limits<double>::infinity();
#pragma omp parallel for schedule(static) num_threads(threads_)
  for (std::int64_t ee = 0; ee < m; ++ee) {
    const auto e = static_cast<std::size_t>(ee);
    if (ag.has_mode[0]) {
      const double v = q.car_speed_mps[e];
      double w = v > 0.0 ? q.len_m[e] / v : kInf;
      if (cong && v > 0.0) w = std::max(w, static_cast<double>(q.occ[e]) / q.cap_veh_s[e]);
      if (!extra_s.empty() && v > 0.0) w += extra_s[e];
      wtime[0][e] = w;
    }
    if (ag.has_mode[1]) wtime[1][e] = q.walk_closed[e] ? kInf : q.len_m[e] / cfg.walk_speed_mps;
    if (!fixed_s.empty() && !std::isnan(fixed_s[e])) {
      if (ag.has_mode[0]) wtime[0][e] = q.car_speed_mps[e] > 0.0 ? fixed_s[e] : kInf;
      if (ag.has_mode[1]) wtime[1][e] = q.walk_closed[e] ? kInf : fixed_s[e];
    }
  }
  std::vector<NodeId> targets;
  target_shelter.clear();
  for (std::uint32_t s = 0; s < S; ++s)
    if (sh.available[s]) {
      targets.push_back(sh.node[s]);
      target_shelter.push_back(static_cast<std::int32_t>(s));
    }
  if (targets.empty() && persons_to_go > 0.0 && !warned_no_target_) {
    log.warn("evacuation at t = " + std::to_string(t) +
             " s: no shelter is open with room; departing people wait where they are");
    warned_no_target_ = true;
  }
  if (!targets.empty()) warned_no_target_ = false;
  // Jobs: the free tree per mode, and one tree per shelter that still has
  // assigned trips heading for it.
  struct Job {
    int mode;
    std::int32_t shelter;
  };
  std::vector<Job> jobs;
  for (int k = 0; k < 2; ++k) {
    free_valid[k] = false;
    std::fill(fixed_valid[k].begin(), fixed_valid[k].end(), 0);
    if (!ag.has_mode[k]) continue;
    jobs.push_back({k, -1});
    for (std::uint32_t s = 0; s < S; ++s)
      if (sh.assigned[k][s] > 0 && sh.available[s])
        jobs.push_back({k, static_cast<std::int32_t>(s)});
  }
  const auto nj = static_cast<std::int64_t>(jobs.size());
#pragma omp parallel for schedule(static) num_threads(threads_)
  for (std::int64_t j = 0; j < nj; ++j) {
    int tid = 0;
#ifdef _OPENMP
    tid = omp_get_thread_num();
#endif
    const Job& jb = jobs[static_cast<std::size_t>(j)];
    graph::Router& r = routers_[static_cast<std::size_t>(tid)];
    if (jb.shelter < 0)
      r.tree_to_nearest(wtime[jb.mode], targets, free_tree[jb.mode]);
    else
      r.tree_to(wtime[jb.mode], sh.node[static_cast<std::size_t>(jb.shelter)],
                fixed_tree[jb.mode][static_cast<std::size_t>(jb.shelter)]);
  }
  for (int k = 0; k < 2; ++k)
    if (ag.has_mode[k]) label_onward(k, targets);
  for (const Job& jb : jobs) {
    if (jb.shelter < 0)
      free_valid[jb.mode] = true;
    else
      fixed_valid[jb.mode][static_cast<std::size_t>(jb.shelter)] = 1;
  }
  return targets.size();
}

// Reachability over turns (pairs of consecutive edges) rather than nodes, as
// in turn-aware routing (e.g. OSRM's edge-based graph): an edge is onward if
// it ends at a target, or if some edge open to the mode leaves its head
// towards a node other than its tail and is onward. Serial, deterministic.
void Rerouting::label_onward(int mode, const std::vector<NodeId>& targets) {
  const graph::RoadGraph& g = *g_;
  const graph::ReverseGraph& rev = *rev_;
  const std::vector<double>& w = wtime[mode];
  std::vector<std::uint8_t>& on = onward[mode];
  on.assign(g.edge_count(), 0);
  std::vector<EdgeId> todo;
  for (NodeId s : targets)
    for (EdgeId k = rev.first_in[s]; k < rev.first_in[s + 1]; ++k) {
      const EdgeId e = rev.in_edge[k];
      if (on[e] || !std::isfinite(w[e])) continue;
      on[e] = 1;
      todo.push_back(e);
    }
  while (!todo.empty()) {
    const EdgeId f = todo.back();
    todo.pop_back();
    const NodeId u = rev.tail[f], v = g.head[f];
    for (EdgeId k = rev.first_in[u]; k < rev.first_in[u + 1]; ++k) {
      const EdgeId e = rev.in_edge[k];
      if (on[e] || !std::isfinite(w[e]) || rev.tail[e] == v) continue;  // v -> u -> v: a U-turn
      on[e] = 1;
      todo.push_back(e);
    }
  }
}

void Rerouting::retry_parked(const graph::RoadGraph& g, const graph::ReverseGraph& rev, Agents& ag,
                             LinkQueues& q, PersonLedger& ledger, const Decider& decider,
                             double t) {
  std::size_t keep = 0;
  for (std::uint32_t a : parked) {
    if (ag.state[a] != kParked) continue;  // trapped meanwhile
    const NodeId u = ag.node(g, a);
    const Decision d = decider.decide(a, u, ag.previous_node(rev, a));
    if (d.kind == kMove || d.kind == kArrive || d.kind == kArriveNode) {
      ag.state[a] = kQueue;
      ledger.move(AgentState::stranded, AgentState::moving, ag.persons[a], ag.unit[a]);
      ag.exit_s[a] = t;
      q.push_departure(ag.mode[a], u, a);
    } else {
      parked[keep++] = a;
    }
  }
  parked.resize(keep);
}

void Rerouting::park(std::uint32_t a, Agents& ag, PersonLedger& ledger) {
  ag.state[a] = kParked;
  ledger.move(AgentState::moving, AgentState::stranded, ag.persons[a], ag.unit[a]);
  parked.push_back(a);
}

bool closures_change(const LinkQueues& q, std::span<const float> car_factor,
                     std::span<const std::uint8_t> walk_closed) {
  for (std::size_t e = 0; e < q.car_speed_mps.size(); ++e) {
    const bool car_open = car_factor[e] > 0.0f;
    if (car_open != (q.car_speed_mps[e] > 0.0)) return true;
    if ((walk_closed[e] != 0) != (q.walk_closed[e] != 0)) return true;
  }
  return false;
}

bool Rerouting::path_to(int mode, NodeId from, NodeId to, std::vector<EdgeId>& path) {
  path.clear();
  if (from == to) return true;
  if (wtime[mode].size() != g_->edge_count()) return false;
  graph::ShortestPathTree tree;
  routers_.front().tree_to(wtime[mode], to, tree);
  if (!tree.reaches(from)) return false;
  path = tree.path_edges(*g_, from);
  return true;
}

std::int32_t Rerouting::nearest_shelter(int mode, NodeId u) const {
  if (!free_valid[mode] || free_tree[mode].target[u] == kNone) return -1;
  return target_shelter[free_tree[mode].target[u]];
}

}  // namespace floodevac::evac::detail
