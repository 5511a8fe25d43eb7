#pragma once
// An explicit trip table (CSV) instead of generated demand.
#include <filesystem>
#include <string>
#include <vector>

#include "gis/vector/snapping.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

/// Trip table CSV (UTF-8, comma separated, optional double quotes, '#'-lines
/// and blank lines ignored). Header names the columns, in any order:
///   id, depart_s, x, y (target CRS metres) — or lon, lat (EPSG:4326) —,
///   mode (car|walk), optional shelter (shelter id; empty = the model
///   chooses), optional persons (> 0, default 1).
/// Origins snap to the nearest node within max_snap_m. Errors name the file,
/// the line number and the column.
/// With `report`, fills its trip fields (SnapReport::trips...): snapping
/// distance quantiles, and the trips whose origin cannot reach their shelter
/// (the named one, else any shelter with a node) for their mode on the network
/// as read: they are kept (the model reports them as not arrived), and the
/// caller warns about them (app/evac_inputs.cpp).
std::vector<evac::Trip> read_trip_table(const std::filesystem::path& path, const graph::RoadGraph& g,
                                        const std::vector<evac::Shelter>& shelters,
                                        const std::string& target_crs_wkt, double max_snap_m,
                                        SnapReport* report = nullptr);

}  // namespace floodevac::gis
