#include "sim/siting/siting.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "sim/siting/assignment.hpp"

namespace floodevac::siting {

namespace {

double gap_of(double ub, double lb) {
  if (ub <= 0) return lb >= ub - 1e-12 ? 0.0 : 1.0;
  return std::max(0.0, (ub - lb) / ub);
}

struct One {
  SitingSolution s;
  double lb = 0;
  bool optimal = false;
  bool mip = false;
};

One solve_one(const SitingProblem& p, const SolveOptions& o) {
  One r;
  const bool use_mip = o.method == Method::mip ||
                       (o.method == Method::automatic &&
                        static_cast<std::int64_t>(p.arc_count()) <= o.mip_max_arcs);
  auto h = solve_heuristic(p, o.heuristic);
  r.s = std::move(h.solution);
  r.lb = h.lower_bound;
  if (use_mip && gap_of(r.s.objective, r.lb) > o.mip.relative_gap) {
    MipOptions mo = o.mip;
    mo.start = &r.s;
    auto m = solve_mip(p, mo);
    r.mip = true;
    r.optimal = m.optimal;
    if (m.solution.objective < r.s.objective) r.s = std::move(m.solution);
    r.lb = std::max(r.lb, m.lower_bound);
  } else if (use_mip) {
    r.mip = true;
    r.optimal = true;  // the heuristic met the bound
  }
  r.lb = std::min(r.lb, r.s.objective);
  return r;
}

/// The problem with the arcs longer than t_s removed.
SitingProblem within(const SitingProblem& p, double t_s) {
  SitingProblem q = p;
  q.first_arc.assign(1, 0);
  q.arc_site.clear();
  q.arc_time_s.clear();
  for (std::size_t i = 0; i < p.demand_count(); ++i) {
    for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
      if (p.arc_time_s[a] <= t_s) {
        q.arc_site.push_back(p.arc_site[a]);
        q.arc_time_s.push_back(p.arc_time_s[a]);
      }
    q.first_arc.push_back(static_cast<std::uint32_t>(q.arc_site.size()));
  }
  return q;
}

}  // namespace

SolveResult solve_siting(const SitingProblem& p, const SolveOptions& o) {
  p.validate();
  const auto t0 = std::chrono::steady_clock::now();
  SolveResult res;
  if (p.objective != Objective::maxtime) {
    auto r = solve_one(p, o);
    res.solution = std::move(r.s);
    res.lower_bound = r.lb;
    res.objective = res.solution.objective;
    res.optimal = r.optimal;
    res.method = r.mip ? "mip" : "heuristic";
  } else {
    // The persons placed with an unbounded radius set the target; then the smallest radius
    // among the distinct arc times that places as many (bisection).
    SitingProblem cov = p;
    cov.objective = Objective::coverage;
    cov.cover_time_s = std::numeric_limits<double>::infinity();
    auto base = solve_one(cov, o);
    const double target = base.s.objective;  // persons not placed (best known)
    std::vector<double> times = p.arc_time_s;
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    res.method = base.mip ? "mip" : "heuristic";
    bool all_optimal = base.optimal;
    if (times.empty()) {
      res.solution = std::move(base.s);
      res.objective = res.lower_bound = 0;
    } else {
      std::size_t lo = 0, hi = times.size() - 1;  // times[hi] is feasible (all arcs)
      SitingSolution best = base.s;
      double proven_infeasible = -1;  // the largest radius proven too small
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        cov.cover_time_s = times[mid];
        auto r = solve_one(cov, o);
        ++res.solves;
        all_optimal = all_optimal && r.optimal;
        if (r.s.objective <= target + 1e-9) {
          hi = mid;
          best = std::move(r.s);
        } else {
          lo = mid + 1;
          if (r.lb > target + 1e-9) proven_infeasible = std::max(proven_infeasible, times[mid]);
        }
      }
      const double radius = times[hi];
      // The chosen sites, assigned for the least person-time within the radius.
      SitingProblem w = within(p, radius);
      w.objective = Objective::median;
      auto s = assign(w, best.open);
      // Back onto the full problem's arcs (the same order, the longer ones with no flow).
      SitingSolution full;
      full.open = s.open;
      full.unassigned = s.unassigned;
      full.flow.assign(p.arc_count(), 0);
      for (std::size_t i = 0; i < p.demand_count(); ++i) {
        std::uint32_t b = w.first_arc[i];
        for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
          if (p.arc_time_s[a] <= radius) full.flow[a] = s.flow[b++];
      }
      SitingProblem pm = p;
      pm.objective = Objective::median;
      finish_solution(pm, full);
      res.solution = std::move(full);
      res.objective = res.solution.max_time_s;
      // Lower bound: the next distinct time above the largest radius proven too small.
      double lb = 0;
      if (proven_infeasible >= 0) {
        const auto it = std::upper_bound(times.begin(), times.end(), proven_infeasible);
        lb = it == times.end() ? radius : *it;
      }
      res.lower_bound = (all_optimal && base.mip) ? res.objective : std::min(lb, res.objective);
    }
    res.optimal = all_optimal && base.mip;
  }
  res.gap = gap_of(res.objective, res.lower_bound);
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace floodevac::siting
