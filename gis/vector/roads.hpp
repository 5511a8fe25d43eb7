#pragma once
// Road network readers: any OGR line source (GeoJSON, GeoPackage, Shapefile,
// ...) or OSM files read with libosmium (.osm.pbf, .osm, .osm.gz/.bz2, .o5m,
// .opl), turned into a graph::RoadGraph in the scenario CRS (metres).
//
// Topology (both readers):
//  - every line end is a node;
//  - an interior vertex becomes a node (the line is split there) when it is
//    a junction: another line ends there, or the lines through it have more
//    than two distinct neighbouring vertices (a crossing, a fork) (OGR: exact
//    coordinates after reprojection; OSM: node ids, as OSM shares nodes); or
//    (OGR only) when it lies within the merge tolerance of another line's end,
//    so T-junctions digitised without a shared vertex still connect. Two
//    oneway lines along one centre line (a two-direction export) are thus two
//    links between the same nodes, not split at every shared vertex;
//  - nodes within the merge tolerance of an earlier node are merged into it
//    (greedy leader clustering in reading order: the nearest earlier node,
//    ties to the lower id; gis/vector/spatial_index.hpp);
//  - every piece between two nodes gives two directed edges (one if oneway),
//    with its polyline geometry; length_m is the planar length in the target
//    CRS, which must be projected in metres (UTM, CGCS2000 3-degree GK, ...).
//
// Attributes follow OSM tagging: `highway`, `lanes` (both directions together
// unless oneway, as the OSM wiki defines it), `lanes:forward`/`lanes:backward`,
// `maxspeed` ("50", "50 km/h", "30 mph", "10 knots"), `maxspeed:forward`/
// `maxspeed:backward`, `oneway` (yes/true/1, -1/reverse, no/false/0;
// implied for highway=motorway and junction=roundabout/circular), optional
// `capacity` (veh/h for one direction, overrides lanes x per-lane capacity).
// Flood-relevant tags: `bridge` (any value but no: not cut by water below);
// `tunnel` (yes or any value but no/building_passage/culvert) or `layer` < 0
// on a non-bridge: a tunnel/underpass (RoadGraph::tunnel: water at its
// portals, closed at SimConfig::tunnel_close_depth_m); `access`,
// `vehicle`, `motor_vehicle` (the most specific given decides) = no, private,
// agricultural or forestry: the way is left out (not an evacuation route;
// counted in RoadReport::access_closed).
// An unparseable value is a warning counted in the report; the class default
// is used. Walk-only classes (pedestrian, footway, path, steps, cycleway) are
// left out unless RoadReadOptions::include_walk_only; when kept, oneway tags
// are ignored on them (oneway restricts vehicles) and the evacuation model
// must keep cars off them (gis::car_allowed(road_class)).
//
// Where things are: ogr_roads.cpp (OGR reader), osm_roads.cpp (OSM reader),
// road_network.cpp (which reader for a file), road_tags.* (tag values),
// road_attributes.* (tags -> attributes per direction), road_defaults.* (class
// defaults and their sources), road_topology.* (intersections, node merging,
// edges, components), road_report.cpp (the report).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "gis/vector/road_class.hpp"
#include "gis/vector/road_defaults.hpp"
#include "gis/vector/road_tags.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

// ---- options and report -----------------------------------------------------

/// Attribute (field) names in OGR sources; lookups are case-insensitive.
/// An empty name or a field the layer lacks means "not given".
/// Field names tried, in this order, for the routable length when
/// RoadFieldMap::length is empty (case-insensitive): SUMO/MATSim exports
/// write `length`, others `length_m` or `len`. Values are metres.
inline constexpr const char* kLengthFieldNames[] = {"length", "length_m", "len"};

struct RoadFieldMap {
  std::string highway = "highway";
  std::string lanes = "lanes";
  std::string lanes_forward = "lanes:forward";
  std::string lanes_backward = "lanes:backward";
  std::string maxspeed = "maxspeed";
  std::string maxspeed_forward = "maxspeed:forward";
  std::string maxspeed_backward = "maxspeed:backward";
  std::string oneway = "oneway";
  std::string capacity = "capacity";  // veh/h for one direction
  std::string junction = "junction";
  std::string bridge = "bridge";  // yes/viaduct/true/1: raised above the flood plain
  std::string tunnel = "tunnel";  // yes/...: below ground (not no/building_passage/culvert)
  std::string layer = "layer";    // < 0 without bridge: an underpass, treated as a tunnel
  std::string access = "access";  // no/private/agricultural/forestry: way not used
  std::string motor_vehicle = "motor_vehicle";  // overrides vehicle and access
  std::string vehicle = "vehicle";              // overrides access
  /// Optional attribute with the length of the whole feature in metres, used
  /// instead of the geometric length (networks exported from SUMO or MATSim,
  /// where the routable length differs from the drawn one). Split pieces get
  /// their geometric share of it; a feature whose value is empty or null keeps
  /// its drawn length. Empty name (the default): the first of
  /// kLengthFieldNames the layer has, if any. A name given here that the
  /// layer lacks is an error (scenario: evacuation.roads.length_field).
  std::string length;
};

struct RoadReadOptions {
  /// OGR layer name; empty: the source's only layer (a source with several
  /// layers needs the name: gis/vector_layer.hpp). Ignored for OSM files.
  std::string layer;
  /// Highway class for OGR features whose `highway` is missing or empty;
  /// empty string: skip such features. (OSM ways without highway are never roads.)
  std::string default_highway = "unclassified";
  /// Line ends (and nodes) closer than this are merged, m. >= 0.
  double merge_tolerance_m = 0.5;
  /// Keep walk-only classes (pedestrian, footway, path, steps, cycleway).
  bool include_walk_only = false;
  /// CRS assumed for an OGR layer that declares none (e.g. a shapefile
  /// without .prj), in any form crs_wkt_from_user takes ("EPSG:4326", WKT);
  /// empty: such a layer is an error.
  std::string assume_source_crs;
  RoadFieldMap fields;
  RoadDefaults defaults = RoadDefaults::standard();
};

struct RoadReport {
  std::string source;                   // file (and layer) read
  std::int64_t features_read = 0;       // OGR features / OSM ways with a highway tag
  std::int64_t features_used = 0;
  std::int64_t features_skipped = 0;
  std::int64_t access_closed = 0;       // of the skipped: access/vehicle/motor_vehicle = no/private/...
  std::int64_t bridges = 0;             // features used that are bridges
  std::int64_t tunnels = 0;             // features used that are tunnels or underpasses (layer < 0)
  std::map<std::string, std::int64_t> skipped;  // reason -> count
  std::int64_t attribute_warnings = 0;  // unparseable lanes/maxspeed/oneway/capacity
  std::vector<std::string> warnings;    // the first kMaxWarnings messages
  std::int64_t nodes_merged = 0;        // points merged into a node within tolerance (not exact)
  std::int64_t pieces_dropped = 0;      // pieces collapsed to a point by merging
  std::int64_t missing_locations = 0;   // OSM node references without a location (dropped)
  std::string length_field;             // attribute read as the routable length ("" = drawn lengths)
  std::int64_t length_far_from_drawn = 0;  // features whose length attribute is < 0.5x or > 2x the drawn length
  std::uint32_t nodes = 0;
  std::uint32_t edges = 0;              // directed
  std::uint32_t components = 0;         // weakly connected
  std::uint32_t largest_component_nodes = 0;
  double total_length_km = 0;           // every road piece once (not per direction)

  static constexpr std::size_t kMaxWarnings = 50;
  /// A few lines of plain text for the log.
  std::string summary() const;
};

// ---- readers ----------------------------------------------------------------

/// Reads roads from an OGR vector source. target_crs_wkt: WKT or anything
/// crs_wkt_from_user accepts ("EPSG:32651"); must be a projected CRS in metres.
/// Throws InputError: file missing or unreadable, layer missing (the message
/// lists the layers), a non-line geometry (names the feature), no CRS, an
/// empty network.
graph::RoadGraph read_roads(const std::filesystem::path& path, const std::string& target_crs_wkt,
                            const RoadReadOptions& options = {}, RoadReport* report = nullptr);

/// Reads roads from an OSM file with libosmium (nodes and ways; relations are
/// ignored). Ways are kept when their highway tag is a routable class (and,
/// for walk-only classes, include_walk_only) and area != yes. source_id is the
/// OSM way id. Same attribute rules, topology and errors as read_roads.
graph::RoadGraph read_osm_roads(const std::filesystem::path& pbf_or_osm, const std::string& target_crs_wkt,
                                const RoadReadOptions& options = {}, RoadReport* report = nullptr);

/// True for names libosmium reads: .pbf, .osm, .osm.gz, .osm.bz2, .o5m, .opl.
bool is_osm_file(const std::filesystem::path& path);

/// read_osm_roads for is_osm_file(path), read_roads otherwise.
graph::RoadGraph read_road_network(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                   const RoadReadOptions& options = {}, RoadReport* report = nullptr);

/// Weakly connected components: a label per node (0-based, numbered in order
/// of their smallest node id) and, in *count, how many there are.
std::vector<std::uint32_t> weak_components(const graph::RoadGraph& g, std::uint32_t* count = nullptr);

}  // namespace floodevac::gis
