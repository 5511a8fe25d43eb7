#pragma once
// What a run will cost, estimated before anything big is allocated: the
// memory of the flood grid and the evacuation inputs, and a lower bound on
// the number of steps. A run above the limits is refused with the figure and
// what would bring it down (a coarser resolution_m, --max-memory, a longer
// max_dt_s or coupling interval, --max-steps); a very long one is warned of.
#include <cstdint>
#include <filesystem>
#include <string>

#include "app/scenario.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app {

struct RunEstimate {
  std::int64_t cells = 0;        // flood grid cells at the run's resolution
  double cell_m = 0;             // the run's cell size, m
  double bytes_per_cell = 0;     // flood state + inputs + output maps
  double bytes = 0;              // peak memory, estimated
  double flood_steps = 0;        // at least (every coupling time and max_dt_s bound the step)
  double coupling_steps = 0;     // duration / coupling interval
  double movement_steps = 0;     // duration / movement step (0 without evacuation)
  double output_steps = 0;       // duration / output interval (0: none)
  double output_bytes = 0;       // depth snapshots and maps, uncompressed: an upper bound
};

struct RunLimits {
  double max_memory_bytes = 0;  // 0: default_max_memory()
  double max_steps = 1e7;       // flood, coupling or movement steps
};

/// 80 % of the machine's physical memory (sysconf), or 8 GiB when unknown.
double default_max_memory();

/// "8G", "512M", "1.5GiB", "2e9" (bytes) -> bytes; ConfigError naming `option` otherwise.
double parse_bytes(const std::string& text, const std::string& option);

/// "1.2 GiB".
std::string format_bytes(double bytes);

/// Reads the DEM's size (not its cells) and the scenario's times.
RunEstimate estimate_run(const Scenario& scenario);

/// ConfigError when the estimate is above `limits`, with the figure and a
/// hint; a warning for a run that will take very long; the figures at info.
void check_estimate(const RunEstimate& estimate, const Scenario& scenario,
                    const RunLimits& limits, const Logger& log);

/// A warning when the outputs may not fit on the disk that holds `out_dir`.
void check_disk_space(const RunEstimate& estimate, const std::filesystem::path& out_dir,
                      const Logger& log);

}  // namespace floodevac::app
