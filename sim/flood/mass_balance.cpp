#include "sim/flood/mass_balance.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::flood {

double MassBalance::relative_error() const {
  const double sources = rain_m3 + inflow_m3 + boundary_in_m3 - boundary_out_m3 - losses_m3;
  const double scale = initial_storage_m3 + rain_m3 + inflow_m3 + boundary_in_m3;
  return (storage_m3 - initial_storage_m3 - sources) / std::max(scale, 1.0);
}

MassBalance initial_balance(const FloodState& s) {
  double storage = 0.0;
  for (std::int64_t r = 0; r < s.rows; ++r) {
    double row = 0.0;
    for (std::int64_t c = 0; c < s.cols; ++c) row += static_cast<double>(s.h[s.idx(r, c)]);
    storage += row;
  }
  MassBalance mb;
  mb.initial_storage_m3 = storage * s.area;
  mb.storage_m3 = mb.initial_storage_m3;
  return mb;
}

StepMaxima book_step(MassBalance& mb, const std::vector<RowResult>& rows,
                     const BoundaryVolumes& bv, double cell_area, double t1) {
  double storage = 0.0, rain = 0.0, loss = 0.0, inflow = 0.0;
  float h_max = 0.0f, v2_max = 0.0f;
  for (const RowResult& rr : rows) {
    storage += rr.sums.storage;
    rain += rr.sums.rain;
    loss += rr.sums.loss;
    inflow += rr.inflow;
    h_max = std::max(h_max, rr.sums.h_max);
    v2_max = std::max(v2_max, rr.sums.v2_max);
  }
  if (!std::isfinite(storage))
    throw NumericalError("flood model: depth became NaN or infinite at t = " + std::to_string(t1) +
                         " s; reduce cfl_alpha or max_dt_s, or check the inputs");
  if (h_max > 1.0e4f)
    throw NumericalError("flood model: depth exceeds 10 km at t = " + std::to_string(t1) +
                         " s: the solution is unstable; reduce cfl_alpha");
  mb.storage_m3 = storage * cell_area;
  mb.rain_m3 += rain * cell_area;
  mb.losses_m3 += loss * cell_area;
  mb.inflow_m3 += inflow * cell_area;
  mb.boundary_in_m3 += bv.in;
  mb.boundary_out_m3 += bv.out;
  mb.time_s = t1;
  return {h_max, std::sqrt(v2_max)};
}

}  // namespace floodevac::flood
