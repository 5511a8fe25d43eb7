#pragma once
// Runs the members of a sweep: dynamic scheduling (the next member goes to
// the first free slot, since members take uneven time) over local slots
// (child processes of this machine) and, under MPI, remote workers (other
// ranks, each running the members it is handed as child processes). A member
// that fails or crashes is recorded and the others go on; a cancel (Ctrl-C)
// stops the running members once (they mark themselves cancelled) and starts
// no more.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/sweep/member_process.hpp"
#include "app/sweep/sweep_folder.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app::sweep {

/// A finished member as a worker reports it.
struct WorkerResult {
  int task = 0;  // index into the task list
  ChildExit exit;
  double wall_s = 0;
  int rank = 0;
};

/// Other processes that run members (MPI ranks, app/sweep/sweep_mpi.hpp).
class RemoteWorkers {
 public:
  virtual ~RemoteWorkers() = default;
  virtual int count() const = 0;  // workers (ranks other than this one)
  /// Hands task `task` to worker `worker` (0 .. count()-1), to run with `threads`.
  virtual void start(int worker, int task, int threads) = 0;
  /// A finished task from any worker, without waiting; the worker is then free.
  virtual std::optional<std::pair<int, WorkerResult>> poll() = 0;  // (worker, result)
  /// Asks every worker to stop its member and to quit; called once at the end.
  virtual void finish(bool cancel) = 0;
};

struct SchedulerOptions {
  int local_slots = 1;      // members at once on this process (0: only remote workers)
  int threads_per_member = 1;
  /// The command line of a task (argv[0] the executable) and its log file.
  std::function<std::vector<std::string>(int task, int threads)> command;
  std::function<std::filesystem::path(int task)> log_file;
  /// Polled between events; true: stop (running members are sent SIGTERM once).
  std::function<bool()> cancelled;
  /// Called with every finished task (from this process or a worker).
  std::function<void(const WorkerResult&)> on_done;
  /// Called when a task starts (rank: 0 here, 1.. for MPI workers).
  std::function<void(int task, int rank)> on_start;
  RemoteWorkers* remote = nullptr;
  Logger logger;
};

/// Runs tasks 0 .. n-1. Returns false when cancelled (some tasks not run).
bool run_tasks(int n, const SchedulerOptions& opt);

/// "2 h 05 min", "4 min 10 s", "12 s".
std::string format_duration(double s);

}  // namespace floodevac::app::sweep
