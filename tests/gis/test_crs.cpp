#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "gis/crs.hpp"

using namespace floodevac;
using namespace floodevac::gis;

TEST(Crs, WktFromUserAcceptsEpsgNumberWktAndProjString) {
  const std::string a = crs_wkt_from_user("EPSG:32651");
  EXPECT_NE(a.find("UTM zone 51N"), std::string::npos);
  EXPECT_EQ(a.find('\n'), std::string::npos) << "single-line WKT expected";
  EXPECT_EQ(crs_epsg(a), 32651);
  EXPECT_EQ(crs_epsg(crs_wkt_from_user("  32651 ")), 32651);
  EXPECT_EQ(crs_epsg(crs_wkt_from_user(a)), 32651);  // WKT in, WKT out
  EXPECT_EQ(crs_epsg(crs_wkt_from_user("urn:ogc:def:crs:EPSG::32651")), 32651);

  const std::string p = crs_wkt_from_user("+proj=utm +zone=51 +datum=WGS84 +units=m +no_defs");
  EXPECT_TRUE(crs_is_projected_metres(p));
  EXPECT_TRUE(crs_equivalent(p, a));
  EXPECT_TRUE(crs_equivalent("EPSG:4326", "OGC:CRS84"));
  EXPECT_FALSE(crs_equivalent("EPSG:4326", "EPSG:32651"));
  EXPECT_TRUE(crs_equivalent("", ""));
  EXPECT_FALSE(crs_equivalent("", a));
}

TEST(Crs, NonsenseIsInputErrorNamingTheDefinition) {
  for (const std::string bad : {"banana", "EPSG:99999999", "", "+proj=nonsense"}) {
    try {
      crs_wkt_from_user(bad);
      ADD_FAILURE() << "no error for '" << bad << "'";
    } catch (const InputError& e) {
      const std::string m = e.what();
      EXPECT_NE(m.find("CRS '" + bad), std::string::npos) << m;
      EXPECT_NE(m.find("EPSG:"), std::string::npos) << m;
    }
  }
}

TEST(Crs, Classification) {
  const std::string geo = crs_wkt_from_user("EPSG:4326");
  const std::string utm = crs_wkt_from_user("EPSG:32651");
  const std::string feet = crs_wkt_from_user("EPSG:2227");  // NAD83 / California zone 3 (ftUS)
  EXPECT_TRUE(crs_is_geographic(geo));
  EXPECT_FALSE(crs_is_projected_metres(geo));
  EXPECT_TRUE(crs_is_projected_metres(utm));
  EXPECT_FALSE(crs_is_geographic(utm));
  EXPECT_FALSE(crs_is_projected_metres(feet));
  EXPECT_FALSE(crs_is_geographic(feet));
  EXPECT_EQ(crs_epsg(geo), 4326);
  EXPECT_EQ(crs_epsg(""), 0);
  EXPECT_EQ(crs_epsg("not a crs"), 0);
  EXPECT_FALSE(crs_is_geographic(""));
  EXPECT_FALSE(crs_is_projected_metres(""));
  // A compound CRS is judged by its horizontal part.
  EXPECT_TRUE(crs_is_projected_metres(crs_wkt_from_user("EPSG:32651+5773")));
  // A PROJ string without an EPSG id is identified when PROJ is sure.
  EXPECT_EQ(crs_epsg(crs_wkt_from_user("+proj=longlat +datum=WGS84 +no_defs")), 4326);
  EXPECT_NE(crs_describe(utm).find("EPSG:32651"), std::string::npos);
  EXPECT_EQ(crs_describe(""), "no CRS");
}

TEST(Crs, UtmSuggestion) {
  EXPECT_EQ(utm_epsg_for(121.5, 25.0), 32651);
  EXPECT_EQ(utm_epsg_for(-70.6, -33.4), 32719);
  EXPECT_EQ(utm_epsg_for(179.9, 1.0), 32660);
  EXPECT_EQ(utm_epsg_for(540.0 - 0.1, 1.0), 32660);  // longitudes wrap
  EXPECT_EQ(utm_epsg_for(-180.0, 1.0), 32601);
}

TEST(Crs, TransformIsLonLatToEastingNorthing) {
  CoordTransform t("EPSG:4326", "EPSG:32651");
  double x = 123.0, y = 0.0;  // central meridian of zone 51, equator
  t.transform_point(x, y);
  EXPECT_NEAR(x, 500000.0, 1e-6);
  EXPECT_NEAR(y, 0.0, 1e-6);

  std::vector<double> xs{121.0, 123.0, 125.5}, ys{25.0, 25.0, 10.0};
  t.transform(xs, ys);
  EXPECT_LT(xs[0], 500000.0);
  EXPECT_NEAR(xs[1], 500000.0, 1e-6);
  EXPECT_GT(ys[1], 2.7e6);
  EXPECT_LT(ys[1], 2.8e6);

  CoordTransform back("32651", "EPSG:4326");
  back.transform(xs, ys);
  EXPECT_NEAR(xs[0], 121.0, 1e-9);
  EXPECT_NEAR(ys[0], 25.0, 1e-9);
  EXPECT_NEAR(xs[2], 125.5, 1e-9);
  EXPECT_NEAR(ys[2], 10.0, 1e-9);

  std::vector<double> a{1.0}, b;
  EXPECT_THROW(t.transform(a, b), InvariantError);
  EXPECT_THROW(CoordTransform("EPSG:4326", "banana"), InputError);

  CoordTransform moved = std::move(t);
  double px = 123.0, py = 0.0;
  moved.transform_point(px, py);
  EXPECT_NEAR(px, 500000.0, 1e-6);
}

TEST(Crs, UntransformablePointsAreNaN) {
  CoordTransform t("EPSG:32651", "EPSG:4326");
  double x = 1e30, y = 1e30;
  t.transform_point(x, y);
  EXPECT_TRUE(std::isnan(x));
  EXPECT_TRUE(std::isnan(y));
}
