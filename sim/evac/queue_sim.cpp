#include "sim/evac/queue_sim.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "sim/core/error.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/graph/routing.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace floodevac::evac {

namespace {

using graph::EdgeId;
using graph::NodeId;
constexpr std::uint32_t kNone = graph::kInvalid;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Internal agent states (public AgentState in comments).
enum St : std::uint8_t {
  kHome = 0,         // home
  kQueue = 1,        // moving: in a node's departure queue
  kOnEdge = 2,       // moving: on an edge
  kHeld = 3,         // stranded: held on a closed edge
  kParked = 4,       // stranded: waiting at a node without a usable route
  kSheltered = 5,    // sheltered
  kTrappedHome = 6,  // trapped at home
  kTrappedEdge = 7,  // trapped on an edge (taken off its queue)
  kTrappedNode = 8,  // trapped at a node
};

enum Flag : std::uint8_t {
  kFixed = 1,         // still heading for its assigned shelter
  kTracked = 2,       // sent on from a full shelter: its path is recorded
  kNoUturnCheck = 4,  // next decision may go back without counting a turn-back
};

enum DecisionKind : std::uint8_t { kMove, kArrive, kPark, kParkTurn };

struct Decision {
  DecisionKind kind = kPark;
  bool defix = false;
  bool turnback = false;
  // Takes the next edge of its explicit route; any other decision of an agent
  // with a route ends the route (arrival, or dropped: closed edge, no shelter at its end).
  bool route_step = false;
  EdgeId edge = kNone;
  std::int32_t goal = -1;
};

enum EventKind : std::uint8_t { kEvArrive, kEvPark, kEvDefix, kEvPath };

struct Event {
  std::uint32_t agent;
  std::uint32_t x;  // shelter, node or edge
  double t;
  EventKind kind;
  std::uint8_t mode;
};

struct Move {
  std::uint32_t agent;
  EdgeId edge;
  double t;
};

struct Left {
  EdgeId edge;
  std::int32_t n;
};

struct ThreadBuf {
  std::vector<Move> car_moves, walk_moves;
  std::vector<Event> events;
  std::vector<Left> left;
  std::vector<std::int32_t> space;
  void clear() {
    car_moves.clear();
    walk_moves.clear();
    events.clear();
    left.clear();
  }
};

bool is_moving(std::uint8_t s) {
  return s == kQueue || s == kOnEdge;
}
bool is_stranded(std::uint8_t s) {
  return s == kHeld || s == kParked;
}
bool is_trapped(std::uint8_t s) {
  return s == kTrappedHome || s == kTrappedEdge || s == kTrappedNode;
}
AgentState person_state(std::uint8_t s) {
  return s == kHome        ? AgentState::home
         : is_moving(s)    ? AgentState::moving
         : is_stranded(s)  ? AgentState::stranded
         : s == kSheltered ? AgentState::sheltered
                           : AgentState::trapped;
}

struct ExposureEntry {
  std::uint32_t cell;
  std::uint8_t cls;
  std::int32_t unit;
  double persons;
};

}  // namespace

struct QueueSim::Impl {
  const graph::RoadGraph& g;
  SimConfig cfg;
  Logger log;
  int nt = 1;

  std::vector<Shelter> shelters;
  std::vector<PopulationUnit> units;
  std::shared_ptr<const graph::ReverseGraph> rev;
  std::vector<graph::Router> routers;

  // Edges: static.
  std::vector<double> len_m, vfree_mps, headway_s, cap_veh_s;
  std::vector<std::int32_t> storage;
  // Edges: dynamic.
  std::vector<double> car_speed_mps;  // 0 = closed to vehicles
  std::vector<std::uint8_t> walk_closed;
  std::vector<std::uint32_t> car_head, car_tail, walk_head, walk_tail;
  std::vector<std::int32_t> occ;                   // vehicles on the edge
  std::vector<double> next_free_s;                 // outflow free again at
  std::vector<std::uint32_t> ready_last, ready_n;  // prefix of the queue at the end of the edge
  std::vector<std::uint32_t> window_count;
  std::vector<EdgeStats> estats;
  // Activity by position in the reverse CSR (in-edges of a node are
  // contiguous there): bit 0 vehicles on the edge, bit 1 walkers. Set by the
  // tail node (phase B), cleared by the head node (phase A): lets a node skip
  // its empty approaches without touching per-edge arrays.
  std::vector<std::uint32_t> slot_of;
  std::vector<std::uint8_t> in_active;

  // Nodes: departure queues per mode (car 0, walk 1).
  std::vector<std::uint32_t> nq_head[2], nq_tail[2];

  // Agents (structure of arrays, one entry per trip).
  std::vector<double> depart_s, exit_s;
  std::vector<float> persons, rem_m;
  std::vector<std::uint32_t> next, edge, origin, order;
  std::vector<std::int32_t> goal, unit;
  std::vector<std::uint8_t> state, mode, flags, turnbacks;
  std::size_t order_pos = 0;
  // Explicit routes (Trip::route): all routes in one array, each closed by
  // kNone; route_pos[a] is the position of agent a's next edge there, kNone
  // when it has no route (any more). Both empty when no trip has a route.
  std::vector<EdgeId> route_edges;
  std::vector<std::uint32_t> route_pos;
  std::vector<std::pair<NodeId, std::uint32_t>> sh_at_node;  // (node, shelter), sorted
  bool routes_stale = false;  // an edge closed since the routes were last checked

  // Shelters.
  std::vector<NodeId> sh_node;
  std::vector<double> sh_cap, sh_occ;
  std::vector<std::uint8_t> sh_open, sh_avail;
  std::vector<ShelterStats> sstats;
  std::vector<std::int64_t> fixed_count[2];

  // Routing.
  bool has_mode[2] = {false, false};
  graph::ShortestPathTree free_tree[2];
  bool free_valid[2] = {false, false};
  std::vector<std::int32_t> target_shelter;
  std::vector<graph::ShortestPathTree> fixed_tree[2];
  std::vector<std::uint8_t> fixed_valid[2];
  std::vector<double> wtime[2];
  bool dirty = true;
  bool warned_no_target = false;
  double next_reroute = 0;
  std::int64_t reroutes = 0;

  detail::PersonLedger ledger;
  std::vector<std::uint32_t> unit_first, unit_agents;
  std::vector<std::uint32_t> no_unit_agents;

  std::vector<std::uint32_t> parked, trapped_list;

  // Transfers.
  std::vector<TransferRecord> transfers;
  std::unordered_map<std::uint32_t, std::uint32_t> tracked;
  std::vector<std::uint32_t> pending_assign;

  // Outputs.
  std::vector<SeriesRow> series;
  double next_output = 0, window_end = 0;
  double clearance = kNaN, t50 = kNaN, t90 = kNaN;
  std::vector<std::pair<double, double>> step_arrivals;
  std::vector<Event> arrivals;

  // Time.
  double t = 0;
  std::int64_t steps = 0;

  // Flood grid and exposure.
  LinkSampler sampler;
  std::vector<std::uint32_t> node_cell, unit_cell;
  std::vector<ExposureEntry> exp_snap;
  double exp_snap_t = 0, exposed_now = 0;
  std::unordered_map<std::uint32_t, double> exp_cell_ph;
  double exp_class_ps[5] = {0, 0, 0, 0, 0};
  std::vector<double> unit_exposed_ps;  // per unit, flushed so far

  std::vector<ThreadBuf> bufs;

  Impl(const graph::RoadGraph& graph, std::vector<Shelter> sh, std::vector<PopulationUnit> un,
       std::vector<Trip> trips, SimConfig c);

  NodeId loc_node(std::uint32_t a) const { return edge[a] == kNone ? origin[a] : g.head[edge[a]]; }
  NodeId prev_node(std::uint32_t a) const { return edge[a] == kNone ? kNone : rev->tail[edge[a]]; }

  void nq_push(int m, NodeId u, std::uint32_t a) {
    next[a] = kNone;
    if (nq_tail[m][u] == kNone)
      nq_head[m][u] = a;
    else
      next[nq_tail[m][u]] = a;
    nq_tail[m][u] = a;
  }

  Decision decide(std::uint32_t a, NodeId u, NodeId prev) const;
  void commit(std::uint32_t a, const Decision& d, NodeId u, double lt, ThreadBuf& tb);
  void process_node(NodeId u, ThreadBuf& tb, double t0, double t1);
  void car_edge(EdgeId e, NodeId u, ThreadBuf& tb, double t0, double t1, bool& space_init);
  void walk_edge(EdgeId e, NodeId u, ThreadBuf& tb, double t0, double t1);
  void node_queue(int m, NodeId u, ThreadBuf& tb, double t0, double t1, bool& space_init);
  std::int32_t& space_of(NodeId u, EdgeId f, ThreadBuf& tb, bool& init);
  void phase_b(ThreadBuf& tb);
  void phase_c();
  void process_arrivals();
  void reroute();
  void release_departures(double t1);
  void drop_closed_routes();
  void step();
  void record_row();
  void check_conservation() const;
  void audit() const;
  void update_conditions(std::span<const float> car_factor, std::span<const std::uint8_t> wclosed);
  void trap_pass(const float* depth, const float* speed);
  void trap_home(const std::uint8_t* hazard);
  void snapshot_exposure(const std::uint8_t* hazard);
  void flush_exposure(double t_now);
  double position_fraction(std::uint32_t a) const;
  std::uint32_t position_cell(std::uint32_t a) const;
  void rebuild_ready(EdgeId e);
  void trap_agent(std::uint32_t a, St where);
  void hold(std::uint32_t a, double speed_mps);
  void release(std::uint32_t a, double speed_mps);
  bool shelter_available(std::uint32_t s) const { return sh_avail[s] != 0; }
};

QueueSim::Impl::Impl(const graph::RoadGraph& graph, std::vector<Shelter> sh,
                     std::vector<PopulationUnit> un, std::vector<Trip> trips, SimConfig c)
    : g(graph), cfg(c), shelters(std::move(sh)), units(std::move(un)) {
  cfg.validate();
  g.validate();
#ifdef _OPENMP
  nt = cfg.threads > 0 ? cfg.threads : omp_get_max_threads();
#else
  nt = 1;
#endif
  const NodeId n = g.node_count();
  const EdgeId m = g.edge_count();
  const auto S = static_cast<std::uint32_t>(shelters.size());
  const auto U = units.size();
  if (trips.size() >= kNone) throw InputError("evacuation: too many trips (at most 2^32 - 2)");
  const auto N = static_cast<std::uint32_t>(trips.size());

  // Shelters.
  sh_node.resize(S);
  sh_cap.resize(S);
  sh_occ.assign(S, 0.0);
  sh_open.assign(S, 0);
  sh_avail.assign(S, 0);
  sstats.assign(S, ShelterStats{});
  for (std::uint32_t s = 0; s < S; ++s) {
    const auto& x = shelters[s];
    const std::string who = "shelter " + std::to_string(s) + " ('" + x.id + "')";
    if (x.node >= n)
      throw InputError(who + ": not snapped to a road node (node is unset or out of range)");
    if (x.capacity_persons < 0) throw InputError(who + ": capacity_persons must be >= 0");
    if (!std::isfinite(x.open_s)) throw InputError(who + ": open_s must be finite");
    sh_node[s] = x.node;
    sh_cap[s] = static_cast<double>(x.capacity_persons);
  }
  fixed_count[0].assign(S, 0);
  fixed_count[1].assign(S, 0);
  for (std::uint32_t s = 0; s < S; ++s) sh_at_node.emplace_back(sh_node[s], s);
  std::sort(sh_at_node.begin(), sh_at_node.end());

  // Agents.
  depart_s.resize(N);
  exit_s.assign(N, 0.0);
  persons.resize(N);
  rem_m.assign(N, 0.0f);
  next.assign(N, kNone);
  edge.assign(N, kNone);
  origin.resize(N);
  goal.assign(N, -1);
  unit.resize(N);
  state.assign(N, kHome);
  mode.resize(N);
  flags.assign(N, 0);
  turnbacks.assign(N, 0);
  std::vector<std::uint32_t> unit_count(U + 1, 0);
  std::size_t route_total = 0;
  for (const Trip& tr : trips)
    if (!tr.route.empty()) route_total += tr.route.size() + 1;
  std::vector<NodeId> tails;
  if (route_total > 0) {
    if (route_total >= kNone)
      throw InputError("evacuation: explicit routes hold too many edges (at most 2^32 - 2)");
    tails = g.tails();
    route_edges.reserve(route_total);
    route_pos.assign(N, kNone);
  }
  for (std::uint32_t a = 0; a < N; ++a) {
    const Trip& tr = trips[a];
    const std::string who = "trip " + std::to_string(a) + " ('" + tr.id + "')";
    if (tr.origin >= n) throw InputError(who + ": origin is not a node of the road graph");
    if (tr.dest_shelter >= static_cast<std::int32_t>(S) || tr.dest_shelter < -1)
      throw InputError(who + ": dest_shelter must be -1 or a shelter index");
    if (tr.unit >= static_cast<std::int32_t>(U) || tr.unit < -1)
      throw InputError(who + ": unit must be -1 or a population unit index");
    if (!(tr.persons >= 0.0f) || !std::isfinite(tr.persons))
      throw InputError(who + ": persons must be >= 0");
    if (!std::isfinite(tr.depart_s)) throw InputError(who + ": depart_s must be finite");
    if (tr.mode != Mode::car && tr.mode != Mode::walk) throw InputError(who + ": unknown mode");
    if (!tr.route.empty()) {
      for (std::size_t k = 0; k < tr.route.size(); ++k) {
        const EdgeId e = tr.route[k];
        const std::string at =
            who + ": route edge " + std::to_string(k) + " (" + std::to_string(e) + ")";
        if (e >= m) throw InputError(at + " is not an edge of the road graph");
        if (k == 0 && tails[e] != tr.origin)
          throw InputError(at + " does not leave the trip's origin node " +
                           std::to_string(tr.origin) + " (it leaves node " +
                           std::to_string(tails[e]) + "). Routes start at the origin");
        if (k > 0 && tails[e] != g.head[tr.route[k - 1]])
          throw InputError(at + " does not start where route edge " + std::to_string(k - 1) +
                           " ends (node " + std::to_string(g.head[tr.route[k - 1]]) +
                           "). Give contiguous routes");
      }
      route_pos[a] = static_cast<std::uint32_t>(route_edges.size());
      route_edges.insert(route_edges.end(), tr.route.begin(), tr.route.end());
      route_edges.push_back(kNone);
    }
    depart_s[a] = tr.depart_s;
    persons[a] = tr.persons;
    origin[a] = tr.origin;
    unit[a] = tr.unit;
    mode[a] = static_cast<std::uint8_t>(tr.mode);
    has_mode[mode[a]] = true;
    if (tr.dest_shelter >= 0) {
      goal[a] = tr.dest_shelter;
      flags[a] = kFixed;
      ++fixed_count[mode[a]][static_cast<std::size_t>(tr.dest_shelter)];
    }
    if (tr.unit >= 0) {
      const auto u = static_cast<std::size_t>(tr.unit);
      ++unit_count[u + 1];
    } else {
      no_unit_agents.push_back(a);
    }
  }
  unit_first.assign(U + 1, 0);
  for (std::size_t i = 0; i < U; ++i) unit_first[i + 1] = unit_first[i] + unit_count[i + 1];
  unit_agents.resize(unit_first[U]);
  {
    std::vector<std::uint32_t> fill(unit_first.begin(), unit_first.end() - 1);
    for (std::uint32_t a = 0; a < N; ++a)
      if (unit[a] >= 0) unit_agents[fill[static_cast<std::size_t>(unit[a])]++] = a;
  }
  ledger = detail::PersonLedger(persons, unit, units);
  unit_exposed_ps.assign(U, 0.0);
  order.resize(N);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return depart_s[x] < depart_s[y]; });
  trips.clear();
  trips.shrink_to_fit();

  // Edges.
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
    const double st =
        std::floor(static_cast<double>(g.lanes[e]) * len_m[e] / cfg.vehicle_spacing_m);
    storage[e] = static_cast<std::int32_t>(std::clamp(st, 1.0, 2.0e9));
  }
  car_speed_mps = vfree_mps;
  walk_closed.assign(m, 0);
  car_head.assign(m, kNone);
  car_tail.assign(m, kNone);
  walk_head.assign(m, kNone);
  walk_tail.assign(m, kNone);
  occ.assign(m, 0);
  next_free_s.assign(m, -kInf);
  ready_last.assign(m, kNone);
  ready_n.assign(m, 0);
  window_count.assign(m, 0);
  estats.assign(m, EdgeStats{});
  for (int k = 0; k < 2; ++k) {
    nq_head[k].assign(n, kNone);
    nq_tail[k].assign(n, kNone);
    fixed_tree[k].resize(S);
    fixed_valid[k].assign(S, 0);
  }

  rev = std::make_shared<const graph::ReverseGraph>(graph::ReverseGraph::build(g));
  slot_of.resize(m);
  for (EdgeId k = 0; k < m; ++k) slot_of[rev->in_edge[k]] = k;
  in_active.assign(m, 0);
  for (int k = 0; k < nt; ++k) routers.emplace_back(g, rev);
  bufs.resize(static_cast<std::size_t>(nt));

  t = cfg.start_s;
  next_reroute = t;
  exp_snap_t = t;
  window_end = t + cfg.flow_window_s;
  record_row();
  next_output = t + cfg.output_interval_s;
}

// --- decisions --------------------------------------------------------------

Decision QueueSim::Impl::decide(std::uint32_t a, NodeId u, NodeId prev) const {
  Decision d;
  const int m = mode[a];
  const std::int32_t g0 = goal[a];
  if (!route_pos.empty() && route_pos[a] != kNone) {
    // Explicit route: its next edge while open (drop_closed_routes already
    // dropped routes with a closed edge ahead; the check here is a guard).
    const EdgeId e = route_edges[route_pos[a]];
    if (e != kNone) {
      if (m == 0 ? car_speed_mps[e] > 0.0 : walk_closed[e] == 0) {
        d.kind = kMove;
        d.edge = e;
        d.goal = g0;
        d.route_step = true;
        return d;
      }
    } else {
      // End of the route: its shelter if open with room here, else the first
      // one that is.
      std::int32_t s = -1;
      if (g0 >= 0 && sh_node[static_cast<std::size_t>(g0)] == u &&
          sh_avail[static_cast<std::size_t>(g0)])
        s = g0;
      for (auto it = std::lower_bound(sh_at_node.begin(), sh_at_node.end(),
                                      std::pair<NodeId, std::uint32_t>{u, 0});
           s < 0 && it != sh_at_node.end() && it->first == u; ++it)
        if (sh_avail[it->second]) s = static_cast<std::int32_t>(it->second);
      if (s >= 0) {
        d.kind = kArrive;
        d.goal = s;
        d.defix = (flags[a] & kFixed) != 0 && s != g0;
        return d;
      }
    }
    // Dropped (commit clears the route): decide as an agent without a route.
  }
  if (g0 >= 0 && sh_node[static_cast<std::size_t>(g0)] == u) {
    d.kind = kArrive;
    d.goal = g0;
    return d;
  }
  bool fixed = (flags[a] & kFixed) != 0;
  const graph::ShortestPathTree* tree = nullptr;
  if (fixed) {
    const auto s = static_cast<std::size_t>(g0);
    if (sh_avail[s] && fixed_valid[m][s] && fixed_tree[m][s].next_edge[u] != kNone) {
      tree = &fixed_tree[m][s];
      d.edge = tree->next_edge[u];
      d.goal = g0;
    } else {
      d.defix = true;
      fixed = false;
    }
  }
  if (!fixed) {
    if (!free_valid[m] || free_tree[m].target[u] == kNone) {
      d.kind = kPark;
      return d;
    }
    tree = &free_tree[m];
    const std::int32_t gs = target_shelter[tree->target[u]];
    if (sh_node[static_cast<std::size_t>(gs)] == u) {
      d.kind = kArrive;
      d.goal = gs;
      return d;
    }
    d.edge = tree->next_edge[u];
    d.goal = gs;
  }
  if (prev != kNone && !(flags[a] & kNoUturnCheck) && g.head[d.edge] == prev) {
    if (turnbacks[a] < cfg.max_turnbacks) {
      d.turnback = true;
    } else {
      // No turn-back left: take the best edge that does not lead back (drive
      // on and re-plan at the next node), or wait if there is none.
      double best = kInf;
      EdgeId best_f = kNone;
      for (EdgeId f = g.first_out[u]; f < g.first_out[u + 1]; ++f) {
        if (g.head[f] == prev) continue;
        const double c = wtime[m][f] + tree->time_s[g.head[f]];
        if (c < best) {
          best = c;
          best_f = f;
        }
      }
      if (best_f == kNone) {
        d.kind = kParkTurn;
        return d;
      }
      d.edge = best_f;
      if (!fixed) d.goal = target_shelter[tree->target[g.head[best_f]]];
    }
  }
  d.kind = kMove;
  return d;
}

void QueueSim::Impl::commit(std::uint32_t a, const Decision& d, NodeId u, double lt,
                            ThreadBuf& tb) {
  if (!route_pos.empty() && route_pos[a] != kNone)
    route_pos[a] = d.route_step ? route_pos[a] + 1 : kNone;  // arrived, or dropped the route
  if (d.defix) {
    tb.events.push_back({a, static_cast<std::uint32_t>(goal[a]), lt, kEvDefix, mode[a]});
    flags[a] = static_cast<std::uint8_t>(flags[a] & ~kFixed);
  }
  switch (d.kind) {
    case kMove:
      goal[a] = d.goal;
      if (d.turnback) ++turnbacks[a];
      flags[a] = static_cast<std::uint8_t>(flags[a] & ~kNoUturnCheck);
      (mode[a] == 0 ? tb.car_moves : tb.walk_moves).push_back({a, d.edge, lt});
      if (flags[a] & kTracked) tb.events.push_back({a, d.edge, lt, kEvPath, mode[a]});
      break;
    case kArrive:
      goal[a] = d.goal;
      tb.events.push_back({a, static_cast<std::uint32_t>(d.goal), lt, kEvArrive, mode[a]});
      break;
    case kPark:
    case kParkTurn:
      goal[a] = d.goal;  // -1 when no shelter can be reached
      tb.events.push_back({a, u, lt, kEvPark, mode[a]});
      break;
  }
}

std::int32_t& QueueSim::Impl::space_of(NodeId u, EdgeId f, ThreadBuf& tb, bool& init) {
  const EdgeId f0 = g.first_out[u];
  if (!init) {
    const EdgeId f1 = g.first_out[u + 1];
    tb.space.resize(f1 - f0);
    for (EdgeId k = f0; k < f1; ++k) tb.space[k - f0] = storage[k] - occ[k];
    init = true;
  }
  return tb.space[f - f0];
}

void QueueSim::Impl::car_edge(EdgeId e, NodeId u, ThreadBuf& tb, double t0, double t1,
                              bool& space_init) {
  std::uint32_t a = car_head[e];
  if (a == kNone) return;
  EdgeStats& st = estats[e];
  st.peak_vehicles = std::max(st.peak_vehicles, static_cast<std::uint32_t>(occ[e]));
  // Extend the prefix of vehicles that reached the end of the edge by t1.
  for (std::uint32_t r = ready_n[e] ? next[ready_last[e]] : a; r != kNone && exit_s[r] < t1;
       r = next[r]) {
    ready_last[e] = r;
    ++ready_n[e];
  }
  const NodeId prev = rev->tail[e];
  std::int32_t popped = 0;
  while (a != kNone) {
    const double ex = exit_s[a];
    if (!(ex < t1)) break;
    const double lt = std::max(std::max(ex, next_free_s[e]), t0);
    if (!(lt < t1)) break;
    const Decision d = decide(a, u, prev);
    if (d.kind == kMove) {
      std::int32_t& sp = space_of(u, d.edge, tb, space_init);
      if (sp <= 0) break;  // spill-back: the queue waits behind its front vehicle
      --sp;
    }
    car_head[e] = next[a];
    ++popped;
    next_free_s[e] = lt + headway_s[e];
    ++st.vehicles_passed;
    st.persons_passed += persons[a];
    ++window_count[e];
    commit(a, d, u, lt, tb);
    a = car_head[e];
  }
  if (car_head[e] == kNone) {
    car_tail[e] = kNone;
    in_active[slot_of[e]] &= static_cast<std::uint8_t>(~1u);
  }
  if (popped > 0) {
    ready_n[e] -= static_cast<std::uint32_t>(popped);
    if (ready_n[e] == 0) ready_last[e] = kNone;
    tb.left.push_back({e, popped});
  }
  st.peak_queue_veh = std::max(st.peak_queue_veh, ready_n[e]);
}

void QueueSim::Impl::walk_edge(EdgeId e, NodeId u, ThreadBuf& tb, double t0, double t1) {
  std::uint32_t a = walk_head[e];
  if (a == kNone) return;
  const NodeId prev = rev->tail[e];
  EdgeStats& st = estats[e];
  while (a != kNone) {
    const double ex = exit_s[a];
    if (!(ex < t1)) break;
    const double lt = std::max(ex, t0);
    const Decision d = decide(a, u, prev);
    walk_head[e] = next[a];
    ++st.walkers_passed;
    st.persons_passed += persons[a];
    commit(a, d, u, lt, tb);
    a = walk_head[e];
  }
  if (walk_head[e] == kNone) {
    walk_tail[e] = kNone;
    in_active[slot_of[e]] &= static_cast<std::uint8_t>(~2u);
  }
}

void QueueSim::Impl::node_queue(int m, NodeId u, ThreadBuf& tb, double t0, double t1,
                                bool& space_init) {
  std::uint32_t a = nq_head[m][u];
  while (a != kNone) {
    const double lt = std::max(exit_s[a], t0);
    if (!(lt < t1)) break;
    const Decision d = decide(a, u, prev_node(a));
    if (m == 0 && d.kind == kMove) {
      std::int32_t& sp = space_of(u, d.edge, tb, space_init);
      if (sp <= 0) break;
      --sp;
    }
    nq_head[m][u] = next[a];
    commit(a, d, u, lt, tb);
    a = nq_head[m][u];
  }
  if (nq_head[m][u] == kNone) nq_tail[m][u] = kNone;
}

void QueueSim::Impl::process_node(NodeId u, ThreadBuf& tb, double t0, double t1) {
  const EdgeId k0 = rev->first_in[u], k1 = rev->first_in[u + 1];
  std::uint8_t any = (nq_head[0][u] != kNone || nq_head[1][u] != kNone) ? 1 : 0;
  for (EdgeId k = k0; k < k1; ++k) any |= in_active[k];
  if (!any) return;
  const std::uint32_t deg = k1 - k0;
  bool space_init = false;
  // Incoming edges and the departure queue share a rotating order (fairness
  // between approaches), deterministic from the step number.
  const std::uint32_t slots = deg + 1;
  const auto rot = static_cast<std::uint32_t>(static_cast<std::uint64_t>(steps) % slots);
  for (std::uint32_t j = 0; j < slots; ++j) {
    std::uint32_t s = rot + j;
    if (s >= slots) s -= slots;
    if (s < deg) {
      if (in_active[k0 + s] & 1) car_edge(rev->in_edge[k0 + s], u, tb, t0, t1, space_init);
    } else if (nq_head[0][u] != kNone) {
      node_queue(0, u, tb, t0, t1, space_init);
    }
  }
  for (EdgeId k = k0; k < k1; ++k)
    if (in_active[k] & 2) walk_edge(rev->in_edge[k], u, tb, t0, t1);
  if (nq_head[1][u] != kNone) node_queue(1, u, tb, t0, t1, space_init);
}

void QueueSim::Impl::phase_b(ThreadBuf& tb) {
  // Entries of one edge come from its tail node only, hence from one thread;
  // sorting by (edge, time, agent) makes each queue's order independent of how
  // nodes were spread over threads and keeps exit times ascending in a queue.
  auto by_edge_time = [](const Move& x, const Move& y) {
    if (x.edge != y.edge) return x.edge < y.edge;
    if (x.t != y.t) return x.t < y.t;
    return x.agent < y.agent;
  };
  std::sort(tb.car_moves.begin(), tb.car_moves.end(), by_edge_time);
  std::sort(tb.walk_moves.begin(), tb.walk_moves.end(), by_edge_time);
  for (const Move& mv : tb.car_moves) {
    const std::uint32_t a = mv.agent;
    const EdgeId f = mv.edge;
    edge[a] = f;
    state[a] = kOnEdge;
    next[a] = kNone;
    exit_s[a] = mv.t + len_m[f] / car_speed_mps[f];  // never onto a closed edge (decide)
    if (car_tail[f] == kNone) {
      car_head[f] = a;
      in_active[slot_of[f]] |= 1;
    } else {
      next[car_tail[f]] = a;
    }
    car_tail[f] = a;
#pragma omp atomic
    occ[f] += 1;
  }
  for (const Move& mv : tb.walk_moves) {
    const std::uint32_t a = mv.agent;
    const EdgeId f = mv.edge;
    edge[a] = f;
    state[a] = kOnEdge;
    next[a] = kNone;
    exit_s[a] = mv.t + len_m[f] / cfg.walk_speed_mps;
    if (walk_tail[f] == kNone) {
      walk_head[f] = a;
      in_active[slot_of[f]] |= 2;
    } else {
      next[walk_tail[f]] = a;
    }
    walk_tail[f] = a;
  }
  for (const Left& l : tb.left) {
#pragma omp atomic
    occ[l.edge] -= l.n;
  }
}

void QueueSim::Impl::phase_c() {
  arrivals.clear();
  for (ThreadBuf& tb : bufs) {
    for (const Event& ev : tb.events) {
      const std::uint32_t a = ev.agent;
      switch (ev.kind) {
        case kEvDefix:
          --fixed_count[ev.mode][ev.x];
          break;
        case kEvPark:
          state[a] = kParked;
          ledger.move(AgentState::moving, AgentState::stranded, persons[a], unit[a]);
          parked.push_back(a);
          break;
        case kEvPath: {
          auto it = tracked.find(a);
          if (it != tracked.end()) {
            TransferRecord& tr = transfers[it->second];
            tr.path_edges.push_back(ev.x);
            tr.path_nodes.push_back(g.head[ev.x]);
          }
          break;
        }
        case kEvArrive:
          arrivals.push_back(ev);
          break;
      }
    }
  }
  process_arrivals();
}

void QueueSim::Impl::process_arrivals() {
  if (arrivals.empty()) return;
  // Capacity goes to arrivals in trip order: independent of threads.
  std::sort(arrivals.begin(), arrivals.end(),
            [](const Event& x, const Event& y) { return x.agent < y.agent; });
  step_arrivals.clear();
  for (const Event& ev : arrivals) {
    const std::uint32_t a = ev.agent;
    const auto s = static_cast<std::size_t>(ev.x);
    const double p = persons[a];
    ShelterStats& ss = sstats[s];
    ss.arrivals_persons += p;
    const double room = sh_open[s] ? std::max(0.0, sh_cap[s] - sh_occ[s]) : 0.0;
    const double admit = std::min(p, room);
    if (admit > 0.0) {
      sh_occ[s] += admit;
      ledger.move(AgentState::moving, AgentState::sheltered, admit, unit[a]);
      ss.admitted_persons += admit;
      ss.peak_occupancy_persons = std::max(ss.peak_occupancy_persons, sh_occ[s]);
      step_arrivals.emplace_back(ev.t, admit);
      clearance = std::isnan(clearance) ? ev.t : std::max(clearance, ev.t);
    }
    if (flags[a] & kFixed) {
      --fixed_count[mode[a]][s];
      flags[a] = static_cast<std::uint8_t>(flags[a] & ~kFixed);
    }
    if (flags[a] & kTracked) {
      auto it = tracked.find(a);
      if (it != tracked.end()) {
        if (admit > 0.0) {
          transfers[it->second].arrived_shelter = static_cast<std::int32_t>(s);
          transfers[it->second].arrived_s = ev.t;
        }
        tracked.erase(it);
      }
      flags[a] = static_cast<std::uint8_t>(flags[a] & ~kTracked);
    }
    const double rest = p - admit;
    if (rest > 0.0) {
      // Full (or not yet open): the rest of the group is sent on from here.
      persons[a] = static_cast<float>(rest);
      ss.overflow_persons += rest;
      TransferRecord tr;
      tr.trip = a;
      tr.from_shelter = static_cast<std::int32_t>(s);
      tr.persons = rest;
      tr.time_s = ev.t;
      tr.path_nodes.push_back(sh_node[s]);
      tracked[a] = static_cast<std::uint32_t>(transfers.size());
      pending_assign.push_back(static_cast<std::uint32_t>(transfers.size()));
      transfers.push_back(std::move(tr));
      flags[a] = static_cast<std::uint8_t>(flags[a] | kTracked | kNoUturnCheck);
      goal[a] = -1;
      state[a] = kQueue;
      exit_s[a] = ev.t;
      nq_push(mode[a], loc_node(a), a);
    } else {
      state[a] = kSheltered;
    }
    if (sh_avail[s] && sh_occ[s] >= sh_cap[s]) {
      sh_avail[s] = 0;
      if (std::isnan(ss.time_full_s)) ss.time_full_s = ev.t;
      dirty = true;
    }
  }
  // t50 / t90 from this step's admissions in time order.
  std::sort(step_arrivals.begin(), step_arrivals.end());
  double cum = ledger.sheltered();
  for (const auto& x : step_arrivals) cum -= x.second;
  for (const auto& [ta, pa] : step_arrivals) {
    cum += pa;
    if (std::isnan(t50) && cum >= 0.5 * ledger.total()) t50 = ta;
    if (std::isnan(t90) && cum >= 0.9 * ledger.total()) t90 = ta;
  }
}

// --- routing ----------------------------------------------------------------

void QueueSim::Impl::reroute() {
  const EdgeId m = g.edge_count();
  const auto S = static_cast<std::uint32_t>(shelters.size());
  for (int k = 0; k < 2; ++k) {
    if (!has_mode[k]) continue;
    wtime[k].resize(m);
  }
  const auto mm = static_cast<std::int64_t>(m);
  const bool cong = cfg.congestion_aware_routing;
#pragma omp parallel for schedule(static) num_threads(nt)
  for (std::int64_t ee = 0; ee < mm; ++ee) {
    const auto e = static_cast<std::size_t>(ee);
    if (has_mode[0]) {
      const double v = car_speed_mps[e];
      double w = v > 0.0 ? len_m[e] / v : kInf;
      if (cong && v > 0.0) w = std::max(w, static_cast<double>(occ[e]) / cap_veh_s[e]);
      wtime[0][e] = w;
    }
    if (has_mode[1]) wtime[1][e] = walk_closed[e] ? kInf : len_m[e] / cfg.walk_speed_mps;
  }
  std::vector<NodeId> targets;
  target_shelter.clear();
  for (std::uint32_t s = 0; s < S; ++s)
    if (sh_avail[s]) {
      targets.push_back(sh_node[s]);
      target_shelter.push_back(static_cast<std::int32_t>(s));
    }
  if (targets.empty() && ledger.home() + ledger.moving() > 0.0 && !warned_no_target) {
    log.warn("evacuation at t = " + std::to_string(t) +
             " s: no shelter is open with room; departing people wait where they are");
    warned_no_target = true;
  }
  if (!targets.empty()) warned_no_target = false;
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
    if (!has_mode[k]) continue;
    jobs.push_back({k, -1});
    for (std::uint32_t s = 0; s < S; ++s)
      if (fixed_count[k][s] > 0 && sh_avail[s]) jobs.push_back({k, static_cast<std::int32_t>(s)});
  }
  const auto nj = static_cast<std::int64_t>(jobs.size());
#pragma omp parallel for schedule(static) num_threads(nt)
  for (std::int64_t j = 0; j < nj; ++j) {
    int tid = 0;
#ifdef _OPENMP
    tid = omp_get_thread_num();
#endif
    const Job& jb = jobs[static_cast<std::size_t>(j)];
    graph::Router& r = routers[static_cast<std::size_t>(tid)];
    if (jb.shelter < 0)
      r.tree_to_nearest(wtime[jb.mode], targets, free_tree[jb.mode]);
    else
      r.tree_to(wtime[jb.mode], sh_node[static_cast<std::size_t>(jb.shelter)],
                fixed_tree[jb.mode][static_cast<std::size_t>(jb.shelter)]);
  }
  for (const Job& jb : jobs) {
    if (jb.shelter < 0)
      free_valid[jb.mode] = true;
    else
      fixed_valid[jb.mode][static_cast<std::size_t>(jb.shelter)] = 1;
  }
  // Agents waiting without a route try again (in the order they stopped).
  std::size_t keep = 0;
  for (std::uint32_t a : parked) {
    if (state[a] != kParked) continue;  // trapped meanwhile
    const NodeId u = loc_node(a);
    const Decision d = decide(a, u, prev_node(a));
    if (d.kind == kMove || d.kind == kArrive) {
      state[a] = kQueue;
      ledger.move(AgentState::stranded, AgentState::moving, persons[a], unit[a]);
      exit_s[a] = t;
      nq_push(mode[a], u, a);
    } else {
      parked[keep++] = a;
    }
  }
  parked.resize(keep);
  log.debug("evacuation at t = " + std::to_string(t) + " s: routes rebuilt (" +
            std::to_string(targets.size()) + " shelters with room, " +
            std::to_string(parked.size()) + " groups waiting)");
  dirty = false;
  next_reroute = t + cfg.reroute_interval_s;
  ++reroutes;
}

// --- stepping ---------------------------------------------------------------

void QueueSim::Impl::release_departures(double t1) {
  const auto N = static_cast<std::uint32_t>(order.size());
  while (order_pos < N && depart_s[order[order_pos]] < t1) {
    const std::uint32_t a = order[order_pos++];
    if (state[a] != kHome) continue;  // trapped at home before leaving
    ledger.move(AgentState::home, AgentState::moving, persons[a], unit[a]);
    state[a] = kQueue;
    exit_s[a] = depart_s[a];
    nq_push(mode[a], origin[a], a);
  }
}

void QueueSim::Impl::drop_closed_routes() {
  // Agents whose remaining route has an edge closed to their mode drop it
  // (they follow the trees from their next node on). Per agent: independent
  // of the thread count.
  const auto N = static_cast<std::int64_t>(route_pos.size());
#pragma omp parallel for schedule(static) num_threads(nt)
  for (std::int64_t i = 0; i < N; ++i) {
    const auto a = static_cast<std::size_t>(i);
    if (route_pos[a] == kNone || state[a] == kSheltered || is_trapped(state[a])) continue;
    const bool car = mode[a] == 0;
    for (std::uint32_t q = route_pos[a]; route_edges[q] != kNone; ++q) {
      const EdgeId e = route_edges[q];
      if (car ? !(car_speed_mps[e] > 0.0) : walk_closed[e] != 0) {
        route_pos[a] = kNone;
        break;
      }
    }
  }
  routes_stale = false;
}

void QueueSim::Impl::step() {
  const double t0 = t;
  const double t1 = cfg.start_s + static_cast<double>(steps + 1) * cfg.step_s;
  // Shelters that open now become targets.
  for (std::size_t s = 0; s < shelters.size(); ++s)
    if (!sh_open[s] && t0 >= shelters[s].open_s) {
      sh_open[s] = 1;
      sh_avail[s] = sh_occ[s] < sh_cap[s] ? 1 : 0;
      dirty = true;
    }
  if (routes_stale) drop_closed_routes();
  if (dirty || t0 >= next_reroute) reroute();
  for (std::uint32_t k : pending_assign) {
    TransferRecord& tr = transfers[k];
    const int m = mode[tr.trip];
    const NodeId u = tr.path_nodes.front();
    if (free_valid[m] && free_tree[m].target[u] != kNone)
      tr.to_shelter = target_shelter[free_tree[m].target[u]];
  }
  pending_assign.clear();
  release_departures(t1);

  for (ThreadBuf& tb : bufs) tb.clear();
  const auto n = static_cast<std::int64_t>(g.node_count());
#pragma omp parallel num_threads(nt)
  {
    int tid = 0;
#ifdef _OPENMP
    tid = omp_get_thread_num();
#endif
    ThreadBuf& tb = bufs[static_cast<std::size_t>(tid)];
#pragma omp for schedule(static)
    for (std::int64_t u = 0; u < n; ++u) process_node(static_cast<NodeId>(u), tb, t0, t1);
    phase_b(tb);
  }
  phase_c();

  t = t1;
  ++steps;
  if (t >= window_end) {
    const double scale = 3600.0 / cfg.flow_window_s;
    for (std::size_t e = 0; e < estats.size(); ++e) {
      estats[e].peak_flow_veh_h =
          std::max(estats[e].peak_flow_veh_h, static_cast<float>(window_count[e] * scale));
      window_count[e] = 0;
    }
    window_end += cfg.flow_window_s;
  }
  if (t >= next_output - 1e-9 * cfg.step_s) {
    record_row();
    next_output += cfg.output_interval_s;
  }
#ifdef NDEBUG
  if (cfg.check_every_step) check_conservation();
#else
  check_conservation();
#endif
}

void QueueSim::Impl::record_row() {
  SeriesRow r;
  r.t_s = t;
  r.home = ledger.home();
  r.departed = ledger.departed();
  r.moving = ledger.moving();
  r.sheltered = ledger.sheltered();
  r.exposed = exposed_now;
  r.trapped = ledger.trapped();
  r.stranded = ledger.stranded();
  r.shelter_occupancy = sh_occ;
  series.push_back(std::move(r));
}

void QueueSim::Impl::check_conservation() const {
  const double total_p = ledger.total(), home_p = ledger.home(), moving_p = ledger.moving(),
               stranded_p = ledger.stranded(), sheltered_p = ledger.sheltered(),
               trapped_p = ledger.trapped(), departed_p = ledger.departed(),
               trapped_home_p = ledger.trapped_at_home();
  const double tol = 1e-6 * std::max(1.0, total_p);
  auto fail = [&](const std::string& what) {
    throw InvariantError("evacuation at t = " + std::to_string(t) + " s: " + what);
  };
  const double sum = home_p + moving_p + stranded_p + sheltered_p + trapped_p;
  if (std::abs(sum - total_p) > tol)
    fail("persons not conserved: home + moving + stranded + sheltered + trapped = " +
         std::to_string(sum) + ", trips carry " + std::to_string(total_p));
  for (double c : {home_p, moving_p, stranded_p, sheltered_p, trapped_p, departed_p})
    if (c < -tol) fail("a person counter went negative");
  if (std::abs(departed_p - (total_p - home_p - trapped_home_p)) > tol)
    fail("departed persons do not match total - home - trapped at home");
  double occ_sum = 0;
  for (std::size_t s = 0; s < sh_occ.size(); ++s) {
    if (sh_occ[s] > sh_cap[s] + tol)
      fail("shelter " + std::to_string(s) + " holds more than its capacity");
    occ_sum += sh_occ[s];
  }
  if (std::abs(occ_sum - sheltered_p) > tol)
    fail("sheltered persons do not match shelter occupancy");
}

void QueueSim::Impl::audit() const {
  check_conservation();
  const auto N = static_cast<std::uint32_t>(state.size());
  auto fail = [&](const std::string& what) {
    throw InvariantError("evacuation audit at t = " + std::to_string(t) + " s: " + what);
  };
  double ph = 0, pm = 0, ps = 0, pt = 0;
  std::uint64_t n_queue = 0, n_edge_car = 0, n_edge_walk = 0, n_parked = 0;
  for (std::uint32_t a = 0; a < N; ++a) {
    const std::uint8_t s = state[a];
    if (s == kHome)
      ph += persons[a];
    else if (is_moving(s))
      pm += persons[a];
    else if (is_stranded(s))
      ps += persons[a];
    else if (is_trapped(s))
      pt += persons[a];
    if (s == kQueue) ++n_queue;
    if (s == kParked) ++n_parked;
    if (s == kOnEdge || s == kHeld) (mode[a] == 0 ? n_edge_car : n_edge_walk) += 1;
  }
  const double tol = 1e-6 * std::max(1.0, ledger.total());
  if (std::abs(ph - ledger.home()) > tol) fail("home persons differ from the agents");
  if (std::abs(pm - ledger.moving()) > tol) fail("moving persons differ from the agents");
  if (std::abs(ps - ledger.stranded()) > tol) fail("stranded persons differ from the agents");
  if (std::abs(pt - ledger.trapped()) > tol) fail("trapped persons differ from the agents");
  std::uint64_t in_lists = 0, walk_in_lists = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const std::uint8_t bits =
        static_cast<std::uint8_t>((car_head[e] != kNone ? 1 : 0) | (walk_head[e] != kNone ? 2 : 0));
    if (in_active[slot_of[e]] != bits)
      fail("activity flags of edge " + std::to_string(e) + " are stale");
    std::int32_t c = 0;
    for (std::uint32_t a = car_head[e]; a != kNone; a = next[a]) {
      if (edge[a] != e || mode[a] != 0 || (state[a] != kOnEdge && state[a] != kHeld))
        fail("vehicle " + std::to_string(a) + " is in the queue of edge " + std::to_string(e) +
             " but not on it");
      ++c;
    }
    if (c != occ[e])
      fail("edge " + std::to_string(e) + " counts " + std::to_string(occ[e]) +
           " vehicles, its queue has " + std::to_string(c));
    if (c > storage[e]) fail("edge " + std::to_string(e) + " holds more vehicles than its storage");
    in_lists += static_cast<std::uint64_t>(c);
    for (std::uint32_t a = walk_head[e]; a != kNone; a = next[a]) {
      if (edge[a] != e || mode[a] != 1) fail("walker in the wrong queue");
      ++walk_in_lists;
    }
  }
  if (in_lists != n_edge_car || walk_in_lists != n_edge_walk)
    fail("agents on edges and queues disagree");
  std::uint64_t nq = 0;
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < g.node_count(); ++u)
      for (std::uint32_t a = nq_head[k][u]; a != kNone; a = next[a]) {
        if (state[a] != kQueue || loc_node(a) != u) fail("agent in the wrong departure queue");
        ++nq;
      }
  if (nq != n_queue) fail("departure queues and agent states disagree");
  std::uint64_t np = 0;
  for (std::uint32_t a : parked)
    if (state[a] == kParked) ++np;
  if (np != n_parked) fail("waiting list and agent states disagree");
}

// --- flood coupling ---------------------------------------------------------

void QueueSim::Impl::update_conditions(std::span<const float> car_factor,
                                       std::span<const std::uint8_t> wclosed) {
  const EdgeId m = g.edge_count();
  for (EdgeId e = 0; e < m; ++e) {
    double f = car_factor[e];
    f = f > 0.0 ? std::min(f, 1.0) : 0.0;
    const double v1 = f > 0.0 ? vfree_mps[e] * f : 0.0;
    const double v0 = car_speed_mps[e];
    if (v1 != v0) {
      for (std::uint32_t a = car_head[e]; a != kNone; a = next[a]) {
        if (v0 > 0.0 && v1 > 0.0) {
          // Remaining distance (exit - t) * v0 covered at the new speed.
          if (exit_s[a] > t) exit_s[a] = t + (exit_s[a] - t) * v0 / v1;
        } else if (v0 > 0.0) {
          hold(a, v0);
        } else {
          release(a, v1);
        }
      }
      if ((v0 > 0.0) != (v1 > 0.0)) dirty = true;
      if (v0 > 0.0 && v1 == 0.0) routes_stale = true;
      if (v1 == 0.0 && std::isnan(estats[e].first_closed_s)) estats[e].first_closed_s = t;
      car_speed_mps[e] = v1;
    }
    const std::uint8_t c1 = wclosed[e] ? 1 : 0;
    if (c1 != walk_closed[e]) {
      const double vw = cfg.walk_speed_mps;
      for (std::uint32_t a = walk_head[e]; a != kNone; a = next[a]) {
        if (c1)
          hold(a, vw);
        else
          release(a, vw);
      }
      if (c1) routes_stale = true;
      if (c1 && std::isnan(estats[e].first_walk_closed_s)) estats[e].first_walk_closed_s = t;
      walk_closed[e] = c1;
      dirty = true;
    }
  }
}

void QueueSim::Impl::hold(std::uint32_t a, double speed_mps) {
  // Still travelling: it stops where it is, its remaining distance kept.
  if (!(exit_s[a] > t)) return;
  rem_m[a] = static_cast<float>((exit_s[a] - t) * speed_mps);
  exit_s[a] = kInf;
  state[a] = kHeld;
  ledger.move(AgentState::moving, AgentState::stranded, persons[a], unit[a]);
}

void QueueSim::Impl::release(std::uint32_t a, double speed_mps) {
  if (state[a] != kHeld) return;
  exit_s[a] = t + static_cast<double>(rem_m[a]) / speed_mps;
  state[a] = kOnEdge;
  ledger.move(AgentState::stranded, AgentState::moving, persons[a], unit[a]);
}

double QueueSim::Impl::position_fraction(std::uint32_t a) const {
  const EdgeId e = edge[a];
  double rem = 0.0;
  if (state[a] == kHeld || state[a] == kTrappedEdge) {
    rem = rem_m[a];
  } else if (exit_s[a] > t) {
    const double v = mode[a] == 0 ? car_speed_mps[e] : cfg.walk_speed_mps;
    rem = (exit_s[a] - t) * v;
  }
  return std::clamp(1.0 - rem / len_m[e], 0.0, 1.0);
}

std::uint32_t QueueSim::Impl::position_cell(std::uint32_t a) const {
  switch (state[a]) {
    case kOnEdge:
    case kHeld:
    case kTrappedEdge:
      // On a bridge: above the water, in no flood cell.
      if (sampler.raised(edge[a])) return LinkSampler::kOutside;
      return sampler.cell_at(edge[a], position_fraction(a));
    case kHome:
    case kTrappedHome:
      return unit[a] >= 0 ? unit_cell[static_cast<std::size_t>(unit[a])] : node_cell[origin[a]];
    default:
      return node_cell[loc_node(a)];
  }
}

void QueueSim::Impl::rebuild_ready(EdgeId e) {
  ready_n[e] = 0;
  ready_last[e] = kNone;
  for (std::uint32_t r = car_head[e]; r != kNone && exit_s[r] < t; r = next[r]) {
    ready_last[e] = r;
    ++ready_n[e];
  }
}

void QueueSim::Impl::trap_agent(std::uint32_t a, St where) {
  ledger.move(person_state(state[a]), AgentState::trapped, persons[a], unit[a]);
  if (where == kTrappedEdge && state[a] != kHeld) {
    // Ready at the end of the edge: position is the end.
    rem_m[a] = 0.0f;
  }
  state[a] = where;
  next[a] = kNone;
  if (where != kTrappedHome) trapped_list.push_back(a);
}

void QueueSim::Impl::trap_pass(const float* depth, const float* speed) {
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
    if (m == 0) return d >= cfg.vehicle_close_depth_m;
    return pedestrian_unsafe(d, speed_at(c), cfg.walk_close_depth_m, cfg.walk_close_dv_m2s);
  };
  const EdgeId m = g.edge_count();
  for (EdgeId e = 0; e < m; ++e) {
    if (car_speed_mps[e] == 0.0 && car_head[e] != kNone) {
      std::uint32_t prev = kNone;
      bool removed = false;
      for (std::uint32_t a = car_head[e]; a != kNone;) {
        const std::uint32_t nx = next[a];
        if (unsafe(0, position_cell(a))) {
          if (prev == kNone)
            car_head[e] = nx;
          else
            next[prev] = nx;
          if (car_tail[e] == a) car_tail[e] = prev;
          --occ[e];
          trap_agent(a, kTrappedEdge);
          removed = true;
        } else {
          prev = a;
        }
        a = nx;
      }
      if (removed) rebuild_ready(e);
      if (car_head[e] == kNone) in_active[slot_of[e]] &= static_cast<std::uint8_t>(~1u);
    }
    if (walk_closed[e] && walk_head[e] != kNone) {
      std::uint32_t prev = kNone;
      for (std::uint32_t a = walk_head[e]; a != kNone;) {
        const std::uint32_t nx = next[a];
        if (unsafe(1, position_cell(a))) {
          if (prev == kNone)
            walk_head[e] = nx;
          else
            next[prev] = nx;
          if (walk_tail[e] == a) walk_tail[e] = prev;
          trap_agent(a, kTrappedEdge);
        } else {
          prev = a;
        }
        a = nx;
      }
      if (walk_head[e] == kNone) in_active[slot_of[e]] &= static_cast<std::uint8_t>(~2u);
    }
  }
  // Departure queues and agents waiting at nodes: the water at the node.
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < g.node_count(); ++u) {
      if (nq_head[k][u] == kNone || !unsafe(k, node_cell[u])) continue;
      for (std::uint32_t a = nq_head[k][u]; a != kNone;) {
        const std::uint32_t nx = next[a];
        trap_agent(a, kTrappedNode);
        a = nx;
      }
      nq_head[k][u] = nq_tail[k][u] = kNone;
    }
  std::size_t keep = 0;
  for (std::uint32_t a : parked) {
    if (state[a] != kParked) continue;
    if (unsafe(mode[a], node_cell[loc_node(a)]))
      trap_agent(a, kTrappedNode);
    else
      parked[keep++] = a;
  }
  parked.resize(keep);
}

void QueueSim::Impl::trap_home(const std::uint8_t* hazard) {
  // People still at home are trapped when their cell's hazard class is at
  // least exposure_class_min and every edge leaving their node is closed to
  // their mode: they can no longer leave (counted trapped for good).
  const NodeId n = g.node_count();
  std::vector<std::uint8_t> closed_all(2 * static_cast<std::size_t>(n), 1);
  for (NodeId u = 0; u < n; ++u)
    for (EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      if (car_speed_mps[e] > 0.0) closed_all[2 * u] = 0;
      if (!walk_closed[e]) closed_all[2 * u + 1] = 0;
    }
  auto hazardous = [&](std::uint32_t c) {
    if (c == LinkSampler::kOutside) return false;
    const std::uint8_t h = hazard[c];
    return h != 255 && h >= cfg.exposure_class_min;
  };
  auto check = [&](std::uint32_t a) {
    if (state[a] == kHome && closed_all[2 * static_cast<std::size_t>(origin[a]) + mode[a]])
      trap_agent(a, kTrappedHome);
  };
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (unit_first[i + 1] == unit_first[i]) continue;
    if (!hazardous(unit_cell[i])) continue;
    for (std::uint32_t k = unit_first[i]; k < unit_first[i + 1]; ++k) check(unit_agents[k]);
  }
  for (std::uint32_t a : no_unit_agents)
    if (hazardous(node_cell[origin[a]])) check(a);
}

void QueueSim::Impl::flush_exposure(double t_now) {
  const double dt = t_now - exp_snap_t;
  if (dt > 0.0) {
    for (const ExposureEntry& x : exp_snap) {
      const double ps = x.persons * dt;
      exp_cell_ph[x.cell] += ps / 3600.0;
      exp_class_ps[x.cls] += ps;
      if (x.unit >= 0) unit_exposed_ps[static_cast<std::size_t>(x.unit)] += ps;
    }
  }
  exp_snap_t = t_now;
}

void QueueSim::Impl::snapshot_exposure(const std::uint8_t* hazard) {
  exp_snap.clear();
  exposed_now = 0.0;
  auto add = [&](std::uint32_t cell, std::int32_t u, double p) {
    if (cell == LinkSampler::kOutside || !(p > 0.0)) return;
    const std::uint8_t h = hazard[cell];
    if (h == 255 || h > 4 || h < cfg.exposure_class_min) return;
    exp_snap.push_back({cell, h, u, p});
    exposed_now += p;
  };
  // At home: non-evacuees, trips not yet departed and those trapped at home.
  for (std::size_t i = 0; i < units.size(); ++i)
    add(unit_cell[i], static_cast<std::int32_t>(i),
        ledger.unit_staying(i) + ledger.unit_home(i) + ledger.unit_trapped_at_home(i));
  for (std::uint32_t a : no_unit_agents)
    if (state[a] == kHome || state[a] == kTrappedHome) add(node_cell[origin[a]], -1, persons[a]);
  // Stopped on the road: at the end of an edge (queued), held, waiting at a
  // node, or trapped.
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    for (std::uint32_t a = car_head[e]; a != kNone; a = next[a])
      if (state[a] == kHeld || exit_s[a] <= t) add(position_cell(a), unit[a], persons[a]);
    for (std::uint32_t a = walk_head[e]; a != kNone; a = next[a])
      if (state[a] == kHeld) add(position_cell(a), unit[a], persons[a]);
  }
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < g.node_count(); ++u)
      for (std::uint32_t a = nq_head[k][u]; a != kNone; a = next[a])
        add(node_cell[u], unit[a], persons[a]);
  for (std::uint32_t a : parked)
    if (state[a] == kParked) add(node_cell[loc_node(a)], unit[a], persons[a]);
  for (std::uint32_t a : trapped_list) add(position_cell(a), unit[a], persons[a]);
  exp_snap_t = t;
}

// --- public -----------------------------------------------------------------

QueueSim::QueueSim(const graph::RoadGraph& graph, std::vector<Shelter> shelters,
                   std::vector<PopulationUnit> units, std::vector<Trip> trips, SimConfig config)
    : impl_(std::make_unique<Impl>(graph, std::move(shelters), std::move(units), std::move(trips),
                                   config)) {}

QueueSim::~QueueSim() = default;

void QueueSim::set_logger(Logger logger) {
  impl_->log = std::move(logger);
}

void QueueSim::set_flood_grid(const GeoTransform& geo, std::int64_t rows, std::int64_t cols) {
  Impl& s = *impl_;
  s.sampler = LinkSampler(s.g, geo, rows, cols);
  s.node_cell.resize(s.g.node_count());
  for (NodeId u = 0; u < s.g.node_count(); ++u)
    s.node_cell[u] = s.sampler.cell_of(s.g.node_x[u], s.g.node_y[u]);
  s.unit_cell.resize(s.units.size());
  for (std::size_t i = 0; i < s.units.size(); ++i)
    s.unit_cell[i] = s.sampler.cell_of(s.units[i].x, s.units[i].y);
}

void QueueSim::apply_flood(const float* depth_m, const float* speed_mps,
                           const std::uint8_t* hazard_class) {
  Impl& s = *impl_;
  if (s.sampler.empty())
    throw ConfigError("evacuation: apply_flood needs set_flood_grid(geo, rows, cols) first");
  if (depth_m == nullptr) throw InvariantError("evacuation: apply_flood got no depth grid");
  std::vector<float> md, mdv;
  s.sampler.edge_maxima(depth_m, speed_mps, md, mdv, s.nt);
  const EdgeId m = s.g.edge_count();
  std::vector<float> factor(m);
  std::vector<std::uint8_t> wclosed(m);
  for (EdgeId e = 0; e < m; ++e) {
    factor[e] = static_cast<float>(vehicle_speed_factor(md[e], s.cfg.vehicle_close_depth_m));
    wclosed[e] = (md[e] > s.cfg.walk_close_depth_m || mdv[e] > s.cfg.walk_close_dv_m2s) ? 1 : 0;
  }
  s.flush_exposure(s.t);
  s.update_conditions(factor, wclosed);
  s.trap_pass(depth_m, speed_mps);
  if (hazard_class != nullptr) {
    s.trap_home(hazard_class);
    s.snapshot_exposure(hazard_class);
  } else {
    s.exp_snap.clear();
    s.exposed_now = 0.0;
  }
  s.dirty = true;
#ifdef NDEBUG
  if (s.cfg.check_every_step) s.check_conservation();
#else
  s.check_conservation();
#endif
}

void QueueSim::set_link_conditions(std::span<const float> car_speed_factor,
                                   std::span<const std::uint8_t> walk_closed) {
  Impl& s = *impl_;
  if (car_speed_factor.size() != s.g.edge_count() || walk_closed.size() != s.g.edge_count())
    throw InvariantError(
        "evacuation: set_link_conditions needs one car factor and one walk flag per edge");
  for (float f : car_speed_factor)
    if (std::isnan(f))
      throw InvariantError("evacuation: set_link_conditions got a NaN speed factor");
  s.update_conditions(car_speed_factor, walk_closed);
  s.dirty = true;
}

void QueueSim::step() {
  impl_->step();
}

bool QueueSim::advance_to(double t_s, const Progress& progress) {
  Impl& s = *impl_;
  const double t0 = s.t;
  const double span = t_s - t0;
  if (!(span > 0.0)) return true;
  const auto total_steps = static_cast<std::int64_t>(std::ceil(span / s.cfg.step_s));
  const std::int64_t every = std::max<std::int64_t>(1, total_steps / 100);
  std::int64_t k = 0;
  while (s.t < t_s - 1e-9 * s.cfg.step_s) {
    s.step();
    if (progress.fn && (++k % every == 0))
      if (!progress.update(std::min(1.0, (s.t - t0) / span), "evacuation")) return false;
  }
  return true;
}

bool QueueSim::done() const {
  const detail::PersonLedger& l = impl_->ledger;
  const double tol = 1e-9 * std::max(1.0, l.total());
  return l.home() <= tol && l.moving() <= tol;
}
double QueueSim::time_s() const {
  return impl_->t;
}
std::int64_t QueueSim::steps_taken() const {
  return impl_->steps;
}

StateTotals QueueSim::totals() const {
  const Impl& s = *impl_;
  StateTotals x;
  const detail::PersonLedger& l = s.ledger;
  x.total = l.total();
  x.home = l.home();
  x.departed = l.departed();
  x.moving = l.moving();
  x.stranded = l.stranded();
  x.sheltered = l.sheltered();
  x.trapped = l.trapped();
  x.exposed = s.exposed_now;
  x.staying = l.staying();
  return x;
}

void QueueSim::check_conservation() const {
  impl_->check_conservation();
}
void QueueSim::audit() const {
  impl_->audit();
}

SimResults QueueSim::results() const {
  const Impl& s = *impl_;
  SimResults r;
  r.time_s = s.t;
  r.steps = s.steps;
  r.totals = totals();
  r.series = s.series;
  r.shelters = s.sstats;
  r.edges = s.estats;
  const double scale = 3600.0 / s.cfg.flow_window_s;
  for (std::size_t e = 0; e < r.edges.size(); ++e)
    r.edges[e].peak_flow_veh_h =
        std::max(r.edges[e].peak_flow_veh_h, static_cast<float>(s.window_count[e] * scale));
  r.units = s.ledger.unit_stats();
  for (std::size_t u = 0; u < r.units.size(); ++u) r.units[u].exposed_person_s = s.unit_exposed_ps[u];
  r.transfers = s.transfers;
  r.clearance_s = s.clearance;
  r.t50_s = s.t50;
  r.t90_s = s.t90;
  r.reroutes = s.reroutes;
  // Exposure up to now: what was flushed plus the current snapshot held since it was taken.
  std::unordered_map<std::uint32_t, double> cells = s.exp_cell_ph;
  for (int k = 0; k < 5; ++k) r.exposed_person_s_by_class[k] = s.exp_class_ps[k];
  const double dt = s.t - s.exp_snap_t;
  if (dt > 0.0)
    for (const ExposureEntry& x : s.exp_snap) {
      cells[x.cell] += x.persons * dt / 3600.0;
      r.exposed_person_s_by_class[x.cls] += x.persons * dt;
      if (x.unit >= 0) r.units[static_cast<std::size_t>(x.unit)].exposed_person_s += x.persons * dt;
    }
  r.exposure_cells_person_h.assign(cells.begin(), cells.end());
  std::sort(r.exposure_cells_person_h.begin(), r.exposure_cells_person_h.end());
  return r;
}

AgentView QueueSim::agent(std::uint32_t trip) const {
  const Impl& s = *impl_;
  if (trip >= s.state.size()) throw InvariantError("evacuation: no trip " + std::to_string(trip));
  AgentView v;
  const std::uint8_t st = s.state[trip];
  v.state = person_state(st);
  const bool on_edge = st == kOnEdge || st == kHeld || st == kTrappedEdge;
  v.edge = on_edge ? s.edge[trip] : kNone;
  if (st == kHome || st == kTrappedHome)
    v.node = s.origin[trip];
  else if (!on_edge && st != kSheltered)
    v.node = s.loc_node(trip);
  v.persons = s.persons[trip];
  v.goal_shelter = s.goal[trip];
  v.exit_s = s.exit_s[trip];
  v.held = st == kHeld;
  v.turnbacks = s.turnbacks[trip];
  v.following_route =
      !s.route_pos.empty() && s.route_pos[trip] != kNone && st != kSheltered && !is_trapped(st);
  return v;
}

std::uint32_t QueueSim::vehicles_on_edge(EdgeId e) const {
  return static_cast<std::uint32_t>(impl_->occ.at(e));
}

std::uint32_t QueueSim::walkers_on_edge(EdgeId e) const {
  std::uint32_t c = 0;
  for (std::uint32_t a = impl_->walk_head.at(e); a != kNone; a = impl_->next[a]) ++c;
  return c;
}

std::uint32_t QueueSim::storage_veh(EdgeId e) const {
  return static_cast<std::uint32_t>(impl_->storage.at(e));
}
double QueueSim::shelter_occupancy(std::uint32_t s) const {
  return impl_->sh_occ.at(s);
}
std::uint32_t QueueSim::agent_count() const {
  return static_cast<std::uint32_t>(impl_->state.size());
}

std::size_t QueueSim::agent_bytes() const {
  const Impl& s = *impl_;
  auto b = [](const auto& v) {
    return v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type);
  };
  return b(s.depart_s) + b(s.exit_s) + b(s.persons) + b(s.rem_m) + b(s.next) + b(s.edge) +
         b(s.origin) + b(s.order) + b(s.goal) + b(s.unit) + b(s.state) + b(s.mode) + b(s.flags) +
         b(s.turnbacks) + b(s.unit_agents) + b(s.route_pos) + b(s.route_edges);
}

}  // namespace floodevac::evac
