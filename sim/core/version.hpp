#pragma once
namespace floodevac {
/// Version of the floodevac libraries ("MAJOR.MINOR.PATCH").
const char* version();
}  // namespace floodevac
