#pragma once
// A sweep under mpirun / srun: rank 0 schedules (and runs members itself),
// the other ranks run the members they are handed, each as a child process.
// Optional at build time (FLOODEVAC_MPI); a build without MPI refuses to run
// under a launcher with more than one rank instead of running the whole sweep
// once per rank.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/sweep/sweep_scheduler.hpp"

namespace floodevac::app::sweep {

/// True when this build has MPI.
bool mpi_built();

/// The ranks of an MPI launch. MPI is initialised only when the process was
/// started by a launcher (OpenMPI's mpirun, or PMI/PMIx as under Slurm's
/// srun); otherwise rank 0 of 1. MPI_Finalize at destruction.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Ranks on this node (OMPI_COMM_WORLD_LOCAL_SIZE / SLURM_NTASKS_PER_NODE; 1 if unknown).
  int local_size() const { return local_size_; }
  /// Everybody waits here; true only if every rank passed ok = true.
  bool all_ok(bool ok) const;

 private:
  int rank_ = 0, size_ = 1, local_size_ = 1;
  bool active_ = false;
};

/// On rank 0: the other ranks as workers. `member_of_task` maps a task to the
/// member index sent to the workers (which compute the member themselves).
std::unique_ptr<RemoteWorkers> mpi_workers(const MpiSession& mpi, std::vector<int> member_of_task);

/// On ranks > 0: runs the members rank 0 hands out until it says stop.
/// `command(member, threads)` and `log_file(member)` as for the scheduler.
void mpi_serve(const MpiSession& mpi,
               const std::function<std::vector<std::string>(int member, int threads)>& command,
               const std::function<std::filesystem::path(int member)>& log_file,
               const std::function<bool()>& cancelled);

}  // namespace floodevac::app::sweep
