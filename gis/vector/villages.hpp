#pragma once
// Villages / zones (行政村, 社区) from a polygon layer, for the typhoon timeline (issue 12):
// an id, a name, a danger type, the 一村一策 plan (shelter ids) and the residents; and the
// point-in-polygon lookup that puts home units, activity places and shelters in their zone.
// Polygons are in the scenario CRS (metres) after reading; the lookup uses GEOS prepared
// geometries behind an envelope check (GEOS C API, reentrant functions).
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace floodevac::gis {

/// Field names of a village layer (case-insensitive; empty = not used).
struct VillageFieldMap {
  std::string layer;                 // OGR layer; empty: the source's only layer
  std::string id = "id";             // required, unique
  std::string name = "name";         // optional (default: the id)
  std::string danger = "danger";     // optional (default: none); one of kDangerTypes
  std::string shelters = "shelters"; // optional: the plan, shelter ids separated by , or ;
  std::string residents = "residents";  // optional: persons (>= 0), for cross-checks
  std::string plan_places = "plan_places";  // optional: places the plan reserves (>= 0)
  std::string assume_source_crs;     // CRS when the layer declares none; empty: error
};

/// The danger types a village may have (issue 12 §1), as written in the data.
inline constexpr const char* kDangerTypes[] = {"none",         "seawall_polder", "flash_flood_valley",
                                               "waterlogging", "unsafe_housing", "island"};

struct Village {
  std::string id, name;
  std::string danger = "none";        // one of kDangerTypes
  std::vector<std::string> shelters;  // 一村一策 plan: shelter ids, in the order given
  double residents = -1;              // persons; -1: not given
  double plan_places = -1;            // places the plan reserves in its shelters; -1: not given
  double min_x = 0, min_y = 0, max_x = 0, max_y = 0;  // envelope, CRS metres
  /// The (Multi)Polygon in the target CRS, 2D ISO WKB (little-endian), for the outputs
  /// (FeatureWriter::add_wkb).
  std::vector<unsigned char> wkb;
};

/// The villages with their polygons. Lookups are deterministic: where polygons
/// overlap, the village read first wins. Use from one thread at a time.
class VillageZones {
 public:
  VillageZones();
  ~VillageZones();
  VillageZones(VillageZones&&) noexcept;
  VillageZones& operator=(VillageZones&&) noexcept;
  VillageZones(const VillageZones&) = delete;
  VillageZones& operator=(const VillageZones&) = delete;

  const std::vector<Village>& villages() const { return villages_; }
  std::size_t size() const { return villages_.size(); }
  /// Index of the village id; -1 if none has it.
  int index_of(const std::string& id) const;
  /// Index of the village whose polygon holds (x, y) (its boundary included); -1: none.
  int zone_of(double x, double y) const;
  /// zone_of for many points.
  std::vector<int> zones_of(const std::vector<double>& x, const std::vector<double>& y) const;

 private:
  friend VillageZones read_villages(const std::filesystem::path&, const std::string&,
                                    const VillageFieldMap&);
  struct Geoms;
  std::vector<Village> villages_;
  std::unique_ptr<Geoms> geoms_;
};

/// Reads the villages (Polygon or MultiPolygon features) into the target CRS (projected,
/// metres). Throws InputError naming the file, layer, feature and field: no id or a
/// repeated one, an unknown danger type, residents not a number >= 0, a geometry that is
/// not a polygon or is invalid (GEOS's reason), no features.
VillageZones read_villages(const std::filesystem::path& path, const std::string& target_crs_wkt,
                           const VillageFieldMap& fields = {});

/// One row of a 一村一策 plan table (scenario timeline.villages.plan; `floodevac plan`
/// writes plan/plan.csv in this form): the village id, its shelters (ids in order) and
/// the places they reserve (-1: empty cell, the shelters' capacities).
struct VillagePlanEntry {
  std::string id;
  std::vector<std::string> shelters;
  double plan_places = -1;
  std::string where;  // "file:line", for messages
};

/// Reads a plan table: a CSV with columns id, shelters (ids separated by ; or ,) and
/// optionally plan_places; other columns are ignored. Throws InputError naming the file,
/// line and column: no id or shelters column, an empty or repeated id, plan_places not a
/// number >= 0.
std::vector<VillagePlanEntry> read_village_plan(const std::filesystem::path& path);

}  // namespace floodevac::gis
