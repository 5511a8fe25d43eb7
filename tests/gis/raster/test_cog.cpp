#include <gdal.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
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

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Grid<float> sample_grid(std::int64_t rows, std::int64_t cols) {
  Grid<float> g(rows, cols, GeoTransform{350000.0, 10.0, 2780000.0, -10.0}, 0.0f,
                crs_wkt_from_user("EPSG:32651"));
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-5.0f, 50.0f);
  for (std::size_t i = 0; i < g.data.size(); ++i) g.data[i] = (i % 7 == 3) ? kNaN : u(rng);
  g.data[1] = -0.0f;
  g.data[2] = std::numeric_limits<float>::denorm_min();
  g.data[4] = std::numeric_limits<float>::max();
  return g;
}

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

struct Ds {
  GDALDatasetH h;
  explicit Ds(const std::filesystem::path& p) : h(GDALOpen(p.c_str(), GA_ReadOnly)) {}
  ~Ds() {
    if (h) GDALClose(h);
  }
};

std::string item(GDALMajorObjectH o, const char* key, const char* domain = nullptr) {
  const char* v = GDALGetMetadataItem(o, key, domain);
  return v ? v : "";
}

}  // namespace

TEST(Cog, RoundTripIsBitwiseWithNodataAndCrs) {
  TempDir dir;
  const Grid<float> g = sample_grid(37, 53);
  write_cog(g, dir / "depth.tif");
  const Grid<float> r = read_raster(dir / "depth.tif");
  ASSERT_EQ(r.rows, g.rows);
  ASSERT_EQ(r.cols, g.cols);
  EXPECT_EQ(r.geo, g.geo);
  EXPECT_EQ(crs_epsg(r.crs_wkt), 32651);
  EXPECT_TRUE(crs_equivalent(r.crs_wkt, g.crs_wkt));
  for (std::size_t i = 0; i < g.data.size(); ++i) {
    if (std::isnan(g.data[i]))
      EXPECT_TRUE(std::isnan(r.data[i])) << i;
    else
      EXPECT_EQ(bits(r.data[i]), bits(g.data[i])) << i;
  }
  // On disk NaN is the band's nodata value -9999.
  Ds ds(dir / "depth.tif");
  ASSERT_TRUE(ds.h);
  GDALRasterBandH b = GDALGetRasterBand(ds.h, 1);
  int has = 0;
  EXPECT_EQ(GDALGetRasterNoDataValue(b, &has), -9999.0);
  EXPECT_TRUE(has);
  float raw = 0.0f;
  ASSERT_EQ(GDALRasterIO(b, GF_Read, 3, 0, 1, 1, &raw, 1, 1, GDT_Float32, 0, 0),
            CE_None);  // index 3 is NaN
  EXPECT_EQ(raw, -9999.0f);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"depth.tif"});
}

TEST(Cog, LayoutOverviewsUnitDescriptionMetadata) {
  TempDir dir;
  Grid<float> g(1500, 1500, GeoTransform{350000.0, 5.0, 2780000.0, -5.0}, 0.0f,
                crs_wkt_from_user("EPSG:32651"));
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c)
      g(r, c) = static_cast<float>(r) * 0.01f + static_cast<float>(c % 17);
  g(0, 0) = kNaN;
  CogOptions o;
  o.description = "maximum water depth";
  o.unit = "m";
  o.metadata = {{"SCENARIO", "typhoon test"}, {"FLOODEVAC_VERSION", "0.1.0"}};
  write_cog(g, dir / "hmax.tif", o);

  Ds ds(dir / "hmax.tif");
  ASSERT_TRUE(ds.h);
  EXPECT_EQ(item(ds.h, "LAYOUT", "IMAGE_STRUCTURE"), "COG");
  EXPECT_EQ(item(ds.h, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");
  EXPECT_EQ(item(ds.h, "PREDICTOR", "IMAGE_STRUCTURE"), "3");
  EXPECT_EQ(item(ds.h, "SCENARIO"), "typhoon test");
  EXPECT_EQ(item(ds.h, "FLOODEVAC_VERSION"), "0.1.0");
  GDALRasterBandH b = GDALGetRasterBand(ds.h, 1);
  EXPECT_GT(GDALGetOverviewCount(b), 0);
  EXPECT_EQ(std::string(GDALGetRasterUnitType(b)), "m");
  EXPECT_EQ(std::string(GDALGetDescription(b)), "maximum water depth");
  int bx = 0, by = 0;
  GDALGetBlockSize(b, &bx, &by);
  EXPECT_EQ(bx, 256);  // 1500 px: 256-px tiles (512 only above 2048 px)
  EXPECT_EQ(by, 256);
  // Overviews average and skip nodata: the first overview pixel is finite.
  GDALRasterBandH ov = GDALGetOverview(b, 0);
  float v = 0.0f;
  ASSERT_EQ(GDALRasterIO(ov, GF_Read, 0, 0, 1, 1, &v, 1, 1, GDT_Float32, 0, 0), CE_None);
  EXPECT_NE(v, -9999.0f);
  EXPECT_EQ(std::string(GDALGetProjectionRef(ds.h)).find("UTM zone 51N") != std::string::npos,
            true);
}

TEST(Cog, ZstdAndCustomNodata) {
  TempDir dir;
  const Grid<float> g = sample_grid(20, 30);
  CogOptions o;
  o.compression = "zstd";
  o.level = 9;
  o.nodata = -1.0e30;  // not exactly representable in Float32: refused
  EXPECT_THROW(write_cog(g, dir / "a.tif", o), ConfigError);
  o.nodata = -32768.0;
  write_cog(g, dir / "a.tif", o);
  Ds ds(dir / "a.tif");
  ASSERT_TRUE(ds.h);
  EXPECT_EQ(item(ds.h, "COMPRESSION", "IMAGE_STRUCTURE"), "ZSTD");
  int has = 0;
  EXPECT_EQ(GDALGetRasterNoDataValue(GDALGetRasterBand(ds.h, 1), &has), -32768.0);
  const Grid<float> r = read_raster(dir / "a.tif");
  EXPECT_TRUE(std::isnan(r.data[3]));
}

TEST(Cog, BadOptionsAndNodataClash) {
  TempDir dir;
  Grid<float> g = sample_grid(8, 8);
  CogOptions o;
  o.compression = "JPEG";
  EXPECT_THROW(write_cog(g, dir / "x.tif", o), ConfigError);
  o = {};
  o.level = 40;
  EXPECT_THROW(write_cog(g, dir / "x.tif", o), ConfigError);
  g.data[5] = -9999.0f;
  EXPECT_THROW(write_cog(g, dir / "x.tif", CogOptions{}), InvariantError);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(Cog, ByteWithColourTableRoundTrip) {
  TempDir dir;
  Grid<std::uint8_t> g(700, 600, GeoTransform{350000.0, 10.0, 2780000.0, -10.0}, 0,
                       crs_wkt_from_user("EPSG:32651"));
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c)
      g(r, c) = static_cast<std::uint8_t>((r / 50 + c / 50) % 4);
  g(0, 0) = 255;
  const std::vector<std::array<std::uint8_t, 4>> table = {
      {255, 255, 255, 0}, {0, 128, 255, 255}, {255, 200, 0, 255}, {200, 0, 0, 255}};
  CogOptions o;
  o.description = "hazard class";
  write_cog_byte(g, dir / "hazard.tif", o, table);

  Ds ds(dir / "hazard.tif");
  ASSERT_TRUE(ds.h);
  EXPECT_EQ(item(ds.h, "LAYOUT", "IMAGE_STRUCTURE"), "COG");
  GDALRasterBandH b = GDALGetRasterBand(ds.h, 1);
  EXPECT_EQ(GDALGetRasterDataType(b), GDT_Byte);
  EXPECT_GT(GDALGetOverviewCount(b), 0);
  int has = 0;
  EXPECT_EQ(GDALGetRasterNoDataValue(b, &has), 255.0);
  GDALColorTableH ct = GDALGetRasterColorTable(b);
  ASSERT_NE(ct, nullptr);
  for (int i = 0; i < 4; ++i) {
    const GDALColorEntry* e = GDALGetColorEntry(ct, i);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->c1, table[static_cast<std::size_t>(i)][0]);
    EXPECT_EQ(e->c2, table[static_cast<std::size_t>(i)][1]);
    EXPECT_EQ(e->c3, table[static_cast<std::size_t>(i)][2]);
    EXPECT_EQ(e->c4, 255);  // TIFF colour maps are RGB only: transparency comes from nodata
  }
  std::vector<std::uint8_t> back(g.size());
  ASSERT_EQ(GDALRasterIO(b, GF_Read, 0, 0, 600, 700, back.data(), 600, 700, GDT_Byte, 0, 0),
            CE_None);
  EXPECT_EQ(back, g.data);
  // Through read_raster the nodata value becomes NaN.
  const Grid<float> f = read_raster(dir / "hazard.tif");
  EXPECT_TRUE(std::isnan(f(0, 0)));
  EXPECT_EQ(f(0, 60), 1.0f);
}

TEST(Cog, FailureLeavesNoPartialFile) {
  TempDir dir;
  const Grid<float> g = sample_grid(16, 16);
  // Output folder missing: InputError naming the file, nothing written.
  const auto missing = dir / "no" / "such" / "folder" / "x.tif";
  try {
    write_cog(g, missing);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dir.entries().empty());

  // The rename fails (the target is a non-empty folder): the partial file is removed.
  std::filesystem::create_directories(dir / "out.tif");
  floodevac::test::write_text(dir / "out.tif" / "keep.txt", "x");
  EXPECT_THROW(write_cog(g, dir / "out.tif"), InputError);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.tif"});
  EXPECT_THROW(
      write_cog_byte(Grid<std::uint8_t>::like(g, std::uint8_t{1}), dir / "out.tif", {}, {}),
      InputError);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.tif"});
}

TEST(Cog, ReplacesAnExistingFile) {
  TempDir dir;
  Grid<float> g = sample_grid(10, 10);
  write_cog(g, dir / "a.tif");
  g.data[0] = 123.0f;
  write_cog(g, dir / "a.tif");
  EXPECT_EQ(read_raster(dir / "a.tif").data[0], 123.0f);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.tif"});
}

namespace floodevac::gis {
// A 300 x 200 result (the default scenario's size) still gets overviews, so it
// pans and zooms smoothly in QGIS like a large one.
TEST(Cog, SmallRasterStillGetsOverviews) {
  test::TempDir dir;
  Grid<float> g(200, 300, GeoTransform{500000.0, 20.0, 3100000.0, -20.0}, 1.0f, crs_wkt_from_user("EPSG:32651"));
  write_cog(g, dir / "small.tif", {});
  GDALDatasetH ds = GDALOpen((dir / "small.tif").c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  GDALRasterBandH b = GDALGetRasterBand(ds, 1);
  EXPECT_EQ(GDALGetOverviewCount(b), 2);  // 150 x 100 and 75 x 50 with 128-px tiles
  int bx = 0, by = 0;
  GDALGetBlockSize(b, &bx, &by);
  EXPECT_EQ(bx, 128);
  GDALClose(ds);
}
}  // namespace floodevac::gis
