#pragma once
// An explicit trip table (CSV) instead of generated demand.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
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
/// the line number and the column. Refused: a path that is not a regular
/// file (a device such as /dev/zero, a folder), a file over
/// kMaxTripTableBytes, a line over kMaxTripLineBytes, a column not in the
/// list above (named with the expected names), a table without any trip.
/// With `report`, fills its trip fields (SnapReport::trips...): snapping
/// distance quantiles, and the trips whose origin cannot reach their shelter
/// (the named one, else any shelter with a node) for their mode on the network
/// as read: they are kept (the model reports them as not arrived), and the
/// caller warns about them (app/evac_inputs.cpp).
std::vector<evac::Trip> read_trip_table(const std::filesystem::path& path, const graph::RoadGraph& g,
                                        const std::vector<evac::Shelter>& shelters,
                                        const std::string& target_crs_wkt, double max_snap_m,
                                        SnapReport* report = nullptr);

/// One parsed row of a trip table, before the origin is snapped.
struct TripRow {
  std::size_t line = 0;        // 1-based line in the file
  std::string id;
  double depart_s = 0;
  double x = 0, y = 0;         // as given: target CRS metres, or lon/lat degrees
  evac::Mode mode = evac::Mode::car;
  std::string shelter;         // empty: the model chooses
  float persons = 1;
};

struct TripTableText {
  bool lonlat = false;         // x,y hold lon,lat (EPSG:4326)
  std::vector<TripRow> rows;   // at least one
};

inline constexpr std::uintmax_t kMaxTripTableBytes = std::uintmax_t{1} << 30;  // 1 GiB
inline constexpr std::size_t kMaxTripLineBytes = 64 * 1024;

/// The text stage of read_trip_table: header, cells, numbers and ids, with
/// the same errors (InputError naming `file`, the line and the column).
/// No CRS, network or shelters involved (the fuzz target calls it).
TripTableText parse_trip_table(std::istream& in, const std::string& file);

}  // namespace floodevac::gis
