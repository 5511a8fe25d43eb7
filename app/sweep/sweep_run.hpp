#pragma once
// `floodevac sweep SWEEP.yaml -o DIR`: loads the sweep, opens (or resumes)
// its folder, runs the members not complete yet (here, concurrently within
// the cores, and on the other MPI ranks when started by mpirun/srun), then
// writes summary.csv, ensemble/ and report.html (docs/sweeps.md).
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/core/log.hpp"

namespace floodevac::app::sweep {

struct SweepOptions {
  std::filesystem::path sweep_file;
  std::filesystem::path out_dir;   // empty: runs/<sweep name>
  std::vector<std::string> sets;   // --set for every member
  int limit = 0;                   // run only the first N members of the design (0: all)
  int jobs = 0;                    // members at once on this process (0: chosen)
  int threads = 0;                 // OpenMP threads per member (0: chosen)
  bool restart = false;            // clear the folder first
  bool retry_failed = false;       // run again the members an earlier run recorded as failed
  std::function<bool()> cancelled; // Ctrl-C
  Logger logger;
};

struct SweepResult {
  int rank = 0;             // MPI rank (only rank 0 reports)
  std::filesystem::path dir;
  int members = 0;          // in the design
  int selected = 0;         // after --limit
  int already_complete = 0; // skipped: complete from an earlier run
  int failed_before = 0;    // skipped: failed in an earlier run (--retry-failed runs them)
  int ran = 0, complete = 0, failed = 0;  // of this run; complete over the whole design
  int jobs = 0, threads = 0, ranks = 1;
  double wall_s = 0;
  double prepare_s = 0, members_s = 0, results_s = 0;  // serial, parallel, serial
  std::vector<std::string> outputs;  // relative to dir
  std::string text;                  // a few lines for the terminal
};

/// Runs the sweep. CancelledError when interrupted (running members are
/// stopped and left "cancelled"; a rerun does them again).
SweepResult run_sweep(const SweepOptions& options);

}  // namespace floodevac::app::sweep
