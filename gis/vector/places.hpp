#pragma once
// Shelters, population and trips from files, and snapping them to the road
// network. Coordinates end up in the scenario CRS (metres), as in
// sim/evac/evac_types.hpp.
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "gis/vector/spatial_index.hpp"
#include "sim/core/grid.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

// ---- shelters -------------------------------------------------------------------

/// Field names of a shelter layer (case-insensitive; empty = not used).
struct ShelterFieldMap {
  std::string layer;                 // OGR layer; empty: the source's only layer
  std::string id = "id";             // text or number; missing field/value: the feature id (FID)
  std::string name = "name";         // optional
  std::string capacity = "capacity"; // persons, required, > 0
  std::string level = "level";       // optional: county/township/village or 县/乡镇/村
  std::string open_s = "open_s";     // optional: s from scenario start, >= 0 (default 0)
  std::string assume_source_crs;     // CRS when the layer declares none; empty: error
};

/// Level names accepted (case-insensitive): "county" | "县" | "县级";
/// "township" | "乡镇" | "乡" | "镇" | "乡镇级"; "village" | "村" | "村级";
/// "other" | "其他". Anything else is an InputError.
evac::ShelterLevel parse_shelter_level(const std::string& value, bool* ok);

/// Shelter level inferred from capacity when the data give none, following the
/// Zhejiang grading of 避灾安置场所 into county-, township- and village-level
/// sites by size: >= 500 persons county, >= 100 township, otherwise village.
evac::ShelterLevel level_from_capacity(std::int64_t capacity_persons);

/// Reads shelters (points; polygons and multipolygons give their centroid,
/// computed with GEOS in the target CRS). Ids must be unique. Throws
/// InputError naming the file, layer, feature and field: capacity missing,
/// not a number or <= 0; unknown level; open_s not a number or < 0; a
/// geometry that is neither point nor polygon; no features.
std::vector<evac::Shelter> read_shelters(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                         const ShelterFieldMap& fields = {});

// ---- population ------------------------------------------------------------------

/// Population from points or polygons (polygon -> GEOS centroid) with a count
/// field (persons, >= 0; zero-count features are dropped). Unit ids: the
/// `id_field` value when the layer has it, else "f<FID>". Throws InputError
/// naming the feature when the count is missing, not a number or negative.
std::vector<evac::PopulationUnit> read_population_vector(const std::filesystem::path& path,
                                                         const std::string& target_crs_wkt,
                                                         const std::string& count_field,
                                                         const std::string& layer = {},
                                                         const std::string& id_field = "id");

/// One unit per cell with persons >= min_persons (and > 0; NaN cells skipped)
/// at the cell centre, id "r<row>c<col>", in row-major order.
std::vector<evac::PopulationUnit> population_from_raster(const Grid<float>& persons_per_cell, double min_persons);

// ---- snapping ---------------------------------------------------------------------

/// Nearest road node (gis/vector/spatial_index.hpp): exact, ties to the
/// lower node id.
class NodeSnapIndex {
 public:
  /// allowed: empty (all nodes) or one flag per node (0 = never returned).
  explicit NodeSnapIndex(const graph::RoadGraph& g, std::vector<std::uint8_t> allowed = {});
  struct Hit {
    graph::NodeId node = graph::kInvalid;
    double distance_m = std::numeric_limits<double>::infinity();
  };
  /// Nearest allowed node within max_distance_m (inclusive; +inf: unbounded).
  Hit nearest(double x, double y, double max_distance_m = std::numeric_limits<double>::infinity()) const;
  std::size_t size() const { return points_.size(); }

 private:
  PointIndex points_;
};

struct SnapOptions {
  double max_snap_m_shelters = 500;      // beyond: InputError
  double max_snap_m_population = 1000;   // beyond: unsnapped (reported)
  /// Snap only to nodes of the largest weakly connected component, so every
  /// snapped place can reach (and be reached from) most of the network.
  bool largest_component_only = false;
};

struct SnapReport {
  std::size_t shelters = 0;
  double shelter_max_distance_m = 0, shelter_mean_distance_m = 0;
  std::size_t population_units = 0, population_snapped = 0, population_unsnapped = 0;
  double persons_snapped = 0, persons_unsnapped = 0;
  double population_max_distance_m = 0, population_mean_distance_m = 0;  // over snapped units
  std::vector<std::string> unsnapped_examples;  // ids of the first few unsnapped units
  std::string summary() const;
};

/// Snaps every shelter and population unit to its nearest network node
/// (sets node and snap_distance_m). A shelter farther than its maximum is an
/// InputError naming the shelter id(s) and distance(s). A population unit
/// farther than its maximum keeps node = kInvalid and snap_distance_m = +inf
/// and is counted in the report. Population snapping runs in parallel (OpenMP);
/// results do not depend on the thread count.
SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, double max_snap_m_shelters,
                           double max_snap_m_population);
SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, const SnapOptions& options);

// ---- trips -------------------------------------------------------------------------

/// Trip table CSV (UTF-8, comma separated, optional double quotes, '#'-lines
/// and blank lines ignored). Header names the columns, in any order:
///   id, depart_s, x, y (target CRS metres) — or lon, lat (EPSG:4326) —,
///   mode (car|walk), optional shelter (shelter id; empty = the model
///   chooses), optional persons (> 0, default 1).
/// Origins snap to the nearest node within max_snap_m. Errors name the file,
/// the line number and the column.
std::vector<evac::Trip> read_trip_table(const std::filesystem::path& path, const graph::RoadGraph& g,
                                        const std::vector<evac::Shelter>& shelters,
                                        const std::string& target_crs_wkt, double max_snap_m);

}  // namespace floodevac::gis
