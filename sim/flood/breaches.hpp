#pragma once
// Breaches in walls burned into the DEM: wall cells (wall_mask == 1) within
// the current opening radius (final_width_m/2 times the opening fraction) of
// (x, y) follow the linear lowering from their crest to final_crest_m; the
// wall cell nearest (x, y) opens from the start; beds are never raised; the
// depth is kept when the bed drops (volume conserved).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood {

class Breaches {
 public:
  /// Checks each breach (ConfigError) and finds its wall cells: wall_mask
  /// must have the DEM's shape when there are breaches, and a wall cell must
  /// lie within final_width_m/2 or one cell diagonal of (x, y).
  Breaches(std::vector<Breach> breaches, const Grid<std::uint8_t>& wall_mask, const FloodState& s);

  std::size_t size() const { return breaches_.size(); }

  /// Lowers the wall cells open at time t (s.z and s.bed).
  void apply(double t, FloodState& s) const;

 private:
  struct Cell {
    std::size_t cell = 0;
    double dist = 0.0;   // m from the breach point
    float crest = 0.0f;  // bed at the start, m
  };
  struct Opening {
    std::vector<Cell> cells;
    std::size_t nearest = 0;  // index into cells of the wall cell nearest the point
  };
  std::vector<Breach> breaches_;
  std::vector<Opening> openings_;
};

}  // namespace floodevac::flood
