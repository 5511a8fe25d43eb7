#include "sim/evac/link_queue.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/evac/decisions.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace floodevac::evac::detail {

LinkQueues::LinkQueues(const graph::RoadGraph& g, const graph::ReverseGraph& rev,
                       double vehicle_spacing_m, std::uint32_t agents) {
  const NodeId n = g.node_count();
  const EdgeId m = g.edge_count();
  len_m.resize(m);
  vfree_mps.resize(m);
  headway_s.resize(m);
  cap_veh_s.resize(m);
  storage.resize(m);
  for (EdgeId e = 0; e < m; ++e) {
    len_m[e] = g.length_m[e];
    vfree_mps[e] = g.free_speed_mps[e];
    cap_veh_s[e] = static_cast<double>(g.capacity_veh_h[e]) / 3600.0;
    headway_s[e] = 3600.0 / static_cast<double>(g.capacity_veh_h[e]);
    const double st = std::floor(static_cast<double>(g.lanes[e]) * len_m[e] / vehicle_spacing_m);
    storage[e] = static_cast<std::int32_t>(std::clamp(st, 1.0, 2.0e9));
  }
  ferry = g.ferry;
  car_speed_mps = vfree_mps;
  walk_closed.assign(m, 0);
  car_head.assign(m, kNone);
  car_tail.assign(m, kNone);
  walk_head.assign(m, kNone);
  walk_tail.assign(m, kNone);
  occ.assign(m, 0);
  next_free_s.assign(m, -std::numeric_limits<double>::infinity());
  ready_last.assign(m, kNone);
  ready_n.assign(m, 0);
  window_count.assign(m, 0);
  stats.assign(m, EdgeStats{});
  move_on.assign(m, 0);
  over.assign(m, 0);
  slot_of.resize(m);
  for (EdgeId k = 0; k < m; ++k) slot_of[rev.in_edge[k]] = k;
  in_active.assign(m, 0);
  for (int k = 0; k < 2; ++k) {
    dep_head[k].assign(n, kNone);
    dep_tail[k].assign(n, kNone);
  }
  next.assign(agents, kNone);
}

void LinkQueues::rebuild_ready(EdgeId e, std::span<const double> exit_s, double t) {
  ready_n[e] = 0;
  ready_last[e] = kNone;
  for (std::uint32_t r = car_head[e]; r != kNone && exit_s[r] < t; r = next[r]) {
    ready_last[e] = r;
    ++ready_n[e];
  }
}

void LinkQueues::close_flow_window(double window_s) {
  for (std::size_t e = 0; e < stats.size(); ++e) {
    stats[e].peak_flow_veh_h = peak_flow_veh_h(static_cast<EdgeId>(e), window_s);
    window_count[e] = 0;
  }
}

float LinkQueues::peak_flow_veh_h(EdgeId e, double window_s) const {
  const double scale = 3600.0 / window_s;
  return std::max(stats[e].peak_flow_veh_h, static_cast<float>(window_count[e] * scale));
}

std::uint32_t LinkQueues::walkers_on(EdgeId e) const {
  std::uint32_t c = 0;
  for (std::uint32_t a = walk_head.at(e); a != kNone; a = next[a]) ++c;
  return c;
}

std::size_t LinkQueues::agent_bytes() const {
  return next.capacity() * sizeof(std::uint32_t);
}

namespace {

// Phase A for one thread: the nodes it was given, one at a time.
struct NodeWorker {
  const graph::RoadGraph& g;
  const graph::ReverseGraph& rev;
  LinkQueues& q;
  Agents& ag;
  Decider& decider;
  StepBuffer& tb;
  double t0, t1;
  bool space_init = false;

  void node(NodeId u, std::int64_t step);
  void car_edge(EdgeId e, NodeId u);
  void walk_edge(EdgeId e, NodeId u);
  void departure_queue(int m, NodeId u);
  // Storage left on outgoing edge f of node u: at the start of the step, less
  // this step's entries (filled on first use at each node).
  std::int32_t& space_of(NodeId u, EdgeId f) {
    if (!space_init) init_space(u);
    return tb.space[f - g.first_out[u]];
  }
  void init_space(NodeId u);
};

void NodeWorker::init_space(NodeId u) {
  const EdgeId f0 = g.first_out[u], f1 = g.first_out[u + 1];
  tb.space.resize(f1 - f0);
  for (EdgeId k = f0; k < f1; ++k) tb.space[k - f0] = q.storage[k] - q.occ[k];
  space_init = true;
}

void NodeWorker::car_edge(EdgeId e, NodeId u) {
  std::uint32_t a = q.car_head[e];
  if (a == kNone) return;
  EdgeStats& st = q.stats[e];
  st.peak_vehicles = std::max(st.peak_vehicles, static_cast<std::uint32_t>(q.occ[e]));
  // Extend the prefix of vehicles that reached the end of the edge by t1.
  for (std::uint32_t r = q.ready_n[e] ? q.next[q.ready_last[e]] : a;
       r != kNone && ag.exit_s[r] < t1; r = q.next[r]) {
    q.ready_last[e] = r;
    ++q.ready_n[e];
  }
  const NodeId prev = rev.tail[e];
  std::int32_t popped = 0;
  while (a != kNone) {
    const double ex = ag.exit_s[a];
    if (!(ex < t1)) break;
    const double lt = std::max(std::max(ex, q.next_free_s[e]), t0);
    if (!(lt < t1)) break;
    const Decision d = decider.decide(a, u, prev);
    if (d.kind == kMove && !q.is_ferry(d.edge)) {
      std::int32_t& sp = space_of(u, d.edge);
      if (sp <= 0) {
        if (q.move_on[e] != 1) break;  // spill-back: the queue waits behind its front vehicle
        q.move_on[e] = 2;              // moved on past a full link (gridlock.hpp)
        ++q.over[d.edge];              // an outgoing edge of u: only this node's worker touches it
      }
      --sp;
    }
    q.car_head[e] = q.next[a];
    ++popped;
    q.next_free_s[e] = lt + q.headway_s[e];
    ++st.vehicles_passed;
    st.persons_passed += ag.persons[a];
    ++q.window_count[e];
    decider.commit(a, d, u, lt, tb);
    a = q.car_head[e];
  }
  if (q.car_head[e] == kNone) {
    q.car_tail[e] = kNone;
    q.in_active[q.slot_of[e]] &= static_cast<std::uint8_t>(~1u);
  }
  if (popped > 0) {
    q.ready_n[e] -= static_cast<std::uint32_t>(popped);
    if (q.ready_n[e] == 0) q.ready_last[e] = kNone;
    tb.left.push_back({e, popped});
  }
  st.peak_queue_veh = std::max(st.peak_queue_veh, q.ready_n[e]);
}

void NodeWorker::walk_edge(EdgeId e, NodeId u) {
  std::uint32_t a = q.walk_head[e];
  if (a == kNone) return;
  const NodeId prev = rev.tail[e];
  EdgeStats& st = q.stats[e];
  while (a != kNone) {
    const double ex = ag.exit_s[a];
    if (!(ex < t1)) break;
    const double lt = std::max(ex, t0);
    const Decision d = decider.decide(a, u, prev);
    q.walk_head[e] = q.next[a];
    ++st.walkers_passed;
    st.persons_passed += ag.persons[a];
    decider.commit(a, d, u, lt, tb);
    a = q.walk_head[e];
  }
  if (q.walk_head[e] == kNone) {
    q.walk_tail[e] = kNone;
    q.in_active[q.slot_of[e]] &= static_cast<std::uint8_t>(~2u);
  }
}

void NodeWorker::departure_queue(int m, NodeId u) {
  std::uint32_t a = q.dep_head[m][u];
  while (a != kNone) {
    const double lt = std::max(ag.exit_s[a], t0);
    if (!(lt < t1)) break;
    const Decision d = decider.decide(a, u, ag.previous_node(rev, a));
    if (m == 0 && d.kind == kMove && !q.is_ferry(d.edge)) {
      std::int32_t& sp = space_of(u, d.edge);
      if (sp <= 0) break;
      --sp;
    }
    q.dep_head[m][u] = q.next[a];
    decider.commit(a, d, u, lt, tb);
    a = q.dep_head[m][u];
  }
  if (q.dep_head[m][u] == kNone) q.dep_tail[m][u] = kNone;
}

void NodeWorker::node(NodeId u, std::int64_t step) {
  // The arrays never move during the pass; their entries change as agents go.
  const std::uint8_t* active = q.in_active.data();
  const std::uint32_t* car_dep = q.dep_head[0].data();
  const std::uint32_t* walk_dep = q.dep_head[1].data();
  const EdgeId k0 = rev.first_in[u], k1 = rev.first_in[u + 1];
  std::uint8_t any = (car_dep[u] != kNone || walk_dep[u] != kNone) ? 1 : 0;
  for (EdgeId k = k0; k < k1; ++k) any |= active[k];
  if (!any) return;
  const std::uint32_t deg = k1 - k0;
  space_init = false;
  // Incoming edges and the departure queue share a rotating order (fairness
  // between approaches), deterministic from the step number: slots rot ..
  // deg, then 0 .. rot - 1, where slot deg is the departure queue.
  const std::uint32_t slots = deg + 1;
  const auto rot = static_cast<std::uint32_t>(static_cast<std::uint64_t>(step) % slots);
  auto serve = [&](std::uint32_t s) {
    if (s < deg) {
      if (active[k0 + s] & 1) car_edge(rev.in_edge[k0 + s], u);
    } else if (car_dep[u] != kNone) {
      departure_queue(0, u);
    }
  };
  for (std::uint32_t s = rot; s < slots; ++s) serve(s);
  for (std::uint32_t s = 0; s < rot; ++s) serve(s);
  for (EdgeId k = k0; k < k1; ++k)
    if (active[k] & 2) walk_edge(rev.in_edge[k], u);
  if (walk_dep[u] != kNone) departure_queue(1, u);
}

// Phase B for one thread: its moves enter the queues of their edges. Entries
// of one edge come from its tail node only, hence from one thread; sorting by
// (edge, time, agent) makes each queue's order independent of how nodes were
// spread over threads and keeps exit times ascending in a queue.
void enter_edges(LinkQueues& q, Agents& ag, double walk_speed_mps, StepBuffer& tb) {
  auto by_edge_time = [](const Move& x, const Move& y) {
    if (x.edge != y.edge) return x.edge < y.edge;
    if (x.t != y.t) return x.t < y.t;
    return x.agent < y.agent;
  };
  std::sort(tb.car_moves.begin(), tb.car_moves.end(), by_edge_time);
  std::sort(tb.walk_moves.begin(), tb.walk_moves.end(), by_edge_time);
  // The agent of mv enters the back of the queue (head, tail) of its edge at
  // speed_mps; `bit` marks the edge active for its head node.
  auto enter = [&](const Move& mv, double speed_mps, std::vector<std::uint32_t>& head,
                   std::vector<std::uint32_t>& tail, std::uint8_t bit) {
    const std::uint32_t a = mv.agent;
    const EdgeId f = mv.edge;
    ag.edge[a] = f;
    ag.state[a] = kOnEdge;
    q.next[a] = kNone;
    ag.exit_s[a] = mv.t + q.len_m[f] / speed_mps;
    if (tail[f] == kNone) {
      head[f] = a;
      q.in_active[q.slot_of[f]] |= bit;
    } else {
      q.next[tail[f]] = a;
    }
    tail[f] = a;
  };
  for (const Move& mv : tb.car_moves) {
    enter(mv, q.car_speed_mps[mv.edge], q.car_head, q.car_tail, 1);  // never a closed edge
#pragma omp atomic
    q.occ[mv.edge] += 1;
  }
  for (const Move& mv : tb.walk_moves) enter(mv, walk_speed_mps, q.walk_head, q.walk_tail, 2);
  for (const Left& l : tb.left) {
#pragma omp atomic
    q.occ[l.edge] -= l.n;
  }
}

}  // namespace

void move_through_nodes(const graph::RoadGraph& g, const graph::ReverseGraph& rev, LinkQueues& q,
                        Agents& ag, Decider& decider, double walk_speed_mps,
                        std::vector<StepBuffer>& bufs, double t0, double t1, std::int64_t step,
                        int threads) {
  for (StepBuffer& tb : bufs) tb.clear();
  const auto n = static_cast<std::int64_t>(g.node_count());
#pragma omp parallel num_threads(threads)
  {
    int tid = 0;
#ifdef _OPENMP
    tid = omp_get_thread_num();
#endif
    StepBuffer& tb = bufs[static_cast<std::size_t>(tid)];
    NodeWorker w{g, rev, q, ag, decider, tb, t0, t1};
#pragma omp for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) w.node(static_cast<NodeId>(u), step);
    enter_edges(q, ag, walk_speed_mps, tb);
  }
}

}  // namespace floodevac::evac::detail
