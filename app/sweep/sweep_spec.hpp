#pragma once
// A sweep file (docs/sweeps.md): the base scenario, the fixed overrides every
// member gets, the parameters to vary by their scenario paths (the same dotted
// paths as `run --set`), the design that combines them and the ensemble
// options. Read from YAML; errors name the sweep file and the field.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace floodevac::app::sweep {

enum class DesignKind { grid, list, monte_carlo, latin_hypercube };

/// A range: grid designs take `steps` evenly spaced values from min to max
/// (both included); random designs draw uniformly in [min, max].
struct Range {
  double min = 0, max = 0;
  int steps = 0;  // grid only (>= 2, or 1 = min)
};

struct Parameter {
  std::string name;                // column in summary.csv, label in the report
  std::vector<std::string> paths;  // scenario paths set to the value (one or more)
  std::vector<nlohmann::json> values;  // explicit values (grid / list; random: choices)
  std::optional<Range> range;          // instead of values
};

/// A GeoJSON output whose features get a probability in ensemble/: the share
/// of members in which `property` `op` `value` holds for the feature
/// (matched by position; every member writes the same features).
struct FeatureRule {
  std::string name;      // ensemble/<name>.geojson and the property p_<name>
  std::string file;      // relative to a member's run folder, e.g. evac/shelters.geojson
  std::string property;  // feature property tested
  std::string op;        // gt, ge, lt, le, not_null
  double value = 0;
};

struct EnsembleSpec {
  std::vector<double> depth_thresholds_m{0.1, 0.5, 1.0};
  std::vector<FeatureRule> features;  // defaults: shelters overflow, roads close, villages margin
};

struct SweepSpec {
  std::filesystem::path file;  // the sweep file as given
  std::string name;
  std::filesystem::path base;  // base scenario, resolved against the sweep file's folder
  std::uint64_t seed = 1;
  DesignKind design = DesignKind::grid;
  int samples = 0;                 // monte_carlo / latin_hypercube
  std::vector<std::string> fixed;  // "path=value" applied to every member (from `set:`)
  std::vector<Parameter> parameters;
  EnsembleSpec ensemble;
};

/// Reads and checks a sweep file. ConfigError naming the file and the field.
SweepSpec load_sweep(const std::filesystem::path& file);

/// The default feature rules (shelter overflows, road closes to cars, village
/// with a negative margin); a rule whose file a member did not write is skipped.
std::vector<FeatureRule> default_feature_rules();

const char* design_name(DesignKind kind);

}  // namespace floodevac::app::sweep
