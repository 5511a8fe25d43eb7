#include "app/evac_coupling.hpp"

namespace floodevac::app {

EvacCoupling::EvacCoupling(const graph::RoadGraph& graph, const Grid<float>& grid,
                           double inundation_threshold_m, const flood::HazardParams& hazard)
    : graph_(graph),
      geo_(grid.geo),
      rows_(grid.rows),
      cols_(grid.cols),
      crs_wkt_(grid.crs_wkt),
      threshold_m_(static_cast<float>(inundation_threshold_m)),
      hazard_(hazard),
      sampler_(graph, grid.geo, grid.rows, grid.cols) {}

void EvacCoupling::apply(const flood::FloodModel& flood, evac::QueueSim& sim,
                         const std::vector<evac::PopulationUnit>& units) {
  const auto depth = flood.depth();
  const auto speed = flood.speed();
  const auto hc = flood::hazard_class(depth, speed, hazard_);
  sim.apply_flood(depth.data.data(), speed.data.data(), hc.data.data());
  double flooded = 0;
  for (float h : depth.data) flooded += (h >= threshold_m_) ? 1.0 : 0.0;
  if (flooded > peak_flooded_cells_) {
    peak_flooded_cells_ = flooded;
    snapshot_not_sheltered(sim, units, flood.time_s());
  }
}

void EvacCoupling::snapshot_not_sheltered(const evac::QueueSim& sim,
                                          const std::vector<evac::PopulationUnit>& units,
                                          double t_s) {
  peak_cells_.clear();
  peak_persons_.clear();
  const auto cells = static_cast<std::uint64_t>(rows_ * cols_);
  const auto res = sim.results();
  auto add_at = [&](std::uint32_t cell, double persons) {
    if (cell != evac::LinkSampler::kOutside && cell < cells) {
      peak_cells_.push_back(cell);
      peak_persons_.push_back(persons);
    }
  };
  for (std::size_t u = 0; u < units.size(); ++u) {
    const auto& us = res.units[u];
    const double at_home = us.to_evacuate_persons - us.departed_persons + us.staying_persons;
    if (at_home > 0) add_at(sampler_.cell_of(units[u].x, units[u].y), at_home);
  }
  for (std::uint32_t a = 0; a < sim.agent_count(); ++a) {
    const auto v = sim.agent(a);
    if (v.state == evac::AgentState::home || v.state == evac::AgentState::sheltered) continue;
    if (v.edge != graph::kInvalid)
      add_at(sampler_.cell_at(v.edge, 0.5), v.persons);
    else if (v.node != graph::kInvalid)
      add_at(sampler_.cell_of(graph_.node_x[v.node], graph_.node_y[v.node]), v.persons);
  }
  peak_time_s_ = t_s;
}

Grid<float> EvacCoupling::not_sheltered_at_peak() const {
  Grid<float> g(rows_, cols_, geo_, 0.0f, crs_wkt_);
  for (std::size_t k = 0; k < peak_cells_.size(); ++k)
    g.data[peak_cells_[k]] += static_cast<float>(peak_persons_[k]);
  return g;
}

}  // namespace floodevac::app
