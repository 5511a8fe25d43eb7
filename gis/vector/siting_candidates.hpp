#pragma once
// Candidate shelter sites for `floodevac site` (issue 14): points or polygons (read as their
// centroid) with a capacity in persons and an optional relative cost, in the scenario CRS.
// The layer is read as a shelter layer (gis/vector/shelters.hpp: id, name, capacity, level)
// plus the cost field.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/evac/evac_types.hpp"

namespace floodevac::gis {

struct SitingCandidate {
  evac::Shelter site;  // id, name, x, y, capacity (node not snapped)
  double cost = 0;     // relative cost, >= 0 (0 when the layer has no cost field)
  std::string kind;    // optional `kind` attribute (school, gymnasium, ...)
};

/// Throws InputError naming the file, feature and field: what read_shelters rejects, and a
/// cost that is not a number >= 0.
std::vector<SitingCandidate> read_siting_candidates(const std::filesystem::path& path,
                                                    const std::string& target_crs_wkt,
                                                    const std::string& cost_field = "cost");

}  // namespace floodevac::gis
