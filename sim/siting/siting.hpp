#pragma once
// Solving a siting problem: exactly with the MIP (siting_mip.hpp) up to a size, the
// Lagrangian heuristic (siting_heuristic.hpp) above it, and always the gap to a proven
// lower bound. maxtime is solved by bisection over the distinct arc times, each step a
// coverage problem (see siting_problem.hpp).
#include <cstdint>
#include <string>

#include "sim/siting/siting_heuristic.hpp"
#include "sim/siting/siting_mip.hpp"
#include "sim/siting/siting_problem.hpp"

namespace floodevac::siting {

enum class Method : std::uint8_t { automatic = 0, mip = 1, heuristic = 2 };

struct SolveOptions {
  Method method = Method::automatic;
  /// automatic: the MIP when the problem has at most this many arcs (its columns), the
  /// heuristic above. The county town (3 207 arcs) solves in 3 s; a 70 000-arc synthetic
  /// instance did not finish in 7 min (CBC checks its time limit only between phases),
  /// hence 20 000 (docs/siting.md).
  std::int64_t mip_max_arcs = 20000;
  MipOptions mip;
  HeuristicOptions heuristic;
};

struct SolveResult {
  SitingSolution solution;
  /// median / coverage: a lower bound on the objective; maxtime: on the radius (s).
  double lower_bound = 0;
  double objective = 0;  // median / coverage: solution.objective; maxtime: the radius (s)
  double gap = 0;        // (objective - lower_bound) / objective, 0 when both are 0
  std::string method;    // "mip", "heuristic"
  bool optimal = false;  // proven (gap within the MIP's tolerance)
  double seconds = 0;
  std::int32_t solves = 1;  // maxtime: coverage problems solved
};

SolveResult solve_siting(const SitingProblem& p, const SolveOptions& options = {});

}  // namespace floodevac::siting
