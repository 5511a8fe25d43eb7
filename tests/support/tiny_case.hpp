#pragma once
// A tiny flood scenario written by the tests (inputs are made, not shipped),
// and the floodevac executable run as a user runs it.
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "gis/raster/raster_io.hpp"
#include "sim/core/grid.hpp"
#include "tests/support/files.hpp"

namespace floodevac::test {

/// The tiny case's grid: 60 x 40 cells of 10 m from (500000, 3100000), UTM 51N.
inline constexpr double kTinyX0 = 500000.0, kTinyY0 = 3100000.0, kTinyCell = 10.0;

/// dir/dem.tif (a plain sloping east to a sea boundary, a hollow in the
/// middle, a nodata corner) and dir/s.yaml: 30 min of rain, a rising sea on
/// the east side and a river inflow.
inline void make_tiny_case(const std::filesystem::path& dir) {
  GeoTransform gt{kTinyX0, kTinyCell, kTinyY0, -kTinyCell};
  Grid<float> dem(40, 60, gt, 0.0f, "EPSG:32651");
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) {
      const double x = c * 10.0, y = r * 10.0;
      dem(r, c) = static_cast<float>(
          3.0 - 0.04 * x -
          1.0 * std::exp(-((x - 250) * (x - 250) + (y - 200) * (y - 200)) / 5000.0));
    }
  dem(0, 0) = NAN;
  gis::write_cog(dem, dir / "dem.tif", {});
  write_text(dir / "s.yaml", R"(name: tiny
crs: EPSG:32651
time: {duration_s: 1800, output_interval_s: 600, coupling_interval_s: 60}
flood:
  dem: dem.tif
  manning: {constant: 0.03}
  rain: {uniform_mm_h: {t_s: [0, 900], values: [80, 0]}}
  boundaries:
    - {side: east, kind: water_level, level_m: {t_s: [0, 1800], values: [0.5, 1.5]}}
  inflows:
    - {at: [500105, 3099805], q_m3s: {t_s: [0, 1800], values: [2, 5]}}
)");
}

/// Runs a shell command line (stdout and stderr into *output); its exit code.
inline int run_command(const std::string& cmd, std::string* output) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) *output += buf;
  const int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Runs build/floodevac with `args`; stdout and stderr go to *output. Returns the exit code.
/// `env_prefix` goes before the executable (e.g. "env -u OMP_WAIT_POLICY X=1").
inline int run_exe(const std::string& args, std::string* output,
                   const std::string& env_prefix = "") {
  return run_command(env_prefix + (env_prefix.empty() ? "" : " ") + FLOODEVAC_EXE + " " + args,
                     output);
}

}  // namespace floodevac::test
