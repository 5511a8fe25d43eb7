#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <string>

#include "gis/crs.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

/// A GeoPackage with the given (layer name, geometry type) layers in EPSG:32651.
void write_gpkg(const std::filesystem::path& file,
                const std::vector<std::pair<const char*, OGRwkbGeometryType>>& layers) {
  GDALDatasetUniquePtr ds = create_vector_source(file);
  OGRSpatialReference srs = utm51_srs();
  for (const auto& [name, type] : layers) ASSERT_NE(ds->CreateLayer(name, &srs, type, nullptr), nullptr);
}

TEST(VectorLayer, OneLayerIsReadWithoutAName) {
  TempDir dir;
  write_gpkg(dir / "one.gpkg", {{"shelters", wkbPoint}});
  const detail::VectorLayer l = detail::open_vector_layer(dir / "one.gpkg", "", "shelters");
  ASSERT_NE(l.layer, nullptr);
  EXPECT_EQ(std::string(l.layer->GetName()), "shelters");
  EXPECT_EQ(l.context, (dir / "one.gpkg").string() + " layer 'shelters'");
  EXPECT_TRUE(crs_equivalent(detail::layer_crs_wkt(*l.layer, "", l.context), "EPSG:32651"));
}

TEST(VectorLayer, SeveralLayersNeedANameAndTheErrorListsThem) {
  TempDir dir;
  const auto file = dir / "two.gpkg";
  write_gpkg(file, {{"landuse", wkbPolygon}, {"levees", wkbMultiLineString}});
  std::string m = error_of<InputError>([&] { detail::open_vector_layer(file, "", "walls"); });
  EXPECT_TRUE(contains(m, "walls " + file.string())) << m;
  EXPECT_TRUE(contains(m, "2 layers")) << m;
  EXPECT_TRUE(contains(m, "'landuse' (Polygon), 'levees' (MultiLineString)")) << m;
  EXPECT_TRUE(contains(m, "layer option")) << m;

  EXPECT_EQ(std::string(detail::open_vector_layer(file, "levees", "walls").layer->GetName()), "levees");
  m = error_of<InputError>([&] { detail::open_vector_layer(file, "dikes", "walls"); });
  EXPECT_TRUE(contains(m, "layer 'dikes' not found")) << m;
  EXPECT_TRUE(contains(m, "'levees'")) << m;
}

TEST(VectorLayer, MissingFileAndMissingCrsAreNamed) {
  TempDir dir;
  std::string m = error_of<InputError>([&] { detail::open_vector_layer(dir / "none.geojson", "", "roads"); });
  EXPECT_TRUE(contains(m, "roads " + (dir / "none.geojson").string() + ": file not found")) << m;

  test::write_text(dir / "junk.geojson", "this is not GeoJSON");
  m = error_of<InputError>([&] { detail::open_vector_layer(dir / "junk.geojson", "", "roads"); });
  EXPECT_TRUE(contains(m, "cannot open")) << m;

  // A shapefile without its .prj.
  ASSERT_NE(create_vector_source(dir / "nocrs.shp", "ESRI Shapefile")->CreateLayer("nocrs", nullptr, wkbPoint, nullptr),
            nullptr);
  const detail::VectorLayer l = detail::open_vector_layer(dir / "nocrs.shp", "", "population");
  m = error_of<InputError>([&] { detail::layer_crs_wkt(*l.layer, "", l.context); });
  EXPECT_TRUE(contains(m, "declares no CRS")) << m;
  EXPECT_TRUE(crs_equivalent(detail::layer_crs_wkt(*l.layer, "EPSG:4326", l.context), "EPSG:4326"));
}

TEST(VectorLayer, TargetCrsMustBeProjectedMetres) {
  EXPECT_TRUE(crs_equivalent(detail::target_crs_wkt("EPSG:32651", "roads"), "EPSG:32651"));
  std::string m = error_of<InputError>([] { detail::target_crs_wkt("EPSG:4326", "roads r.gpkg"); });
  EXPECT_TRUE(contains(m, "roads r.gpkg: the target CRS must be a projected CRS in metres")) << m;
  m = error_of<InputError>([] { detail::target_crs_wkt("banana", "roads r.gpkg"); });
  EXPECT_TRUE(contains(m, "roads r.gpkg: target CRS 'banana'")) << m;
  EXPECT_FALSE(detail::transform_to_target("EPSG:32651", crs_wkt_from_user("EPSG:32651"), "x").has_value());
  EXPECT_TRUE(detail::transform_to_target("EPSG:4326", "EPSG:32651", "x").has_value());
}

}  // namespace
}  // namespace floodevac::gis
