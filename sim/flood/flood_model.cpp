// Local inertial raster flood model: the model built from its steps, and the
// time loop.
//
// References:
//  - Bates, Horritt & Fewtrell (2010), J. Hydrol. 387, 33-45: local inertial
//    momentum equation, semi-implicit Manning friction, CFL time step
//    dt = alpha dx / sqrt(g h_max).
//  - de Almeida, Bates, Freer & Souvignet (2012), Water Resour. Res. 48,
//    W05528: theta weighting of the neighbouring face discharges.
//
// One step (do_step), each in the file named for it:
//   time_step    dt from the deepest water (and the boundary ghost depths);
//   boundaries   new discharges of the open edge faces (few faces, serial);
//   rain, inflows, sources   what the step adds and removes;
//   sweep        one fused pass: face fluxes, sources, depth update (OpenMP);
//   breaches     walls lowered for the time reached;
//   mass_balance row sums added in row order, checks.
#include "sim/flood/flood_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "sim/flood/boundaries.hpp"
#include "sim/flood/breaches.hpp"
#include "sim/flood/fv_sweep.hpp"
#include "sim/flood/inflows.hpp"
#include "sim/flood/mass_balance.hpp"
#include "sim/flood/rain.hpp"
#include "sim/flood/sources.hpp"
#include "sim/flood/state.hpp"
#include "sim/flood/sweep.hpp"
#include "sim/flood/time_step.hpp"

namespace floodevac::flood {

namespace {

const FloodParams& checked(const FloodParams& p) {
  validate(p);
  return p;
}

ManningField checked_manning(Roughness roughness, const Grid<float>& dem) {
  roughness.validate(dem);
  return manning_field(std::move(roughness), dem);
}

}  // namespace

struct FloodModel::Impl {
  // Warnings raised while constructing, before a logger could be set; passed
  // on by set_logger().
  std::vector<std::string> pending_warnings;
  Logger log;

  // Declaration order = construction order = the order inputs are checked.
  FloodParams params;
  FloodState state;
  ManningField manning;
  RainForcing rain;
  OpenBoundaries boundaries;
  Inflows inflows;
  Breaches breaches;
  Sweep sweep;
  std::unique_ptr<FvSolver> fv;  // the finite-volume scheme (scheme == fv), else null
  std::vector<RowResult> rows;

  double t = 0.0;
  std::int64_t steps = 0;
  MassBalance mb;
  SolverDiagnostics diag;
  float h_max = 0.0f;  // deepest water after the last step
  float u_max = 0.0f;  // fastest cell after the last step, m/s

  Impl(const Grid<float>& dem, Roughness roughness, FloodConfig cfg, const Grid<float>& h0)
      : params(checked(cfg.params)),
        state(make_state(dem, h0, static_cast<float>(params.inundation_threshold_m))),
        manning(checked_manning(std::move(roughness), dem)),
        rain(std::move(cfg.rain), state),
        boundaries(cfg.boundaries, state, pending_warnings),
        inflows(std::move(cfg.inflows), state, pending_warnings),
        breaches(std::move(cfg.breaches), cfg.wall_mask, state),
        rows(static_cast<std::size_t>(state.rows)),
        mb(initial_balance(state)),
        h_max(deepest_water(state)) {
    if (params.scheme == Scheme::fv) fv = std::make_unique<FvSolver>(std::move(cfg.boundaries), state);
    breaches.apply(0.0, state);
  }

  double do_step(double t_cap);
  double do_fv_step(double t_cap);
};

double FloodModel::Impl::do_step(double t_cap) {
  if (fv) return do_fv_step(t_cap);
  // Time step, from the deepest water and the boundaries' ghost depths.
  const double hm = std::max(static_cast<double>(h_max), boundaries.ghost_depth_max(t, state.z));
  const std::optional<StepWindow> w =
      next_step(t, t_cap, hm, static_cast<double>(u_max), params, state.dx, state.dy);
  if (!w) return 0.0;
  const StepConsts consts = step_consts(params, w->dt, state.dx, state.dy, manning.uniform);
  // Boundary fluxes, from the state before the step.
  boundaries.fluxes(state, manning, params, w->dt, w->t_mid);
  // Sources: rain, inflows, losses.
  const StepSources src{rain.for_step(w->t0, w->t1), inflows.depths(w->t0, w->t1, state.area),
                        loss_depth(params, w->dt)};
  // Face fluxes, sources and depth update in one sweep.
  sweep.run(state, manning, boundaries.discharges(), consts, src, inflows, w->t1, rows,
            params.skip_dry_tiles);
  diag.visited_cell_steps += sweep.active_cells();
  const BoundaryVolumes bv = boundaries.volumes(state, w->dt);
  // Breaches (they lower beds and keep the water: no volume to book).
  breaches.apply(w->t1, state);
  // Mass balance.
  const StepMaxima mx = book_step(mb, rows, bv, state.area, w->t1);
  h_max = mx.h_max;
  u_max = mx.u_max;
  for (const RowResult& rr : rows) {
    diag.fast_flow_faces += rr.fast_flow_faces;
    diag.scaled_cells += rr.scaled_cells;
  }
  t = w->t1;
  ++steps;
  return w->dt;
}

// The finite-volume scheme (fv_sweep.hpp): the same forcing, breaches and
// mass balance; dt from the fastest wave (cells and boundary ghosts).
double FloodModel::Impl::do_fv_step(double t_cap) {
  const double ghost_c = std::sqrt(params.g * boundaries.ghost_depth_max(t, state.z));
  const double s_max = std::max(fv->wave_speed_max(), ghost_c);
  const std::optional<StepWindow> w =
      next_step_for_speed(t, t_cap, s_max, params, state.dx, state.dy);
  if (!w) return 0.0;
  const StepSources src{rain.for_step(w->t0, w->t1), inflows.depths(w->t0, w->t1, state.area),
                        loss_depth(params, w->dt)};
  const BoundaryVolumes bv = fv->step(state, manning, params, *w, src, inflows, rows);
  breaches.apply(w->t1, state);
  h_max = book_step(mb, rows, bv, state.area, w->t1).h_max;
  t = w->t1;
  ++steps;
  return w->dt;
}

// ---------------------------------------------------------------------------
// Public interface.

FloodModel::FloodModel(Grid<float> dem, Roughness roughness, FloodConfig config,
                       Grid<float> initial_depth)
    : impl_(std::make_unique<Impl>(dem, std::move(roughness), std::move(config), initial_depth)) {}

FloodModel::~FloodModel() = default;
FloodModel::FloodModel(FloodModel&&) noexcept = default;
FloodModel& FloodModel::operator=(FloodModel&&) noexcept = default;

std::int64_t FloodModel::advance_to(double t_end_s, const Progress& progress) {
  std::int64_t n = 0;
  const double t0 = impl_->t;
  while (impl_->t < t_end_s) {
    if (impl_->do_step(t_end_s) <= 0.0) break;
    ++n;
    if (progress.fn && !progress.update((impl_->t - t0) / (t_end_s - t0), "flood")) break;
  }
  return n;
}

double FloodModel::step() {
  return impl_->do_step(std::numeric_limits<double>::infinity());
}

double FloodModel::time_s() const {
  return impl_->t;
}
std::int64_t FloodModel::steps_taken() const {
  return impl_->steps;
}
const MassBalance& FloodModel::mass_balance() const {
  return impl_->mb;
}
const SolverDiagnostics& FloodModel::diagnostics() const {
  impl_->diag.steps_by_threads = impl_->fv ? impl_->fv->thread_choice().steps_by_threads()
                                           : impl_->sweep.thread_choice().steps_by_threads();
  return impl_->diag;
}
const Grid<float>& FloodModel::bed() const {
  return impl_->state.bed;
}
const std::vector<float>& FloodModel::h() const {
  return impl_->state.h;
}
const std::vector<float>& FloodModel::qx() const {
  return impl_->state.qx;
}
const std::vector<float>& FloodModel::qy() const {
  return impl_->state.qy;
}

void FloodModel::set_logger(Logger logger) {
  Impl& m = *impl_;
  m.log = std::move(logger);
  const FloodState& s = m.state;
  std::ostringstream os;
  os << (m.fv ? "flood: finite-volume (HLLC) shallow-water model " : "flood: local inertial model ") << s.rows << " x " << s.cols << " cells of " << s.dx << " x "
     << s.dy << " m, " << m.boundaries.face_count() << " open boundary faces, " << m.inflows.size()
     << " inflows, " << m.rain.frame_count() << " rain frames, " << m.breaches.size()
     << " breaches, " << (m.manning.per_cell.empty() ? "uniform" : "variable") << " Manning n";
  m.log.info(os.str());
  for (const std::string& w : m.pending_warnings) m.log.warn(w);
  m.pending_warnings.clear();
}

double FloodModel::state_bytes_per_cell() const {
  const Impl& m = *impl_;
  const double manning = static_cast<double>(m.manning.per_cell.size() * sizeof(float));
  const double fv = m.fv ? m.fv->bytes() : 0.0;
  return (state_bytes(m.state) + manning + m.rain.bytes() + m.sweep.bytes() + fv) /
         static_cast<double>(m.state.h.size());
}

Grid<float> FloodModel::depth() const {
  const FloodState& s = impl_->state;
  return inside_field(s, [&](std::size_t i) { return s.h[i]; });
}

void FloodModel::sample(std::span<const std::uint32_t> cells, float* depth_m,
                        float* speed_mps) const {
  const FloodState& s = impl_->state;
  const float h_dry = static_cast<float>(impl_->params.h_dry_m);
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  for (std::size_t k = 0; k < cells.size(); ++k) {
    const std::size_t i = cells[k];
    const bool in = i < s.h.size() && !s.outside[i];
    depth_m[k] = in ? s.h[i] : kNaN;
    speed_mps[k] = !in ? kNaN : impl_->fv ? impl_->fv->cell_speed(s, i, h_dry) : cell_speed(s, i, h_dry);
  }
}

std::int64_t FloodModel::cells_at_least(float threshold_m) const {
  const FloodState& s = impl_->state;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < s.h.size(); ++i) n += (!s.outside[i] && s.h[i] >= threshold_m) ? 1 : 0;
  return n;
}

Grid<float> FloodModel::speed() const {
  if (impl_->fv) return impl_->fv->speed(impl_->state, impl_->params.h_dry_m);
  return speed_field(impl_->state, impl_->params.h_dry_m);
}

Grid<float> FloodModel::water_surface() const {
  const FloodState& s = impl_->state;
  return inside_field(s, [&](std::size_t i) { return s.h[i] + s.z[i]; });
}

Grid<float> FloodModel::max_depth() const {
  const FloodState& s = impl_->state;
  return inside_field(s, [&](std::size_t i) { return s.max_h[i]; });
}

Grid<float> FloodModel::max_speed() const {
  const FloodState& s = impl_->state;
  return inside_field(s, [&](std::size_t i) { return std::sqrt(s.max_v2[i]); });
}

Grid<float> FloodModel::first_inundation_s() const {
  const FloodState& s = impl_->state;
  return inside_field(s, [&](std::size_t i) { return s.arrival[i]; });
}

}  // namespace floodevac::flood
