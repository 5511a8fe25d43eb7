// bench_siting [demand] [candidates] [k] [arcs_per_demand] [mip_seconds] [existing]
// The siting solvers on a synthetic instance (issue 14 §4): demand points and candidate
// sites uniform in a 20 km square, each demand point linked to every existing shelter and to
// its nearest candidates
// (road time = 1.3 x straight line at 10 m/s), capacities that bind. Prints, for the
// Lagrangian heuristic alone and for CBC's MIP started from it, the wall time, the time
// to a solution within 1 % of the best bound, the objective, the bound and the gap.
// A benchmark, not a test: the figures go to docs/siting.md.
#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "sim/siting/siting.hpp"

using namespace floodevac::siting;

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each result line as soon as it is known
  const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int c = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int k = argc > 3 ? std::atoi(argv[3]) : 60;
  const int per = argc > 4 ? std::atoi(argv[4]) : 50;
  const double mip_s = argc > 5 ? std::atof(argv[5]) : 300;
  const int e = argc > 6 ? std::atoi(argv[6]) : 20;  // existing shelters, linked to every demand point
  std::mt19937_64 rng(20261214);
  std::uniform_real_distribution<double> xy(0, 20000);
  std::uniform_int_distribution<int> dem(5, 50), cap(2000, 8000);
  std::vector<double> dx(n), dy(n), cx(c), cy(c);
  SitingProblem p;
  p.k = k;
  for (int i = 0; i < n; ++i) {
    dx[i] = xy(rng);
    dy[i] = xy(rng);
    p.demand.push_back(dem(rng));
  }
  std::vector<double> ex(e), ey(e);
  for (int j = 0; j < e; ++j) {  // existing shelters first (sites 0 .. e-1), always open
    ex[j] = xy(rng);
    ey[j] = xy(rng);
    p.capacity.push_back(cap(rng));
    p.existing.push_back(1);
    p.open_cost.push_back(0);
  }
  for (int j = 0; j < c; ++j) {
    cx[j] = xy(rng);
    cy[j] = xy(rng);
    p.capacity.push_back(cap(rng));
    p.existing.push_back(0);
    p.open_cost.push_back(1);
  }
  p.first_arc.push_back(0);
  std::vector<std::pair<double, int>> d(c);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < c; ++j) d[j] = {std::hypot(dx[i] - cx[j], dy[i] - cy[j]) * 1.3 / 10.0, j};
    const int m = std::min(per, c);
    std::partial_sort(d.begin(), d.begin() + m, d.end());
    for (int j = 0; j < e; ++j) {
      p.arc_site.push_back(static_cast<std::uint32_t>(j));
      p.arc_time_s.push_back(std::hypot(dx[i] - ex[j], dy[i] - ey[j]) * 1.3 / 10.0);
    }
    for (int q = 0; q < m; ++q) {
      p.arc_site.push_back(static_cast<std::uint32_t>(e + d[q].second));
      p.arc_time_s.push_back(d[q].first);
    }
    p.first_arc.push_back(static_cast<std::uint32_t>(p.arc_site.size()));
  }
  std::int64_t capsum = 0;
  for (auto q : p.capacity) capsum += q;
  std::printf("instance: %d demand points (%lld persons), %d existing + %d candidates (%lld places), k = %d, %zu arcs\n", n,
              static_cast<long long>(p.total_demand()), e, c, static_cast<long long>(capsum), k, p.arc_count());

  HeuristicOptions ho;
  ho.time_limit_s = 900;
  ho.max_iterations = 1500;        // the bound converges slowly on 10^5..10^6 arcs
  ho.eval_every = 25;
  ho.swap_max_evaluations = 300;  // each costs a network simplex on every demand point
  const auto h = solve_heuristic(p, ho);
  const double hgap = (h.solution.objective - h.lower_bound) / h.solution.objective;
  std::printf("heuristic alone: %.2f s, %d iterations, %lld assignments; objective %.6g, Lagrangian bound %.6g, "
              "gap %.3f %%; within 1 %% of its bound after %.2f s; %lld unassigned\n",
              h.seconds, h.iterations, static_cast<long long>(h.evaluations), h.solution.objective, h.lower_bound,
              100 * hgap, h.seconds_to_1pct, static_cast<long long>(h.solution.unassigned_persons));
  if (mip_s > 0) {
    MipOptions mo;
    mo.time_limit_s = mip_s;
    mo.relative_gap = 0.01;  // stop at 1 % of CBC's bound
    mo.start = &h.solution;
    const auto m = solve_mip(p, mo);
    const double lb = std::max(m.lower_bound, h.lower_bound);
    const double best = std::min(m.solution.objective, h.solution.objective);
    std::printf("CBC MIP (from the heuristic, stop at 1 %%): %.2f s (+ %.2f s heuristic), %lld nodes, %lld columns, "
                "%lld rows; objective %.6g, CBC bound %.6g, best bound %.6g, gap %.3f %%%s\n",
                m.seconds, h.seconds, static_cast<long long>(m.nodes), static_cast<long long>(m.columns),
                static_cast<long long>(m.rows), m.solution.objective, m.lower_bound, lb, 100 * (best - lb) / best,
                m.optimal ? " (within 1 %)" : " (time limit)");
  }
  return 0;
}
