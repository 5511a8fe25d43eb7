#pragma once
// Shelters (避灾安置场所) from a vector layer: points, or polygons read as
// their centroid, with a capacity in persons, an optional level and opening
// time, in the scenario CRS (metres).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/evac/evac_types.hpp"

namespace floodevac::gis {

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

}  // namespace floodevac::gis
