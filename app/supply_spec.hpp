#pragma once
// The scenario's `supplies` section (issue 13 §2) read into typed values: the depot
// layer, the check times in simulation seconds and the delivery limit of each depot
// level. Depot levels are checked against limits_s when the depots are read
// (app/supply_outputs.hpp).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/source_map.hpp"
#include "sim/policy/clock.hpp"

namespace floodevac::app {

struct SupplySpec {
  std::filesystem::path depots;
  std::string layer;
  double max_snap_m{};
  std::vector<double> times_s;             // the checks, s from the start, ascending
  std::map<std::string, double> limits_s;  // depot level -> longest delivery time, s
};

/// Reads `supplies` (checked against the schema, defaults filled); relative paths start
/// at `base`. Times in the timeline's forms when `clock` is given (a timeline), else
/// numbers of seconds only; `from` defaults to the landfall (with a clock) or 0. Throws
/// ConfigError at the value's line.
SupplySpec read_supply_spec(const nlohmann::json& supplies, const std::filesystem::path& base,
                            const SourceMap& sources, const std::optional<policy::Clock>& clock,
                            double duration_s);

}  // namespace floodevac::app
