// OSM files (PBF, XML, o5m, opl) read with libosmium into a road graph.
// Topology as OSM defines it: ways share nodes at junctions, so a way end, or
// a node where the kept ways through it have more than two distinct
// neighbouring nodes (a crossing, a fork, a way passing twice), is an
// intersection.
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gis/vector/road_attributes.hpp"
#include "gis/vector/road_topology.hpp"
#include "gis/vector/roads.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace {

struct WayRec {
  std::int64_t id = 0;
  std::size_t first = 0, count = 0;  // range in the ref arrays
  detail::RoadAttrs attrs;
};

/// Keeps routable ways with their node ids and locations (filled in by
/// NodeLocationsForWays, which runs first on every way).
class WayCollector : public osmium::handler::Handler {
 public:
  WayCollector(const RoadReadOptions& opt, RoadReport& rep, std::string source)
      : opt_(opt), rep_(rep), source_(std::move(source)) {}

  void way(const osmium::Way& w) {
    const char* hw = w.tags()["highway"];
    if (!hw) return;
    ++rep_.features_read;
    const char* area = w.tags()["area"];
    if (area && std::string_view(area) == "yes") {
      detail::add_skip(rep_, "area=yes (a highway area, not a line)");
      return;
    }
    auto tag = [&](const char* k) -> std::optional<std::string> {
      const char* v = w.tags()[k];
      return v ? std::optional<std::string>(v) : std::nullopt;
    };
    detail::RawRoadTags t;
    t.highway = hw;
    t.lanes = tag("lanes");
    t.lanes_forward = tag("lanes:forward");
    t.lanes_backward = tag("lanes:backward");
    t.maxspeed = tag("maxspeed");
    t.maxspeed_forward = tag("maxspeed:forward");
    t.maxspeed_backward = tag("maxspeed:backward");
    t.oneway = tag("oneway");
    t.capacity = tag("capacity");
    t.junction = tag("junction");
    t.bridge = tag("bridge");
    t.tunnel = tag("tunnel");
    t.layer = tag("layer");
    t.access = tag("access");
    t.motor_vehicle = tag("motor_vehicle");
    t.vehicle = tag("vehicle");
    std::string reason;
    const std::string where = source_ + " way " + std::to_string(w.id());
    const auto attrs = detail::resolve_road_attrs(t, opt_, rep_, where, reason);
    if (!attrs) {
      detail::add_skip(rep_, reason);
      return;
    }
    WayRec rec;
    rec.id = w.id();
    rec.first = ids.size();
    rec.attrs = *attrs;
    for (const osmium::NodeRef& r : w.nodes()) {
      if (!r.location().valid()) {
        ++rep_.missing_locations;
        continue;
      }
      if (ids.size() > rec.first && ids.back() == r.ref()) continue;  // repeated node
      ids.push_back(r.ref());
      lon.push_back(r.location().lon());
      lat.push_back(r.location().lat());
    }
    rec.count = ids.size() - rec.first;
    if (rec.count < 2) {
      ids.resize(rec.first);
      lon.resize(rec.first);
      lat.resize(rec.first);
      detail::add_skip(rep_, "fewer than 2 nodes with a location");
      return;
    }
    ++rep_.features_used;
    if (rec.attrs.bridge) ++rep_.bridges;
    if (rec.attrs.tunnel) ++rep_.tunnels;
    ways.push_back(rec);
  }

  std::vector<WayRec> ways;
  std::vector<osmium::object_id_type> ids;
  std::vector<double> lon, lat;

 private:
  const RoadReadOptions& opt_;
  RoadReport& rep_;
  std::string source_;
};

using LocationIndex = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
using LocationHandler = osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex>;

}  // namespace

graph::RoadGraph read_osm_roads(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                const RoadReadOptions& opt, RoadReport* report) {
  RoadReport local;
  RoadReport& rep = report ? *report : local;
  rep = RoadReport{};
  const std::string what = "OSM road network " + path.string();
  detail::check_merge_tolerance(opt, what);
  detail::require_file(path, "OSM road network");
  const std::string dst = detail::target_crs_wkt(target_crs_wkt, what);
  // OSM coordinates are WGS 84 longitude and latitude.
  const std::optional<CoordTransform> ct = detail::transform_to_target("EPSG:4326", dst, what);
  rep.source = path.string();

  WayCollector collector(opt, rep, path.string());
  try {
    LocationIndex pos_index, neg_index;  // negative ids: files edited in JOSM
    LocationHandler locations(pos_index, neg_index);
    locations.ignore_errors();  // missing nodes are counted per way instead
    osmium::io::Reader reader(osmium::io::File(path.string()),
                              osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    osmium::apply(reader, locations, collector);
    reader.close();
  } catch (const floodevac::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw InputError(what + ": cannot read the OSM data (" + e.what() +
                     "). Check that the file is a complete .osm.pbf/.osm file (osmium fileinfo can tell)");
  }

  // Intersections: node ids that end a kept way, or where the kept ways
  // through the node have more than two distinct neighbouring nodes (a
  // crossing, a fork). Two ways along the same nodes (one per direction) do
  // not split each other at every node (road_topology.hpp).
  struct NodeOcc {
    osmium::object_id_type id, nb;
    std::uint8_t end;
  };
  std::vector<NodeOcc> occ;
  occ.reserve(2 * collector.ids.size());
  for (const WayRec& w : collector.ways)
    for (std::size_t k = w.first; k < w.first + w.count; ++k) {
      const auto id = collector.ids[k];
      if (k == w.first || k + 1 == w.first + w.count) {
        occ.push_back({id, 0, 1});
        continue;
      }
      occ.push_back({id, collector.ids[k - 1], 0});
      occ.push_back({id, collector.ids[k + 1], 0});
    }
  std::sort(occ.begin(), occ.end(), [](const NodeOcc& p, const NodeOcc& q) {
    if (p.id != q.id) return p.id < q.id;
    if (p.end != q.end) return p.end > q.end;
    return p.nb < q.nb;
  });
  std::vector<osmium::object_id_type> shared;
  for (std::size_t i = 0; i < occ.size();) {
    std::size_t j = i + 1;
    while (j < occ.size() && occ[j].id == occ[i].id) ++j;
    bool junction = occ[i].end != 0;
    std::size_t distinct = 0;
    for (std::size_t k = i; k < j && !junction; ++k)
      if (k == i || occ[k].nb != occ[k - 1].nb) junction = ++distinct > 2;
    if (junction) shared.push_back(occ[i].id);
    i = j;
  }
  std::vector<NodeOcc>().swap(occ);

  // Reproject every referenced location at once.
  std::vector<double> x(collector.lon), y(collector.lat);
  if (ct && !x.empty()) {
    ct->transform(x, y);
    for (const WayRec& w : collector.ways)
      for (std::size_t k = w.first; k < w.first + w.count; ++k)
        if (!std::isfinite(x[k]) || !std::isfinite(y[k]))
          throw InputError(what + ": way " + std::to_string(w.id) + " node " + std::to_string(collector.ids[k]) +
                           " cannot be reprojected to the target CRS. Choose a target CRS that covers the area");
  }

  std::vector<detail::Polyline> lines;
  lines.reserve(collector.ways.size());
  for (const WayRec& w : collector.ways) {
    detail::Polyline p;
    p.source_id = w.id;
    p.attrs = w.attrs;
    for (std::size_t k = w.first; k < w.first + w.count; ++k) {
      const std::uint8_t is_node = std::binary_search(shared.begin(), shared.end(), collector.ids[k]) ? 1 : 0;
      if (!p.x.empty() && p.x.back() == x[k] && p.y.back() == y[k]) {  // two nodes, one place
        p.split.back() = static_cast<std::uint8_t>(p.split.back() | is_node);
        continue;
      }
      p.x.push_back(x[k]);
      p.y.push_back(y[k]);
      p.split.push_back(is_node);
    }
    if (p.x.size() < 2) {
      --rep.features_used;
      detail::add_skip(rep, "degenerate line (fewer than 2 distinct points)");
      continue;
    }
    p.split.front() = p.split.back() = 1;
    lines.push_back(std::move(p));
  }
  return detail::assemble_roads(lines, opt.merge_tolerance_m, rep, what);
}

}  // namespace floodevac::gis
