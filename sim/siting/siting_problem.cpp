#include "sim/siting/siting_problem.hpp"

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"

namespace floodevac::siting {

const char* objective_name(Objective o) {
  switch (o) {
    case Objective::median:
      return "median";
    case Objective::coverage:
      return "coverage";
    case Objective::maxtime:
      return "maxtime";
  }
  return "?";
}

std::uint32_t SitingProblem::demand_of_arc_slow(std::uint32_t a) const {
  const auto it = std::upper_bound(first_arc.begin(), first_arc.end(), a);
  return static_cast<std::uint32_t>(it - first_arc.begin()) - 1;
}

void SitingProblem::validate() const {
  const std::size_t n = demand.size(), m = capacity.size();
  if (first_arc.size() != n + 1 || first_arc.front() != 0 || first_arc.back() != arc_site.size())
    throw InvariantError("siting problem: first_arc must have demand+1 entries from 0 to the arc count");
  if (arc_time_s.size() != arc_site.size())
    throw InvariantError("siting problem: arc_time_s and arc_site differ in size");
  if (open_cost.size() != m || existing.size() != m)
    throw InvariantError("siting problem: open_cost and existing need one entry per site");
  for (std::size_t i = 0; i < n; ++i) {
    if (demand[i] < 0) throw InvariantError("siting problem: demand " + std::to_string(i) + " < 0");
    if (first_arc[i + 1] < first_arc[i]) throw InvariantError("siting problem: first_arc decreases");
  }
  for (std::size_t j = 0; j < m; ++j)
    if (capacity[j] < 0 || !(open_cost[j] >= 0))
      throw InvariantError("siting problem: site " + std::to_string(j) + " has a negative capacity or cost");
  for (std::size_t a = 0; a < arc_site.size(); ++a) {
    if (arc_site[a] >= m) throw InvariantError("siting problem: arc " + std::to_string(a) + " site out of range");
    if (!(arc_time_s[a] >= 0) || !std::isfinite(arc_time_s[a]))
      throw InvariantError("siting problem: arc " + std::to_string(a) + " time not finite and >= 0");
  }
  if (k < 0) throw InvariantError("siting problem: k < 0");
  if (!(budget >= 0)) throw InvariantError("siting problem: budget < 0");
  if (objective == Objective::coverage && !(cover_time_s >= 0))
    throw InvariantError("siting problem: cover_time_s < 0");
}

double SitingProblem::cost_per_person(std::size_t a) const {
  if (objective == Objective::median) return arc_time_s[a];
  return arc_time_s[a] <= cover_time_s ? 0.0 : 1.0;
}

double SitingProblem::unassigned_cost() const {
  if (objective != Objective::median) return 1.0;
  if (penalty_s > 0) return penalty_s;
  double mx = 0;
  for (double t : arc_time_s) mx = std::max(mx, t);
  return mx + 3600.0;
}

std::int64_t SitingProblem::total_demand() const {
  std::int64_t s = 0;
  for (auto d : demand) s += d;
  return s;
}

}  // namespace floodevac::siting
