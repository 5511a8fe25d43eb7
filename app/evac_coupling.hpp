#pragma once
// The flood handed to the movement model every coupling interval (depth,
// speed, FD2321 hazard class), and the people not yet sheltered at the time
// of peak water (the largest area flooded above the inundation threshold).
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/evac/coupling.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/hazard.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::app {

class EvacCoupling {
 public:
  /// grid: the flood's (the DEM's) grid and CRS.
  EvacCoupling(const graph::RoadGraph& graph, const Grid<float>& grid,
               double inundation_threshold_m, const flood::HazardParams& hazard);

  /// Hands the current flood state to `sim`; when the flooded area is the
  /// largest so far, maps who is not yet sheltered.
  void apply(const flood::FloodModel& flood, evac::QueueSim& sim,
             const std::vector<evac::PopulationUnit>& units);

  double peak_time_s() const { return peak_time_s_; }
  /// The cell of a point (LinkSampler::kOutside off the grid).
  std::uint32_t cell_of(double x, double y) const { return sampler_.cell_of(x, y); }
  /// Cells whose hazard class the caller reads too (before the first apply): the activity
  /// places of a timeline. kOutside entries are ignored.
  void read_also(const std::vector<std::uint32_t>& cells) { extra_cells_ = cells; }
  /// The hazard class (0..4, 255 nodata) of the last apply, filled at the cells the
  /// movement model reads and those of read_also (255 elsewhere).
  const Grid<std::uint8_t>& hazard_class() const { return class_; }
  /// Persons not yet sheltered per cell at peak water (zeros if nothing flooded).
  Grid<float> not_sheltered_at_peak() const;

 private:
  void snapshot_not_sheltered(const evac::QueueSim& sim,
                              const std::vector<evac::PopulationUnit>& units, double t_s);

  const graph::RoadGraph& graph_;
  GeoTransform geo_;
  std::int64_t rows_ = 0, cols_ = 0;
  std::string crs_wkt_;
  float threshold_m_ = 0;
  flood::HazardParams hazard_;
  evac::LinkSampler sampler_;  // positions of people on roads -> cells
  // The cells the movement model reads (QueueSim::flood_cells_read) and the
  // grids handed to it, filled at those cells only: a coupling costs
  // O(those cells) + one pass over the depths, not three grids' worth.
  std::vector<std::uint32_t> read_cells_, extra_cells_;
  std::vector<float> depth_k_, speed_k_;
  Grid<float> depth_, speed_;
  Grid<std::uint8_t> class_;
  double peak_flooded_cells_ = -1;
  double peak_time_s_ = 0;
  // Persons not yet sheltered at peak water, as (cell, persons) in the order they
  // were added: O(units + agents) per new peak, not O(cells); the grid is made
  // (summing in the same order) only when the map is written.
  std::vector<std::uint32_t> peak_cells_;
  std::vector<double> peak_persons_;
};

}  // namespace floodevac::app
