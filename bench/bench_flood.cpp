// Flood engine throughput against the machine's memory bandwidth, measured in
// one run (a program, not a test).
//
//   bench_flood [N=2000] [steps=100]
//
// 1. An N x N all-wet domain (10 m cells, flat bed plus a gentle wave, depth
//    about 1 m, closed walls, Manning n = 0.03) is advanced a fixed number of
//    steps at 1 and at 2 OpenMP threads: cell-updates/s = cells * steps / s.
// 2. STREAM triad a[i] = b[i] + s*c[i] (McCalpin, STREAM benchmark; float and
//    double, 5e7 elements, best of 10, OpenMP static, 1 and 2 threads), counted
//    as STREAM does: 3 arrays x element size per element, no write-allocate.
// 3. Ratios: updates/s per GB/s, the roofline updates/s = triad bandwidth /
//    bytes per update, and the comparison with LISFLOOD-FP 8.1.
#include <omp.h>
#include <sys/resource.h>
#include <time.h>

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

// Bytes moved per cell update by the engine in one time step (all-wet case,
// uniform n, no sources), counting every array read or written once per step
// as STREAM does (4-byte floats; the (cols+1)/cols face overhead ignored).
// The engine makes ONE fused sweep per step (sim/flood/sweep.cpp): per row the
// x faces, the y faces below it and the depth update, discharges in place.
//   reads : h, h_lo, z, qx, qy, max_h, max_v2                  28 B
//   writes: h, h_lo, qx, qy, max_h, max_v2                      24 B
//   total                                                       52 B
// (h_lo: the compensated part of the depth, below float precision.)
// Neighbour rows (h, z of row r+1, the old y faces of rows r+1, r+2) are
// re-read from cache, and the per-thread row buffers (new discharges of the
// current row) stay in L1/L2. Nothing else is touched per step.
constexpr double kBytesPerUpdate = 52.0;

// Reference (from the task brief, measured on this machine kind):
// LISFLOOD-FP 8.1 best 4.5e7 updates/s at 2 threads, triad 34 GB/s.
constexpr double kLisfloodUpdates = 4.5e7;
constexpr double kLisfloodTriadGBs = 34.0;
constexpr double kLisfloodPerGBs = kLisfloodUpdates / kLisfloodTriadGBs;  // ~1.3e6
constexpr double kTargetUpdates = 2.0e8;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time of the whole process (all threads), s: steadier than the wall
// time on a machine shared with other jobs.
double cpu_s() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double peak_rss_mib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss in KiB on Linux
}

ff::FloodModel make_model(std::int64_t n, ff::Friction friction = ff::Friction::two_d) {
  fe::GeoTransform geo{0.0, 10.0, static_cast<double>(n) * 10.0, -10.0};
  fe::Grid<float> dem(n, n, geo, 0.0f);
  fe::Grid<float> depth(n, n, geo, 1.0f);
  const double pi = std::acos(-1.0);
  for (std::int64_t r = 0; r < n; ++r)
    for (std::int64_t c = 0; c < n; ++c) {
      // Flat bed with a gentle wave (0.2 m over 2 km) and a 0.1 m surface hump:
      // every face carries a non-trivial flux.
      const double x = static_cast<double>(c) * 10.0, y = static_cast<double>(r) * 10.0;
      const float z = static_cast<float>(0.2 * std::sin(2 * pi * x / 2000.0) * std::cos(2 * pi * y / 2000.0));
      dem(r, c) = z;
      depth(r, c) = static_cast<float>(1.0 + 0.1 * std::cos(2 * pi * x / 3000.0)) - z;
    }
  ff::FloodConfig cfg;  // closed walls, no sources
  cfg.params.friction = friction;
  return ff::FloodModel(std::move(dem), ff::Roughness::uniform(0.03), std::move(cfg), std::move(depth));
}

template <class T>
double triad_gbs(std::size_t n, int threads, int reps) {
  std::vector<T> a(n), b(n), c(n);
  const T s = static_cast<T>(3.0);
  omp_set_num_threads(threads);
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {  // first touch by the threads that use the pages
    a[i] = 0;
    b[i] = static_cast<T>(1.0);
    c[i] = static_cast<T>(2.0);
  }
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = now_s();
    T* __restrict pa = a.data();
    const T* __restrict pb = b.data();
    const T* __restrict pc = c.data();
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
    best = std::min(best, now_s() - t0);
  }
  volatile T sink = a[n / 2];
  (void)sink;
  return 3.0 * sizeof(T) * static_cast<double>(n) / best / 1e9;
}

struct Run {
  double seconds = 0.0;
  double updates_per_s = 0.0;
  double updates_per_cpu_s = 0.0;  // per CPU-second of all threads
  std::vector<float> h;
  double mass_error = 0.0;
};

Run time_model(std::int64_t n, int steps, int threads,
               ff::Friction friction = ff::Friction::two_d) {
  omp_set_num_threads(threads);
  ff::FloodModel m = make_model(n, friction);
  m.step();  // warm-up: page faults, clone dispatch
  const double t0 = now_s();
  const double c0 = cpu_s();
  for (int s = 0; s < steps; ++s) m.step();
  Run r;
  r.seconds = now_s() - t0;
  r.updates_per_cpu_s = static_cast<double>(n) * static_cast<double>(n) * steps / (cpu_s() - c0);
  r.updates_per_s = static_cast<double>(n) * static_cast<double>(n) * steps / r.seconds;
  r.h = m.h();
  r.mass_error = m.mass_balance().relative_error();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::atoll(argv[1]) : 2000;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 100;
  if (n < 8 || steps < 1) {
    std::fprintf(stderr, "usage: bench_flood [N>=8] [steps>=1]\n");
    return 2;
  }
  std::printf("bench_flood: %lld x %lld cells (10 m), all wet, closed walls, n = 0.03, %d steps\n",
              static_cast<long long>(n), static_cast<long long>(n), steps);

  // Both friction forms, alternated and each timed twice (best kept), so that
  // the ratio 2d / 1d is measured under the same machine load.
  Run r1, r2, o1, o2;
  for (int rep = 0; rep < 2; ++rep) {
    auto best = [](Run& keep, Run run) {
      if (keep.seconds == 0.0 || run.seconds < keep.seconds) keep = std::move(run);
    };
    best(o1, time_model(n, steps, 1, ff::Friction::one_d));
    best(r1, time_model(n, steps, 1, ff::Friction::two_d));
    best(o2, time_model(n, steps, 2, ff::Friction::one_d));
    best(r2, time_model(n, steps, 2, ff::Friction::two_d));
  }
  const bool identical = r1.h.size() == r2.h.size() &&
                         std::memcmp(r1.h.data(), r2.h.data(), r1.h.size() * sizeof(float)) == 0;
  double bytes_per_cell = 0.0;
  {
    ff::FloodModel m = make_model(16);
    bytes_per_cell = m.state_bytes_per_cell();
  }
  const double rss_model = peak_rss_mib();
  std::printf("flood (2-D friction, the default), best of 2 runs each:\n");
  std::printf("flood  1 thread : %8.3f s  %.3e cell-updates/s\n", r1.seconds, r1.updates_per_s);
  std::printf("flood  2 threads: %8.3f s  %.3e cell-updates/s  (speed-up %.2f)\n", r2.seconds,
              r2.updates_per_s, r2.updates_per_s / r1.updates_per_s);
  std::printf("1-D friction, 1 thread : %8.3f s  %.3e cell-updates/s\n", o1.seconds,
              o1.updates_per_s);
  std::printf("1-D friction, 2 threads: %8.3f s  %.3e cell-updates/s\n", o2.seconds,
              o2.updates_per_s);
  std::printf("2-D / 1-D friction speed per cell-update: %.3f (1 thread), %.3f (2 threads)\n",
              r1.updates_per_s / o1.updates_per_s, r2.updates_per_s / o2.updates_per_s);
  std::printf("per CPU-second (all threads): 2-D %.3e / %.3e, 1-D %.3e / %.3e (1 / 2 threads);"
              " 2-D / 1-D %.3f / %.3f\n",
              r1.updates_per_cpu_s, r2.updates_per_cpu_s, o1.updates_per_cpu_s,
              o2.updates_per_cpu_s, r1.updates_per_cpu_s / o1.updates_per_cpu_s,
              r2.updates_per_cpu_s / o2.updates_per_cpu_s);
  std::printf("depth after %d steps bitwise identical at 1 and 2 threads: %s\n", steps + 1,
              identical ? "yes" : "NO");
  std::printf("mass balance: relative error %.3e (1 thread), %.3e (2 threads)\n", r1.mass_error,
              r2.mass_error);
  std::printf("state: %.1f bytes per cell; peak RSS after the flood runs %.1f MiB\n", bytes_per_cell,
              rss_model);

  const std::size_t ne = 50'000'000;
  const int reps = 10;
  const double tf1 = triad_gbs<float>(ne, 1, reps);
  const double tf2 = triad_gbs<float>(ne, 2, reps);
  const double td1 = triad_gbs<double>(ne, 1, reps);
  const double td2 = triad_gbs<double>(ne, 2, reps);
  std::printf("STREAM triad (%zu elements, best of %d): float %.2f / %.2f GB/s, double %.2f / %.2f GB/s (1 / 2 threads)\n",
              ne, reps, tf1, tf2, td1, td2);

  // Ratios against the higher of the float and double triads at each thread
  // count (a conservative denominator: it never flatters our figures).
  const double bw1 = std::max(tf1, td1), bw2 = std::max(tf2, td2);
  std::printf("bandwidth used for the ratios: %.2f GB/s (1 thread), %.2f GB/s (2 threads)\n", bw1, bw2);
  const double per_gbs1 = r1.updates_per_s / bw1;
  const double per_gbs2 = r2.updates_per_s / bw2;
  const double roof1 = bw1 * 1e9 / kBytesPerUpdate;
  const double roof2 = bw2 * 1e9 / kBytesPerUpdate;
  std::printf("bytes moved per cell update (our count): %.0f B\n", kBytesPerUpdate);
  std::printf("1 thread : %.3e updates/s per GB/s; roofline %.3e updates/s; reached %.1f %%\n",
              per_gbs1, roof1, 100.0 * r1.updates_per_s / roof1);
  std::printf("2 threads: %.3e updates/s per GB/s; roofline %.3e updates/s; reached %.1f %%\n",
              per_gbs2, roof2, 100.0 * r2.updates_per_s / roof2);
  std::printf("reference: LISFLOOD-FP 8.1 best %.1e updates/s at 2 threads = %.2e per GB/s (triad %.0f GB/s);"
              " target >= %.0e updates/s (>= 6e6 per GB/s)\n",
              kLisfloodUpdates, kLisfloodPerGBs, kLisfloodTriadGBs, kTargetUpdates);
  std::printf("ratio to LISFLOOD-FP per GB/s: %.2f x (2 threads); absolute %.2f x\n",
              per_gbs2 / kLisfloodPerGBs, r2.updates_per_s / kLisfloodUpdates);
  std::printf("peak RSS at exit (includes the triad arrays): %.1f MiB\n", peak_rss_mib());
  return identical ? 0 : 1;
}
