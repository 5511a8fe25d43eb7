#include "app/omp_wait.hpp"

#include <unistd.h>

#include <cstdlib>

namespace floodevac::app {

void bound_omp_spinning(int argc, char** argv) {
  (void)argc;
  if (std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr ||
      std::getenv("FLOODEVAC_OMP_WAIT") != nullptr)
    return;
  // Marks the second start, so that a failed setenv can never loop.
  if (setenv("FLOODEVAC_OMP_WAIT", "bounded", 1) != 0) return;
  if (setenv("GOMP_SPINCOUNT", "1000", 1) != 0) return;
  execv("/proc/self/exe", argv);  // returns only on failure: continue as we are
}

}  // namespace floodevac::app
