#pragma once
// The siting problem as a mixed-integer programme, solved by COIN-OR CBC (Forrest & Lougee-Heimer
// 2005, "CBC User Guide"): branch and cut on Clp's LP with probing, Gomory, knapsack-cover,
// MIR and flow-cover cuts and the feasibility pump (Fischetti, Glover & Lodi 2005).
//
//   min  sum_a c_a x_a + p sum_i u_i
//   s.t. sum_{a in i} x_a + u_i = d_i               every demand point i
//        sum_{a to j} x_a <= Q_j y_j                every site j (existing: y_j = 1)
//        x_a <= d_i y_j                             every arc a = (i, j) to a candidate
//        sum_j y_j <= k,  sum_j f_j y_j <= B        candidates only
//        x, u >= 0, y binary
// The strong linking rows x_a <= d_i y_j make the LP relaxation the one of the classical
// strong CFLP formulation (Cornuejols, Sridharan & Thizy 1991). In coverage an arc beyond the
// radius costs what an unassigned person costs and is left out. The chosen sites are then
// assigned exactly with the network simplex (assignment.hpp), so the flows are whole persons.
#include <cstdint>

#include "sim/siting/siting_problem.hpp"

namespace floodevac::siting {

struct MipOptions {
  double time_limit_s = 120;     // CBC stops here with its best solution and bound
  double relative_gap = 1e-6;    // stop when (best - bound) / best is below this
  const SitingSolution* start = nullptr;  // a known solution CBC starts from (optional)
};

struct MipResult {
  SitingSolution solution;     // infeasible() never: leaving everyone unassigned is feasible
  double lower_bound = 0;      // CBC's best possible objective (a proven lower bound)
  bool optimal = false;        // proven optimal within relative_gap
  double seconds = 0;
  std::int64_t nodes = 0;
  std::int64_t columns = 0, rows = 0;
};

MipResult solve_mip(const SitingProblem& p, const MipOptions& options = {});

}  // namespace floodevac::siting
