#pragma once
// Relief-supply depots (应急物资储备库, issue 13 §2): points (or polygons, by their GEOS
// centroid) with an id, a level (county, city, ...) that selects their delivery limit,
// and a stock in persons x days. Coordinates in the scenario CRS (metres).
#include <filesystem>
#include <string>
#include <vector>

#include "sim/evac/supplies.hpp"

namespace floodevac::gis {

/// Field names of a depot layer (case-insensitive).
struct DepotFieldMap {
  std::string layer;                             // OGR layer; empty: the only layer
  std::string id = "id";                         // required, unique
  std::string name = "name";                     // optional
  std::string level = "level";                   // required: county, city, ...
  std::string stock = "stock_person_days";       // optional, >= 0 (default 0)
  std::string assume_source_crs;                 // CRS when the layer declares none
};

/// Reads the depots (node unset, limit_s 0: the caller snaps them and sets the limit of
/// their level). Throws InputError naming the file, feature and field: id missing or
/// repeated, level missing, stock not a number >= 0, a geometry that is not a point or
/// polygon, no features.
std::vector<evac::Depot> read_depots(const std::filesystem::path& path,
                                     const std::string& target_crs_wkt,
                                     const DepotFieldMap& fields = {});

}  // namespace floodevac::gis
