#pragma once
// Open boundaries of the flood model: which edge cells a Boundary covers.
#include <cstdint>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/flood/flood_config.hpp"

namespace floodevac::flood {

/// One cell on the grid edge.
struct EdgeCell {
  std::int64_t row = 0;
  std::int64_t col = 0;
};

/// The edge cells a boundary covers, the one rule used by the solver and by
/// the initial sea: the cells of the first/last row (north/south) or column
/// (west/east) whose centre lies within [from, to] (x for north/south, y for
/// west/east; NaN = open end; from > to is read as to..from), whatever their
/// bed (cells outside the domain are left to the caller). Ordered by
/// increasing column (north/south) or row (west/east).
std::vector<EdgeCell> boundary_edge_cells(const Boundary& b, const Grid<float>& grid);

}  // namespace floodevac::flood
