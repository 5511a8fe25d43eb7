#pragma once
// Scenario files: YAML (or JSON) validated against scenarios/scenario.schema.json,
// defaults filled from the schema, then read into typed config structs.
//
// Defaults are written once. Where a library struct of sim/ or gis/ takes a
// value (flood::FloodParams, flood::Boundary, flood::Breach, flood::HazardParams,
// evac::SimConfig, evac::MobilisationCurve, gis::RoadReadOptions,
// gis::ShelterFieldMap, gis::SnapOptions, gis::CogOptions) the Scenario holds
// that struct: the library owns the default, the schema states it to users, and
// tests/app/test_defaults.cpp fails when the two differ. A value no library
// struct holds (run length, demand shares, the constant Manning's n, ...) has
// its default only in the schema: its field here is value-initialised and
// always filled by load_scenario.
//
// Errors name the file, the line and column, the field and what is expected.
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/source_map.hpp"
#include "app/supply_spec.hpp"
#include "app/timeline_spec.hpp"
#include "gis/raster/raster_io.hpp"
#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/evac/demand.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/flood/flood_config.hpp"
#include "sim/flood/hazard.hpp"

namespace floodevac::app {

struct ManningSpec {
  double constant{};                // s/m^(1/3); used when raster and landcover are empty
  std::filesystem::path raster;     // n values
  std::filesystem::path landcover;  // class codes
  std::map<int, double> table;      // class -> n
  double default_n{};               // for classes not in table (0 = error)
};

struct WallSpec {
  std::filesystem::path file;
  std::string layer;
  std::string crest_field;
};

/// River channel centre lines burned into a coarsened DEM (gis/raster/channels.hpp).
struct ChannelSpec {
  std::filesystem::path file;
  std::string layer;
};

/// Water-level gauges sampled during the run (gis/vector/gauges.hpp, app/gauge_log.hpp).
struct GaugeSpec {
  std::filesystem::path file;
  std::string layer;
};

struct FloodSpec {
  std::filesystem::path dem;
  double resolution_m{};  // 0 = keep the DEM's
  ManningSpec manning;
  std::optional<WallSpec> walls;
  std::optional<ChannelSpec> channels;
  std::optional<GaugeSpec> gauges;
  flood::FloodConfig
      config;  // params, boundaries, inflows, uniform rain, breaches (wall_mask filled at run time)
  std::vector<std::pair<double, std::filesystem::path>> rain_grids;  // (t_s, mm/h raster)
  flood::HazardParams hazard;                                        // debris_factor
  bool initial_sea{};  // calm sea at the t = 0 boundary level (flood::initial_sea_depth)
};

struct PopulationSpec {
  std::filesystem::path raster;  // persons per cell
  std::filesystem::path vector;  // units with a count
  std::string count_field;
  double min_persons{};  // raster cells with fewer persons are ignored
};

struct DemandSpec {
  double order_time_s{};          // the transfer order, s
  evac::MobilisationCurve curve;  // departures after the order
  double compliance{}, car_share{}, occupancy{};
  std::filesystem::path trips_csv;  // replaces the generated demand when set
};

struct EvacSpec {
  std::filesystem::path roads;
  gis::RoadReadOptions road_options;  // layer, merge_tolerance_m
  std::filesystem::path shelters;
  gis::ShelterFieldMap shelter_fields;  // capacity
  PopulationSpec population;
  gis::SnapOptions snap;  // max_snap_m of shelters and of population
  DemandSpec demand;
  evac::SimConfig movement;  // step_s, reroute_interval_s, vehicle_spacing_m, walk_speed_mps,
                             // exposure_class_min, output_interval_s (= the coupling interval)
};

struct Scenario {
  std::filesystem::path file;      // the scenario file as given
  std::filesystem::path base_dir;  // folder of the scenario file; relative paths start here
  std::string name, description;
  std::string crs;  // target CRS ("" = keep the DEM's)
  std::uint64_t seed{};
  double duration_s{}, output_interval_s{}, coupling_interval_s{};
  bool with_flood{};  // false: an evacuation-only scenario (no `flood` section, no DEM)
  FloodSpec flood;    // only with_flood
  std::optional<EvacSpec> evac;
  std::optional<TimelineSpec> timeline;  // the typhoon-day timeline (needs evac; replaces its demand)
  std::optional<SupplySpec> supplies;    // relief-supply depots and checks (needs evac)
  gis::CogOptions rasters;  // compression
  bool depth_snapshots{};
  // outputs.viewer: sample trajectories and road-link states for `floodevac view`.
  bool viewer{};
  std::uint32_t viewer_persons{};
  double viewer_interval_s{};
  nlohmann::json resolved;  // the document after overrides and defaults (for the manifest)
  SourceMap sources;        // where each value of the document came from (for errors)
};

/// Loads, applies `--set key.path=value` overrides, validates against the schema,
/// fills defaults and reads the typed scenario. Throws ConfigError/InputError
/// located at the value's line and column (or its --set override).
Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides = {});

/// The JSON Schema text (scenarios/scenario.schema.json, compiled into the binary).
const std::string& schema_text();

}  // namespace floodevac::app
