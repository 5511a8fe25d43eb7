#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <regex>

#include "gis/gdal_error.hpp"
#include "gis/vector/geojson_out.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

/// lon/lat of a UTM 51N point, computed independently with OGR.
std::pair<double, double> to_lonlat(double x, double y) {
  init_gdal();
  OGRSpatialReference utm, wgs;
  utm.importFromEPSG(32651);
  wgs.importFromEPSG(4326);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&utm, &wgs));
  ct->Transform(1, &x, &y);
  return {x, y};
}

/// Every number inside "coordinates" arrays has at most 7 decimals; returns how many were seen.
int check_coordinate_decimals(const std::string& text) {
  int seen = 0;
  const std::regex coords(R"re("coordinates"\s*:\s*([\[\]0-9eE+\-.,\s]+))re");
  const std::regex number(R"re(-?[0-9]+(\.([0-9]+))?([eE][+\-]?[0-9]+)?)re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), coords); it != std::sregex_iterator(); ++it) {
    const std::string arr = (*it)[1];
    for (auto n = std::sregex_iterator(arr.begin(), arr.end(), number); n != std::sregex_iterator(); ++n) {
      ++seen;
      EXPECT_LE((*n)[2].length(), 7) << (*n)[0];
      EXPECT_EQ((*n)[3].length(), 0) << "no exponent: " << (*n)[0];
    }
  }
  return seen;
}

TEST(GeoJsonOut, SheltersParseBackInLonLatRfc7946) {
  TempDir dir;
  std::vector<evac::Shelter> s(2);
  s[0].id = "S1";
  s[0].name = "县体育馆";
  s[0].x = 345678.123456;
  s[0].y = 3098765.654321;
  s[0].capacity_persons = 1200;
  s[0].level = evac::ShelterLevel::county;
  s[0].node = 7;
  s[0].snap_distance_m = 12.5;
  s[1].id = "S2";
  s[1].x = 346000;
  s[1].y = 3099000;
  s[1].capacity_persons = 80;
  s[1].level = evac::ShelterLevel::village;
  const auto out = dir / "shelters.geojson";
  write_shelters_geojson(out, s, kUtm51, {Column{"occupancy", std::vector<double>{900.5, NAN}}});
  ASSERT_TRUE(std::filesystem::exists(out));
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(e.path().filename(), "shelters.geojson") << "left behind: " << e.path();

  const std::string text = read_text(out);
  EXPECT_EQ(text.find("\"crs\""), std::string::npos) << "RFC 7946 has no crs member";
  EXPECT_EQ(check_coordinate_decimals(text), 4);

  init_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(out.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  ASSERT_EQ(layer->GetFeatureCount(), 2);
  OGRFeatureUniquePtr f(layer->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("id"), "S1");
  EXPECT_STREQ(f->GetFieldAsString("name"), "县体育馆");
  EXPECT_EQ(f->GetFieldAsInteger64("capacity"), 1200);
  EXPECT_STREQ(f->GetFieldAsString("level"), "county");
  EXPECT_EQ(f->GetFieldAsInteger64("node"), 7);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("snap_m"), 12.5);
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("occupancy"), 900.5);
  const auto* p = f->GetGeometryRef()->toPoint();
  const auto [lon, lat] = to_lonlat(s[0].x, s[0].y);
  EXPECT_NEAR(p->getX(), lon, 1e-7);  // 7 decimals: ~1 cm
  EXPECT_NEAR(p->getY(), lat, 1e-7);
  EXPECT_GT(p->getX(), 120.0);
  EXPECT_LT(p->getX(), 126.0);
  EXPECT_GT(p->getY(), 27.0);
  EXPECT_LT(p->getY(), 29.0);
  f.reset(layer->GetNextFeature());
  EXPECT_EQ(f->GetFieldAsInteger64("node"), -1);
  EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("snap_m")));
  EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("occupancy")));  // NaN -> null
}

TEST(GeoJsonOut, RoadLinksAndPopulation) {
  TempDir dir;
  std::vector<graph::EdgeInput> edges(2);
  for (auto& e : edges) {
    e.length_m = 150;
    e.free_speed_mps = 10;
    e.capacity_veh_h = 1800;
    e.lanes = 2;
    e.road_class = static_cast<std::uint8_t>(RoadClass::primary);
    e.source_id = 42;
  }
  edges[0].head = 1;
  edges[0].geom_x = {345000, 345100, 345100};
  edges[0].geom_y = {3098000, 3098000, 3098050};
  edges[1].tail = 1;
  const auto g = graph::build_graph({345000, 345100}, {3098000, 3098050}, edges);
  const auto out = dir / "links.geojson";
  write_road_links_geojson(out, g, kUtm51, {Column{"flow", std::vector<std::int64_t>{5, 6}}});
  const std::string text = read_text(out);
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);
  EXPECT_EQ(check_coordinate_decimals(text), 10);  // 3 + 2 points, 2 numbers each

  GDALDatasetUniquePtr ds(GDALDataset::Open(out.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* layer = ds->GetLayer(0);
  ASSERT_EQ(layer->GetFeatureCount(), 2);
  OGRFeatureUniquePtr f(layer->GetNextFeature());
  EXPECT_STREQ(f->GetFieldAsString("highway"), "primary");
  EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("free_speed_kmh"), 36.0);
  EXPECT_EQ(f->GetFieldAsInteger64("flow"), 5);
  EXPECT_EQ(f->GetFieldAsInteger64("source_id"), 42);
  ASSERT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbLineString);
  EXPECT_EQ(f->GetGeometryRef()->toLineString()->getNumPoints(), 3);

  std::vector<evac::PopulationUnit> units(1);
  units[0] = {"r0c0", 345050, 3098025, 1, 3.5, 17};
  const auto pop = dir / "pop.geojson";
  write_population_geojson(pop, units, kUtm51);
  GDALDatasetUniquePtr ds2(GDALDataset::Open(pop.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds2);
  OGRFeatureUniquePtr u(ds2->GetLayer(0)->GetNextFeature());
  EXPECT_STREQ(u->GetFieldAsString("id"), "r0c0");
  EXPECT_DOUBLE_EQ(u->GetFieldAsDouble("persons"), 17.0);

  // Wrong column length is a programming error.
  EXPECT_THROW(write_population_geojson(dir / "bad.geojson", units, kUtm51,
                                        {Column{"x", std::vector<double>{1.0, 2.0}}}),
               InvariantError);
  EXPECT_FALSE(std::filesystem::exists(dir / "bad.geojson"));
}

TEST(GeoJsonOut, NoTempFileLeftOnFailureAndOldFileKept) {
  TempDir dir;
  const auto out = dir / "result.geojson";
  write_text(out, "old content");
  std::filesystem::path tmp;
  try {
    FeatureWriter w(out, "result", kUtm51, GeomKind::point, {{"id", FieldKind::string}, {"v", FieldKind::real}});
    tmp = w.temp_path();
    EXPECT_TRUE(std::filesystem::exists(tmp));
    w.add_point(345000, 3098000, {std::string("a"), 1.5});
    w.add_point(345000, 3098000, {std::string("b")});  // one value short: throws
    FAIL() << "add_point should have thrown";
  } catch (const InvariantError&) {
  }
  EXPECT_FALSE(tmp.empty());
  EXPECT_FALSE(std::filesystem::exists(tmp));
  EXPECT_EQ(read_text(out), "old content");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 1u);

  // Non-finite coordinates are an input error; nothing is left behind either.
  try {
    FeatureWriter w(out, "result", kUtm51, GeomKind::line, {});
    tmp = w.temp_path();
    const double xs[] = {345000, NAN}, ys[] = {3098000, 3098001};
    w.add_line(xs, ys, {});
    FAIL() << "add_line should have thrown";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(tmp));
  EXPECT_EQ(read_text(out), "old content");

  // A missing folder is reported before anything is written.
  const auto msg = error_of<InputError>(
      [&] { FeatureWriter w(dir / "no" / "such" / "x.geojson", "x", kUtm51, GeomKind::point, {}); });
  EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;

  // A successful write replaces the old file.
  FeatureWriter w(out, "result", kUtm51, GeomKind::polygon, {{"n", FieldKind::integer}});
  const double xs[] = {345000, 345100, 345100, 345000}, ys[] = {3098000, 3098000, 3098100, 3098100};
  w.add_polygon(xs, ys, {std::int64_t{3}});
  w.close();
  EXPECT_FALSE(std::filesystem::exists(w.temp_path()));
  const std::string text = read_text(out);
  EXPECT_NE(text.find("Polygon"), std::string::npos);
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);
  EXPECT_EQ(check_coordinate_decimals(text), 10);  // closed ring of 5 points
}

TEST(GeoJsonOut, SourceCrsWithNorthingFirstAuthorityOrderStaysEastingFirst) {
  // EPSG:4326 is lat/lon and EPSG:4549 (CGCS2000 / 3-degree Gauss-Kruger CM 120E)
  // northing/easting in the EPSG registry; x must still be read as east.
  TempDir dir;
  const auto a = dir / "ll.geojson";
  {
    FeatureWriter w(a, "ll", "EPSG:4326", GeomKind::point, {});
    w.add_point(120.7, 28.0, {});
    w.close();
  }
  EXPECT_NE(test::read_text(a).find("[ 120.7, 28.0 ]"), std::string::npos) << test::read_text(a);
  const auto b = dir / "gk.geojson";
  {
    FeatureWriter w(b, "gk", "EPSG:4549", GeomKind::point, {});
    w.add_point(500000.0, 3100000.0, {});  // on the central meridian 120E
    w.close();
  }
  init_gdal();
  GDALDatasetUniquePtr ds(GDALDataset::Open(b.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
  EXPECT_NEAR(f->GetGeometryRef()->toPoint()->getX(), 120.0, 1e-7);
  EXPECT_NEAR(f->GetGeometryRef()->toPoint()->getY(), 28.0, 0.1);
}

TEST(GeoJsonOut, WriterRejectsBadSetup) {
  TempDir dir;
  EXPECT_THROW(FeatureWriter(dir / "a.geojson", "a", kUtm51, GeomKind::point,
                             {{"id", FieldKind::string}, {"ID", FieldKind::integer}}),
               InvariantError);
  EXPECT_THROW(FeatureWriter(dir / "a.geojson", "a", "not a crs", GeomKind::point, {}), InputError);
  FeatureWriter w(dir / "a.geojson", "a", kUtm51, GeomKind::point, {{"id", FieldKind::integer}});
  EXPECT_THROW(w.add_point(0, 0, {std::string("x")}), InvariantError);
  const double xs[] = {1, 2}, ys[] = {1, 2};
  EXPECT_THROW(w.add_line(xs, ys, {std::int64_t{1}}), InvariantError);
}

}  // namespace
}  // namespace floodevac::gis
