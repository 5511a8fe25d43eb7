#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "gis/crs.hpp"
#include "gis/raster/channels.hpp"
#include "tests/gis/test_support.hpp"

using namespace floodevac;
using namespace floodevac::gis;
using namespace floodevac::test;

namespace {

constexpr double kX0 = 400000.0, kY0 = 2770000.0;
constexpr double kFine = 10.0, kCoarse = 50.0;
constexpr int kFineN = 60, kBlock = 5, kCoarseN = kFineN / kBlock;  // 600 m square

using Pts = std::vector<std::pair<double, double>>;

/// The channel centre line (UTM 51N): in from the west edge, a bend, out at the east edge.
Pts centre_line() {
  return {{kX0 + 2.0, kY0 - 95.0}, {kX0 + 230.0, kY0 - 420.0}, {kX0 + 410.0, kY0 - 300.0},
          {kX0 + 598.0, kY0 - 510.0}};
}

double dist_to_line(double x, double y, const Pts& p) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < p.size(); ++i) {
    const double ax = p[i - 1].first, ay = p[i - 1].second, bx = p[i].first, by = p[i].second;
    const double dx = bx - ax, dy = by - ay;
    const double t = std::clamp(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
    best = std::min(best, std::hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

/// 10 m DEM: a floodplain at 3.0-3.1 m with a channel about 16 m wide at 0.4-0.6 m (fine
/// cells whose centre lies within 8 m of the centre line, so each coarse cell the line
/// crosses holds channel cells), the bed falling to the east.
Grid<float> fine_dem() {
  Grid<float> g(kFineN, kFineN, GeoTransform{kX0, kFine, kY0, -kFine}, 0.0f,
                crs_wkt_from_user("EPSG:32651"));
  const Pts line = centre_line();
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c) {
      const double x = kX0 + (c + 0.5) * kFine, y = kY0 - (r + 0.5) * kFine;
      g(r, c) = dist_to_line(x, y, line) <= 8.0 ? static_cast<float>(0.6 - 0.2 * c / kFineN)
                                                 : static_cast<float>(3.0 + 0.01 * ((r * 7 + c * 3) % 11));
    }
  return g;
}

/// The fine DEM averaged onto 50 m cells (what read_dem's resampling does): the channel is filled.
Grid<float> coarsen(const Grid<float>& fine) {
  Grid<float> g(kCoarseN, kCoarseN, GeoTransform{kX0, kCoarse, kY0, -kCoarse}, 0.0f, fine.crs_wkt);
  for (std::int64_t r = 0; r < g.rows; ++r)
    for (std::int64_t c = 0; c < g.cols; ++c) {
      double s = 0.0;
      for (int i = 0; i < kBlock; ++i)
        for (int j = 0; j < kBlock; ++j) s += fine(r * kBlock + i, c * kBlock + j);
      g(r, c) = static_cast<float>(s / (kBlock * kBlock));
    }
  return g;
}

float block_min(const Grid<float>& fine, std::int64_t r, std::int64_t c) {
  float m = std::numeric_limits<float>::infinity();
  for (int i = 0; i < kBlock; ++i)
    for (int j = 0; j < kBlock; ++j) m = std::min(m, fine(r * kBlock + i, c * kBlock + j));
  return m;
}

/// Whether water can pass across cell faces from (r0, c0) to (r1, c1) through cells below `level`.
bool connected_below(const Grid<float>& g, float level, std::int64_t r0, std::int64_t c0, std::int64_t r1,
                     std::int64_t c1) {
  std::vector<std::uint8_t> seen(g.size(), 0);
  std::vector<std::pair<std::int64_t, std::int64_t>> stack{{r0, c0}};
  while (!stack.empty()) {
    const auto [r, c] = stack.back();
    stack.pop_back();
    if (!g.inside(r, c) || seen[g.idx(r, c)] || !(g(r, c) < level)) continue;
    if (r == r1 && c == c1) return true;
    seen[g.idx(r, c)] = 1;
    stack.insert(stack.end(), {{r + 1, c}, {r - 1, c}, {r, c + 1}, {r, c - 1}});
  }
  return false;
}

std::string utm_line_feature(const Pts& p) {
  std::string s = "{\"type\":\"Feature\",\"properties\":{\"name\":\"river\"},"
                  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
  for (std::size_t i = 0; i < p.size(); ++i) {
    char b[96];
    std::snprintf(b, sizeof b, "%s[%.3f,%.3f]", i > 0 ? "," : "", p[i].first, p[i].second);
    s += b;
  }
  return s + "]}}";
}

}  // namespace

TEST(Channels, BurnTakesTheFineMinimumAlongAConnectedPath) {
  TempDir dir;
  write_text(dir / "river.geojson", feature_collection({utm_line_feature(centre_line())}, true));
  const Grid<float> fine = fine_dem();
  const Grid<float> before = coarsen(fine);
  // The line enters in row 1 of the west column and leaves in row 10 of the east column.
  ASSERT_FALSE(connected_below(before, 1.0f, 1, 0, 10, kCoarseN - 1));  // averaging filled it
  Grid<float> dem = before;
  const ChannelBurn b = burn_channels(dem, fine, dir / "river.geojson");
  EXPECT_EQ(b.features, 1u);
  std::size_t marked = 0;
  double max_drop = 0.0, sum_drop = 0.0;
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) {
      if (b.mask(r, c) == 0) {
        EXPECT_EQ(dem(r, c), before(r, c)) << "not crossed, changed: " << r << "," << c;
        continue;
      }
      ++marked;
      EXPECT_EQ(dem(r, c), block_min(fine, r, c)) << r << "," << c;
      EXPECT_LT(dem(r, c), 0.61f) << "crossed cell without its channel bed: " << r << "," << c;
      max_drop = std::max(max_drop, static_cast<double>(before(r, c) - dem(r, c)));
      sum_drop += static_cast<double>(before(r, c)) - static_cast<double>(dem(r, c));
    }
  EXPECT_EQ(marked, b.cells);
  EXPECT_GE(b.cells, 2u * kCoarseN - 1);  // at least a monotone 4-connected path across
  EXPECT_LE(b.cells, 3u * kCoarseN);      // a thin line, not a band
  EXPECT_EQ(b.lowered, b.cells);
  EXPECT_NEAR(b.max_lowering_m, max_drop, 1e-6);
  EXPECT_NEAR(b.mean_lowering_m, sum_drop / static_cast<double>(b.cells), 1e-6);
  EXPECT_TRUE(connected_below(dem, 1.0f, 1, 0, 10, kCoarseN - 1));
}

TEST(Channels, NeverRaisesAndSkipsNodata) {
  TempDir dir;
  write_text(dir / "river.geojson", feature_collection({utm_line_feature(centre_line())}, true));
  Grid<float> fine = fine_dem();
  Grid<float> dem = coarsen(fine);
  dem(1, 0) = -2.0f;  // already below the fine minimum: kept
  dem(1, 1) = std::numeric_limits<float>::quiet_NaN();
  const Grid<float> before = dem;
  const ChannelBurn b = burn_channels(dem, fine, dir / "river.geojson");
  EXPECT_EQ(dem(1, 0), -2.0f);
  EXPECT_EQ(b.mask(1, 0), 1);
  EXPECT_TRUE(std::isnan(dem(1, 1)));
  EXPECT_EQ(b.mask(1, 1), 0);
  EXPECT_EQ(b.lowered + 1, b.cells);
  for (std::size_t i = 0; i < dem.size(); ++i)
    if (!std::isnan(dem.data[i])) {
      EXPECT_LE(dem.data[i], before.data[i]);
    }
}

TEST(Channels, ErrorsNameTheFileAndTheFeature) {
  TempDir dir;
  const Grid<float> fine = fine_dem();
  Grid<float> dem = coarsen(fine);
  const Grid<float> before = dem;
  std::string m = error_of<InputError>([&] { burn_channels(dem, fine, dir / "missing.geojson"); });
  EXPECT_TRUE(contains(m, "missing.geojson")) << m;

  write_text(dir / "point.geojson",
             feature_collection({utm_line_feature(centre_line()),
                                 "{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
                                 "{\"type\":\"Point\",\"coordinates\":[400100,2769900]}}"},
                                true));
  m = error_of<InputError>([&] { burn_channels(dem, fine, dir / "point.geojson"); });
  EXPECT_TRUE(contains(m, "point.geojson")) << m;
  EXPECT_TRUE(contains(m, "feature 1")) << m;
  EXPECT_TRUE(contains(m, "channels must be lines")) << m;

  write_text(dir / "river.geojson", feature_collection({utm_line_feature(centre_line())}, true));
  m = error_of<InputError>([&] { burn_channels(dem, fine, dir / "river.geojson", "rivers"); });
  EXPECT_TRUE(contains(m, "rivers")) << m;
  EXPECT_EQ(dem.data, before.data);  // left unchanged on error

  Grid<float> other = fine;
  other.crs_wkt = crs_wkt_from_user("EPSG:32650");
  EXPECT_THROW(burn_channels(dem, other, dir / "river.geojson"), InvariantError);
}
