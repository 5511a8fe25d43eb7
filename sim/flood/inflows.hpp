#pragma once
// Point and line inflows of the flood model: the cells each one feeds and
// the depth it adds to them per step.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/grid.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/state.hpp"

namespace floodevac::flood {

/// Cells crossed by the polyline (xs[i], ys[i]) under the transform geo,
/// segment by segment (Amanatides & Woo 1987, Eurographics: grid traversal in
/// fractional column/row coordinates), in traversal order, with repeats where
/// segments meet, and including cells off any grid (rows/cols out of range).
/// Throws ConfigError (naming what) for non-finite coordinates.
std::vector<GridCell> line_cells(const std::vector<double>& xs, const std::vector<double>& ys,
                                 const GeoTransform& geo, const std::string& what);

/// The inflows and the cells each one spreads its discharge over.
class Inflows {
 public:
  /// Checks each inflow (ConfigError) and selects its cells: the cell holding
  /// the point, or the distinct cells inside the domain crossed by the line.
  /// Parts of a line outside the domain add a line to warnings; an inflow
  /// with no cell inside the domain is a ConfigError.
  Inflows(std::vector<Inflow> inflows, const FloodState& s, std::vector<std::string>& warnings);

  std::size_t size() const { return inflows_.size(); }

  /// Depth added to each cell of inflow q over [t0, t1], m: the exact integral
  /// of its hydrograph spread evenly over its cells of the given area.
  std::vector<float> depths(double t0, double t1, double cell_area) const;

  /// The (cell, inflow) pairs of row r, in inflow order.
  const std::vector<std::pair<std::size_t, std::size_t>>& row(std::int64_t r) const {
    return rows_[static_cast<std::size_t>(r)];
  }

 private:
  std::vector<Inflow> inflows_;
  std::vector<std::vector<std::size_t>> cells_;  // per inflow, sorted distinct cells
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> rows_;
};

}  // namespace floodevac::flood
