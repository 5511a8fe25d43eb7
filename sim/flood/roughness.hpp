#pragma once
// Manning's n of the flood model: one value for the whole domain, or one per
// cell (a raster, a land-cover lookup), checked by one rule in one place.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/core/grid.hpp"

namespace floodevac::flood {

/// Largest Manning's n accepted, s/m^(1/3) (the scenario schema's bound; the
/// tables of Chow 1959, Open-Channel Hydraulics, stay below 0.2 for floodplains).
inline constexpr double kMaxManningN = 1.0;

/// The rule for one Manning's n value: finite, > 0 and <= kMaxManningN s/m^(1/3).
bool valid_manning_n(double n);

/// Manning's n in s/m^(1/3), uniform or per cell.
class Roughness {
 public:
  /// One value everywhere. `source` names where it came from in messages
  /// (e.g. "flood.manning.constant").
  static Roughness uniform(double n, std::string source = "Manning's n");
  /// One value per cell, in the DEM's shape; cells outside the DEM's domain
  /// (NaN in the DEM) are ignored and may hold anything. `source` names where
  /// the values came from (e.g. the raster's file name).
  static Roughness per_cell(Grid<float> n, std::string source);

  bool is_uniform() const { return !per_cell_; }
  double uniform_n() const { return uniform_; }        // when is_uniform()
  const Grid<float>& cells() const { return cells_; }  // when !is_uniform()
  Grid<float>& cells() { return cells_; }
  const std::string& source() const { return source_; }

  /// Applies valid_manning_n to the uniform value (ConfigError) or to every
  /// cell inside the DEM's domain (InputError naming the source, the first
  /// offending row/col, the number of such cells and the fix); a per-cell grid
  /// must have the DEM's rows and columns (InputError).
  void validate(const Grid<float>& dem) const;

 private:
  bool per_cell_ = false;
  double uniform_ = 0.0;
  Grid<float> cells_;
  std::string source_;
};

/// Manning's n as the solver uses it (flood_kernels: nullptr = uniform).
struct ManningField {
  float uniform = 0.0f;         // n of every cell when per_cell is empty
  std::vector<float> per_cell;  // n per cell, 0 outside the domain; empty when uniform
  float at(std::size_t cell) const { return per_cell.empty() ? uniform : per_cell[cell]; }
};

/// The solver's form of a validated roughness: a per-cell grid whose cells
/// inside the domain all hold one value runs with the cheaper uniform-n kernels.
ManningField manning_field(Roughness roughness, const Grid<float>& dem);

}  // namespace floodevac::flood
