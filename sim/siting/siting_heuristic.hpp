#pragma once
// The siting heuristic for instances above the MIP's size, and the lower bound that gives
// its gap: Lagrangian relaxation of the demand rows of the strong CFLP formulation
// (siting_mip.hpp), solved by subgradient optimisation (Held, Wolfe & Crowder 1974; the
// step rule of Beasley 1993, "Lagrangean relaxation", in Reeves (ed.), Modern Heuristic
// Techniques). With multipliers lambda_i the relaxation splits by site: each site's value is
// a continuous knapsack over its arcs with negative reduced cost c_a - lambda_i (greedy by
// cost is exact), and the best k candidates by value open (the budget row is dropped in the
// bound, which keeps it a valid lower bound). Its maximum equals the LP bound of the strong
// formulation (Geoffrion 1974), so it is the bound CBC starts from, at O(arcs) per iteration.
//
// Upper bounds: a greedy start (add the candidate that lowers the cost most, k times) when
// k x candidates is small enough, the relaxation's open sites every few iterations (the
// Lagrangian heuristic), then swap local search (Teitz & Bart 1968): swap an open candidate
// for a closed one while that lowers the cost. Every choice of sites is costed exactly by the
// network simplex (assignment.hpp).
#include <cstdint>

#include "sim/siting/siting_problem.hpp"

namespace floodevac::siting {

struct HeuristicOptions {
  std::int32_t max_iterations = 400;   // subgradient iterations
  std::int32_t eval_every = 10;        // a Lagrangian-heuristic assignment every n iterations
  double target_gap = 1e-4;            // stop once (best - bound) / best is below this
  std::int64_t greedy_max_evaluations = 2000;  // greedy start only below k x candidates
  std::int64_t swap_max_evaluations = 2000;    // swap moves tried at most
  std::int32_t swap_pool = 30;  // closed candidates tried per swap round (best Lagrangian values)
  double time_limit_s = 300;
};

struct HeuristicResult {
  SitingSolution solution;
  double lower_bound = 0;  // Lagrangian bound (valid for every objective of SitingProblem)
  std::int32_t iterations = 0;
  std::int64_t evaluations = 0;  // network-simplex assignments
  double seconds = 0;
  double seconds_to_1pct = -1;  // when (best - bound) / best first fell to 1 % (-1: never)
};

HeuristicResult solve_heuristic(const SitingProblem& p, const HeuristicOptions& options = {});

/// The Lagrangian lower bound alone (the subgradient loop without assignments), for tests.
double lagrangian_bound(const SitingProblem& p, double upper_bound, std::int32_t iterations);

}  // namespace floodevac::siting
