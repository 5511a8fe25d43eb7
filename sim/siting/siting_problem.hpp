#pragma once
// The shelter siting problem (issue 14) as plain data: demand points with persons, sites
// (the existing shelters, always open, then the candidates) with capacities and costs, and
// the arcs demand -> site that the flooded network leaves open, with their travel times.
//
// One model serves the three objectives. A person assigned on arc a costs cost_per_person(a),
// a person left unassigned costs unassigned_cost():
//  - median:   the travel time (s); unassigned: penalty_s (capacitated p-median,
//              ReVelle & Swain 1970, with the capacities of Sridharan 1995's CFLP survey);
//  - coverage: 0 within cover_time_s, 1 beyond or unassigned, i.e. the persons not covered
//              (maximal covering location, Church & ReVelle 1974, capacitated);
//  - maxtime:  solved as a sequence of coverage problems (siting.hpp), the smallest radius
//              whose uncovered persons equal those of an unbounded radius (the p-centre by
//              bisection on the radius, Minieka 1970).
// At most k candidates open, their costs within the budget. Existing sites cost nothing.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace floodevac::siting {

enum class Objective : std::uint8_t { median = 0, coverage = 1, maxtime = 2 };
/// "median", "coverage", "maxtime".
const char* objective_name(Objective o);

struct SitingProblem {
  std::vector<std::int64_t> demand;  // persons per demand point (whole persons, >= 0)
  std::vector<std::int64_t> capacity;  // persons per site, >= 0
  std::vector<double> open_cost;       // per site (0 for existing ones)
  std::vector<std::uint8_t> existing;  // per site: 1 = always open (not counted in k)
  // Arcs grouped by demand (CSR): arcs of demand i are first_arc[i] .. first_arc[i+1]-1.
  std::vector<std::uint32_t> first_arc;  // demand count + 1
  std::vector<std::uint32_t> arc_site;
  std::vector<double> arc_time_s;  // finite, >= 0
  std::int32_t k = 0;              // at most this many candidates open
  double budget = std::numeric_limits<double>::infinity();  // sum of open_cost of candidates
  Objective objective = Objective::median;
  double cover_time_s = 900;  // coverage: within this time
  /// median: the cost of one unassigned person (s); 0 = max arc time + 3600 s, so that a
  /// person who can be placed always is.
  double penalty_s = 0;

  std::size_t demand_count() const { return demand.size(); }
  std::size_t site_count() const { return capacity.size(); }
  std::size_t arc_count() const { return arc_site.size(); }
  std::uint32_t demand_of_arc_slow(std::uint32_t a) const;  // binary search (for messages)
  /// Throws InvariantError naming the first broken invariant.
  void validate() const;
  /// The objective's cost of one person on arc a (coverage: 0 or 1; median: seconds).
  double cost_per_person(std::size_t a) const;
  /// The objective's cost of one unassigned person.
  double unassigned_cost() const;
  std::int64_t total_demand() const;
};

/// A choice of open sites and the persons on every arc (an optimal assignment for it).
struct SitingSolution {
  std::vector<std::uint8_t> open;     // per site (existing ones are 1)
  std::vector<std::int64_t> flow;     // persons per arc
  std::vector<std::int64_t> unassigned;  // persons per demand point
  std::vector<std::int64_t> load;     // persons per site
  double objective = std::numeric_limits<double>::infinity();  // cost as defined above
  double person_time_s = 0;           // sum of flow x time
  double max_time_s = 0;              // the longest arc with flow
  std::int64_t unassigned_persons = 0;
  double open_cost = 0;               // of the open candidates
  std::int32_t opened = 0;            // candidates open
  bool feasible() const { return !open.empty(); }
};

}  // namespace floodevac::siting
