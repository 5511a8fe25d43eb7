#include "app/omp_wait.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace floodevac::app {
namespace {

bool user_chose() {
  return std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr ||
         std::getenv("FLOODEVAC_OMP_WAIT") != nullptr;
}

}  // namespace

void bound_omp_spinning(int argc, char** argv) {
  (void)argc;
  if (user_chose()) return;
  // Marks the second start, so that a failed setenv can never loop.
  if (setenv("FLOODEVAC_OMP_WAIT", "bounded", 1) != 0) return;
  if (setenv("GOMP_SPINCOUNT", "1000", 1) != 0) return;
  execv("/proc/self/exe", argv);  // returns only on failure: continue as we are
}

std::string omp_wait_description() {
  const char* spin = std::getenv("GOMP_SPINCOUNT");
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  const char* mode = std::getenv("FLOODEVAC_OMP_WAIT");
  if (mode != nullptr && std::string(mode) == "bounded" && spin != nullptr)
    return std::string("bounded spin, GOMP_SPINCOUNT=") + spin +
           " (set by a restart of the program)";
  if (policy == nullptr && spin == nullptr) return "the OpenMP runtime's default";
  std::string d = "the user's:";
  if (policy != nullptr) d += std::string(" OMP_WAIT_POLICY=") + policy;
  if (spin != nullptr) d += std::string(" GOMP_SPINCOUNT=") + spin;
  return d;
}

}  // namespace floodevac::app
