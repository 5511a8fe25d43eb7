#pragma once
// Mesoscopic queue model of the evacuation, in the family of MATSim's QSim and
// SUMO's mesoscopic model (Gawron 1998, "An iterative algorithm to determine
// the dynamic user equilibrium in a traffic simulation model", IJMPC 9(3);
// Cetin, Burri & Nagel 2003, "A large-scale agent-based traffic
// microsimulation based on queue model", STRC).
//
// Every directed edge is a FIFO queue with
//  - a free travel time length / speed: a vehicle entering at t may leave at
//    t + length / speed (its "exit time");
//  - an outflow capacity (veh/h, all lanes): the edge serves leaving vehicles
//    one at a time, one headway 3600 / capacity seconds apart. This is the
//    fractional capacity budget of QSim measured in time: leaving times are
//    exact inside a step and capacity is never banked while the edge is idle;
//  - a storage of max(1, floor(lanes * length / vehicle_spacing_m)) vehicles
//    (vehicle spacing 7.5 m: SUMO's default vehicle length 5 m + minGap 2.5 m):
//    a vehicle may only enter when the vehicles on the edge at the start of the
//    step plus this step's entries stay within the storage; space freed during
//    a step is usable from the next one (spill-back: a full downstream edge
//    holds the upstream queue, which in turn holds its own upstream).
// Pedestrians (Mode::walk) use the same graph, uncongested, at walk_speed_mps
// (1.34 m/s: Weidmann 1993, "Transporttechnik der Fussgaenger", free walking
// speed), and use neither capacity nor storage.
//
// Routing: agents follow next-edge pointers of shortest-path trees towards the
// shelters (graph::Router), rebuilt every reroute_interval_s and at once when a
// link closes or reopens, a shelter opens or fills. There are never stored
// routes to go stale. A trip with dest_shelter >= 0 heads for that shelter
// while it is open with room and reachable; after that, and for every other
// trip, the target is the nearest open shelter with room by current travel
// time (free time, or with congestion_aware_routing the time the vehicles now
// on the edge need to discharge, when longer).
// Explicit routes (Trip::route, e.g. from SUMO's duarouter for a peer
// comparison): such an agent takes the edges of its route one by one, with no
// turn-back limit, and ignores the trees while every edge of its remaining
// route is open to its mode. When one of them closes (checked once per step
// after link conditions change, before any agent moves) or the route ends at a
// node without an open shelter with room, it drops the route for good and
// follows the trees from where it is (re-routing around a closed link); at the
// end of its route it enters its assigned shelter when that one is there,
// else the lowest-index open shelter with room at that node. Routes are kept in
// one array (edges, each route closed by kInvalid) with one cursor per agent,
// 4 bytes per agent, and nothing per agent when no trip has a route.
//
// Step (length step_s, from t to t1 = t + step_s), all in fixed order:
//  1. reroute if due; release trips with depart_s < t1 into their origin
//     node's departure queue (sorted by depart_s, then trip index), then the
//     legs due before t1 (by release time, then trip index), then the ferry
//     passengers landing before t1 (into their landing node's queue);
//  2. parallel over nodes: each node moves vehicles whose exit time is < t1
//     from the fronts of its incoming edges (rotating start edge by step for
//     fairness; the departure queue takes one slot of the rotation) onto its
//     outgoing edges, checking their storage as of the start of the step plus
//     this step's entries; walkers are moved without limits. A vehicle that
//     cannot enter its next edge blocks its queue (FIFO). Leaving time is
//     max(exit time, edge free again, t); the next edge is entered then.
//     Every outgoing edge has exactly one tail node and every incoming edge one
//     head node, so no two threads touch the same queue end;
//  3. serial: arrivals at end nodes and piers, arrivals at shelters (sorted
//     by trip index) and the legs they end, ferry departures before t1,
//     agents left without a route, gridlock (gridlock.hpp: jammed links
//     detected and reported, avoided by routing, front vehicles stuck
//     gridlock_stuck_time_s moved on), statistics.
// Results are bitwise identical for any thread count.
//
// Flood coupling (apply_flood): the max depth along each edge sets the vehicle
// speed factor (Pregnolato et al. 2017 curve, closed at >= 0.3 m) and the
// pedestrian closure (depth > 0.5 m or depth*velocity > 0.6 m^2/s, Cox, Shand &
// Blacka 2010). A speed change re-times the vehicles already on the edge
// (their remaining distance at the new speed). On an edge that closes,
// vehicles are held where they are (choice: they do not turn back on the
// closed edge) and continue when it reopens; if the water at their position
// reaches the vehicle limit (pedestrian limit for walkers) they are trapped.
// An agent with no route left waits where it is, counted stranded; trapped
// agents leave the queue (a stalled car is taken off the lane).
// An agent may turn back (take the edge to the node it came from) at most
// max_turnbacks times. Afterwards, when its tree points back, it takes the
// best onward edge that does not lead back (drives on and re-plans at the next
// node); onward edges are those from which a shelter with room can be reached
// without turning back (so never a dead-end spur, where it would wait for
// good). If there is none it waits until the tree changes while an edge ahead
// is closed, and turns back after all when the way ahead is a dead end of an
// open network: an agent with a route never waits on a dry, open network.
// With that, closures that keep alternating cannot make an agent shuttle back
// and forth for ever.
//
// Legs (legs.hpp; the typhoon-day timeline of sim/policy, issue 12): a trip may
// end at a node instead of a shelter (Trip::dest_node, with an explicit route
// ending there: home after 停工 / 停课); its persons are then "arrived". A trip
// may have a next leg (Trip::next) carrying the persons that arrived, released
// from where they are at max(its depart_s, the arrival time), at the earliest
// the step after the arrival; a leg leaving a shelter frees its places (回流,
// Trip::from_shelter for a first leg that starts inside one). A leg whose
// predecessor never arrives never departs; the persons of a chain are counted
// once, in the leg that holds them. A node-ending leg released elsewhere than
// its origin, or whose route closed before it left, gets the fastest path on
// the current travel times; if there is none, or its route closes on the way,
// it heads for the nearest open shelter with room like any other agent.
//
// Ferries (ferry.hpp, ferries.hpp; set_ferries): an edge flagged
// RoadGraph::ferry is no road: no queue, storage or headway, and the water
// never slows or closes it. Agents taking it wait at its tail (the pier); each
// departure of its timetable takes the waiting groups in arrival order (then
// trip index) while their persons fit in the boat and lands them at its head
// crossing_s later, into that node's departure queue. Routing sees it at
// crossing_s plus the wait for the next departure. After the last departure
// it is closed (trees and routes renewed) and the groups left at the pier go
// back to routing from there: with no other way they wait, stranded (岛自为战).
//
// Person states, exclusive and exhaustive for trip persons at every step:
// home (not departed; trapped at home is counted trapped), moving (in a
// departure queue, on an edge, at a pier or on a boat), stranded (held on a
// closed edge, or waiting at a node without a usable route), sheltered,
// trapped, arrived (at the end node of a leg):
// home + moving + stranded + sheltered + trapped + arrived == total.
//
// The parts of the model, one file each (namespace detail): agents.hpp (the
// agent store, explicit routes), legs.hpp (trip legs), ferries.hpp (ferry
// timetables), person_ledger.hpp (person states counted),
// link_queue.hpp (edge queues, storage, headway, the node pass),
// decisions.hpp (what an agent does at a node, turn-backs), shelters.hpp
// (admission, refusals and transfers), rerouting.hpp (weights, trees, agents
// waiting for a route), flood_cells.hpp and flood_response.hpp (the water:
// re-timing, holds, traps), gridlock.hpp, exposure.hpp, audit.hpp; queue_sim.cpp runs the
// step.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/core/log.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/ferry.hpp"
#include "sim/evac/sim_config.hpp"
#include "sim/evac/sim_results.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

class QueueSim {
 public:
  using Config = SimConfig;

  /// Validates everything (InputError/ConfigError naming the trip, shelter or
  /// unit; a Trip::route must start at the origin, be contiguous and name
  /// existing edges). Trips become compact agent arrays; the trip vector is
  /// released.
  QueueSim(const graph::RoadGraph& graph, std::vector<Shelter> shelters,
           std::vector<PopulationUnit> units, std::vector<Trip> trips, SimConfig config = {});
  ~QueueSim();
  QueueSim(const QueueSim&) = delete;
  QueueSim& operator=(const QueueSim&) = delete;

  void set_logger(Logger logger);

  /// Declares the flood grid (needed by apply_flood): builds the LinkSampler
  /// and the cells of nodes and population units.
  void set_flood_grid(const GeoTransform& geo, std::int64_t rows, std::int64_t cols);
  /// Flood coupling at the current time: depth (m) and speed (m/s) grids
  /// (rows*cols, NaN outside; speed may be null) set speeds and closures of
  /// every edge and trap agents standing in water above their mode's limit
  /// (held on a closed edge, queued or waiting at a node). With a hazard
  /// class grid (0..4, 255 nodata; may be null) people at home in a cell of
  /// class >= exposure_class_min whose node has every outgoing edge closed to
  /// their mode are trapped at home, and exposure is counted from now until
  /// the next call: persons at home (non-evacuees included) and persons
  /// stopped on the road (queued at the end of an edge, held, waiting or
  /// trapped) in cells of class >= exposure_class_min.
  void apply_flood(const float* depth_m, const float* speed_mps, const std::uint8_t* hazard_class);
  /// Every grid cell apply_flood may read (sorted, unique): the road samples and
  /// the cells of the nodes and of the population units (after set_flood_grid).
  /// A caller may fill the three grids at these cells only.
  std::vector<std::uint32_t> flood_cells_read() const;
  /// Direct link conditions (per edge): vehicle speed factor in [0, 1] of free
  /// speed (0 = closed) and walk_closed (non-zero = closed to pedestrians).
  /// Replaces what the last apply_flood set.
  void set_link_conditions(std::span<const float> car_speed_factor,
                           std::span<const std::uint8_t> walk_closed);

  /// Vehicle travel time of every edge now on an empty network, s: its length at the
  /// free speed as slowed by the water of the last coupling (Pregnolato et al. 2017),
  /// +inf where closed to vehicles; a served ferry edge takes crossing_s plus the wait
  /// for its next departure, +inf after its last one (停运). Congestion is left out.
  /// What a supply lorry would need (sim/evac/supplies.hpp).
  std::vector<double> vehicle_free_times_s() const;

  /// Ferry services on the ferry edges (RoadGraph::ferry; ferry.hpp has the rules),
  /// before the first step (InvariantError after it). Throws InputError naming the
  /// service: an edge that does not exist, is not flagged ferry or is served twice;
  /// departures not finite or not ascending; crossing_s < 0; boat capacity <= 0.
  /// Ferry edges without a service stay closed. Results: SimResults::ferries.
  void set_ferries(std::vector<FerryService> services);

  /// One step of config.step_s.
  void step();
  /// Steps until time_s() >= t_s (whole steps). Returns false if progress asked to stop.
  bool advance_to(double t_s, const Progress& progress = {});
  /// Nobody is at home or moving any more and no leg is due to depart (all
  /// sheltered, trapped, stranded or arrived).
  bool done() const;

  double time_s() const;
  std::int64_t steps_taken() const;
  StateTotals totals() const;
  /// Throws InvariantError unless every trip person is in exactly one state
  /// (from the counters; O(shelters)).
  void check_conservation() const;
  /// Recounts persons and vehicles from the agent arrays and queues and throws
  /// InvariantError on any mismatch with the counters (O(agents + edges)).
  void audit() const;
  SimResults results() const;
  /// Persons now by Trip::group and public state, ascending group (the groups of the
  /// trips only; sums in trip order: the same at any thread count).
  std::vector<GroupCounts> persons_by_group() const;

  /// Persons exposed at the last flood coupling (hazard class >= exposure_class_min) who
  /// are not at home: stopped on the road, in a departure queue, waiting, trapped
  /// on the road, arrived at the end node of a leg or waiting at a pier, plus those
  /// trapped at home whose departure time has come; by (Trip::group, class) ascending.
  /// The people at home (units, trips not departed) are left out: a caller with a
  /// presence model (sim/policy/presence.hpp) counts them where they are. Empty
  /// without legs or ferries. Sums in a fixed order (any thread count).
  std::vector<ExposedGroup> exposed_away_by_group() const;

  AgentView agent(std::uint32_t trip) const;
  /// The edges the trip's agent entered so far, in order (ferry edges included; after a
  /// transfer from a full shelter the edges on from there too). Empty unless
  /// SimConfig::record_paths. At most one edge per agent and step, so the same at any
  /// thread count.
  std::span<const graph::EdgeId> path(std::uint32_t trip) const;
  std::uint32_t vehicles_on_edge(graph::EdgeId e) const;
  std::uint32_t walkers_on_edge(graph::EdgeId e) const;
  std::uint32_t storage_veh(graph::EdgeId e) const;
  /// Vehicle speed now as a share of the free speed (0 = closed to cars), set by the water.
  double car_speed_factor(graph::EdgeId e) const;
  /// Closed to pedestrians now (by the water).
  bool walk_closed(graph::EdgeId e) const;
  double shelter_occupancy(std::uint32_t s) const;
  std::uint32_t agent_count() const;
  /// Bytes held by the per-agent arrays (capacity), for the memory budget.
  std::size_t agent_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace floodevac::evac
