#include "sim/evac/audit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac::detail {

void check_conservation(const PersonLedger& ledger, const Shelters& sh, double t) {
  const double total = ledger.total(), home = ledger.home(), moving = ledger.moving(),
               stranded = ledger.stranded(), sheltered = ledger.sheltered(),
               trapped = ledger.trapped(), departed = ledger.departed(),
               arrived = ledger.arrived();
  const double tol = 1e-6 * std::max(1.0, total);
  auto fail = [&](const std::string& what) {
    throw InvariantError("evacuation at t = " + std::to_string(t) + " s: " + what);
  };
  const double sum = home + moving + stranded + sheltered + trapped + arrived;
  if (std::abs(sum - total) > tol)
    fail("persons not conserved: home + moving + stranded + sheltered + trapped + arrived = " +
         std::to_string(sum) + ", trips carry " + std::to_string(total));
  for (double c : {home, moving, stranded, sheltered, trapped, departed, arrived})
    if (c < -tol) fail("a person counter went negative");
  if (std::abs(departed - (total - ledger.started_sheltered() - home - ledger.trapped_at_home())) >
      tol)
    fail("departed persons do not match total - started sheltered - home - trapped at home");
  double occ_sum = 0;
  for (std::size_t s = 0; s < sh.occupancy.size(); ++s) {
    if (sh.occupancy[s] > sh.capacity[s] + tol)
      fail("shelter " + std::to_string(s) + " holds more than its capacity");
    occ_sum += sh.occupancy[s];
  }
  if (std::abs(occ_sum - sheltered) > tol) fail("sheltered persons do not match shelter occupancy");
}

void audit(const graph::RoadGraph& g, const Agents& ag, const LinkQueues& q,
           const PersonLedger& ledger, const Shelters& shelters,
           const std::vector<std::uint32_t>& parked, double t) {
  check_conservation(ledger, shelters, t);
  const std::uint32_t N = ag.size();
  auto fail = [&](const std::string& what) {
    throw InvariantError("evacuation audit at t = " + std::to_string(t) + " s: " + what);
  };
  double ph = 0, pm = 0, ps = 0, pt = 0, pa = 0;
  std::uint64_t n_queue = 0, n_edge_car = 0, n_edge_walk = 0, n_parked = 0;
  for (std::uint32_t a = 0; a < N; ++a) {
    const std::uint8_t s = ag.state[a];
    if (s == kHome)
      ph += ag.persons[a];
    else if (is_moving(s))
      pm += ag.persons[a];
    else if (is_stranded(s))
      ps += ag.persons[a];
    else if (is_trapped(s))
      pt += ag.persons[a];
    else if (s == kArrived)
      pa += ag.persons[a];
    if (s == kQueue) ++n_queue;
    if (s == kParked) ++n_parked;
    if (s == kOnEdge || s == kHeld) (ag.mode[a] == 0 ? n_edge_car : n_edge_walk) += 1;
  }
  const double tol = 1e-6 * std::max(1.0, ledger.total());
  if (std::abs(ph - ledger.home()) > tol) fail("home persons differ from the agents");
  if (std::abs(pm - ledger.moving()) > tol) fail("moving persons differ from the agents");
  if (std::abs(ps - ledger.stranded()) > tol) fail("stranded persons differ from the agents");
  if (std::abs(pt - ledger.trapped()) > tol) fail("trapped persons differ from the agents");
  if (std::abs(pa - ledger.arrived()) > tol) fail("arrived persons differ from the agents");
  std::uint64_t in_lists = 0, walk_in_lists = 0;
  for (EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto bits = static_cast<std::uint8_t>((q.car_head[e] != kNone ? 1 : 0) |
                                                (q.walk_head[e] != kNone ? 2 : 0));
    if (q.in_active[q.slot_of[e]] != bits)
      fail("activity flags of edge " + std::to_string(e) + " are stale");
    std::int32_t c = 0;
    for (std::uint32_t a = q.car_head[e]; a != kNone; a = q.next[a]) {
      if (ag.edge[a] != e || ag.mode[a] != 0 || (ag.state[a] != kOnEdge && ag.state[a] != kHeld))
        fail("vehicle " + std::to_string(a) + " is in the queue of edge " + std::to_string(e) +
             " but not on it");
      ++c;
    }
    if (c != q.occ[e])
      fail("edge " + std::to_string(e) + " counts " + std::to_string(q.occ[e]) +
           " vehicles, its queue has " + std::to_string(c));
    if (c > q.storage[e] + q.over[e])
      fail("edge " + std::to_string(e) + " holds more vehicles than its storage");
    in_lists += static_cast<std::uint64_t>(c);
    for (std::uint32_t a = q.walk_head[e]; a != kNone; a = q.next[a]) {
      if (ag.edge[a] != e || ag.mode[a] != 1) fail("walker in the wrong queue");
      ++walk_in_lists;
    }
  }
  if (in_lists != n_edge_car || walk_in_lists != n_edge_walk)
    fail("agents on edges and queues disagree");
  std::uint64_t nq = 0;
  for (int k = 0; k < 2; ++k)
    for (NodeId u = 0; u < g.node_count(); ++u)
      for (std::uint32_t a = q.dep_head[k][u]; a != kNone; a = q.next[a]) {
        if (ag.state[a] != kQueue || ag.node(g, a) != u) fail("agent in the wrong departure queue");
        ++nq;
      }
  if (nq != n_queue) fail("departure queues and agent states disagree");
  std::uint64_t np = 0;
  for (std::uint32_t a : parked)
    if (ag.state[a] == kParked) ++np;
  if (np != n_parked) fail("waiting list and agent states disagree");
}

}  // namespace floodevac::evac::detail
