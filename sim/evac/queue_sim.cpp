#include "sim/evac/queue_sim.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/core/error.hpp"
#include "sim/evac/agents.hpp"
#include "sim/evac/audit.hpp"
#include "sim/evac/decisions.hpp"
#include "sim/evac/exposure.hpp"
#include "sim/evac/ferries.hpp"
#include "sim/evac/flood_cells.hpp"
#include "sim/evac/flood_response.hpp"
#include "sim/evac/gridlock.hpp"
#include "sim/evac/legs.hpp"
#include "sim/evac/link_queue.hpp"
#include "sim/evac/person_ledger.hpp"
#include "sim/evac/rerouting.hpp"
#include "sim/evac/shelters.hpp"
#include "sim/graph/routing.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace floodevac::evac {

using namespace detail;

namespace {
// Nodes + persons on the roads per thread below which a step's node pass runs
// on fewer threads (a 50 000-vehicle peak on a 900-node grid runs serially:
// its whole pass takes about 0.1 ms, the order of a few team wake-ups).
constexpr double kMinStepWorkPerThread = 100000.0;
// Edges (or agents) per thread below which the per-edge loops (trees, link
// conditions) and the route check run on fewer threads, for the same reason.
constexpr std::size_t kMinItemsPerThread = 20000;

std::size_t paths_bytes(const std::vector<std::vector<EdgeId>>& paths) {
  std::size_t b = paths.capacity() * sizeof(std::vector<EdgeId>);
  for (const auto& p : paths) b += p.capacity() * sizeof(EdgeId);
  return b;
}

int threads_for(std::size_t items, int nt) {
  return static_cast<int>(std::clamp<std::size_t>(items / kMinItemsPerThread, 1,
                                                  static_cast<std::size_t>(std::max(1, nt))));
}
}  // namespace

// The model's parts, each in the file named for it; the step below is the
// loop that runs them in a fixed order.
struct QueueSim::Impl {
  const graph::RoadGraph& g;
  SimConfig cfg;
  Logger log;
  int nt = 1;
  std::shared_ptr<const graph::ReverseGraph> rev;
  std::vector<PopulationUnit> units;

  Shelters shelters;
  Agents agents;
  ExplicitRoutes routes;
  Legs legs;
  AgentsByUnit by_unit;
  std::vector<std::uint32_t> departures;  // departure order
  std::size_t next_departure = 0;
  PersonLedger ledger;
  LinkQueues links;
  Rerouting routing;
  Decider decider;
  FloodCells cells;
  FloodResponse water;
  Exposure exposure;
  Gridlock gridlock;
  Ferries ferries;

  std::vector<StepBuffer> bufs;  // one per thread
  std::vector<Event> arrivals;   // this step's
  std::vector<std::vector<EdgeId>> paths;  // per agent (SimConfig::record_paths), else empty

  std::vector<SeriesRow> series;
  double next_output = 0, window_end = 0;
  double t = 0;
  std::int64_t steps = 0;

  Impl(const graph::RoadGraph& graph, std::vector<Shelter> sh, std::vector<PopulationUnit> un,
       std::vector<Trip> trips, SimConfig c);

  void step();
  bool idle_until(double t1) const;
  int step_threads() const;
  void release_departures(double t1);
  void apply_events();
  void arrive_at_node(std::uint32_t a, double t_s);
  void end_sheltered_legs();
  void reroute();
  void end_of_step();
  void record_row();
  StateTotals totals() const;
  void check_every_step() const;
  AgentCells agent_cells() const { return {cells, g, agents, links, cfg.walk_speed_mps, t}; }
};

QueueSim::Impl::Impl(const graph::RoadGraph& graph, std::vector<Shelter> sh,
                     std::vector<PopulationUnit> un, std::vector<Trip> trips, SimConfig c)
    : g(graph),
      cfg(c),
      units(std::move(un)),
      decider(g, agents, routes, shelters, routing, links, legs, c.max_turnbacks),
      water(g, cfg, agents, links, ledger) {
  cfg.validate();
  g.validate();
#ifdef _OPENMP
  nt = cfg.threads > 0 ? cfg.threads : omp_get_max_threads();
#endif
  if (trips.size() >= kNone) throw InputError("evacuation: too many trips (at most 2^32 - 2)");
  shelters = Shelters(sh, g.node_count());
  load_trips(trips, g, shelters.size(), units.size(), agents, routes);
  load_legs(trips, g, shelters, agents, legs);
  shelters.count_assigned(agents);
  by_unit = group_by_unit(agents, units.size());
  ledger = PersonLedger(agents.persons, agents.unit, units);
  start_in_shelters(trips, legs, agents, shelters, ledger);
  trips.clear();
  trips.shrink_to_fit();
  departures = departure_order(agents);

  rev = std::make_shared<const graph::ReverseGraph>(graph::ReverseGraph::build(g));
  links = LinkQueues(g, *rev, cfg.vehicle_spacing_m, agents.size());
  ferries = Ferries(g, links);
  routing = Rerouting(g, rev, shelters.size(), threads_for(g.edge_count(), nt));
  gridlock = Gridlock(g, *rev, cfg.gridlock_stuck_time_s, cfg.step_s, cfg.start_s);
  bufs.resize(static_cast<std::size_t>(nt));
  if (cfg.record_paths) {
    paths.resize(agents.size());
    decider.record_all_paths(true);
  }

  t = cfg.start_s;
  routing.next_s = t;
  exposure = Exposure(units.size(), t);
  window_end = t + cfg.flow_window_s;
  record_row();
  next_output = t + cfg.output_interval_s;
}

// --- the step -----------------------------------------------------------------

void QueueSim::Impl::step() {
  const double t0 = t;
  const double t1 = cfg.start_s + static_cast<double>(steps + 1) * cfg.step_s;
  // 1. Shelters opening, routes with a closed edge, new trees if due, departures.
  if (shelters.open_due(t0)) routing.due = true;
  if (routes.stale) drop_closed_routes(routes, agents, links, threads_for(agents.size(), nt));
  if (routing.due || t0 >= routing.next_s) reroute();
  shelters.name_transfer_targets(agents, routing);
  // Nobody on the roads or waiting and no departure due: the node pass and the
  // arrivals would change nothing (same results), so they are skipped.
  if (!idle_until(t1)) {
    release_departures(t1);
    if (legs.any() && release_legs(t1, g, agents, legs, routes, shelters, links, ledger, routing))
      routing.due = true;
    if (ferries.any()) ferries.land(t1, g, agents, links);
    // 2. Agents across the nodes (parallel when the step has enough work).
    move_through_nodes(g, *rev, links, agents, decider, cfg.walk_speed_mps, bufs, t0, t1, steps,
                       step_threads());
    // 3. Serial: what the agents decided, arrivals at the shelters, statistics.
    apply_events();
    if (shelters.admit(arrivals, g, agents, links, ledger)) routing.due = true;
    end_sheltered_legs();
  }
  // Ferries leave by timetable, whether or not anybody is on the roads.
  if (ferries.any() && ferries.depart(t1, agents, links)) {
    routing.due = true;
    routes.stale = true;
  }
  t = t1;
  ++steps;
  gridlock.watch(agents, links, decider, routing, t, log);
  end_of_step();
}

bool QueueSim::Impl::idle_until(double t1) const {
  const double tol = 1e-9 * std::max(1.0, ledger.total());
  if (ledger.moving() > tol || ledger.stranded() > tol) return false;
  if (legs.due_before(t1)) return false;
  return next_departure >= departures.size() || !(agents.depart_s[departures[next_departure]] < t1);
}

// Threads for this step's node pass: one unless the step has enough work to
// pay for waking a team. A parallel region costs microseconds on an idle
// machine but a scheduler time slice when another process holds a core, so
// small steps run serially (same results: the pass is identical for any
// thread count). The work is the nodes visited plus the persons on the roads
// (an upper bound on the vehicles that can move).
int QueueSim::Impl::step_threads() const {
  if (nt <= 1) return 1;
  const double work = static_cast<double>(g.node_count()) + ledger.moving() + ledger.stranded();
  return static_cast<int>(std::clamp(work / kMinStepWorkPerThread, 1.0, static_cast<double>(nt)));
}

void QueueSim::Impl::reroute() {
  if (ferries.any()) ferries.weights(t, routing.fixed_s);
  const std::size_t targets =
      routing.rebuild_trees(agents, links, shelters, ledger.home() + ledger.moving(), cfg, t, log);
  routing.retry_parked(g, *rev, agents, links, ledger, decider, t);
  log.debug("evacuation at t = " + std::to_string(t) + " s: routes rebuilt (" +
            std::to_string(targets) + " shelters with room, " +
            std::to_string(routing.parked.size()) + " groups waiting)");
  routing.due = false;
  routing.next_s = t + cfg.reroute_interval_s;
  ++routing.count;
}

// Trips due before t1 enter their origin's departure queue (sorted by
// departure time, then trip index).
void QueueSim::Impl::release_departures(double t1) {
  while (next_departure < departures.size() && agents.depart_s[departures[next_departure]] < t1) {
    const std::uint32_t a = departures[next_departure++];
    if (agents.state[a] != kHome) continue;  // trapped at home before leaving
    ledger.move(AgentState::home, AgentState::moving, agents.persons[a], agents.unit[a]);
    agents.state[a] = kQueue;
    agents.exit_s[a] = agents.depart_s[a];
    links.push_departure(agents.mode[a], agents.origin[a], a);
  }
}

// The events of the node pass, thread by thread: arrivals are collected for
// the shelters (which sort them by trip), the rest applied at once.
void QueueSim::Impl::apply_events() {
  arrivals.clear();
  for (const StepBuffer& tb : bufs)
    for (const Event& ev : tb.events) switch (ev.kind) {
        case kEvDefix:
          shelters.unassign(ev.mode, ev.x);
          break;
        case kEvPark:
          routing.park(ev.agent, agents, ledger);
          break;
        case kEvPath:
          shelters.record_path(ev.agent, ev.x, g.head[ev.x]);
          if (!paths.empty()) paths[ev.agent].push_back(ev.x);
          break;
        case kEvArrive:
          arrivals.push_back(ev);
          break;
        case kEvArriveNode:
          arrive_at_node(ev.agent, ev.t);
          break;
        case kEvPier:
          ferries.reach_pier(ev.agent, ev.x, ev.t);
          break;
      }
}

// The end node of its leg (Trip::dest_node) reached: its persons are arrived.
void QueueSim::Impl::arrive_at_node(std::uint32_t a, double t_s) {
  if (agents.flags[a] & kFixed) {
    shelters.unassign(agents.mode[a], static_cast<std::uint32_t>(agents.goal[a]));
    agents.flags[a] = static_cast<std::uint8_t>(agents.flags[a] & ~kFixed);
  }
  agents.state[a] = kArrived;
  ledger.move(AgentState::moving, AgentState::arrived, agents.persons[a], agents.unit[a]);
  end_leg(a, t_s, agents, legs);
}

// Agents of this step's arrivals that the shelters took in whole: their leg ends.
void QueueSim::Impl::end_sheltered_legs() {
  for (const Event& ev : arrivals)
    if (agents.state[ev.agent] == kSheltered && std::isnan(agents.arrived_s[ev.agent]))
      end_leg(ev.agent, ev.t, agents, legs);
}

void QueueSim::Impl::end_of_step() {
  if (t >= window_end) {
    links.close_flow_window(cfg.flow_window_s);
    window_end += cfg.flow_window_s;
  }
  if (t >= next_output - 1e-9 * cfg.step_s) {
    record_row();
    next_output += cfg.output_interval_s;
  }
  check_every_step();
}

void QueueSim::Impl::record_row() {
  const StateTotals x = totals();
  series.push_back({t, x.home, x.departed, x.moving, x.sheltered, x.exposed, x.trapped, x.stranded,
                    shelters.occupancy, x.arrived});
}

StateTotals QueueSim::Impl::totals() const {
  StateTotals x;
  x.total = ledger.total();
  x.home = ledger.home();
  x.departed = ledger.departed();
  x.moving = ledger.moving();
  x.stranded = ledger.stranded();
  x.sheltered = ledger.sheltered();
  x.trapped = ledger.trapped();
  x.exposed = exposure.exposed_now();
  x.staying = ledger.staying();
  x.arrived = ledger.arrived();
  return x;
}

void QueueSim::Impl::check_every_step() const {
#ifdef NDEBUG
  if (cfg.check_every_step) detail::check_conservation(ledger, shelters, t);
#else
  detail::check_conservation(ledger, shelters, t);
#endif
}

// --- public -------------------------------------------------------------------

QueueSim::QueueSim(const graph::RoadGraph& graph, std::vector<Shelter> shelters,
                   std::vector<PopulationUnit> units, std::vector<Trip> trips, SimConfig config)
    : impl_(std::make_unique<Impl>(graph, std::move(shelters), std::move(units), std::move(trips),
                                   config)) {}

QueueSim::~QueueSim() = default;

void QueueSim::set_logger(Logger logger) {
  impl_->log = std::move(logger);
}

void QueueSim::set_flood_grid(const GeoTransform& geo, std::int64_t rows, std::int64_t cols) {
  impl_->cells = FloodCells(impl_->g, impl_->units, geo, rows, cols);
}

void QueueSim::apply_flood(const float* depth_m, const float* speed_mps,
                           const std::uint8_t* hazard_class) {
  Impl& s = *impl_;
  if (s.cells.empty())
    throw ConfigError("evacuation: apply_flood needs set_flood_grid(geo, rows, cols) first");
  if (depth_m == nullptr) throw InvariantError("evacuation: apply_flood got no depth grid");
  std::vector<float> factor;
  std::vector<std::uint8_t> wclosed;
  link_conditions(s.cells.sampler, depth_m, speed_mps, s.cfg, threads_for(s.g.edge_count(), s.nt),
                  factor, wclosed);
  if (s.ferries.has_edges()) s.ferries.override_conditions(factor, wclosed);
  s.exposure.flush(s.t);
  if (closures_change(s.links, factor, wclosed)) s.routing.due = true;
  if (s.water.set_conditions(factor, wclosed, s.t)) s.routes.stale = true;
  s.water.trap_in_water(depth_m, speed_mps, s.cells, s.routing.parked, s.t);
  if (hazard_class != nullptr) {
    s.water.trap_at_home(hazard_class, s.cells, s.by_unit);
    s.exposure.snapshot(hazard_class, s.cfg.exposure_class_min, s.agent_cells(), s.ledger,
                        s.by_unit, s.routing.parked, s.water.trapped_on_road(),
                        s.legs.any() || s.ferries.any());
  } else {
    s.exposure.clear();
  }
  s.check_every_step();
}

std::vector<std::uint32_t> QueueSim::flood_cells_read() const {
  const FloodCells& c = impl_->cells;
  std::vector<std::uint32_t> out;
  if (c.empty()) return out;
  for (EdgeId e = 0; e < impl_->g.edge_count(); ++e)
    for (std::uint32_t k : c.sampler.samples(e)) out.push_back(k);
  out.insert(out.end(), c.node_cell.begin(), c.node_cell.end());
  out.insert(out.end(), c.unit_cell.begin(), c.unit_cell.end());
  std::erase(out, LinkSampler::kOutside);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
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
  std::span<const float> factor = car_speed_factor;
  std::span<const std::uint8_t> wclosed = walk_closed;
  std::vector<float> f2;
  std::vector<std::uint8_t> w2;
  if (s.ferries.has_edges()) {  // the water never slows or closes a ferry
    f2.assign(factor.begin(), factor.end());
    w2.assign(wclosed.begin(), wclosed.end());
    s.ferries.override_conditions(f2, w2);
    factor = f2;
    wclosed = w2;
  }
  if (closures_change(s.links, factor, wclosed)) s.routing.due = true;
  if (s.water.set_conditions(factor, wclosed, s.t)) s.routes.stale = true;
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
  const PersonLedger& l = impl_->ledger;
  const double tol = 1e-9 * std::max(1.0, l.total());
  return l.home() <= tol && l.moving() <= tol && !impl_->legs.pending();
}
double QueueSim::time_s() const {
  return impl_->t;
}
std::int64_t QueueSim::steps_taken() const {
  return impl_->steps;
}

StateTotals QueueSim::totals() const {
  return impl_->totals();
}

void QueueSim::check_conservation() const {
  detail::check_conservation(impl_->ledger, impl_->shelters, impl_->t);
}
void QueueSim::audit() const {
  const Impl& s = *impl_;
  detail::audit(s.g, s.agents, s.links, s.ledger, s.shelters, s.routing.parked, s.t);
  std::uint64_t ferried = 0;
  for (std::uint32_t a = 0; a < s.agents.size(); ++a)
    if (s.agents.state[a] == kAtPier || s.agents.state[a] == kOnBoat) ++ferried;
  if (ferried != s.ferries.agents_held())
    throw InvariantError("evacuation audit at t = " + std::to_string(s.t) +
                         " s: agents at piers or on board and the ferries disagree");
}

void QueueSim::set_ferries(std::vector<FerryService> services) {
  Impl& s = *impl_;
  if (s.steps > 0) throw InvariantError("evacuation: set_ferries must come before the first step");
  s.ferries.set(std::move(services), s.g, s.links, s.t);
  s.routing.due = true;
}

std::vector<GroupCounts> QueueSim::persons_by_group() const {
  const Agents& ag = impl_->agents;
  std::vector<GroupCounts> by;  // indexed by group while counting
  std::vector<std::uint8_t> present;
  for (std::uint32_t a = 0; a < ag.size(); ++a) {
    const std::uint16_t k = ag.group[a];
    if (k >= by.size()) {
      by.resize(static_cast<std::size_t>(k) + 1);
      present.resize(static_cast<std::size_t>(k) + 1, 0);
    }
    present[k] = 1;
    by[k].persons[static_cast<std::size_t>(person_state(ag.state[a]))] += ag.persons[a];
  }
  // Taken in by a full shelter while the rest of their group was sent on.
  const auto& split = impl_->shelters.split_sheltered_by_group;
  for (std::size_t k = 0; k < split.size() && k < by.size(); ++k)
    by[k].persons[static_cast<std::size_t>(AgentState::sheltered)] += split[k];
  std::vector<GroupCounts> out;
  for (std::size_t k = 0; k < by.size(); ++k)
    if (present[k]) {
      by[k].group = static_cast<std::uint16_t>(k);
      out.push_back(by[k]);
    }
  return out;
}

SimResults QueueSim::results() const {
  const Impl& s = *impl_;
  SimResults r;
  r.time_s = s.t;
  r.steps = s.steps;
  r.totals = totals();
  r.series = s.series;
  r.shelters = s.shelters.stats;
  r.edges = s.links.stats;
  for (EdgeId e = 0; e < r.edges.size(); ++e)
    r.edges[e].peak_flow_veh_h = s.links.peak_flow_veh_h(e, s.cfg.flow_window_s);
  r.units = s.ledger.unit_stats();
  r.transfers = s.shelters.transfers;
  r.clearance_s = s.shelters.clearance_s;
  r.t50_s = s.shelters.t50_s;
  r.t90_s = s.shelters.t90_s;
  r.reroutes = s.routing.count;
  r.gridlocks = s.gridlock.report();
  r.moved_on = s.gridlock.moved_on;
  r.ferries = s.ferries.stats();
  s.exposure.report(s.t, r);
  return r;
}

std::vector<ExposedGroup> QueueSim::exposed_away_by_group() const {
  return impl_->exposure.away_by_group();
}

AgentView QueueSim::agent(std::uint32_t trip) const {
  const Impl& s = *impl_;
  const Agents& ag = s.agents;
  if (trip >= ag.size()) throw InvariantError("evacuation: no trip " + std::to_string(trip));
  AgentView v;
  const std::uint8_t st = ag.state[trip];
  v.state = person_state(st);
  const bool on_edge = st == kOnEdge || st == kHeld || st == kTrappedEdge || st == kOnBoat;
  v.edge = on_edge ? ag.edge[trip] : kNone;
  if (st == kHome || st == kTrappedHome)
    v.node = ag.origin[trip];
  else if (!on_edge && st != kSheltered && st != kLegWait)
    v.node = ag.node(s.g, trip);
  v.persons = ag.persons[trip];
  v.goal_shelter = ag.goal[trip];
  v.exit_s = ag.exit_s[trip];
  v.held = st == kHeld;
  v.turnbacks = ag.turnbacks[trip];
  v.following_route = s.routes.following(trip) && st != kSheltered && !is_trapped(st) &&
                      st != kArrived && st != kLegWait;
  v.arrived_s = ag.arrived_s[trip];
  if (st == kSheltered && !std::isnan(v.arrived_s)) v.end_shelter = ag.goal[trip];
  v.leg_pending = st == kLegWait;
  v.group = ag.group[trip];
  return v;
}

std::span<const EdgeId> QueueSim::path(std::uint32_t trip) const {
  const Impl& s = *impl_;
  if (trip >= s.agents.size()) throw InvariantError("evacuation: no trip " + std::to_string(trip));
  if (s.paths.empty()) return {};
  return s.paths[trip];
}

std::uint32_t QueueSim::vehicles_on_edge(EdgeId e) const {
  return static_cast<std::uint32_t>(impl_->links.occ.at(e));
}
std::uint32_t QueueSim::walkers_on_edge(EdgeId e) const {
  return impl_->links.walkers_on(e);
}
std::uint32_t QueueSim::storage_veh(EdgeId e) const {
  return static_cast<std::uint32_t>(impl_->links.storage.at(e));
}
std::vector<double> QueueSim::vehicle_free_times_s() const {
  const Impl& s = *impl_;
  const EdgeId m = s.g.edge_count();
  std::vector<double> w(m, std::numeric_limits<double>::infinity());
  for (EdgeId e = 0; e < m; ++e)
    if (s.links.car_speed_mps[e] > 0.0) w[e] = s.links.len_m[e] / s.links.car_speed_mps[e];
  if (s.ferries.has_edges()) {
    std::vector<double> fixed;
    s.ferries.weights(s.t, fixed);
    for (EdgeId e = 0; e < m && e < fixed.size(); ++e)
      if (!s.links.ferry.empty() && s.links.ferry[e])
        w[e] = (s.links.car_speed_mps[e] > 0.0 && !std::isnan(fixed[e]))
                   ? fixed[e]
                   : std::numeric_limits<double>::infinity();
  }
  return w;
}

double QueueSim::car_speed_factor(EdgeId e) const {
  const auto& q = impl_->links;
  return q.vfree_mps.at(e) > 0 ? q.car_speed_mps.at(e) / q.vfree_mps[e] : 0.0;
}
bool QueueSim::walk_closed(EdgeId e) const {
  return impl_->links.walk_closed.at(e) != 0;
}
double QueueSim::shelter_occupancy(std::uint32_t s) const {
  return impl_->shelters.occupancy.at(s);
}
std::uint32_t QueueSim::agent_count() const {
  return impl_->agents.size();
}

std::size_t QueueSim::agent_bytes() const {
  const Impl& s = *impl_;
  return s.agents.bytes() + s.links.agent_bytes() + s.routes.bytes() +
         s.departures.capacity() * sizeof(std::uint32_t) +
         s.by_unit.of_unit.items.capacity() * sizeof(std::uint32_t) + paths_bytes(s.paths);
}

}  // namespace floodevac::evac
