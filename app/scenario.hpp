#pragma once
// Scenario files: YAML (or JSON) validated against scenarios/scenario.schema.json,
// defaults filled from the schema, then read into typed config structs.
//
// Errors name the file, the line and column, the field and what is expected.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/flood/flood_config.hpp"

namespace floodevac::app {

struct ManningSpec {
  double constant = 0.035;           // s/m^(1/3); used when raster/landcover are empty
  std::filesystem::path raster;      // n values
  std::filesystem::path landcover;   // class codes
  std::map<int, double> table;       // class -> n
  double default_n = 0.0;            // for classes not in table (0 = error)
};

struct WallSpec {
  std::filesystem::path file;
  std::string layer;
  std::string crest_field = "crest_m";
};

struct FloodSpec {
  std::filesystem::path dem;
  double resolution_m = 0.0;
  ManningSpec manning;
  std::optional<WallSpec> walls;
  flood::FloodConfig config;  // params, boundaries, inflows, uniform rain, breaches (wall_mask filled at run time)
  std::vector<std::pair<double, std::filesystem::path>> rain_grids;  // (t_s, mm/h raster)
  double debris_factor = 1.0;
  bool initial_sea = true;  // calm sea at the t = 0 boundary level (flood::initial_sea_depth)
};

struct EvacSpec {
  std::filesystem::path roads;
  std::string roads_layer;
  double node_tolerance_m = 0.5;
  std::filesystem::path shelters;
  std::string capacity_field = "capacity";
  double shelter_max_snap_m = 500;
  std::filesystem::path population_raster;
  std::filesystem::path population_vector;
  std::string count_field = "persons";
  double min_persons = 0.5;
  double population_max_snap_m = 1000;
  // demand
  double order_time_s = 0;
  std::string curve = "logistic";
  double t50_s = 1800, scale_s = 400, shape = 2;
  double compliance = 0.9, car_share = 0.6, occupancy = 2.5;
  std::filesystem::path trips_csv;
  // movement
  double step_s = 1, reroute_interval_s = 60, vehicle_spacing_m = 7.5, walk_speed_mps = 1.34;
  int hazard_class_threshold = 2;
};

struct Scenario {
  std::filesystem::path file;      // the scenario file as given
  std::filesystem::path base_dir;  // folder of the scenario file; relative paths start here
  std::string name, description;
  std::string crs;                 // target CRS ("" = keep the DEM's)
  std::uint64_t seed = 1;
  double duration_s = 21600, output_interval_s = 1800, coupling_interval_s = 60;
  FloodSpec flood;
  std::optional<EvacSpec> evac;
  std::string compression = "DEFLATE";
  bool depth_snapshots = true;
  nlohmann::json resolved;         // the document after overrides and defaults (for the manifest)
};

/// Loads, applies `--set key.path=value` overrides, validates against the schema,
/// fills defaults and reads the typed scenario. Throws ConfigError/InputError.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

/// The JSON Schema text (scenarios/scenario.schema.json, compiled into the binary).
const std::string& schema_text();

}  // namespace floodevac::app
