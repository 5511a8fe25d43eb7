// The finite-volume scheme (flood.solver.scheme: fv) beside the local
// inertial kernel, measured in one run (a program, not a test).
//
//   bench_fv [N=1000] [steps=50]
//
// The case of bench_flood: an N x N all-wet domain (10 m cells, a gentle
// bed wave, depth about 1 m, closed walls, n = 0.03), a fixed number of steps
// of each scheme at 1 and 2 OpenMP threads: cell-updates/s = cells * steps / s.
// Then the STREAM triad (McCalpin; float, 3 arrays x 4 B per element) and the
// ratios: updates/s per GB/s, and the roofline from the bytes each scheme
// moves per cell-update (counted below). Also the time per simulated hour,
// which differs more than the per-update cost: the fv step is bounded by
// max(|u|, |v|) + sqrt(g h), the inertial one by sqrt(g h_max).
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "sim/flood/flood_model.hpp"

namespace fe = floodevac;
namespace ff = floodevac::flood;

namespace {

// Bytes moved per cell-update, every array read or written once per pass
// (4-byte floats; neighbour rows re-read from cache; face arrays ~1 per cell).
// inertial (bench_flood.cpp): one fused sweep, 52 B.
// fv (fv_sweep.cpp), three passes:
//   1 velocities, slopes : read h z hu hv (16)  write u v sx sy (16)      32 B
//   2 faces              : read h z u v sx sy (24)  write 4 x 2 faces (32) 56 B
//   3 update             : read h h_lo hu hv z sx sy max_h max_v2 (36)
//                          + 4 x 2 faces (32); write h h_lo hu hv max_h max_v2 (24)  92 B
//   total                                                                 180 B
constexpr double kInertialBytes = 52.0;
constexpr double kFvBytes = 180.0;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

ff::FloodModel make_model(std::int64_t n, ff::Scheme scheme) {
  fe::GeoTransform geo{0.0, 10.0, static_cast<double>(n) * 10.0, -10.0};
  fe::Grid<float> dem(n, n, geo, 0.0f);
  fe::Grid<float> depth(n, n, geo, 1.0f);
  const double pi = std::acos(-1.0);
  for (std::int64_t r = 0; r < n; ++r)
    for (std::int64_t c = 0; c < n; ++c) {
      const double x = static_cast<double>(c) * 10.0, y = static_cast<double>(r) * 10.0;
      const float z =
          static_cast<float>(0.2 * std::sin(2 * pi * x / 2000.0) * std::cos(2 * pi * y / 2000.0));
      dem(r, c) = z;
      depth(r, c) = static_cast<float>(1.0 + 0.1 * std::cos(2 * pi * x / 3000.0)) - z;
    }
  ff::FloodConfig cfg;
  cfg.params.scheme = scheme;
  return ff::FloodModel(std::move(dem), ff::Roughness::uniform(0.03), std::move(cfg),
                        std::move(depth));
}

struct Run {
  double updates_per_s = 0.0;
  double sim_s = 0.0;  // simulated seconds per wall second
  std::vector<float> h;
};

Run time_model(std::int64_t n, int steps, int threads, ff::Scheme scheme) {
  omp_set_num_threads(threads);
  ff::FloodModel m = make_model(n, scheme);
  m.step();  // warm-up
  const double t_sim0 = m.time_s();
  const double t0 = now_s();
  for (int s = 0; s < steps; ++s) m.step();
  const double wall = now_s() - t0;
  return {static_cast<double>(n) * static_cast<double>(n) * steps / wall,
          (m.time_s() - t_sim0) / wall, m.h()};
}

double triad_float_gbs(std::size_t n, int threads, int reps) {
  std::vector<float> a(n), b(n), c(n);
  omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    a[i] = 0.0f;
    b[i] = 1.0f;
    c[i] = 2.0f;
  }
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_s();
    float* __restrict pa = a.data();
    const float* __restrict pb = b.data();
    const float* __restrict pc = c.data();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + 3.0f * pc[i];
    best = std::min(best, now_s() - t0);
  }
  volatile float sink = a[n / 2];
  (void)sink;
  return 12.0 * static_cast<double>(n) / best / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 1000;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 50;
  if (n < 8 || steps < 1) {
    std::fprintf(stderr, "usage: bench_fv [N>=8] [steps>=1]\n");
    return 2;
  }
  std::printf("bench_fv: %lld x %lld cells (10 m), all wet, closed walls, n = 0.03, %d steps\n",
              static_cast<long long>(n), static_cast<long long>(n), steps);
  const double bw1 = triad_float_gbs(20'000'000, 1, 5), bw2 = triad_float_gbs(20'000'000, 2, 5);
  std::printf("STREAM triad (float, 2e7 elements, best of 5): %.2f GB/s (1 thread), %.2f GB/s (2 threads)\n",
              bw1, bw2);
  bool identical = true;
  double per_update[2][2] = {};
  for (const ff::Scheme scheme : {ff::Scheme::inertial, ff::Scheme::fv}) {
    const bool fv = scheme == ff::Scheme::fv;
    const char* name = fv ? "fv      " : "inertial";
    const double bytes = fv ? kFvBytes : kInertialBytes;
    const Run r1 = time_model(n, steps, 1, scheme);
    const Run r2 = time_model(n, steps, 2, scheme);
    identical = identical && r1.h.size() == r2.h.size() &&
                std::memcmp(r1.h.data(), r2.h.data(), r1.h.size() * sizeof(float)) == 0;
    per_update[fv][0] = r1.updates_per_s;
    per_update[fv][1] = r2.updates_per_s;
    for (int t = 0; t < 2; ++t) {
      const Run& r = t == 0 ? r1 : r2;
      const double bw = t == 0 ? bw1 : bw2;
      const double roof = bw * 1e9 / bytes;
      std::printf("%s %d thread%s: %.3e cell-updates/s  %.3e per GB/s  roofline (%.0f B/update) %.3e, reached %.1f %%  simulated/wall %.1f\n",
                  name, t + 1, t ? "s" : " ", r.updates_per_s, r.updates_per_s / bw, bytes, roof,
                  100.0 * r.updates_per_s / roof, r.sim_s);
    }
  }
  std::printf("cost per cell-update fv / inertial: %.2f (1 thread), %.2f (2 threads)\n",
              per_update[0][0] / per_update[1][0], per_update[0][1] / per_update[1][1]);
  std::printf("depth bitwise identical at 1 and 2 threads (both schemes): %s\n",
              identical ? "yes" : "NO");
  return identical ? 0 : 1;
}
