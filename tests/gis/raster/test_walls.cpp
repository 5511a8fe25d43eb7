#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "gis/crs.hpp"
#include "gis/raster/walls.hpp"
#include "tests/gis/test_support.hpp"

using namespace floodevac;
using namespace floodevac::gis;
using namespace floodevac::test;

namespace {

constexpr double kX0 = 400000.0, kY0 = 2770000.0, kCell = 10.0;

/// 20 x 20 DEM of 10 m cells in UTM 51N, flat at 1 m.
Grid<float> flat_dem() {
  return Grid<float>(20, 20, GeoTransform{kX0, kCell, kY0, -kCell}, 1.0f,
                     crs_wkt_from_user("EPSG:32651"));
}

double cx(double col) {
  return kX0 + (col + 0.5) * kCell;
}
double cy(double row) {
  return kY0 - (row + 0.5) * kCell;
}

std::string num(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.12f", v);
  return b;
}

/// GeoJSON LineString coordinates from UTM points, written in lon/lat.
std::string lonlat_coords(const std::vector<std::pair<double, double>>& utm) {
  CoordTransform t("EPSG:32651", "EPSG:4326");
  std::string s = "[";
  for (const auto& [x, y] : utm) {
    double lon = x, lat = y;
    t.transform_point(lon, lat);
    if (s.size() > 1) s += ",";
    s += "[";
    s += num(lon);
    s += ",";
    s += num(lat);
    s += "]";
  }
  return s + "]";
}

std::string utm_coords(const std::vector<std::pair<double, double>>& utm) {
  std::string s = "[";
  for (const auto& [x, y] : utm) {
    if (s.size() > 1) s += ",";
    s += "[";
    s += num(x);
    s += ",";
    s += num(y);
    s += "]";
  }
  return s + "]";
}

std::string feature(const std::string& props, const std::string& geometry,
                    const std::string& id = "") {
  return "{\"type\":\"Feature\"," + (id.empty() ? std::string() : "\"id\":" + id + ",") +
         "\"properties\":" + props + ",\"geometry\":" + geometry + "}";
}

std::string line(const std::string& coords) {
  return "{\"type\":\"LineString\",\"coordinates\":" + coords + "}";
}

}  // namespace

TEST(Walls, LonLatGeoJsonWallRaisesExactlyTheCellsItCrosses) {
  TempDir dir;
  write_text(dir / "walls.geojson",
             feature_collection({feature("{\"crest\":5.0,\"name\":\"north dike\"}",
                                 line(lonlat_coords({{cx(2), cy(10)}, {cx(17), cy(10)}})))}));
  Grid<float> dem = flat_dem();
  dem(10, 19) = 7.0f;  // not on the wall: unchanged
  const WallBurn b = burn_walls(dem, dir / "walls.geojson", "crest");
  EXPECT_EQ(b.features, 1u);
  EXPECT_EQ(b.cells, 16u);
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) {
      const bool wall = r == 10 && c >= 2 && c <= 17;
      EXPECT_EQ(b.mask(r, c), wall ? 1 : 0) << r << "," << c;
      if (wall) {
        EXPECT_EQ(dem(r, c), 5.0f);
        EXPECT_EQ(b.crest_m(r, c), 5.0f);
      } else {
        EXPECT_EQ(dem(r, c), (r == 10 && c == 19) ? 7.0f : 1.0f) << r << "," << c;
        EXPECT_TRUE(std::isnan(b.crest_m(r, c)));
      }
    }
}

TEST(Walls, DiagonalWallIsWatertightForFaceExchange) {
  TempDir dir;
  // A diagonal wall across the whole DEM (both ends outside it, so it is
  // clipped), in the DEM's own CRS (legacy GeoJSON "crs" member).
  write_text(dir / "diag.geojson",
             feature_collection({feature("{\"crest\":3}",
                                 line(utm_coords({{cx(-3.2), cy(-2.9)}, {cx(23.1), cy(22.7)}})))},
                        true));
  Grid<float> dem = flat_dem();
  const WallBurn b = burn_walls(dem, dir / "diag.geojson", "crest");
  EXPECT_EQ(b.features, 1u);
  // Water spreading across cell faces from the SW corner never reaches the NE corner.
  std::vector<std::uint8_t> wet(dem.size(), 0);
  std::vector<std::pair<std::int64_t, std::int64_t>> stack{{19, 0}};
  ASSERT_EQ(b.mask(19, 0), 0);
  ASSERT_EQ(b.mask(0, 19), 0);
  while (!stack.empty()) {
    const auto [r, c] = stack.back();
    stack.pop_back();
    if (!dem.inside(r, c) || wet[dem.idx(r, c)] || b.mask(r, c)) continue;
    wet[dem.idx(r, c)] = 1;
    stack.insert(stack.end(), {{r + 1, c}, {r - 1, c}, {r, c + 1}, {r, c - 1}});
  }
  EXPECT_EQ(wet[dem.idx(0, 19)], 0);
  EXPECT_EQ(wet[dem.idx(19, 0)], 1);
  std::size_t marked = 0;
  for (auto m : b.mask.data) marked += m;
  EXPECT_EQ(marked, b.cells);
  EXPECT_GE(b.cells, 20u);
  EXPECT_LE(b.cells, 40u);  // a thin line, not a band
  for (std::size_t i = 0; i < dem.size(); ++i) EXPECT_EQ(dem.data[i], b.mask.data[i] ? 3.0f : 1.0f);
}

TEST(Walls, HighestCrestWinsHigherGroundAndNodataStay) {
  TempDir dir;
  write_text(
      dir / "walls.geojson",
      feature_collection(
          {feature("{\"crest\":3}", line(utm_coords({{cx(0), cy(5)}, {cx(19), cy(5)}}))),
           feature("{\"crest\":\"6.5\"}", line(utm_coords({{cx(8), cy(0)}, {cx(8), cy(19)}})))},
          true));
  Grid<float> dem = flat_dem();
  dem(0, 8) = 9.0f;
  dem(19, 8) = std::numeric_limits<float>::quiet_NaN();
  const WallBurn b = burn_walls(dem, dir / "walls.geojson", "crest");
  EXPECT_EQ(b.features, 2u);
  EXPECT_EQ(b.cells, 20u + 19u - 1u);  // row 5, column 8 without its nodata cell, crossing once
  EXPECT_EQ(dem(5, 8), 6.5f);          // crossing: the higher crest
  EXPECT_EQ(b.crest_m(5, 8), 6.5f);
  EXPECT_EQ(dem(5, 3), 3.0f);
  EXPECT_EQ(dem(12, 8), 6.5f);
  EXPECT_EQ(dem(0, 8), 9.0f);  // ground above the crest stays
  EXPECT_EQ(b.mask(0, 8), 1);
  EXPECT_TRUE(std::isnan(dem(19, 8)));
  EXPECT_EQ(b.mask(19, 8), 0);
  EXPECT_TRUE(std::isnan(b.crest_m(19, 8)));
}

TEST(Walls, MultiLineStringInGeoPackageWithNamedLayer) {
  TempDir dir;
  // Two layers in one GeoPackage, written with OGR, CRS EPSG:32651.
  const auto path = dir / "walls.gpkg";
  floodevac::gis::init_gdal();
  GDALDatasetH ds =
      GDALCreate(GDALGetDriverByName("GPKG"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  ASSERT_TRUE(ds);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 32651);
  for (const char* lname : {"roads", "levees"}) {
    OGRLayerH l = GDALDatasetCreateLayer(ds, lname, srs, wkbMultiLineString, nullptr);
    OGRFieldDefnH fd = OGR_Fld_Create("crest_m", OFTReal);
    OGR_L_CreateField(l, fd, TRUE);
    OGR_Fld_Destroy(fd);
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
    OGR_F_SetFieldDouble(f, 0, 4.0);
    const std::string wkt = "MULTILINESTRING ((" + num(cx(1)) + " " + num(cy(1)) + ", " +
                            num(cx(1)) + " " + num(cy(4)) + "), (" + num(cx(5)) + " " + num(cy(5)) +
                            ", " + num(cx(7)) + " " + num(cy(5)) + "))";
    OGRGeometryH g = nullptr;
    char* w = const_cast<char*>(wkt.c_str());
    OGR_G_CreateFromWkt(&w, nullptr, &g);
    OGR_F_SetGeometryDirectly(f, g);
    EXPECT_EQ(OGR_L_CreateFeature(l, f), OGRERR_NONE);
    OGR_F_Destroy(f);
  }
  OSRDestroySpatialReference(srs);
  GDALClose(ds);

  Grid<float> dem = flat_dem();
  const std::string m = error_of<InputError>([&] { burn_walls(dem, path, "crest_m"); });
  EXPECT_TRUE(contains(m, "roads") && contains(m, "levees")) << m;
  const std::string m2 = error_of<InputError>([&] { burn_walls(dem, path, "crest_m", "dikes"); });
  EXPECT_TRUE(contains(m2, "layer 'dikes' not found") && contains(m2, "levees")) << m2;

  const WallBurn b = burn_walls(dem, path, "crest_m", "levees");
  EXPECT_EQ(b.features, 1u);
  EXPECT_EQ(b.cells, 4u + 3u);
  EXPECT_EQ(dem(4, 1), 4.0f);
  EXPECT_EQ(dem(5, 6), 4.0f);
}

TEST(Walls, ErrorsNameFieldsFeaturesAndTypes) {
  TempDir dir;
  const std::string geom = line(lonlat_coords({{cx(2), cy(10)}, {cx(17), cy(10)}}));
  write_text(dir / "w.geojson", feature_collection({feature("{\"height\":5.0,\"name\":\"a\"}", geom)}));
  Grid<float> dem = flat_dem();
  const Grid<float> before = dem;

  std::string m = error_of<InputError>([&] { burn_walls(dem, dir / "w.geojson", "crest"); });
  EXPECT_TRUE(contains(m, "'crest' not found") && contains(m, "height") && contains(m, "name"))
      << m;
  EXPECT_TRUE(contains(m, "w.geojson")) << m;

  write_text(dir / "null.geojson", feature_collection({feature("{\"crest\":5.0}", geom, "3"),
                                               feature("{\"crest\":null}", geom, "7")}));
  m = error_of<InputError>([&] { burn_walls(dem, dir / "null.geojson", "crest"); });
  EXPECT_TRUE(contains(m, "feature 7")) << m;
  EXPECT_EQ(dem.data, before.data) << "the DEM must be unchanged after an error";

  write_text(dir / "text.geojson", feature_collection({feature("{\"crest\":\"high\"}", geom, "4")}));
  m = error_of<InputError>([&] { burn_walls(dem, dir / "text.geojson", "crest"); });
  EXPECT_TRUE(contains(m, "feature 4") && contains(m, "'high'")) << m;

  const std::string poly =
      "{\"type\":\"Polygon\",\"coordinates\":[[[121.0,25.0],[121.001,25.0],[121.001,25.001],"
      "[121.0,25.0]]]}";
  write_text(dir / "poly.geojson", feature_collection({feature("{\"crest\":5.0}", poly, "2")}));
  m = error_of<InputError>([&] { burn_walls(dem, dir / "poly.geojson", "crest"); });
  EXPECT_TRUE(contains(m, "feature 2") && contains(m, "Polygon")) << m;

  m = error_of<InputError>([&] { burn_walls(dem, dir / "missing.geojson", "crest"); });
  EXPECT_TRUE(contains(m, "missing.geojson") && contains(m, "not found")) << m;
}

TEST(Walls, WallsOutsideTheDemBurnNothing) {
  TempDir dir;
  write_text(dir / "far.geojson",
             feature_collection({feature("{\"crest\":5}",
                                 line(lonlat_coords({{cx(-500), cy(10)}, {cx(-300), cy(10)}})))}));
  Grid<float> dem = flat_dem();
  const WallBurn b = burn_walls(dem, dir / "far.geojson", "crest");
  EXPECT_EQ(b.features, 0u);
  EXPECT_EQ(b.cells, 0u);
  for (float v : dem.data) EXPECT_EQ(v, 1.0f);
}
