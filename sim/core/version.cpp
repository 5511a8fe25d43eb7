#include "sim/core/version.hpp"
namespace floodevac {
const char* version() { return FLOODEVAC_VERSION; }
}  // namespace floodevac
