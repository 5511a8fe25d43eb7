#include "sim/siting/siting_heuristic.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "sim/siting/assignment.hpp"

namespace floodevac::siting {

namespace {

using Clock = std::chrono::steady_clock;

double rel_gap(double ub, double lb) {
  if (!std::isfinite(ub)) return 1.0;
  return ub > 0 ? std::max(0.0, (ub - lb) / ub) : (lb >= ub ? 0.0 : 1.0);
}

/// The Lagrangian subproblem: per-site knapsack values and the bound.
class Lagrangian {
 public:
  explicit Lagrangian(const SitingProblem& p) : p_(p) {
    const std::size_t n = p.demand_count(), m = p.site_count();
    pen_ = p.unassigned_cost();
    // Arcs grouped by site (counting sort, ascending arc id in a group).
    site_first_.assign(m + 1, 0);
    arc_demand_.resize(p.arc_count());
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
        arc_demand_[a] = static_cast<std::uint32_t>(i);
        ++site_first_[p.arc_site[a] + 1];
      }
    for (std::size_t j = 0; j < m; ++j) site_first_[j + 1] += site_first_[j];
    site_arc_.resize(p.arc_count());
    std::vector<std::uint32_t> pos(site_first_.begin(), site_first_.end() - 1);
    for (std::uint32_t a = 0; a < p.arc_count(); ++a) site_arc_[pos[p.arc_site[a]]++] = a;
    cost_.resize(p.arc_count());
    for (std::size_t a = 0; a < p.arc_count(); ++a) cost_[a] = p.cost_per_person(a);
    // lambda_i: the cheapest arc of i (or the penalty), the usual start.
    lambda_.assign(n, pen_);
    for (std::size_t i = 0; i < n; ++i)
      for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
        lambda_[i] = std::min(lambda_[i], cost_[a]);
    value_.assign(m, 0);
    x_.assign(p.arc_count(), 0);
  }

  /// L(lambda) and, in `open`, the sites the relaxation opens; x_ the relaxation's flows.
  double evaluate(std::vector<std::uint8_t>& open) {
    const std::size_t n = p_.demand_count(), m = p_.site_count();
    double L = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(p_.demand[i]);
      L += lambda_[i] * d + std::min(0.0, pen_ - lambda_[i]) * d;
    }
    std::fill(x_.begin(), x_.end(), 0.0);
    std::vector<std::pair<double, std::uint32_t>> neg;
    for (std::size_t j = 0; j < m; ++j) {
      neg.clear();
      for (std::uint32_t q = site_first_[j]; q < site_first_[j + 1]; ++q) {
        const auto a = site_arc_[q];
        const double r = cost_[a] - lambda_[arc_demand_[a]];
        if (r < 0 && p_.demand[arc_demand_[a]] > 0) neg.emplace_back(r, a);
      }
      double cap = static_cast<double>(p_.capacity[j]), v = 0, total = 0;
      for (const auto& e : neg) total += static_cast<double>(p_.demand[arc_demand_[e.second]]);
      if (total > cap) std::sort(neg.begin(), neg.end());
      for (const auto& [r, a] : neg) {
        if (cap <= 0) break;
        const double take = std::min(cap, static_cast<double>(p_.demand[arc_demand_[a]]));
        x_[a] = take;
        v += r * take;
        cap -= take;
      }
      value_[j] = v;
    }
    open.assign(m, 0);
    std::vector<std::uint32_t> cand;
    for (std::size_t j = 0; j < m; ++j) {
      if (p_.existing[j]) {
        open[j] = 1;
        L += value_[j];
      } else if (p_.open_cost[j] <= p_.budget) {
        cand.push_back(static_cast<std::uint32_t>(j));
      }
    }
    std::stable_sort(cand.begin(), cand.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return value_[a] < value_[b]; });
    // The bound: the k most negative values (the budget row relaxed).
    for (std::size_t q = 0; q < cand.size() && q < static_cast<std::size_t>(p_.k); ++q)
      if (value_[cand[q]] < 0) L += value_[cand[q]];
    // The open set for the heuristic: by value, within k and the budget (fills up to k).
    double spent = 0;
    std::int32_t count = 0;
    for (auto j : cand) {
      if (count >= p_.k) break;
      if (spent + p_.open_cost[j] > p_.budget) continue;
      open[j] = 1;
      spent += p_.open_cost[j];
      ++count;
    }
    open_relaxed_ = open;
    // Which sites the bound opened (for the subgradient): the k best.
    bound_open_.assign(m, 0);
    for (std::size_t j = 0; j < m; ++j) bound_open_[j] = p_.existing[j];
    for (std::size_t q = 0; q < cand.size() && q < static_cast<std::size_t>(p_.k); ++q)
      if (value_[cand[q]] < 0) bound_open_[cand[q]] = 1;
    return L;
  }

  /// One subgradient step towards a better bound with step factor theta.
  void step(double theta, double ub, double L) {
    const std::size_t n = p_.demand_count();
    std::vector<double> g(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      double placed = pen_ - lambda_[i] < 0 ? static_cast<double>(p_.demand[i]) : 0.0;
      for (std::uint32_t a = p_.first_arc[i]; a < p_.first_arc[i + 1]; ++a)
        if (bound_open_[p_.arc_site[a]]) placed += x_[a];
      g[i] = static_cast<double>(p_.demand[i]) - placed;
    }
    double norm = 0;
    for (double v : g) norm += v * v;
    if (norm <= 0) return;
    const double t = theta * std::max(ub - L, 1e-9 * std::max(1.0, std::abs(ub))) / norm;
    for (std::size_t i = 0; i < n; ++i) lambda_[i] += t * g[i];
  }

  const std::vector<double>& value() const { return value_; }

 private:
  const SitingProblem& p_;
  double pen_ = 0;
  std::vector<std::uint32_t> site_first_, site_arc_, arc_demand_;
  std::vector<double> cost_, lambda_, value_, x_;
  std::vector<std::uint8_t> open_relaxed_, bound_open_;
};

}  // namespace

double lagrangian_bound(const SitingProblem& p, double ub, std::int32_t iterations) {
  p.validate();
  Lagrangian lag(p);
  std::vector<std::uint8_t> open;
  double best = -std::numeric_limits<double>::infinity(), theta = 2.0;
  int stall = 0;
  for (std::int32_t it = 0; it < iterations; ++it) {
    const double L = lag.evaluate(open);
    if (!std::isfinite(best) || L > best + 1e-9 * std::abs(best)) {
      best = L;
      stall = 0;
    } else if (++stall >= 20) {
      theta *= 0.5;
      stall = 0;
    }
    if (rel_gap(ub, best) < 1e-9 || theta < 1e-5) break;
    lag.step(theta, ub, L);
  }
  return std::min(best, ub);
}

HeuristicResult solve_heuristic(const SitingProblem& p, const HeuristicOptions& opt) {
  p.validate();
  const auto t0 = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  const std::size_t m = p.site_count();
  HeuristicResult res;
  std::set<std::string> seen;  // open sets tried, as strings of 0/1 flags
  auto key = [](const std::vector<std::uint8_t>& o) { return std::string(o.begin(), o.end()); };
  std::vector<std::uint8_t> base(m, 0);
  for (std::size_t j = 0; j < m; ++j) base[j] = p.existing[j];
  auto try_open = [&](const std::vector<std::uint8_t>& open) -> bool {
    if (!seen.insert(key(open)).second) return false;
    ++res.evaluations;
    auto s = assign(p, open);
    if (s.objective < res.solution.objective - 1e-9) {
      res.solution = std::move(s);
      return true;
    }
    return false;
  };
  auto note_gap = [&] {
    if (res.seconds_to_1pct < 0 && rel_gap(res.solution.objective, res.lower_bound) <= 0.01)
      res.seconds_to_1pct = elapsed();
  };
  std::vector<std::uint32_t> cands;
  for (std::size_t j = 0; j < m; ++j)
    if (!p.existing[j] && p.open_cost[j] <= p.budget) cands.push_back(static_cast<std::uint32_t>(j));
  res.solution = assign(p, base);
  ++res.evaluations;
  seen.insert(key(base));
  res.lower_bound = -std::numeric_limits<double>::infinity();
  // Greedy start (small instances).
  if (static_cast<std::int64_t>(cands.size()) * p.k <= opt.greedy_max_evaluations) {
    std::vector<std::uint8_t> cur = base;
    double spent = 0;
    for (std::int32_t r = 0; r < p.k; ++r) {
      double best = std::numeric_limits<double>::infinity();
      std::int64_t pick = -1;
      for (auto j : cands) {
        if (cur[j] || spent + p.open_cost[j] > p.budget) continue;
        cur[j] = 1;
        ++res.evaluations;
        const auto s = assign(p, cur);
        cur[j] = 0;
        if (s.objective < best - 1e-9) {
          best = s.objective;
          pick = j;
        }
      }
      if (pick < 0) break;
      cur[static_cast<std::size_t>(pick)] = 1;
      spent += p.open_cost[static_cast<std::size_t>(pick)];
    }
    try_open(cur);
  }
  // Subgradient optimisation with the Lagrangian heuristic.
  Lagrangian lag(p);
  std::vector<std::uint8_t> open;
  double theta = 2.0;
  int stall = 0;
  std::vector<double> best_value(m, 0.0);
  for (std::int32_t it = 0; it < opt.max_iterations; ++it) {
    res.iterations = it + 1;
    const double L = lag.evaluate(open);
    if (!std::isfinite(res.lower_bound) || L > res.lower_bound + 1e-9 * std::abs(res.lower_bound)) {
      res.lower_bound = L;
      best_value = lag.value();
      stall = 0;
    } else if (++stall >= 20) {
      theta *= 0.5;
      stall = 0;
    }
    if (it % std::max(1, opt.eval_every) == 0) try_open(open);
    res.lower_bound = std::min(res.lower_bound, res.solution.objective);
    note_gap();
    if (rel_gap(res.solution.objective, res.lower_bound) <= opt.target_gap || theta < 1e-5 ||
        elapsed() > opt.time_limit_s)
      break;
    lag.step(theta, res.solution.objective, L);
  }
  // Swap local search around the best, closed candidates tried in order of their Lagrangian
  // value at the best bound (the most promising first).
  std::vector<std::uint32_t> pool = cands;
  std::stable_sort(pool.begin(), pool.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return best_value[a] < best_value[b]; });
  std::int64_t swaps = 0;
  bool improved = true;
  while (improved && swaps < opt.swap_max_evaluations && elapsed() <= opt.time_limit_s &&
         rel_gap(res.solution.objective, res.lower_bound) > opt.target_gap) {
    improved = false;
    const auto cur = res.solution.open;
    const auto load = res.solution.load;
    std::vector<std::uint32_t> out;
    double spent = 0;
    for (auto j : cands)
      if (cur[j]) {
        out.push_back(j);
        spent += p.open_cost[j];
      }
    std::stable_sort(out.begin(), out.end(), [&](std::uint32_t a, std::uint32_t b) { return load[a] < load[b]; });
    const bool room = static_cast<std::int32_t>(out.size()) < p.k;
    std::int32_t tried_in = 0;
    for (auto jin : pool) {
      if (cur[jin]) continue;
      if (++tried_in > opt.swap_pool && static_cast<std::int64_t>(pool.size()) * p.k > opt.greedy_max_evaluations)
        break;
      if (room && spent + p.open_cost[jin] <= p.budget) {  // an add move while below k
        auto nx = cur;
        nx[jin] = 1;
        ++swaps;
        if (try_open(nx)) {
          improved = true;
          break;
        }
      }
      for (auto jout : out) {
        if (spent - p.open_cost[jout] + p.open_cost[jin] > p.budget) continue;
        auto nx = cur;
        nx[jout] = 0;
        nx[jin] = 1;
        ++swaps;
        if (try_open(nx)) {
          improved = true;
          break;
        }
        if (swaps >= opt.swap_max_evaluations) break;
      }
      if (improved || swaps >= opt.swap_max_evaluations || elapsed() > opt.time_limit_s) break;
    }
    note_gap();
  }
  res.lower_bound = std::min(res.lower_bound, res.solution.objective);
  note_gap();
  res.seconds = elapsed();
  return res;
}

}  // namespace floodevac::siting
