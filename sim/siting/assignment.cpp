#include "sim/siting/assignment.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace floodevac::siting {

namespace {
// Integer costs for the network simplex: tenths of a second (median), persons (coverage).
std::int64_t scaled(const SitingProblem& p, double c) {
  return p.objective == Objective::median ? std::llround(c * 10.0) : std::llround(c);
}
}  // namespace

void finish_solution(const SitingProblem& p, SitingSolution& s) {
  const std::size_t n = p.demand_count(), m = p.site_count();
  s.load.assign(m, 0);
  s.person_time_s = 0;
  s.max_time_s = 0;
  s.unassigned_persons = 0;
  s.open_cost = 0;
  s.opened = 0;
  double obj = 0;
  const double pen = p.unassigned_cost();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
      const auto f = s.flow[a];
      if (f <= 0) continue;
      s.load[p.arc_site[a]] += f;
      s.person_time_s += static_cast<double>(f) * p.arc_time_s[a];
      s.max_time_s = std::max(s.max_time_s, p.arc_time_s[a]);
      obj += static_cast<double>(f) * p.cost_per_person(a);
    }
    s.unassigned_persons += s.unassigned[i];
    obj += static_cast<double>(s.unassigned[i]) * pen;
  }
  for (std::size_t j = 0; j < m; ++j)
    if (s.open[j] && !p.existing[j]) {
      s.open_cost += p.open_cost[j];
      ++s.opened;
    }
  s.objective = obj;
}

SitingSolution assign(const SitingProblem& p, std::vector<std::uint8_t> open) {
  const std::size_t n = p.demand_count(), m = p.site_count();
  if (open.size() != m) throw InvariantError("assign: one open flag per site expected");
  for (std::size_t j = 0; j < m; ++j)
    if (p.existing[j]) open[j] = 1;
  using G = lemon::SmartDigraph;
  G g;
  g.reserveNode(static_cast<int>(n + m + 1));
  std::vector<G::Node> dn(n), sn(m);
  for (auto& v : dn) v = g.addNode();
  for (std::size_t j = 0; j < m; ++j)
    if (open[j]) sn[j] = g.addNode();
  const G::Node sink = g.addNode();
  G::ArcMap<std::int64_t> upper(g), cost(g);
  G::NodeMap<std::int64_t> supply(g, 0);
  std::vector<G::Arc> arc_of(p.arc_count(), lemon::INVALID), skip(n);
  const std::int64_t pen = scaled(p, p.unassigned_cost());
  std::int64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    supply[dn[i]] = p.demand[i];
    total += p.demand[i];
    for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
      const auto j = p.arc_site[a];
      if (!open[j] || p.demand[i] == 0 || p.capacity[j] == 0) continue;
      const G::Arc e = g.addArc(dn[i], sn[j]);
      upper[e] = p.demand[i];
      cost[e] = scaled(p, p.cost_per_person(a));
      arc_of[a] = e;
    }
    skip[i] = g.addArc(dn[i], sink);  // unassigned
    upper[skip[i]] = p.demand[i];
    cost[skip[i]] = pen;
  }
  for (std::size_t j = 0; j < m; ++j)
    if (open[j]) {
      const G::Arc e = g.addArc(sn[j], sink);
      upper[e] = p.capacity[j];
      cost[e] = 0;
    }
  supply[sink] = -total;
  lemon::NetworkSimplex<G, std::int64_t, std::int64_t> ns(g);
  ns.upperMap(upper).costMap(cost).supplyMap(supply);
  const auto status = ns.run();
  if (status != lemon::NetworkSimplex<G, std::int64_t, std::int64_t>::OPTIMAL)
    throw InvariantError("assign: the network simplex found no optimum (it always has one: "
                         "every person can stay unassigned)");
  SitingSolution s;
  s.open = std::move(open);
  s.flow.assign(p.arc_count(), 0);
  s.unassigned.assign(n, 0);
  for (std::size_t a = 0; a < p.arc_count(); ++a)
    if (arc_of[a] != lemon::INVALID) s.flow[a] = ns.flow(arc_of[a]);
  for (std::size_t i = 0; i < n; ++i) s.unassigned[i] = ns.flow(skip[i]);
  finish_solution(p, s);
  return s;
}

}  // namespace floodevac::siting
