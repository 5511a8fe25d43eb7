#pragma once
// Ensemble GeoJSON of a sweep: for each feature rule (sweep_spec.hpp), the
// share of complete members in which a shelter overflows, a road closes, a
// village has a negative margin. Features are matched by position (every
// member of one base writes the same features in the same order); properties
// equal in every member (ids, names, capacities) are kept.
#include <filesystem>
#include <string>
#include <vector>

#include "app/sweep/sweep_spec.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app::sweep {

/// Writes ensemble/<rule.name>.geojson for every rule whose file the members
/// wrote; returns the files written (relative names).
std::vector<std::string> write_ensemble_features(const std::vector<std::filesystem::path>& member_dirs,
                                                 const std::vector<FeatureRule>& rules,
                                                 const std::filesystem::path& out_dir,
                                                 const Logger& log);

/// Whether `value` satisfies the rule (null and NaN satisfy only nothing).
bool rule_holds(const FeatureRule& rule, const nlohmann::json& value);

}  // namespace floodevac::app::sweep
