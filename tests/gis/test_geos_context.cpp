#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "gis/geos_context.hpp"

namespace floodevac::gis {
namespace {

TEST(GeosContext, OnePerThreadReusedAndErrorsCaptured) {
  GeosContext& a = geos_context();
  EXPECT_EQ(&a, &geos_context());
  const GeosContext* other = nullptr;
  std::thread([&] { other = &geos_context(); }).join();
  EXPECT_NE(other, &a);

  a.take_error();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(a.get());
  const GeosGeom bad(a.get(), GEOSWKTReader_read_r(a.get(), reader, "LINESTRING (0 0, oops)"));
  EXPECT_FALSE(bad);
  EXPECT_FALSE(a.take_error().empty()) << "GEOS's message is kept for our exception";
  EXPECT_TRUE(a.take_error().empty()) << "and forgotten once taken";
  const GeosGeom good(a.get(), GEOSWKTReader_read_r(a.get(), reader, "LINESTRING (0 0, 3 4)"));
  GEOSWKTReader_destroy_r(a.get(), reader);
  ASSERT_TRUE(good);
  double len = 0;
  ASSERT_EQ(GEOSLength_r(a.get(), good.get(), &len), 1);
  EXPECT_DOUBLE_EQ(len, 5.0);
}

}  // namespace
}  // namespace floodevac::gis
