#include "sim/siting/siting_mip.hpp"

#include <CbcHeuristicFPump.hpp>
#include <CbcHeuristicLocal.hpp>
#include <CbcModel.hpp>
#include <CglFlowCover.hpp>
#include <CglGomory.hpp>
#include <CglKnapsackCover.hpp>
#include <CglMixedIntegerRounding2.hpp>
#include <CglProbing.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/siting/assignment.hpp"

namespace floodevac::siting {

MipResult solve_mip(const SitingProblem& p, const MipOptions& opt) {
  p.validate();
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = p.demand_count(), m = p.site_count();
  const double pen = p.unassigned_cost();
  // Columns: the useful arcs, then u_i, then y_j of the candidates.
  std::vector<std::int64_t> arc_col(p.arc_count(), -1);
  std::vector<double> collb, colub, obj;
  std::vector<std::uint32_t> col_arc;
  for (std::size_t i = 0; i < n; ++i)
    for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a) {
      const auto j = p.arc_site[a];
      if (p.demand[i] == 0 || p.capacity[j] == 0 || p.cost_per_person(a) >= pen) continue;
      arc_col[a] = static_cast<std::int64_t>(obj.size());
      col_arc.push_back(a);
      collb.push_back(0);
      colub.push_back(static_cast<double>(p.demand[i]));
      obj.push_back(p.cost_per_person(a));
    }
  const int u0 = static_cast<int>(obj.size());
  for (std::size_t i = 0; i < n; ++i) {
    collb.push_back(0);
    colub.push_back(static_cast<double>(p.demand[i]));
    obj.push_back(pen);
  }
  std::vector<int> y_col(m, -1);
  for (std::size_t j = 0; j < m; ++j)
    if (!p.existing[j]) {
      y_col[j] = static_cast<int>(obj.size());
      collb.push_back(0);
      colub.push_back(p.open_cost[j] > p.budget ? 0.0 : 1.0);
      obj.push_back(0);
    }
  std::vector<int> ri, ci;
  std::vector<double> el, rowlb, rowub;
  auto add = [&](int r, int c, double v) {
    ri.push_back(r);
    ci.push_back(c);
    el.push_back(v);
  };
  int row = 0;
  for (std::size_t i = 0; i < n; ++i, ++row) {  // demand rows
    for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
      if (arc_col[a] >= 0) add(row, static_cast<int>(arc_col[a]), 1.0);
    add(row, u0 + static_cast<int>(i), 1.0);
    rowlb.push_back(static_cast<double>(p.demand[i]));
    rowub.push_back(static_cast<double>(p.demand[i]));
  }
  std::vector<int> site_row(m, -1);
  for (std::size_t j = 0; j < m; ++j, ++row) {  // capacity rows
    site_row[j] = row;
    const double q = static_cast<double>(p.capacity[j]);
    if (y_col[j] >= 0) {
      add(row, y_col[j], -q);
      rowlb.push_back(-COIN_DBL_MAX);
      rowub.push_back(0);
    } else {
      rowlb.push_back(-COIN_DBL_MAX);
      rowub.push_back(q);
    }
  }
  for (std::size_t c = 0; c < col_arc.size(); ++c) {
    const auto a = col_arc[c];
    add(site_row[p.arc_site[a]], static_cast<int>(c), 1.0);
  }
  for (std::size_t c = 0; c < col_arc.size(); ++c) {  // strong linking rows
    const auto a = col_arc[c];
    const int y = y_col[p.arc_site[a]];
    if (y < 0) continue;
    add(row, static_cast<int>(c), 1.0);
    add(row, y, -colub[c]);
    rowlb.push_back(-COIN_DBL_MAX);
    rowub.push_back(0);
    ++row;
  }
  bool any_candidate = false;
  for (std::size_t j = 0; j < m; ++j)
    if (y_col[j] >= 0) {
      add(row, y_col[j], 1.0);
      any_candidate = true;
    }
  if (any_candidate) {
    rowlb.push_back(-COIN_DBL_MAX);
    rowub.push_back(static_cast<double>(p.k));
    ++row;
    if (std::isfinite(p.budget)) {
      for (std::size_t j = 0; j < m; ++j)
        if (y_col[j] >= 0) add(row, y_col[j], p.open_cost[j]);
      rowlb.push_back(-COIN_DBL_MAX);
      rowub.push_back(p.budget);
      ++row;
    }
  }
  const int ncol = static_cast<int>(obj.size());
  // The matrix from triplets; a model with no rows at all cannot happen (n + m >= 1 rows) unless
  // both are empty.
  MipResult res;
  res.columns = ncol;
  res.rows = row;
  if (n == 0) {
    res.solution = assign(p, std::vector<std::uint8_t>(m, 0));
    res.optimal = true;
    res.lower_bound = res.solution.objective;
    return res;
  }
  CoinPackedMatrix matrix(true, ri.data(), ci.data(), el.data(), static_cast<CoinBigIndex>(el.size()));
  // CoinPackedMatrix sizes itself from the largest index used: make sure it has every row/column.
  matrix.setDimensions(row, ncol);
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.loadProblem(matrix, collb.data(), colub.data(), obj.data(), rowlb.data(), rowub.data());
  for (std::size_t j = 0; j < m; ++j)
    if (y_col[j] >= 0) solver.setInteger(y_col[j]);
  CbcModel model(solver);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  model.solver()->messageHandler()->setLogLevel(0);
  model.setMaximumSeconds(opt.time_limit_s);
  model.setAllowableFractionGap(opt.relative_gap);
  model.setAllowableGap(1e-7);
  model.setNumberThreads(1);  // deterministic
  CglProbing probing;
  probing.setUsingObjective(1);
  probing.setMaxPass(1);
  probing.setMaxProbe(10);
  probing.setMaxLook(10);
  CglGomory gomory;
  CglKnapsackCover knapsack;
  CglMixedIntegerRounding2 mir;
  CglFlowCover flow;
  model.addCutGenerator(&probing, -1, "Probing");
  model.addCutGenerator(&gomory, -1, "Gomory");
  model.addCutGenerator(&knapsack, -1, "Knapsack");
  model.addCutGenerator(&mir, -1, "MIR2");
  model.addCutGenerator(&flow, -1, "FlowCover");
  CbcHeuristicFPump pump(model);
  model.addHeuristic(&pump);
  CbcHeuristicLocal local(model);
  model.addHeuristic(&local);
  if (opt.start && opt.start->feasible()) {
    // The start as a full column vector: flows, unassigned, open flags.
    std::vector<double> x(static_cast<std::size_t>(ncol), 0.0);
    for (std::size_t c = 0; c < col_arc.size(); ++c) x[c] = static_cast<double>(opt.start->flow[col_arc[c]]);
    for (std::size_t i = 0; i < n; ++i) {
      // Flows on arcs left out (coverage beyond the radius) count as unassigned here.
      std::int64_t placed = 0;
      for (std::uint32_t a = p.first_arc[i]; a < p.first_arc[i + 1]; ++a)
        if (arc_col[a] >= 0) placed += opt.start->flow[a];
      x[static_cast<std::size_t>(u0) + i] = static_cast<double>(p.demand[i] - placed);
    }
    for (std::size_t j = 0; j < m; ++j)
      if (y_col[j] >= 0) x[static_cast<std::size_t>(y_col[j])] = opt.start->open[j] ? 1.0 : 0.0;
    double v = 0;
    for (int c = 0; c < ncol; ++c) v += obj[static_cast<std::size_t>(c)] * x[static_cast<std::size_t>(c)];
    model.setBestSolution(x.data(), ncol, v, true);
  }
  model.branchAndBound();
  std::vector<std::uint8_t> open(m, 0);
  const double* best = model.bestSolution();
  if (best) {
    for (std::size_t j = 0; j < m; ++j)
      if (y_col[j] >= 0) open[j] = best[y_col[j]] > 0.5 ? 1 : 0;
  } else if (opt.start && opt.start->feasible()) {
    open = opt.start->open;
  }
  res.solution = assign(p, open);
  res.lower_bound = std::min(model.getBestPossibleObjValue(), res.solution.objective);
  res.optimal = model.isProvenOptimal() && !model.isSecondsLimitReached();
  res.nodes = model.getNodeCount();
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace floodevac::siting
