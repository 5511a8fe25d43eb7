#include "app/evac_coupling.hpp"

#include <algorithm>
#include <limits>

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
  if (depth_.data.empty()) {
    read_cells_ = sim.flood_cells_read();
    const auto n = static_cast<std::uint64_t>(rows_ * cols_);
    for (std::uint32_t c : extra_cells_)
      if (c != evac::LinkSampler::kOutside && c < n) read_cells_.push_back(c);
    std::sort(read_cells_.begin(), read_cells_.end());
    read_cells_.erase(std::unique(read_cells_.begin(), read_cells_.end()), read_cells_.end());
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    depth_ = Grid<float>(rows_, cols_, geo_, kNaN);
    speed_ = Grid<float>(rows_, cols_, geo_, kNaN);
    class_ = Grid<std::uint8_t>(rows_, cols_, geo_, 255);
    depth_k_.resize(read_cells_.size());
    speed_k_.resize(read_cells_.size());
  }
  flood.sample(read_cells_, depth_k_.data(), speed_k_.data());
  for (std::size_t k = 0; k < read_cells_.size(); ++k) {
    const std::uint32_t i = read_cells_[k];
    const float d = depth_k_[k], v = speed_k_[k];
    depth_.data[i] = d;
    speed_.data[i] = v;
    // As flood::hazard_class(depth grid, speed grid) computes each cell.
    class_.data[i] = static_cast<std::uint8_t>(
        flood::hazard_class(d, flood::hazard_rating(d, v, hazard_), hazard_));
  }
  sim.apply_flood(depth_.data.data(), speed_.data.data(), class_.data.data());
  const auto flooded = static_cast<double>(flood.cells_at_least(threshold_m_));
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
