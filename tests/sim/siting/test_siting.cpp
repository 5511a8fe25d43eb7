// Siting (issue 14): the assignment respects capacities exactly and is optimal; the MIP and
// the heuristic find the optimum known by enumeration; the MIP's gap is 0; the Lagrangian
// bound is a lower bound.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <bit>
#include <random>

#include "sim/siting/assignment.hpp"
#include "sim/siting/siting.hpp"
#include "sim/siting/siting_heuristic.hpp"
#include "sim/siting/siting_mip.hpp"

using namespace floodevac::siting;

namespace {

/// n demand points, e existing sites, c candidates, every pair an arc with a random time,
/// capacities that bind (sum of the existing below the demand).
SitingProblem random_problem(unsigned seed, int n, int e, int c, int k, Objective obj) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dem(5, 60), cap(20, 120), tt(60, 1800);
  SitingProblem p;
  p.objective = obj;
  p.k = k;
  p.cover_time_s = 900;
  for (int i = 0; i < n; ++i) p.demand.push_back(dem(rng));
  for (int j = 0; j < e + c; ++j) {
    p.capacity.push_back(cap(rng));
    p.existing.push_back(j < e ? 1 : 0);
    p.open_cost.push_back(j < e ? 0.0 : 0.5 + (j % 3) * 0.5);
  }
  p.first_arc.push_back(0);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < e + c; ++j) {
      if ((i + j) % 5 == 0) continue;  // some pairs unreachable
      p.arc_site.push_back(static_cast<std::uint32_t>(j));
      p.arc_time_s.push_back(tt(rng));
    }
    p.first_arc.push_back(static_cast<std::uint32_t>(p.arc_site.size()));
  }
  return p;
}

/// The best objective over every choice of at most k candidates within the budget.
double enumerate(const SitingProblem& p) {
  const std::size_t m = p.site_count();
  std::vector<std::size_t> cand;
  for (std::size_t j = 0; j < m; ++j)
    if (!p.existing[j]) cand.push_back(j);
  double best = std::numeric_limits<double>::infinity();
  for (std::uint32_t mask = 0; mask < (1u << cand.size()); ++mask) {
    if (std::popcount(mask) > p.k) continue;
    std::vector<std::uint8_t> open(m, 0);
    double spent = 0;
    for (std::size_t q = 0; q < cand.size(); ++q)
      if (mask & (1u << q)) {
        open[cand[q]] = 1;
        spent += p.open_cost[cand[q]];
      }
    if (spent > p.budget) continue;
    best = std::min(best, assign(p, open).objective);
  }
  return best;
}

/// Smallest radius placing as many persons as possible, by enumeration of the site choices
/// and of the radii.
double enumerate_maxtime(const SitingProblem& p) {
  SitingProblem cov = p;
  cov.objective = Objective::coverage;
  cov.cover_time_s = std::numeric_limits<double>::infinity();
  const double target = enumerate(cov);
  std::vector<double> times = p.arc_time_s;
  std::sort(times.begin(), times.end());
  for (double t : times) {
    cov.cover_time_s = t;
    if (enumerate(cov) <= target + 1e-9) return t;
  }
  return 0;
}

void expect_consistent(const SitingProblem& p, const SitingSolution& s) {
  std::vector<std::int64_t> load(p.site_count(), 0);
  for (std::size_t i = 0; i < p.demand_count(); ++i) {
    std::int64_t placed = 0;
    for (auto a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
      EXPECT_GE(s.flow[a], 0);
      if (s.flow[a] > 0) {
        EXPECT_TRUE(s.open[p.arc_site[a]]) << "flow to a closed site";
      }
      placed += s.flow[a];
      load[p.arc_site[a]] += s.flow[a];
    }
    EXPECT_EQ(placed + s.unassigned[i], p.demand[i]) << "demand " << i;
  }
  for (std::size_t j = 0; j < p.site_count(); ++j) {
    EXPECT_LE(load[j], p.capacity[j]) << "site " << j << " over capacity";
    EXPECT_EQ(load[j], s.load[j]);
  }
  EXPECT_LE(s.opened, p.k);
  EXPECT_LE(s.open_cost, p.budget + 1e-9);
}

}  // namespace

TEST(Assignment, RespectsCapacitiesAndIsOptimalOnAHandInstance) {
  // Two demand points of 10 persons, two sites of 12 and 20 places. Both prefer site 0
  // (60 s and 100 s) over site 1 (300 s and 120 s); site 0 has room for 12 only.
  SitingProblem p;
  p.demand = {10, 10};
  p.capacity = {12, 20};
  p.open_cost = {0, 0};
  p.existing = {1, 1};
  p.first_arc = {0, 2, 4};
  p.arc_site = {0, 1, 0, 1};
  p.arc_time_s = {60, 300, 100, 120};
  const auto s = assign(p, {1, 1});
  expect_consistent(p, s);
  // Optimum: demand 0 all to site 0 (600), demand 1: 2 to site 0 (200) and 8 to site 1 (960).
  EXPECT_EQ(s.flow[0], 10);
  EXPECT_EQ(s.flow[2], 2);
  EXPECT_EQ(s.flow[3], 8);
  EXPECT_DOUBLE_EQ(s.objective, 600 + 200 + 960);
  EXPECT_EQ(s.unassigned_persons, 0);
  // Capacity short: 5 places in all leave 15 unassigned, reported per demand point.
  p.capacity = {3, 2};
  const auto t = assign(p, {1, 1});
  expect_consistent(p, t);
  EXPECT_EQ(t.unassigned_persons, 15);
  EXPECT_EQ(t.load[0], 3);
  EXPECT_EQ(t.load[1], 2);
}

TEST(Siting, MipAndHeuristicFindTheEnumeratedOptimumMedian) {
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    auto p = random_problem(seed, 12, 2, 8, 3, Objective::median);
    const double best = enumerate(p);
    const auto mip = solve_mip(p);
    expect_consistent(p, mip.solution);
    EXPECT_NEAR(mip.solution.objective, best, 1e-6 * best) << "seed " << seed;
    EXPECT_TRUE(mip.optimal);
    const auto h = solve_heuristic(p);
    expect_consistent(p, h.solution);
    EXPECT_NEAR(h.solution.objective, best, 1e-6 * best) << "seed " << seed;
    EXPECT_LE(h.lower_bound, best + 1e-6 * best);
    EXPECT_GT(h.lower_bound, 0.5 * best);  // a useful bound, not -inf
    const double lb = lagrangian_bound(p, h.solution.objective, 200);
    EXPECT_LE(lb, best + 1e-6 * best);
    EXPECT_GT(lb, 0);
    const auto r = solve_siting(p);
    EXPECT_EQ(r.method, "mip");
    EXPECT_LE(r.gap, 1e-6) << "seed " << seed;
    EXPECT_NEAR(r.objective, best, 1e-6 * best);
  }
}

TEST(Siting, BudgetAndCoverageByEnumeration) {
  for (unsigned seed : {7u, 8u, 9u}) {
    auto p = random_problem(seed, 10, 1, 8, 3, Objective::coverage);
    p.budget = 2.0;
    const double best = enumerate(p);
    const auto mip = solve_mip(p);
    expect_consistent(p, mip.solution);
    EXPECT_NEAR(mip.solution.objective, best, 1e-9) << "seed " << seed;
    const auto h = solve_heuristic(p);
    expect_consistent(p, h.solution);
    EXPECT_NEAR(h.solution.objective, best, 1e-9) << "seed " << seed;
    const auto r = solve_siting(p);
    EXPECT_LE(r.gap, 1e-6);
  }
}

TEST(Siting, MaxTimeByEnumeration) {
  for (unsigned seed : {11u, 12u}) {
    auto p = random_problem(seed, 8, 1, 6, 2, Objective::maxtime);
    const double best = enumerate_maxtime(p);
    const auto r = solve_siting(p);
    expect_consistent(p, r.solution);
    EXPECT_DOUBLE_EQ(r.objective, best) << "seed " << seed;
    EXPECT_LE(r.solution.max_time_s, best);
    EXPECT_LE(r.gap, 1e-9);
    SolveOptions h;
    h.method = Method::heuristic;
    const auto rh = solve_siting(p, h);
    EXPECT_DOUBLE_EQ(rh.objective, best) << "seed " << seed;
    EXPECT_LE(rh.lower_bound, best);
  }
}

TEST(Siting, NoCandidatesKeepsTheExistingAssignment) {
  auto p = random_problem(5, 10, 3, 4, 0, Objective::median);
  const auto r = solve_siting(p);
  EXPECT_EQ(r.solution.opened, 0);
  const auto base = assign(p, std::vector<std::uint8_t>(p.site_count(), 0));
  EXPECT_DOUBLE_EQ(r.objective, base.objective);
  EXPECT_LE(r.gap, 1e-9);
}
