#pragma once
// Capacity-aware assignment of people to open shelters: a min-cost flow solved exactly with
// LEMON's network simplex (Dezső, Jüttner & Kovács 2011, "LEMON – an open source C++ graph
// template library"; the primal network simplex with block search pivoting). Not a greedy
// loop: for a fixed set of open sites it gives the optimum of the objective of
// SitingProblem (total person-time, or persons not covered) with every capacity respected
// exactly (integer persons). Persons who cannot reach an open site with room stay
// unassigned (an arc to the sink at unassigned_cost()).
#include <cstdint>
#include <vector>

#include "sim/siting/siting_problem.hpp"

namespace floodevac::siting {

/// The optimal assignment with the sites flagged in `open` (one flag per site; existing
/// sites are open whatever the flag says). Costs are taken in whole tenths of a second
/// (median) or whole persons (coverage) inside the solver; the solution's figures are
/// recomputed from the flows in double.
SitingSolution assign(const SitingProblem& p, std::vector<std::uint8_t> open);

/// Fills load, objective, person_time_s, max_time_s, unassigned_persons, open_cost,
/// opened from open, flow and unassigned.
void finish_solution(const SitingProblem& p, SitingSolution& s);

}  // namespace floodevac::siting
