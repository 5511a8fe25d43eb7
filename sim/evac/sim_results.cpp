#include "sim/evac/sim_results.hpp"

namespace floodevac::evac {

Grid<float> SimResults::exposure_grid(const GeoTransform& geo, std::int64_t rows,
                                      std::int64_t cols) const {
  Grid<float> grid(rows, cols, geo, 0.0f);
  for (const auto& [cell, ph] : exposure_cells_person_h)
    if (cell < grid.size()) grid.data[cell] = static_cast<float>(ph);
  return grid;
}

}  // namespace floodevac::evac
