#pragma once
// The run driver: reads the inputs a scenario names (through gis/), runs the
// flood engine and the evacuation model together (sim/), writes every output
// atomically and a manifest.json last.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/run_estimate.hpp"
#include "app/scenario.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app {

struct RunOptions {
  std::filesystem::path out_dir;       // created if missing
  int threads = 0;                     // OpenMP threads (0 = OpenMP's default)
  std::vector<std::string> overrides;  // recorded in the manifest
  Logger logger;
  Progress progress;
  /// Polled inside the flood's and the movement's step loops: true stops the
  /// run within a step (CancelledError, manifest status "cancelled").
  std::function<bool()> cancelled;
  /// Replace a finished run found in out_dir (app/run_folder.hpp); refused otherwise.
  bool overwrite = false;
  /// Refused above these (app/run_estimate.hpp), before anything is allocated or written.
  RunLimits limits;
  /// `floodevac plan`: also write plan/plan.csv, the recommended 一村一策 assignment per
  /// village (app/village_plan_outputs.hpp; needs a timeline).
  bool write_plan = false;
  /// `--baseline RUN_DIR`: a finished run (e.g. the default, for a variant) whose headline
  /// numbers summary.txt / summary.json compare this run's with ("N more"); empty: none.
  std::filesystem::path baseline;
};

struct RunSummary {
  std::filesystem::path manifest;
  double mass_relative_error = 0;
  double max_depth_m = 0;
  double flooded_area_km2 = 0;  // cells with max depth >= inundation threshold
  std::int64_t warnings = 0;    // logged, and listed in the manifest
  std::vector<std::filesystem::path> outputs;
  std::string text;  // human-readable summary (also written to summary.txt)
};

RunSummary run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace floodevac::app
