#include "sim/policy/returns.hpp"

#include <cmath>

#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {

void ReturnRule::validate(const std::string& field) const {
  if (!(share >= 0.0 && share <= 1.0)) config_fail(field + ".share", "must be a share in [0, 1]");
  if (!(after_min_s >= 0.0) || !std::isfinite(after_min_s))
    config_fail(field + ".after_min_s", "must be a finite time >= 0 s");
  if (!(after_max_s >= after_min_s) || !std::isfinite(after_max_s))
    config_fail(field + ".after_max_s", "must be a finite time >= after_min_s");
}

}  // namespace floodevac::policy
