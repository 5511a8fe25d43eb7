#include <gdal_priv.h>
#include <geodesic.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "gis/crs.hpp"
#include "gis/gdal_error.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

/// Geodesic distance on WGS 84 (PROJ's geodesic routines), m.
double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
  geod_geodesic g;
  geod_init(&g, 6378137.0, 1.0 / 298.257223563);
  double s12 = 0;
  geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
  return s12;
}

/// A '+' crossing near Wenzhou: a two-way primary W-E and a oneway secondary
/// S-N, both through the middle vertex (120.70, 28.00).
std::string plus_geojson() {
  return R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"highway": "primary", "name": "WE"},
  "geometry": {"type": "LineString", "coordinates": [[120.69, 28.0], [120.70, 28.0], [120.71, 28.0]]}},
 {"type": "Feature", "properties": {"highway": "secondary", "oneway": "yes", "name": "SN"},
  "geometry": {"type": "LineString", "coordinates": [[120.70, 27.99], [120.70, 28.0], [120.70, 28.01]]}}
]})";
}

/// A GeoJSON FeatureCollection in UTM 51N from (geometry, properties) pairs.
std::string utm_collection(const std::vector<std::pair<std::string, std::string>>& features) {
  std::ostringstream s;
  s << R"({"type": "FeatureCollection", )" << test::kUtm51CrsMember << R"( "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i)
    s << (i ? "," : "") << R"({"type": "Feature", "properties": {)" << features[i].second
      << R"(}, "geometry": )" << features[i].first << "}";
  s << "]}";
  return s.str();
}

std::string utm_line(std::initializer_list<std::pair<double, double>> pts) {
  std::ostringstream s;
  s.precision(12);
  s << R"({"type": "LineString", "coordinates": [)";
  bool first = true;
  for (auto [x, y] : pts) {
    s << (first ? "" : ",") << "[" << 300000.0 + x << "," << 3100000.0 + y << "]";
    first = false;
  }
  s << "]}";
  return s.str();
}

TEST(Roads, PlusCrossingFromGeoJsonHasFiveNodesAndMetricLengths) {
  TempDir dir;
  const auto file = dir / "plus.geojson";
  write_text(file, plus_geojson());
  RoadReport rep;
  const auto g = read_roads(file, kUtm51, {}, &rep);
  EXPECT_EQ(g.node_count(), 5u);
  EXPECT_EQ(g.edge_count(), 6u);  // 2 pieces x 2 directions + 2 pieces x 1 direction
  EXPECT_EQ(rep.features_read, 2);
  EXPECT_EQ(rep.features_used, 2);
  EXPECT_EQ(rep.nodes, 5u);
  EXPECT_EQ(rep.edges, 6u);
  EXPECT_EQ(rep.components, 1u);
  EXPECT_EQ(rep.largest_component_nodes, 5u);

  const double we = geodesic_m(120.69, 28.0, 120.70, 28.0);
  const double we2 = geodesic_m(120.70, 28.0, 120.71, 28.0);
  const double sn = geodesic_m(120.70, 27.99, 120.70, 28.0);
  const double sn2 = geodesic_m(120.70, 28.0, 120.70, 28.01);
  EXPECT_NEAR(rep.total_length_km * 1000.0, we + we2 + sn + sn2, 1e-3 * (we + we2 + sn + sn2));

  const auto tails = g.tails();
  // The crossing node: the one with the most incident edges.
  std::vector<int> degree(g.node_count(), 0);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) ++degree[tails[e]], ++degree[g.head[e]];
  const auto center = static_cast<graph::NodeId>(std::max_element(degree.begin(), degree.end()) - degree.begin());
  EXPECT_EQ(degree[center], 6);
  int primary = 0, secondary = 0;
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto cls = static_cast<RoadClass>(g.road_class[e]);
    const double dy = g.node_y[g.head[e]] - g.node_y[tails[e]];
    EXPECT_TRUE(tails[e] == center || g.head[e] == center);
    if (cls == RoadClass::primary) {
      ++primary;
      const bool west = std::min(g.node_x[tails[e]], g.node_x[g.head[e]]) < g.node_x[center];
      const double ref = west ? we : we2;
      EXPECT_NEAR(g.length_m[e], ref, 1e-3 * ref);
    } else {
      ASSERT_EQ(cls, RoadClass::secondary);
      ++secondary;
      EXPECT_GT(dy, 500.0) << "the oneway S-N road must only run north";
      const double ref = g.node_y[tails[e]] < g.node_y[center] ? sn : sn2;
      EXPECT_NEAR(g.length_m[e], ref, 1e-3 * ref);
    }
    // Geometry runs from tail to head.
    const auto a = g.geom_first[e], b = g.geom_first[e + 1];
    EXPECT_EQ(g.geom_x[a], g.node_x[tails[e]]);
    EXPECT_EQ(g.geom_y[a], g.node_y[tails[e]]);
    EXPECT_EQ(g.geom_x[b - 1], g.node_x[g.head[e]]);
    EXPECT_EQ(g.geom_y[b - 1], g.node_y[g.head[e]]);
  }
  EXPECT_EQ(primary, 4);
  EXPECT_EQ(secondary, 2);
  g.validate();
}

TEST(Roads, EndpointsWithinToleranceMerge) {
  TempDir dir;
  const auto file = dir / "gap.geojson";
  write_text(file, utm_collection({{utm_line({{0, 0}, {100, 0}}), R"("highway": "residential")"},
                                   {utm_line({{100.2, 0}, {200, 0}}), R"("highway": "residential")"}}));
  RoadReport rep;
  auto g = read_roads(file, kUtm51, {}, &rep);  // default tolerance 0.5 m
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(rep.nodes_merged, 1);
  EXPECT_EQ(rep.components, 1u);
  RoadReadOptions tight;
  tight.merge_tolerance_m = 0.1;
  g = read_roads(file, kUtm51, tight, &rep);
  EXPECT_EQ(g.node_count(), 4u);
  EXPECT_EQ(rep.components, 2u);
}

TEST(Roads, InteriorVertexSharedOrNearAnEndBecomesAnIntersection) {
  TempDir dir;
  const auto shared = dir / "t.geojson";
  write_text(shared, utm_collection({{utm_line({{0, 0}, {100, 0}, {200, 0}}), R"("highway": "tertiary")"},
                                     {utm_line({{100, 0}, {100, 100}}), R"("highway": "tertiary")"}}));
  auto g = read_roads(shared, kUtm51);
  EXPECT_EQ(g.node_count(), 4u);
  EXPECT_EQ(g.edge_count(), 6u);

  const auto near = dir / "t_near.geojson";  // the side road ends 0.3 m from the vertex
  write_text(near, utm_collection({{utm_line({{0, 0}, {100, 0}, {200, 0}}), R"("highway": "tertiary")"},
                                   {utm_line({{100, 0.3}, {100, 100}}), R"("highway": "tertiary")"}}));
  g = read_roads(near, kUtm51);
  EXPECT_EQ(g.node_count(), 4u);
  EXPECT_EQ(g.edge_count(), 6u);

  const auto crossing = dir / "x.geojson";  // lines crossing without a shared vertex stay apart (a bridge)
  write_text(crossing, utm_collection({{utm_line({{0, 0}, {200, 0}}), R"("highway": "tertiary")"},
                                       {utm_line({{100, -100}, {100, 100}}), R"("highway": "tertiary")"}}));
  RoadReport rep;
  g = read_roads(crossing, kUtm51, {}, &rep);
  EXPECT_EQ(g.node_count(), 4u);
  EXPECT_EQ(rep.components, 2u);
}

TEST(Roads, DefaultsByHighwayClassAndTags) {
  TempDir dir;
  const auto file = dir / "classes.geojson";
  write_text(file, utm_collection({
                       {utm_line({{0, 0}, {100, 0}}), R"("highway": "residential")"},
                       {utm_line({{0, 100}, {100, 100}}), R"("highway": "motorway")"},
                       {utm_line({{0, 200}, {100, 200}}), R"("highway": "primary", "lanes": "4")"},
                       {utm_line({{0, 300}, {100, 300}}), R"("highway": "secondary", "maxspeed": "30 mph")"},
                       {utm_line({{0, 400}, {100, 400}}), R"("highway": "tertiary", "maxspeed": "fast", "lanes": "x")"},
                       {utm_line({{0, 500}, {100, 500}}), R"("highway": "trunk", "capacity": 2500, "oneway": "-1")"},
                       {utm_line({{0, 600}, {100, 600}}), R"("highway": "footway")"},
                       {utm_line({{0, 700}, {100, 700}}), R"("highway": "construction")"},
                       {utm_line({{0, 800}, {100, 800}}), R"("name": "no class")"},
                   }));
  RoadReport rep;
  const auto g = read_roads(file, kUtm51, {}, &rep);
  const auto d = RoadDefaults::standard();
  const auto tails = g.tails();
  auto edges_of = [&](double y_off) {
    std::vector<graph::EdgeId> out;
    for (graph::EdgeId e = 0; e < g.edge_count(); ++e)
      if (std::fabs(g.node_y[tails[e]] - 3100000.0 - y_off) < 1e-6) out.push_back(e);
    return out;
  };
  // residential: class defaults, two directions.
  auto e = edges_of(0);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_FLOAT_EQ(g.lanes[e[0]], d[RoadClass::residential].lanes_per_direction);
  EXPECT_FLOAT_EQ(g.free_speed_mps[e[0]], static_cast<float>(25.0 / 3.6));
  EXPECT_FLOAT_EQ(g.capacity_veh_h[e[0]], 1800.0f);  // HCM 1,900 x 0.96, rounded
  EXPECT_EQ(g.road_class[e[0]], static_cast<std::uint8_t>(RoadClass::residential));
  // motorway: implied oneway, 2 lanes x 2200 (HCM basic freeway).
  EXPECT_EQ(edges_of(100).size(), 1u);
  int motorway_edges = 0;
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    if (g.road_class[k] == static_cast<std::uint8_t>(RoadClass::motorway)) {
      ++motorway_edges;
      EXPECT_FLOAT_EQ(g.lanes[k], 2.0f);
      EXPECT_FLOAT_EQ(g.capacity_veh_h[k], 4400.0f);
      EXPECT_GT(g.node_x[g.head[k]], g.node_x[tails[k]]);  // digitised direction
    }
  EXPECT_EQ(motorway_edges, 1);
  // primary lanes=4 two-way: 2 per direction.
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    if (g.road_class[k] == static_cast<std::uint8_t>(RoadClass::primary)) {
      EXPECT_FLOAT_EQ(g.lanes[k], 2.0f);
      EXPECT_FLOAT_EQ(g.capacity_veh_h[k], 3800.0f);  // 2 x the HCM base saturation flow
    }
  // secondary 30 mph.
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    if (g.road_class[k] == static_cast<std::uint8_t>(RoadClass::secondary)) {
      EXPECT_NEAR(g.free_speed_mps[k], 30 * 1.609344 / 3.6, 1e-5);
    }
  // tertiary: unparseable maxspeed and lanes are warnings, defaults used.
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    if (g.road_class[k] == static_cast<std::uint8_t>(RoadClass::tertiary)) {
      EXPECT_FLOAT_EQ(g.free_speed_mps[k], static_cast<float>(40 / 3.6));
      EXPECT_FLOAT_EQ(g.lanes[k], 1.0f);
    }
  EXPECT_EQ(rep.attribute_warnings, 2);
  ASSERT_EQ(rep.warnings.size(), 2u);
  const std::string warnings = rep.warnings[0] + "\n" + rep.warnings[1];
  EXPECT_NE(warnings.find("maxspeed='fast'"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("lanes='x'"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("FID 4"), std::string::npos) << warnings;
  // trunk oneway=-1 with capacity: one edge against the digitised direction.
  int trunk_edges = 0;
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    if (g.road_class[k] == static_cast<std::uint8_t>(RoadClass::trunk)) {
      ++trunk_edges;
      EXPECT_LT(g.node_x[g.head[k]], g.node_x[tails[k]]);
      EXPECT_FLOAT_EQ(g.capacity_veh_h[k], 2500.0f);
    }
  EXPECT_EQ(trunk_edges, 1);
  // footway left out by default; construction is not routable; missing highway -> default unclassified.
  EXPECT_EQ(rep.skipped["walk-only highway class (include_walk_only is off)"], 1);
  EXPECT_EQ(rep.skipped["highway='construction' is not a routable class"], 1);
  int unclassified = 0;
  for (graph::EdgeId k = 0; k < g.edge_count(); ++k)
    unclassified += g.road_class[k] == static_cast<std::uint8_t>(RoadClass::unclassified);
  EXPECT_EQ(unclassified, 2);
  EXPECT_EQ(rep.features_read, 9);
  EXPECT_EQ(rep.features_used, 7);
  EXPECT_EQ(rep.features_skipped, 2);

  RoadReadOptions walk;
  walk.include_walk_only = true;
  walk.default_highway = "";
  const auto gw = read_roads(file, kUtm51, walk, &rep);
  int footway = 0;
  for (graph::EdgeId k = 0; k < gw.edge_count(); ++k)
    footway += gw.road_class[k] == static_cast<std::uint8_t>(RoadClass::footway);
  EXPECT_EQ(footway, 2);
  EXPECT_EQ(rep.skipped["no highway value (default_highway is empty)"], 1);
}

TEST(Roads, DefaultsTableListsEveryClass) {
  const std::string t = road_defaults_table();
  for (std::size_t i = 0; i < kRoadClassCount; ++i) {
    const auto c = static_cast<RoadClass>(i);
    EXPECT_NE(t.find("| " + std::string(highway_name(c)) + " |"), std::string::npos) << highway_name(c);
    EXPECT_EQ(road_class_from_highway(highway_name(c)), c);
  }
  EXPECT_NE(t.find("HCM"), std::string::npos);
  EXPECT_NE(t.find("OSRM"), std::string::npos);
  const auto d = RoadDefaults::standard();
  for (const auto& r : d.by_class) {
    EXPECT_GE(r.lanes_per_direction, 1.0f);
    EXPECT_GT(r.free_speed_kmh, 0.0f);
    EXPECT_GT(r.capacity_veh_h_lane, 0.0f);
  }
  // Higher classes are not slower or of lower capacity than local streets.
  EXPECT_GT(d[RoadClass::motorway].free_speed_kmh, d[RoadClass::primary].free_speed_kmh);
  EXPECT_GT(d[RoadClass::primary].capacity_veh_h_lane, d[RoadClass::residential].capacity_veh_h_lane);
  // Service and track roads have their own, lower defaults than streets (issue 9 item 7).
  for (const auto c : {RoadClass::service, RoadClass::track}) {
    EXPECT_LT(d[c].capacity_veh_h_lane, d[RoadClass::residential].capacity_veh_h_lane);
    EXPECT_LT(d[c].free_speed_kmh, d[RoadClass::residential].free_speed_kmh);
  }
  // The stated sources (issue 9 item 8): HCM 2010 saturation flows, the gap formula reproduced.
  EXPECT_FLOAT_EQ(d[RoadClass::secondary].capacity_veh_h_lane, 1900.0f);
  EXPECT_FLOAT_EQ(d[RoadClass::motorway].capacity_veh_h_lane, 2200.0f);
  for (const auto c : {RoadClass::living_street, RoadClass::service, RoadClass::track}) {
    const double v = d[c].free_speed_kmh / 3.6;
    const double q = 3600.0 * v / (7.5 + v * 3600.0 / 1900.0);
    EXPECT_FLOAT_EQ(d[c].capacity_veh_h_lane, static_cast<float>(50 * std::floor(q / 50))) << highway_name(c);
  }
  EXPECT_NE(t.find("What the numbers mean"), std::string::npos);
  EXPECT_NE(t.find("Exhibit 11-17"), std::string::npos);
  EXPECT_FALSE(car_allowed(RoadClass::footway));
  EXPECT_TRUE(car_allowed(RoadClass::track));
  EXPECT_FALSE(walk_allowed(RoadClass::motorway));
  EXPECT_FALSE(road_class_from_highway("proposed").has_value());
}

TEST(Roads, MaxspeedLanesOnewayParsing) {
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("50"), 50.0);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh(" 50 km/h "), 50.0);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("50kmh"), 50.0);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("60 kph"), 60.0);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("30 mph"), 30 * 1.609344);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("30mph"), 30 * 1.609344);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("10 knots"), 18.52);
  EXPECT_DOUBLE_EQ(*parse_maxspeed_kmh("7.5"), 7.5);
  for (const char* bad : {"", "none", "signals", "CN:urban", "50;60", "-5", "0", "fast", "50 km", "mph"})
    EXPECT_FALSE(parse_maxspeed_kmh(bad).has_value()) << bad;

  EXPECT_DOUBLE_EQ(*parse_lanes("2"), 2.0);
  EXPECT_DOUBLE_EQ(*parse_lanes(" 3.0 "), 3.0);
  for (const char* bad : {"", "2;3", "0", "-1", "two"}) EXPECT_FALSE(parse_lanes(bad).has_value()) << bad;

  EXPECT_EQ(parse_oneway("yes"), Oneway::forward);
  EXPECT_EQ(parse_oneway("True"), Oneway::forward);
  EXPECT_EQ(parse_oneway("1"), Oneway::forward);
  EXPECT_EQ(parse_oneway("-1"), Oneway::backward);
  EXPECT_EQ(parse_oneway("reverse"), Oneway::backward);
  EXPECT_EQ(parse_oneway("no"), Oneway::no);
  EXPECT_EQ(parse_oneway("false"), Oneway::no);
  EXPECT_EQ(parse_oneway("0"), Oneway::no);
  EXPECT_FALSE(parse_oneway("maybe").has_value());
}

TEST(Roads, ErrorsNameTheFileLayerAndFeature) {
  TempDir dir;
  // Missing file.
  auto msg = error_of<InputError>([&] { read_roads(dir / "nope.geojson", kUtm51); });
  EXPECT_NE(msg.find("nope.geojson"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not found"), std::string::npos) << msg;

  const auto file = dir / "plus.geojson";
  write_text(file, plus_geojson());
  // Missing layer: the message lists the layers.
  RoadReadOptions o;
  o.layer = "streets";
  msg = error_of<InputError>([&] { read_roads(file, kUtm51, o); });
  EXPECT_NE(msg.find("'streets'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'plus'"), std::string::npos) << msg;
  // Geographic target CRS.
  msg = error_of<InputError>([&] { read_roads(file, "EPSG:4326"); });
  EXPECT_NE(msg.find("projected"), std::string::npos) << msg;
  // Bad tolerance.
  o = {};
  o.merge_tolerance_m = -1;
  EXPECT_THROW(read_roads(file, kUtm51, o), ConfigError);

  // A point among the lines: error naming the feature id.
  const auto pts = dir / "mixed.geojson";
  write_text(pts, R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "id": 1, "properties": {"highway": "primary"},
  "geometry": {"type": "LineString", "coordinates": [[120.69, 28.0], [120.70, 28.0]]}},
 {"type": "Feature", "id": 7, "properties": {"highway": "primary"},
  "geometry": {"type": "Point", "coordinates": [120.69, 28.0]}}]})");
  msg = error_of<InputError>([&] { read_roads(pts, kUtm51); });
  EXPECT_NE(msg.find("FID 7"), std::string::npos) << msg;
  EXPECT_NE(msg.find("Point"), std::string::npos) << msg;

  // Nothing routable: empty network error with the reasons.
  const auto empty = dir / "empty.geojson";
  write_text(empty, R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"highway": "footway"},
  "geometry": {"type": "LineString", "coordinates": [[120.69, 28.0], [120.70, 28.0]]}}]})");
  msg = error_of<InputError>([&] { read_roads(empty, kUtm51); });
  EXPECT_NE(msg.find("no road edges"), std::string::npos) << msg;
  EXPECT_NE(msg.find("walk-only"), std::string::npos) << msg;
}

TEST(Roads, GeoPackageLayerByNameWithMultiLineStrings) {
  TempDir dir;
  const auto file = dir / "net.gpkg";
  {
    GDALDatasetUniquePtr ds = create_vector_source(file);
    OGRSpatialReference srs = utm51_srs();
    OGRLayer* other = ds->CreateLayer("landuse", &srs, wkbPolygon, nullptr);
    ASSERT_NE(other, nullptr);
    OGRLayer* roads = ds->CreateLayer("roads", &srs, wkbMultiLineString, nullptr);
    ASSERT_NE(roads, nullptr);
    OGRFieldDefn hw("highway", OFTString), lanes("lanes", OFTInteger);
    ASSERT_EQ(roads->CreateField(&hw), OGRERR_NONE);
    ASSERT_EQ(roads->CreateField(&lanes), OGRERR_NONE);
    OGRFeature f(roads->GetLayerDefn());
    f.SetField("highway", "secondary");
    f.SetField("lanes", 4);
    OGRMultiLineString ml;
    OGRLineString a, b;
    a.addPoint(300000, 3100000);
    a.addPoint(300500, 3100000);
    b.addPoint(300500, 3100000);
    b.addPoint(300500, 3100300);
    ml.addGeometry(&a);
    ml.addGeometry(&b);
    f.SetGeometry(&ml);
    ASSERT_EQ(roads->CreateFeature(&f), OGRERR_NONE);
    OGRFeature p(other->GetLayerDefn());
    OGRPolygon poly;
    OGRLinearRing ring;
    ring.addPoint(300000, 3100000);
    ring.addPoint(300100, 3100000);
    ring.addPoint(300100, 3100100);
    ring.closeRings();
    poly.addRing(&ring);
    p.SetGeometry(&poly);
    ASSERT_EQ(other->CreateFeature(&p), OGRERR_NONE);
  }
  RoadReadOptions o;
  o.layer = "roads";
  RoadReport rep;
  const auto g = read_roads(file, kUtm51, o, &rep);
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.edge_count(), 4u);
  EXPECT_NEAR(rep.total_length_km, 0.8, 1e-9);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    EXPECT_FLOAT_EQ(g.lanes[e], 2.0f);
    EXPECT_EQ(g.source_id[e], 1);  // FID of the feature
  }
  // The polygon layer by name: an error naming the feature and its type.
  o.layer = "landuse";
  const auto msg = error_of<InputError>([&] { read_roads(file, kUtm51, o); });
  EXPECT_NE(msg.find("Polygon"), std::string::npos) << msg;
  EXPECT_NE(msg.find("FID 1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("'landuse'"), std::string::npos) << msg;
  // Without a layer name a source with several layers is an error listing
  // them with their geometry types (gis/vector_layer.hpp: one rule for every reader).
  const auto several = error_of<InputError>([&] { read_roads(file, kUtm51, {}, &rep); });
  EXPECT_NE(several.find("'landuse' (Polygon)"), std::string::npos) << several;
  EXPECT_NE(several.find("'roads' (MultiLineString)"), std::string::npos) << several;
}

TEST(Roads, WeakComponentsLabelsInNodeOrder) {
  std::vector<graph::EdgeInput> edges(2);
  edges[0].tail = 0;
  edges[0].head = 1;
  edges[1].tail = 3;
  edges[1].head = 2;
  for (auto& e : edges) e.length_m = e.free_speed_mps = e.capacity_veh_h = 1;
  const auto g = graph::build_graph({0, 1, 2, 3, 4}, {0, 0, 0, 0, 0}, edges);
  std::uint32_t n = 0;
  const auto label = weak_components(g, &n);
  EXPECT_EQ(n, 3u);
  EXPECT_EQ(label, (std::vector<std::uint32_t>{0, 0, 1, 1, 2}));
}

}  // namespace
}  // namespace floodevac::gis

TEST(Roads, BridgeTagMarksEdges) {
  floodevac::test::TempDir dir;
  const auto file = dir / "r.geojson";
  std::ofstream(file) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},
  "features":[
   {"type":"Feature","properties":{"highway":"primary","bridge":"yes"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300100,3300000]]}},
   {"type":"Feature","properties":{"highway":"primary","bridge":"no"},"geometry":{"type":"LineString","coordinates":[[300100,3300000],[300200,3300000]]}},
   {"type":"Feature","properties":{"highway":"primary"},"geometry":{"type":"LineString","coordinates":[[300200,3300000],[300300,3300000]]}}]})";
  const auto g = floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"));
  ASSERT_EQ(g.edge_count(), 6u);
  ASSERT_EQ(g.bridge.size(), 6u);
  int bridges = 0;
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    const bool west_piece = std::min(g.geom_x[g.geom_first[e]], g.geom_x[g.geom_first[e + 1] - 1]) < 300050;
    EXPECT_EQ(g.bridge[e] != 0, west_piece) << e;
    bridges += g.bridge[e];
  }
  EXPECT_EQ(bridges, 2);
}

TEST(Roads, LengthAttributeOverridesGeometrySplitByShare) {
  floodevac::test::TempDir dir;
  const auto file = dir / "r.geojson";
  // One 200 m line with a crossing vertex at 50 m, declared 100 m long: pieces 25 m and 75 m.
  std::ofstream(file) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},
  "features":[
   {"type":"Feature","properties":{"highway":"primary","oneway":"yes","length_m":100},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300050,3300000],[300200,3300000]]}},
   {"type":"Feature","properties":{"highway":"primary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300050,3299900],[300050,3300000]]}}]})";
  const auto g = floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"));
  ASSERT_EQ(g.edge_count(), 3u);
  std::vector<float> len(g.length_m.begin(), g.length_m.end());
  std::sort(len.begin(), len.end());
  EXPECT_NEAR(len[0], 25.0f, 1e-3);
  EXPECT_NEAR(len[1], 75.0f, 1e-3);
  EXPECT_NEAR(len[2], 100.0f, 1e-3);  // the second line keeps its geometric length
  std::ofstream(file) << R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},
  "features":[{"type":"Feature","properties":{"highway":"primary","length_m":"-3"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300050,3300000]]}}]})";
  try {
    floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"));
    FAIL() << "expected an error";
  } catch (const floodevac::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("length_m"), std::string::npos) << e.what();
  }
}

namespace {
std::string utm51_collection(const std::string& features) {
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32651"}},"features":[)" +
         features + "]}";
}
}  // namespace

TEST(Roads, LengthAttributeUsualNamesAndNamedField) {
  floodevac::test::TempDir dir;
  const auto file = dir / "r.geojson";
  const auto crs = floodevac::gis::crs_wkt_from_user("EPSG:32651");
  // A 200 m drawn line that a SUMO export says is 150 m long (`length`), and one without a value.
  std::ofstream(file) << utm51_collection(
      R"({"type":"Feature","properties":{"highway":"primary","oneway":"yes","length":150,"len_alt":300},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300200,3300000]]}},
         {"type":"Feature","properties":{"highway":"primary","oneway":"yes","length":null},"geometry":{"type":"LineString","coordinates":[[300200,3300000],[300200,3300080]]}})");
  floodevac::gis::RoadReport rep;
  auto g = floodevac::gis::read_roads(file, crs, {}, &rep);
  ASSERT_EQ(g.edge_count(), 2u);
  std::vector<float> len(g.length_m.begin(), g.length_m.end());
  std::sort(len.begin(), len.end());
  EXPECT_NEAR(len[0], 80.0f, 1e-3);   // no value: the drawn length
  EXPECT_NEAR(len[1], 150.0f, 1e-3);  // `length`, not the drawn 200 m
  EXPECT_EQ(rep.length_field, "length");
  EXPECT_NEAR(rep.total_length_km, 0.23, 1e-6);
  EXPECT_NE(rep.summary().find("'length'"), std::string::npos) << rep.summary();

  // A field named in the options wins over the usual names.
  floodevac::gis::RoadReadOptions opt;
  opt.fields.length = "len_alt";
  g = floodevac::gis::read_roads(file, crs, opt, &rep);
  len.assign(g.length_m.begin(), g.length_m.end());
  std::sort(len.begin(), len.end());
  EXPECT_NEAR(len[1], 300.0f, 1e-3);
  EXPECT_EQ(rep.length_field, "len_alt");

  // A named field the layer lacks is an error that lists the fields.
  opt.fields.length = "routable_len";
  try {
    floodevac::gis::read_roads(file, crs, opt);
    FAIL() << "expected an error";
  } catch (const floodevac::InputError& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("routable_len"), std::string::npos) << w;
    EXPECT_NE(w.find("len_alt"), std::string::npos) << w;  // the field list
  }

  // Without any length field: drawn lengths, reported as such.
  std::ofstream(file) << utm51_collection(
      R"({"type":"Feature","properties":{"highway":"primary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300200,3300000]]}})");
  g = floodevac::gis::read_roads(file, crs, {}, &rep);
  EXPECT_NEAR(g.length_m[0], 200.0f, 1e-3);
  EXPECT_TRUE(rep.length_field.empty());
}

// Issue 9 item 5. A two-direction export: one oneway line per direction along
// the same centre line, sharing both ends and every interior vertex
//
//   A ---- v1 ---- v2 ---- B ---- C      (A..B: two lines, AB and BA; B..C: a street)
//
// gives two links (A->B and B->A), not a mesh of pieces split at v1 and v2.
TEST(Roads, TwoOnewayLinesAlongOneCentreLineAreTwoLinks) {
  floodevac::test::TempDir dir;
  const auto file = dir / "r.geojson";
  std::ofstream(file) << utm51_collection(
      R"({"type":"Feature","properties":{"highway":"secondary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300040,3300003],[300080,3300001],[300120,3300000]]}},
         {"type":"Feature","properties":{"highway":"secondary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300120,3300000],[300080,3300001],[300040,3300003],[300000,3300000]]}},
         {"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[300120,3300000],[300200,3300000]]}})");
  floodevac::gis::RoadReport rep;
  const auto g = floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"), {}, &rep);
  EXPECT_EQ(g.node_count(), 3u);
  EXPECT_EQ(g.edge_count(), 4u);  // A->B, B->A, B->C, C->B
  EXPECT_EQ(rep.pieces_dropped, 0);
  EXPECT_EQ(rep.components, 1u);
  const auto tails = g.tails();
  int ab = 0;
  for (std::uint32_t e = 0; e < g.edge_count(); ++e)
    if (g.road_class[e] == static_cast<std::uint8_t>(floodevac::gis::RoadClass::secondary)) {
      ++ab;
      EXPECT_NE(tails[e], g.head[e]);
      EXPECT_EQ(g.geom_first[e + 1] - g.geom_first[e], 4u);  // the whole centre line
      EXPECT_NEAR(g.length_m[e], std::hypot(40, 3) + std::hypot(40, 2) + std::hypot(40, 1), 1e-3);
    }
  EXPECT_EQ(ab, 2);

  // A street crossing the shared centre line at v1 still splits both lines there.
  std::ofstream(file) << utm51_collection(
      R"({"type":"Feature","properties":{"highway":"secondary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300040,3300003],[300080,3300001],[300120,3300000]]}},
         {"type":"Feature","properties":{"highway":"secondary","oneway":"yes"},"geometry":{"type":"LineString","coordinates":[[300120,3300000],[300080,3300001],[300040,3300003],[300000,3300000]]}},
         {"type":"Feature","properties":{"highway":"residential"},"geometry":{"type":"LineString","coordinates":[[300040,3299950],[300040,3300003],[300040,3300050]]}})");
  const auto g2 = floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"), {}, &rep);
  EXPECT_EQ(g2.node_count(), 5u);  // A, v1, B and the street's two ends
  EXPECT_EQ(g2.edge_count(), 8u);  // A<->v1, v1<->B one link each way, the street 2 x 2
  EXPECT_EQ(rep.pieces_dropped, 0);
}

// Issue 9 item 7 through the OGR reader: the same tag fields as OSM.
TEST(Roads, AccessAndTunnelFieldsInAVectorLayer) {
  floodevac::test::TempDir dir;
  const auto file = dir / "r.geojson";
  std::ofstream(file) << utm51_collection(
      R"({"type":"Feature","properties":{"highway":"primary","tunnel":"yes"},"geometry":{"type":"LineString","coordinates":[[300000,3300000],[300100,3300000]]}},
         {"type":"Feature","properties":{"highway":"primary","layer":"-2"},"geometry":{"type":"LineString","coordinates":[[300100,3300000],[300200,3300000]]}},
         {"type":"Feature","properties":{"highway":"primary","layer":"1","bridge":"yes"},"geometry":{"type":"LineString","coordinates":[[300200,3300000],[300300,3300000]]}},
         {"type":"Feature","properties":{"highway":"service","access":"private"},"geometry":{"type":"LineString","coordinates":[[300300,3300000],[300300,3300100]]}},
         {"type":"Feature","properties":{"highway":"residential","length":"900"},"geometry":{"type":"LineString","coordinates":[[300300,3300000],[300400,3300000]]}})");
  floodevac::gis::RoadReport rep;
  const auto g = floodevac::gis::read_roads(file, floodevac::gis::crs_wkt_from_user("EPSG:32651"), {}, &rep);
  EXPECT_EQ(rep.features_used, 4);
  EXPECT_EQ(rep.access_closed, 1);
  EXPECT_EQ(rep.tunnels, 2);
  EXPECT_EQ(rep.bridges, 1);
  EXPECT_EQ(rep.length_far_from_drawn, 1);  // 900 m declared, 100 m drawn: a warning, not an error
  ASSERT_FALSE(rep.warnings.empty());
  EXPECT_NE(rep.warnings.back().find("metres"), std::string::npos) << rep.warnings.back();
  ASSERT_EQ(g.tunnel.size(), g.edge_count());
  int tunnel_edges = 0;
  for (std::uint32_t e = 0; e < g.edge_count(); ++e) {
    tunnel_edges += g.tunnel[e];
    EXPECT_FALSE(g.tunnel[e] && g.bridge[e]);
    EXPECT_NE(g.road_class[e], static_cast<std::uint8_t>(floodevac::gis::RoadClass::service));
  }
  EXPECT_EQ(tunnel_edges, 4);
}
