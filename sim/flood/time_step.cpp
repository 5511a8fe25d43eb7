#include "sim/flood/time_step.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::flood {

std::optional<StepWindow> next_step(double t, double t_cap, double h_max_m, double u_max_ms,
                                    const FloodParams& p, double dx, double dy) {
  double dt = p.max_dt_s;
  const double speed =
      std::sqrt(p.g * std::max(h_max_m, 0.0)) + (p.dt_speed ? std::max(u_max_ms, 0.0) : 0.0);
  if (speed > 0.0) dt = std::min(dt, p.cfl_alpha * std::min(dx, dy) / speed);
  if (!(dt >= 1e-4))
    throw NumericalError("flood model: time step collapsed to " + std::to_string(dt) +
                         " s at t = " + std::to_string(t) + " s (max depth " +
                         std::to_string(h_max_m) +
                         " m); check the DEM, the boundary levels and cfl_alpha");
  double t1 = t + dt;
  if (t1 >= t_cap) {
    dt = t_cap - t;
    t1 = t_cap;
  }
  if (!(dt > 0.0)) return std::nullopt;
  return StepWindow{t, t1, dt, t + 0.5 * dt};
}

std::optional<StepWindow> next_step_for_speed(double t, double t_cap, double speed_max_ms,
                                              const FloodParams& p, double dx, double dy) {
  // sqrt(g h_eq) = speed_max: the depth whose celerity is the fastest wave.
  // (u_max 0: the speed is already in speed_max_ms).
  return next_step(t, t_cap, speed_max_ms * speed_max_ms / p.g, 0.0, p, dx, dy);
}

StepConsts step_consts(const FloodParams& p, double dt, double dx, double dy, float n_uniform) {
  StepConsts k;
  for (int d = 0; d < 2; ++d) {
    kernels::FaceConsts& c = d == 0 ? k.x : k.y;
    const double dist = d == 0 ? dx : dy;
    c.g_dt_d = static_cast<float>(p.g * dt / dist);
    c.gdt = static_cast<float>(p.g * dt);
    c.gdt_n2 = static_cast<float>(p.g * dt * static_cast<double>(n_uniform) * n_uniform);
    c.theta = static_cast<float>(p.theta);
    c.half_1m_theta = static_cast<float>(0.5 * (1.0 - p.theta));
    c.h_dry = static_cast<float>(p.h_dry_m);
    c.inv_frc2_g = p.inertia_froude > 0.0
                       ? static_cast<float>(1.0 / (p.inertia_froude * p.inertia_froude * p.g))
                       : 0.0f;
    c.friction_2d = p.friction == Friction::two_d;
  }
  kernels::UpdateConsts& u = k.update;
  u.dt_dx = static_cast<float>(dt / dx);
  u.dt_dy = static_cast<float>(dt / dy);
  u.h_dry = static_cast<float>(p.h_dry_m);
  u.threshold = static_cast<float>(p.inundation_threshold_m);
  return k;
}

}  // namespace floodevac::flood
