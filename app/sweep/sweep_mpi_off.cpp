// The sweep in a build without MPI (FLOODEVAC_MPI=OFF, or no MPI found): one
// process. Started by a launcher with several ranks it refuses (each rank
// would otherwise run the whole sweep into the same folder).
#include <cstdlib>

#include "app/sweep/sweep_mpi.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app::sweep {

bool mpi_built() { return false; }

MpiSession::MpiSession() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"}) {
    const char* s = std::getenv(v);
    if (s && std::atoi(s) > 1)
      throw ConfigError(std::string("started with several ranks (") + v + "=" + s +
                            ") but this floodevac was built without MPI",
                        ErrorContext{{}, 0, 0, {},
                                     "rebuild with OpenMPI (libopenmpi-dev) and -DFLOODEVAC_MPI=ON, "
                                     "or run the sweep without mpirun"});
  }
}

MpiSession::~MpiSession() = default;

bool MpiSession::all_ok(bool ok) const { return ok; }

std::unique_ptr<RemoteWorkers> mpi_workers(const MpiSession&, std::vector<int>) { return nullptr; }

void mpi_serve(const MpiSession&, const std::function<std::vector<std::string>(int, int)>&,
               const std::function<std::filesystem::path(int)>&, const std::function<bool()>&) {}

}  // namespace floodevac::app::sweep
