#include "sim/flood/roughness.hpp"

#include <cmath>
#include <sstream>
#include <utility>

#include "sim/core/error.hpp"

namespace floodevac::flood {

namespace {

std::string describe(double n) {
  if (std::isnan(n)) return "missing (NaN/nodata)";
  std::ostringstream os;
  os << n;
  return os.str();
}

const char* kRuleText =
    "Manning's n must be a number > 0 and <= 1 s/m^(1/3) (typically 0.01 to 0.2)";

}  // namespace

bool valid_manning_n(double n) {
  return std::isfinite(n) && n > 0.0 && n <= kMaxManningN;
}

Roughness Roughness::uniform(double n, std::string source) {
  Roughness r;
  r.uniform_ = n;
  r.source_ = std::move(source);
  return r;
}

Roughness Roughness::per_cell(Grid<float> n, std::string source) {
  Roughness r;
  r.per_cell_ = true;
  r.cells_ = std::move(n);
  r.source_ = std::move(source);
  return r;
}

void Roughness::validate(const Grid<float>& dem) const {
  if (!per_cell_) {
    if (!valid_manning_n(uniform_))
      throw ConfigError(source_ + ": Manning's n is " + describe(uniform_) + "; " + kRuleText);
    return;
  }
  const std::size_t n = dem.data.size();
  if (cells_.rows != dem.rows || cells_.cols != dem.cols || cells_.data.size() != n)
    throw InputError(source_ + ": the roughness grid has " + std::to_string(cells_.rows) + " x " +
                     std::to_string(cells_.cols) + " cells, the DEM " + std::to_string(dem.rows) +
                     " x " + std::to_string(dem.cols) +
                     "; resample the roughness raster onto the DEM grid");
  std::size_t bad = 0, first = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(dem.data[i]) || valid_manning_n(cells_.data[i])) continue;
    if (bad++ == 0) first = i;
  }
  if (bad == 0) return;
  const std::int64_t r = static_cast<std::int64_t>(first) / dem.cols;
  const std::int64_t c = static_cast<std::int64_t>(first) % dem.cols;
  throw InputError(source_ + ": Manning's n is " + describe(cells_.data[first]) + " at row " +
                   std::to_string(r) + ", col " + std::to_string(c) +
                   " of the DEM grid, inside its domain (" + std::to_string(bad) +
                   (bad == 1 ? " cell" : " cells") + " in all); " + kRuleText +
                   ": fill or correct the roughness raster (or its land-cover table)");
}

ManningField manning_field(Roughness roughness, const Grid<float>& dem) {
  ManningField f;
  if (roughness.is_uniform()) {
    f.uniform = static_cast<float>(roughness.uniform_n());
    return f;
  }
  std::vector<float> n = std::move(roughness.cells().data);
  bool uniform = true, first = true;
  for (std::size_t i = 0; i < n.size(); ++i) {
    if (std::isnan(dem.data[i])) {
      n[i] = 0.0f;
      continue;
    }
    if (first) {
      f.uniform = n[i];
      first = false;
    } else if (n[i] != f.uniform) {
      uniform = false;
    }
  }
  if (!uniform) f.per_cell = std::move(n);
  return f;
}

}  // namespace floodevac::flood
