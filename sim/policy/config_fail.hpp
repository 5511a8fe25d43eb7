#pragma once
// One way to reject a timeline input: a ConfigError naming the field and the fix.
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::policy {

[[noreturn]] inline void config_fail(const std::string& field, const std::string& message,
                                     const std::string& fix = {}) {
  ErrorContext c;
  c.field = field;
  c.fix = fix;
  throw ConfigError(message, c);
}

}  // namespace floodevac::policy
