#include "sim/policy/assignment.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/core/error.hpp"
#include "sim/evac/demand.hpp"
#include "sim/graph/routing.hpp"
#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {
namespace {

constexpr int kRounds = 8;

std::uint32_t find_root(std::vector<std::uint32_t>& parent, std::uint32_t x) {
  while (parent[x] != x) {
    parent[x] = parent[parent[x]];  // path halving
    x = parent[x];
  }
  return x;
}

bool is_ferry(const graph::RoadGraph& g, graph::EdgeId e) {
  return !g.ferry.empty() && g.ferry[e];
}

struct Base {
  graph::NodeId node = graph::kInvalid;
  double room = 0;  // persons not yet assigned
};

// Distributes `persons` (whole) over the candidates by the gravity weights, capped at
// their room; returns what could not be placed. alloc is per candidate.
double allocate(double persons, const std::vector<std::size_t>& cand,
                const std::vector<double>& decay, std::vector<Base>& bases,
                std::vector<double>& alloc, std::uint64_t seed, std::uint64_t place) {
  struct Rem {
    double frac;
    double key;
    std::size_t i;
  };
  std::vector<Rem> rem;
  for (int round = 0; round < kRounds && persons > 0.0; ++round) {
    double w_sum = 0.0;
    for (std::size_t i = 0; i < cand.size(); ++i) w_sum += bases[cand[i]].room * decay[i];
    if (!(w_sum > 0.0)) break;
    double given = 0.0;
    rem.clear();
    std::vector<double> share(cand.size(), 0.0);
    for (std::size_t i = 0; i < cand.size(); ++i) {
      const double q = persons * bases[cand[i]].room * decay[i] / w_sum;
      share[i] = std::floor(q);
      given += share[i];
      if (bases[cand[i]].room - share[i] >= 1.0)
        rem.push_back({q - share[i], evac::uniform_open01(seed, place, cand[i]), i});
    }
    // Largest remainder; ties by the seed's hash (then index, for equal hashes).
    std::sort(rem.begin(), rem.end(), [](const Rem& a, const Rem& b) {
      if (a.frac != b.frac) return a.frac > b.frac;
      if (a.key != b.key) return a.key < b.key;
      return a.i < b.i;
    });
    double left = persons - given;
    for (std::size_t k = 0; k < rem.size() && left >= 1.0; ++k, left -= 1.0) share[rem[k].i] += 1.0;
    double placed = 0.0;
    for (std::size_t i = 0; i < cand.size(); ++i) {
      Base& b = bases[cand[i]];
      const double take = std::min(share[i], std::floor(b.room));
      alloc[i] += take;
      b.room -= take;
      placed += take;
    }
    if (placed <= 0.0) break;
    persons -= placed;
  }
  return persons;
}

}  // namespace

std::vector<std::uint32_t> land_masses(const graph::RoadGraph& g) {
  const std::uint32_t n = g.node_count();
  std::vector<std::uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  for (graph::NodeId u = 0; u < n; ++u)
    for (graph::EdgeId e = g.first_out[u]; e < g.first_out[u + 1]; ++e) {
      if (is_ferry(g, e)) continue;
      const std::uint32_t a = find_root(parent, u), b = find_root(parent, g.head[e]);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  // Number components by their smallest node id.
  std::vector<std::uint32_t> label(n, graph::kInvalid), root_label(n, graph::kInvalid);
  std::uint32_t next = 0;
  for (graph::NodeId u = 0; u < n; ++u) {
    const std::uint32_t r = find_root(parent, u);
    if (root_label[r] == graph::kInvalid) root_label[r] = next++;
    label[u] = root_label[r];
  }
  return label;
}

std::vector<double> free_flow_times(const graph::RoadGraph& g,
                                    const std::vector<double>& ferry_crossing_s) {
  std::vector<double> t(g.edge_count());
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    if (is_ferry(g, e)) {
      t[e] = e < ferry_crossing_s.size() && std::isfinite(ferry_crossing_s[e]) ? ferry_crossing_s[e]
                                                                               : graph::kInfTime;
    } else {
      t[e] = static_cast<double>(g.length_m[e]) / static_cast<double>(g.free_speed_mps[e]);
    }
  }
  return t;
}

PlaceAssignment assign_places(const graph::RoadGraph& g,
                              const std::vector<evac::PopulationUnit>& units,
                              const std::vector<ActivityPlace>& places, const GravityRule& rule,
                              std::uint64_t seed) {
  if (!(rule.tau_s > 0.0) || !std::isfinite(rule.tau_s))
    config_fail("gravity.tau_s", "must be a finite time > 0 s", "e.g. 900");
  const std::vector<std::uint32_t> mass = land_masses(g);
  const std::vector<double> times = free_flow_times(g);  // ferries excluded
  graph::Router router(g);
  graph::ShortestPathTree tree;

  std::vector<Base> residents(units.size()), hotels(places.size());
  for (std::size_t u = 0; u < units.size(); ++u)
    if (units[u].node != graph::kInvalid)
      residents[u] = {units[u].node, std::max(0.0, std::round(units[u].persons))};
  for (std::size_t p = 0; p < places.size(); ++p)
    if (places[p].lodging && places[p].node != graph::kInvalid)
      hotels[p] = {places[p].node, std::max(0.0, std::round(places[p].persons))};

  PlaceAssignment out;
  out.first.assign(1, 0);
  out.unplaced.assign(places.size(), 0.0);
  std::vector<std::size_t> cand;
  std::vector<double> decay, alloc;
  for (std::size_t p = 0; p < places.size(); ++p) {
    const ActivityPlace& pl = places[p];
    const double persons = std::max(0.0, std::round(pl.persons));
    if (!pl.lodging && pl.node != graph::kInvalid && persons > 0.0) {
      std::vector<Base>& bases = pl.activity == Activity::tourist ? hotels : residents;
      router.tree_to(times, pl.node, tree);
      cand.clear();
      decay.clear();
      for (std::size_t b = 0; b < bases.size(); ++b) {
        const graph::NodeId n = bases[b].node;
        if (n == graph::kInvalid || bases[b].room < 1.0 || mass[n] != mass[pl.node]) continue;
        if (!std::isfinite(tree.time_s[n])) continue;
        cand.push_back(b);
        decay.push_back(std::exp(-tree.time_s[n] / rule.tau_s));
      }
      alloc.assign(cand.size(), 0.0);
      out.unplaced[p] = allocate(persons, cand, decay, bases, alloc, seed, p);
      for (std::size_t i = 0; i < cand.size(); ++i)
        if (alloc[i] > 0.0) {
          out.base.push_back(static_cast<std::int32_t>(cand[i]));
          out.persons.push_back(alloc[i]);
        }
    } else if (!pl.lodging) {
      out.unplaced[p] = persons;
    }
    out.first.push_back(static_cast<std::uint32_t>(out.base.size()));
  }
  return out;
}

}  // namespace floodevac::policy
