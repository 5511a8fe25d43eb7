#include <cpl_error.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "gis/gdal_error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

TEST(GdalWarnings, AreCollectedNotLost) {
  init_gdal();
  drain_gdal_warnings();  // start empty
  CPLError(CE_Warning, CPLE_AppDefined, "outside any scope %d", 42);
  {
    GdalErrorScope scope("roads.gpkg");
    CPLError(CE_Warning, CPLE_AppDefined, "inside a scope");
    CPLError(CE_Failure, CPLE_AppDefined, "a failure is the scope's, not a warning");
    EXPECT_EQ(scope.last_error(), "a failure is the scope's, not a warning");
  }
  const std::vector<std::string> w = drain_gdal_warnings();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], "outside any scope 42");
  EXPECT_EQ(w[1], "roads.gpkg: inside a scope");
  EXPECT_TRUE(drain_gdal_warnings().empty()) << "draining forgets them";
}

TEST(GdalWarnings, CollectedFromEveryThread) {
  init_gdal();
  drain_gdal_warnings();
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < kEach; ++i) {
        if (i % 2 == 0) {
          GdalErrorScope scope("thread " + std::to_string(t));
          CPLError(CE_Warning, CPLE_AppDefined, "w%d", i);
        } else {
          CPLError(CE_Warning, CPLE_AppDefined, "w%d", i);
        }
      }
    });
  for (auto& th : threads) th.join();
  const auto w = drain_gdal_warnings();
  EXPECT_EQ(w.size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST(GdalWarnings, KeepsAtMostTheCapAndSaysHowManyMore) {
  init_gdal();
  drain_gdal_warnings();
  for (std::size_t i = 0; i < kMaxGdalWarnings + 7; ++i) CPLError(CE_Warning, CPLE_AppDefined, "many");
  const auto w = drain_gdal_warnings();
  ASSERT_EQ(w.size(), kMaxGdalWarnings + 1);
  EXPECT_TRUE(contains(w.back(), "7 more GDAL warnings")) << w.back();
}

TEST(GdalErrorScope, FailNamesContextAndGdalMessage) {
  GdalErrorScope scope("dem.tif");
  CPLError(CE_Failure, CPLE_OpenFailed, "not a TIFF");
  const std::string m = test::error_of<InputError>([&] { scope.fail("cannot open", "Use a GeoTIFF"); });
  EXPECT_EQ(m, "dem.tif: cannot open (GDAL: not a TIFF). Use a GeoTIFF");
}

}  // namespace
}  // namespace floodevac::gis
