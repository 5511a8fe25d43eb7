#pragma once
// RFC 7946 GeoJSON writers through OGR's GeoJSON driver (layer creation option
// RFC7946=YES: WGS 84 lon/lat, no `crs` member, 7 decimals, polygon winding
// fixed by the driver). Geometries are given in the source CRS (the scenario
// CRS, metres) and reprojected by the driver; the source SRS uses the
// traditional GIS axis order, so x is easting whatever the CRS definition says.
//
// Files are written through gis/atomic_output.hpp: to "<path>.partial",
// renamed to <path> by close(); a writer destroyed without close() (an
// exception on the way) removes its temporary file and leaves <path> untouched.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

enum class GeomKind { point, line, polygon, multiline };
enum class FieldKind { integer, real, string };

struct FieldDef {
  std::string name;
  FieldKind kind = FieldKind::real;
};

/// One attribute value; std::monostate writes null. An integer is accepted
/// for a real field; a non-finite real is written as null (JSON has no NaN).
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

class FeatureWriter {
 public:
  /// Opens the temporary file. source_crs_wkt: WKT or "EPSG:n" of the
  /// coordinates passed to add_*. Throws InputError (folder missing, not
  /// writable, bad CRS) and InvariantError (duplicate or empty field names).
  FeatureWriter(const std::filesystem::path& path, const std::string& layer_name, const std::string& source_crs_wkt,
                GeomKind geometry, std::vector<FieldDef> fields);
  ~FeatureWriter();
  FeatureWriter(const FeatureWriter&) = delete;
  FeatureWriter& operator=(const FeatureWriter&) = delete;
  FeatureWriter(FeatureWriter&&) noexcept;
  FeatureWriter& operator=(FeatureWriter&&) noexcept;

  /// values: one per field, in the order of the fields (InvariantError otherwise).
  void add_point(double x, double y, const std::vector<FieldValue>& values);
  /// A LineString of >= 2 points.
  void add_line(std::span<const double> xs, std::span<const double> ys, const std::vector<FieldValue>& values);
  /// A Polygon from its exterior ring (>= 3 points; closed if it is not).
  void add_polygon(std::span<const double> xs, std::span<const double> ys, const std::vector<FieldValue>& values);

  /// A MultiLineString (multiline layers) from its parts, each of >= 2 points.
  void add_multiline(std::span<const std::vector<double>> xs, std::span<const std::vector<double>> ys,
                     const std::vector<FieldValue>& values);
  /// Any geometry from 2D WKB in the source CRS (e.g. gis::Village::wkb); a polygon layer
  /// takes a MultiPolygon too. InputError when the WKB cannot be read.
  void add_wkb(std::span<const unsigned char> wkb, const std::vector<FieldValue>& values);

  /// Flushes, closes and renames the temporary file to the final path.
  void close();

  std::int64_t feature_count() const;
  const std::filesystem::path& path() const;
  const std::filesystem::path& temp_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// An extra attribute column: one value per written feature.
struct Column {
  std::string name;
  std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>> values;
};

/// Points: id, name, capacity, level (county/township/village/other), open_s,
/// node (-1 = not snapped), snap_m, then the extra columns.
void write_shelters_geojson(const std::filesystem::path& path, const std::vector<evac::Shelter>& shelters,
                            const std::string& source_crs_wkt, const std::vector<Column>& extra = {});

/// One LineString per directed edge (its geometry): edge, tail, head, highway,
/// road_class, length_m, free_speed_kmh, capacity_veh_h, lanes, source_id,
/// then the extra columns (one value per edge, e.g. flows or flood depths).
void write_road_links_geojson(const std::filesystem::path& path, const graph::RoadGraph& g,
                              const std::string& source_crs_wkt, const std::vector<Column>& extra = {});

/// Points: id, persons, node (-1 = not snapped), snap_m, then the extra columns.
void write_population_geojson(const std::filesystem::path& path, const std::vector<evac::PopulationUnit>& units,
                              const std::string& source_crs_wkt, const std::vector<Column>& extra = {});

}  // namespace floodevac::gis
