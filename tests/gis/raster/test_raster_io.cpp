#include <gdal.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "gis/crs.hpp"
#include "gis/raster/raster_io.hpp"
#include "tests/gis/test_support.hpp"

using namespace floodevac;
using namespace floodevac::gis;
using namespace floodevac::test;

namespace {

double nansum(const Grid<float>& g) {
  double s = 0.0;
  for (float v : g.data)
    if (!std::isnan(v)) s += v;
  return s;
}

/// f(lon, lat) sampled at the pixel centres of a 100 x 100 raster of 0.001
/// degree pixels with its NW corner at (121.0 E, 25.1 N): linear in lon/lat.
double lonlat_field(double lon, double lat) {
  return (lon - 121.0) / 0.001 + 0.5 * (lat - 25.0) / 0.001;
}

std::filesystem::path make_lonlat_dem(const TempDir& dir) {
  std::vector<float> v(100 * 100);
  for (int r = 0; r < 100; ++r)
    for (int c = 0; c < 100; ++c)
      v[static_cast<std::size_t>(r * 100 + c)] =
          static_cast<float>(lonlat_field(121.0 + (c + 0.5) * 0.001, 25.1 - (r + 0.5) * 0.001));
  const auto p = dir / "dem_4326.tif";
  write_gtiff(p, 100, 100, {121.0, 0.001, 0.0, 25.1, 0.0, -0.001}, "EPSG:4326", v);
  return p;
}

/// UTM grid covering the lon/lat box [lon0, lon1] x [lat0, lat1] with a margin.
Grid<float> utm_grid_around(double lon0, double lat0, double lon1, double lat1, double cell,
                            double margin) {
  CoordTransform t("EPSG:4326", "EPSG:32651");
  std::vector<double> x{lon0, lon1, lon0, lon1}, y{lat0, lat0, lat1, lat1};
  t.transform(x, y);
  const double xmin = std::floor((*std::min_element(x.begin(), x.end()) - margin) / cell) * cell;
  const double xmax = std::ceil((*std::max_element(x.begin(), x.end()) + margin) / cell) * cell;
  const double ymin = std::floor((*std::min_element(y.begin(), y.end()) - margin) / cell) * cell;
  const double ymax = std::ceil((*std::max_element(y.begin(), y.end()) + margin) / cell) * cell;
  const auto cols = static_cast<std::int64_t>(std::llround((xmax - xmin) / cell));
  const auto rows = static_cast<std::int64_t>(std::llround((ymax - ymin) / cell));
  return Grid<float>(rows, cols, GeoTransform{xmin, cell, ymax, -cell}, 0.0f,
                     crs_wkt_from_user("EPSG:32651"));
}

}  // namespace

// --- read_raster --------------------------------------------------------------

TEST(ReadRaster, MissingFileIsNamed) {
  TempDir dir;
  const auto p = dir / "nope.tif";
  const std::string m = error_of<InputError>([&] { read_raster(p); });
  EXPECT_TRUE(contains(m, p.string())) << m;
  EXPECT_TRUE(contains(m, "not found")) << m;
}

TEST(ReadRaster, NotARaster) {
  TempDir dir;
  floodevac::test::write_text(dir / "junk.tif", "this is not a raster");
  const std::string m = error_of<InputError>([&] { read_raster(dir / "junk.tif"); });
  EXPECT_TRUE(contains(m, "junk.tif")) << m;
}

TEST(ReadRaster, BandOutOfRangeNamesBandCount) {
  TempDir dir;
  write_gtiff(dir / "two.tif", 4, 3, {0, 1, 0, 3, 0, -1}, "EPSG:32651",
              std::vector<float>(12, 1.0f), {}, 2);
  const std::string m = error_of<InputError>([&] { read_raster(dir / "two.tif", 3); });
  EXPECT_TRUE(contains(m, "two.tif")) << m;
  EXPECT_TRUE(contains(m, "has 2 bands")) << m;
  EXPECT_EQ(read_raster(dir / "two.tif", 2).data[0], 101.0f);
}

TEST(ReadRaster, NodataScaleOffsetGeoAndCrs) {
  TempDir dir;
  std::vector<float> v{1, 2, -1, 4, 5, 6};
  write_gtiff(dir / "a.tif", 3, 2, {350000.0, 10.0, 0.0, 2780000.0, 0.0, -10.0}, "EPSG:32651", v,
              -1.0);
  Grid<float> g = read_raster(dir / "a.tif");
  EXPECT_EQ(g.rows, 2);
  EXPECT_EQ(g.cols, 3);
  EXPECT_EQ(g.geo, (GeoTransform{350000.0, 10.0, 2780000.0, -10.0}));
  EXPECT_EQ(crs_epsg(g.crs_wkt), 32651);
  EXPECT_TRUE(std::isnan(g(0, 2)));
  EXPECT_EQ(g(1, 2), 6.0f);

  // Packed values: raw * scale + offset.
  GDALDatasetH ds = GDALOpen((dir / "a.tif").c_str(), GA_Update);
  ASSERT_TRUE(ds);
  GDALSetRasterScale(GDALGetRasterBand(ds, 1), 0.5);
  GDALSetRasterOffset(GDALGetRasterBand(ds, 1), 10.0);
  GDALClose(ds);
  g = read_raster(dir / "a.tif");
  EXPECT_EQ(g(0, 0), 10.5f);
  EXPECT_TRUE(std::isnan(g(0, 2)));
}

TEST(ReadRaster, RefusesRasterWithoutNorthUpGeotransform) {
  TempDir dir;
  write_gtiff(dir / "south.tif", 2, 2, {0, 1, 0, 0, 0, 1}, "EPSG:32651", {1, 2, 3, 4});
  EXPECT_TRUE(
      contains(error_of<InputError>([&] { read_raster(dir / "south.tif"); }), "north-up"));
  write_gtiff(dir / "rot.tif", 2, 2, {0, 1, 0.1, 0, 0.1, -1}, "EPSG:32651", {1, 2, 3, 4});
  EXPECT_TRUE(contains(error_of<InputError>([&] { read_raster(dir / "rot.tif"); }), "rotated"));
  // A GTiff created without a geotransform.
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), (dir / "nogeo.tif").c_str(), 2, 2, 1,
                               GDT_Float32, nullptr);
  GDALClose(ds);
  EXPECT_TRUE(
      contains(error_of<InputError>([&] { read_raster(dir / "nogeo.tif"); }), "georeferencing"));
}

// --- read_dem -----------------------------------------------------------------

TEST(ReadDem, GeographicDemWithoutTargetAsksForCrs) {
  TempDir dir;
  const auto p = make_lonlat_dem(dir);
  const std::string m = error_of<InputError>([&] { read_dem(p); });
  EXPECT_TRUE(contains(m, "crs")) << m;
  EXPECT_TRUE(contains(m, "geographic")) << m;
  EXPECT_TRUE(contains(m, "EPSG:32651")) << m;  // UTM zone of the DEM centre
  EXPECT_TRUE(contains(m, p.string())) << m;

  write_gtiff(dir / "nocrs.tif", 2, 2, {121.0, 0.001, 0, 25.0, 0, -0.001}, "", {1, 2, 3, 4});
  EXPECT_TRUE(contains(error_of<InputError>([&] { read_dem(dir / "nocrs.tif"); }), "no CRS"));
  EXPECT_TRUE(contains(error_of<InputError>([&] { read_dem(dir / "nocrs.tif", "EPSG:32651"); }),
                       "no CRS"));
}

TEST(ReadDem, ReprojectsToUtmWithBilinear) {
  TempDir dir;
  const auto p = make_lonlat_dem(dir);
  const Grid<float> g = read_dem(p, "EPSG:32651");
  EXPECT_TRUE(crs_is_projected_metres(g.crs_wkt));
  EXPECT_EQ(crs_epsg(g.crs_wkt), 32651);
  EXPECT_GT(g.geo.dx, 80.0);  // 0.001 degree is about 100 m here
  EXPECT_LT(g.geo.dx, 120.0);

  CoordTransform to_ll("EPSG:32651", "EPSG:4326");
  std::size_t finite = 0, nan = 0, checked = 0;
  double max_err = 0.0;
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c) {
      const float v = g(r, c);
      if (std::isnan(v)) {
        ++nan;
        continue;
      }
      ++finite;
      double lon = g.geo.cell_center_x(c), lat = g.geo.cell_center_y(r);
      to_ll.transform_point(lon, lat);
      // Where bilinear has four source centres around the point, a linear
      // field is reproduced (up to the warper's 1/8-pixel approximation).
      if (lon > 121.0006 && lon < 121.0994 && lat > 25.0006 && lat < 25.0994) {
        ++checked;
        max_err = std::max(max_err, std::fabs(v - lonlat_field(lon, lat)));
      }
      EXPECT_GE(v, -1.0f);
      EXPECT_LE(v, 151.0f);
    }
  EXPECT_GT(checked, 8000u);
  EXPECT_LT(max_err, 0.05);
  EXPECT_GT(nan, 0u);  // the corners of the UTM box lie outside the source
  EXPECT_GT(finite, static_cast<std::size_t>(0.9 * static_cast<double>(g.size())));

  const Grid<float> h = read_dem(p, "EPSG:32651", 50.0);
  EXPECT_EQ(h.geo.dx, 50.0);
  EXPECT_EQ(h.geo.dy, -50.0);
  EXPECT_EQ(std::fmod(h.geo.x0, 50.0), 0.0);  // aligned on the resolution
}

TEST(ReadDem, ProjectedDemKeptOrResampled) {
  TempDir dir;
  std::vector<float> v(40 * 30);
  for (int r = 0; r < 30; ++r)
    for (int c = 0; c < 40; ++c)
      v[static_cast<std::size_t>(r * 40 + c)] = static_cast<float>(2 * c + r);
  write_gtiff(dir / "utm.tif", 40, 30, {350000.0, 10.0, 0, 2780000.0, 0, -10.0}, "EPSG:32651", v);
  const Grid<float> same = read_dem(dir / "utm.tif");
  EXPECT_EQ(same.data, read_raster(dir / "utm.tif").data);
  EXPECT_EQ(read_dem(dir / "utm.tif", "EPSG:32651", 10.0).geo, same.geo);  // nothing to do

  const Grid<float> coarse = read_dem(dir / "utm.tif", "", 20.0);
  EXPECT_EQ(coarse.rows, 15);
  EXPECT_EQ(coarse.cols, 20);
  EXPECT_EQ(coarse.geo.dx, 20.0);
  // Linear field: bilinear at a 2x coarser grid gives the value at the centre.
  EXPECT_NEAR(coarse(5, 5), 2.0 * 10.5 + 10.5, 1e-3);

  EXPECT_THROW(read_dem(dir / "utm.tif", "EPSG:4326"), ConfigError);
  EXPECT_THROW(read_dem(dir / "utm.tif", "banana"), ConfigError);
  EXPECT_THROW(read_dem(dir / "utm.tif", "", -5.0), ConfigError);

  write_gtiff(dir / "feet.tif", 2, 2, {6000000.0, 30.0, 0, 2000000.0, 0, -30.0}, "EPSG:2227",
              {1, 2, 3, 4});
  EXPECT_TRUE(contains(error_of<InputError>([&] { read_dem(dir / "feet.tif"); }), "metres"));
}

// A caller's Progress is asked while GDAL reads and warps (a cancelled run
// stops inside a large read); asking changes nothing, "stop" is a CancelledError.
TEST(ReadDem, ProgressIsAskedAndStopsTheRead) {
  TempDir dir;
  std::vector<float> v(200 * 150);
  for (int r = 0; r < 150; ++r)
    for (int c = 0; c < 200; ++c)
      v[static_cast<std::size_t>(r * 200 + c)] = static_cast<float>(0.5 * c + r);
  const auto p = dir / "utm.tif";
  write_gtiff(p, 200, 150, {350000.0, 10.0, 0, 2780000.0, 0, -10.0}, "EPSG:32651", v);
  int asked = 0;
  const Progress go{[&](double, std::string_view) { return ++asked > 0; }};
  const auto same_bytes = [](const Grid<float>& a, const Grid<float>& b) {
    return a.data.size() == b.data.size() &&
           std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0;
  };
  EXPECT_TRUE(same_bytes(read_dem(p, "", 4.0, go), read_dem(p, "", 4.0)));  // warped
  EXPECT_GT(asked, 0);
  EXPECT_TRUE(same_bytes(read_dem(p, "", 0.0, go), read_dem(p)));  // read as it is
  const Progress stop{[](double, std::string_view) { return false; }};
  EXPECT_TRUE(contains(error_of<CancelledError>([&] { read_dem(p, "", 4.0, stop); }), "utm.tif"));
  EXPECT_THROW(read_dem(p, "", 0.0, stop), CancelledError);
}

// --- read_raster_onto -----------------------------------------------------------

TEST(ReadRasterOnto, SumPreservesPopulationTotal) {
  TempDir dir;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 100.0f);
  std::vector<float> pop(40 * 40);
  double total = 0.0;
  for (std::size_t i = 0; i < pop.size(); ++i) {
    pop[i] = (i % 97 == 5) ? -1.0f : u(rng);
    if (pop[i] >= 0.0f) total += pop[i];
  }
  const auto p = dir / "pop_4326.tif";
  write_gtiff(p, 40, 40, {121.5, 0.001, 0, 25.04, 0, -0.001}, "EPSG:4326", pop, -1.0);

  // Finer target (about 100 m source cells onto 30 m) and coarser (250 m).
  for (const double cell : {30.0, 250.0}) {
    const Grid<float> like = utm_grid_around(121.5, 25.0, 121.54, 25.04, cell, 600.0);
    const Grid<float> g = read_raster_onto(p, like, Resampling::sum);
    EXPECT_TRUE(g.same_shape(like));
    EXPECT_EQ(g.crs_wkt, like.crs_wkt);
    EXPECT_NEAR(nansum(g), total, 0.01 * total) << "cell " << cell;
  }

  // Same CRS, grids not aligned.
  std::vector<float> flat(20 * 20, 10.0f);
  write_gtiff(dir / "pop_utm.tif", 20, 20, {350000.0, 100.0, 0, 2780000.0, 0, -100.0}, "EPSG:32651",
              flat);
  Grid<float> like(90, 90, GeoTransform{349933.0, 30.0, 2780071.0, -30.0}, 0.0f,
                   crs_wkt_from_user("EPSG:32651"));
  EXPECT_NEAR(nansum(read_raster_onto(dir / "pop_utm.tif", like, Resampling::sum)), 4000.0, 40.0);
}

TEST(ReadRasterOnto, NearestOnSameGridIsIdentityAndBandsSelectable) {
  TempDir dir;
  std::vector<float> v(12 * 9);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i) * 0.25f;
  v[10] = -5.0f;
  write_gtiff(dir / "a.tif", 12, 9, {350000.0, 10.0, 0, 2780000.0, 0, -10.0}, "EPSG:32651", v, -5.0,
              2);
  const Grid<float> like = read_raster(dir / "a.tif");
  for (Resampling m :
       {Resampling::nearest, Resampling::bilinear, Resampling::average, Resampling::mode}) {
    const Grid<float> g = read_raster_onto(dir / "a.tif", like, m);
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i == 10)
        EXPECT_TRUE(std::isnan(g.data[i])) << gdal_resampling_name(m);
      else
        EXPECT_EQ(g.data[i], v[i]) << gdal_resampling_name(m) << " " << i;
    }
  }
  EXPECT_EQ(read_raster_onto(dir / "a.tif", like, Resampling::nearest, 2).data[3], v[3] + 100.0f);
  EXPECT_THROW(read_raster_onto(dir / "a.tif", like, Resampling::nearest, 3), InputError);

  // Entirely outside the source: refused, naming both extents (it would count as nothing).
  Grid<float> away = like;
  away.geo.x0 += 1000.0;
  const std::string msg = error_of<InputError>([&] { read_raster_onto(dir / "a.tif", away, Resampling::bilinear); });
  EXPECT_NE(msg.find("a.tif: the raster has no valid cell on the model grid"), std::string::npos) << msg;
  EXPECT_NE(msg.find("x 350000 .. 350120"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the DEM x 351000 .. 351120"), std::string::npos) << msg;
  // Partly outside: NaN there.
  away.geo.x0 = like.geo.x0 + 2 * like.geo.dx;
  const Grid<float> g = read_raster_onto(dir / "a.tif", away, Resampling::nearest);
  EXPECT_TRUE(std::isnan(g.data.back()));
  EXPECT_FALSE(std::isnan(g.data.front()));
}

TEST(ReadRasterOnto, ModeKeepsMajorityClass) {
  TempDir dir;
  // 9 x 9 cells of 10 m: each 3 x 3 block holds class (block id + 1) but one cell.
  std::vector<float> v(81);
  for (int r = 0; r < 9; ++r)
    for (int c = 0; c < 9; ++c) {
      const int block = (r / 3) * 3 + c / 3;
      v[static_cast<std::size_t>(r * 9 + c)] =
          static_cast<float>((r % 3 == 1 && c % 3 == 1) ? 50 : block + 1);
    }
  write_gtiff(dir / "lc.tif", 9, 9, {350000.0, 10.0, 0, 2780000.0, 0, -10.0}, "EPSG:32651", v);
  Grid<float> like(3, 3, GeoTransform{350000.0, 30.0, 2780000.0, -30.0}, 0.0f,
                   crs_wkt_from_user("EPSG:32651"));
  const Grid<float> g = read_raster_onto(dir / "lc.tif", like, Resampling::mode);
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(g.data[static_cast<std::size_t>(i)], static_cast<float>(i + 1));
}

TEST(ReadRasterOnto, SourceWithoutCrsRefused) {
  TempDir dir;
  write_gtiff(dir / "nocrs.tif", 2, 2, {350000.0, 10.0, 0, 2780000.0, 0, -10.0}, "", {1, 2, 3, 4});
  Grid<float> like(2, 2, GeoTransform{350000.0, 10.0, 2780000.0, -10.0}, 0.0f,
                   crs_wkt_from_user("EPSG:32651"));
  EXPECT_TRUE(contains(error_of<InputError>(
                           [&] { read_raster_onto(dir / "nocrs.tif", like, Resampling::nearest); }),
                       "no CRS"));
}
