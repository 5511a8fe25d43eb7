#pragma once
// The adaptive time step of the flood model and the per-step constants of the
// kernels (Bates, Horritt & Fewtrell 2010, J. Hydrol. 387, eq. 14).
#include <optional>

#include "sim/flood/flood_config.hpp"
#include "sim/flood/flood_kernels.hpp"

namespace floodevac::flood {

/// One step [t0, t1] of length dt; forcing levels are taken at t_mid.
struct StepWindow {
  double t0 = 0.0, t1 = 0.0, dt = 0.0, t_mid = 0.0;
};

/// dt = cfl_alpha * min(dx, dy) / (u_max + sqrt(g * h_max_m)) with
/// p.dt_speed (u_max: the fastest cell after the last step, m/s; an upper
/// bound of max(|u| + sqrt(g h)) over the cells), else without u_max (Bates
/// et al. 2010); at most max_dt_s, and ending at t_cap when the step would
/// pass it. nullopt when no time is left before t_cap. Throws NumericalError
/// when dt collapses below 1e-4 s.
std::optional<StepWindow> next_step(double t, double t_cap, double h_max_m, double u_max_ms,
                                    const FloodParams& p, double dx, double dy);

/// The same for a scheme whose step is bounded by the fastest wave (the fv
/// scheme, Toro 2001 sec. 6.3.2): dt = cfl_alpha * min(dx, dy) / speed_max_ms,
/// speed_max_ms = max(|u|, |v|) + sqrt(g h) over the wet cells and the ghosts.
std::optional<StepWindow> next_step_for_speed(double t, double t_cap, double speed_max_ms,
                                              const FloodParams& p, double dx, double dy);

/// Kernel constants of one step (computed in double, rounded once to float).
/// The sources of update (rain, losses) are left at 0: the sweep sets them.
struct StepConsts {
  kernels::FaceConsts x, y;
  kernels::UpdateConsts update;
};

/// n_uniform: the Manning n of the uniform-n kernels (ManningField::uniform).
StepConsts step_consts(const FloodParams& p, double dt, double dx, double dy, float n_uniform);

}  // namespace floodevac::flood
