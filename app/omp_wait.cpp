#include "app/omp_wait.hpp"

#include <cstdlib>
#include <string>

namespace floodevac::app {
namespace {

bool user_chose() {
  return std::getenv("OMP_WAIT_POLICY") != nullptr || std::getenv("GOMP_SPINCOUNT") != nullptr ||
         std::getenv("FLOODEVAC_OMP_WAIT") != nullptr;
}

}  // namespace

void bound_omp_spinning() {
  if (user_chose()) return;
  if (setenv("GOMP_SPINCOUNT", "1000", 1) != 0) return;
  (void)setenv("FLOODEVAC_OMP_WAIT", "bounded", 1);  // says where the setting came from
}

std::string omp_wait_description() {
  const char* spin = std::getenv("GOMP_SPINCOUNT");
  const char* policy = std::getenv("OMP_WAIT_POLICY");
  const char* mode = std::getenv("FLOODEVAC_OMP_WAIT");
  if (mode != nullptr && std::string(mode) == "bounded" && spin != nullptr)
    return std::string("bounded spin, GOMP_SPINCOUNT=") + spin +
           " (set at start, before the OpenMP runtime)";
  if (policy == nullptr && spin == nullptr) return "the OpenMP runtime's default";
  std::string d = "the user's:";
  if (policy != nullptr) d += std::string(" OMP_WAIT_POLICY=") + policy;
  if (spin != nullptr) d += std::string(" GOMP_SPINCOUNT=") + spin;
  return d;
}

}  // namespace floodevac::app
