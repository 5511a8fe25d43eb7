#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gis/vector/spatial_index.hpp"

namespace floodevac::gis {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Brute force: lexicographic minimum of (d^2, id) among kept points with d <= max_d.
template <class Keep>
PointIndex::Hit brute_nearest(const std::vector<double>& xs, const std::vector<double>& ys, double x, double y,
                              double max_d, Keep keep) {
  PointIndex::Hit best;
  double best_d2 = max_d * max_d;
  for (std::uint32_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i]) || !keep(i)) continue;
    const double dx = xs[i] - x, dy = ys[i] - y, d2 = dx * dx + dy * dy;
    if (d2 < best_d2 || (d2 == best_d2 && i < best.id)) {
      best_d2 = d2;
      best.id = i;
    }
  }
  if (best.id != PointIndex::kNone) best.distance = std::sqrt(best_d2);
  return best;
}

/// Clustered points on a 2 km square with exact duplicates and a NaN.
void random_points(std::mt19937& rng, std::size_t n, std::vector<double>& xs, std::vector<double>& ys) {
  std::uniform_real_distribution<double> u(0.0, 2000.0), jitter(-3.0, 3.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 5 == 4 && i > 0) {  // near (or on) an earlier point
      const std::size_t j = rng() % i;
      const bool same = i % 10 == 9;
      xs.push_back(xs[j] + (same ? 0.0 : jitter(rng)));
      ys.push_back(ys[j] + (same ? 0.0 : jitter(rng)));
    } else {
      xs.push_back(300000.0 + u(rng));
      ys.push_back(3100000.0 + u(rng));
    }
  }
  xs[7] = std::numeric_limits<double>::quiet_NaN();
}

TEST(PointIndex, NearestIsExactWithTiesToTheLowerId) {
  std::mt19937 rng(20261201);
  std::vector<double> xs, ys;
  random_points(rng, 3000, xs, ys);
  std::vector<std::uint8_t> allowed(xs.size());
  for (std::size_t i = 0; i < allowed.size(); ++i) allowed[i] = i % 3 != 0;
  const PointIndex all(xs, ys), some(xs, ys, allowed);
  EXPECT_EQ(all.size(), xs.size() - 1);  // the NaN point is left out
  std::uniform_real_distribution<double> q(-500.0, 2500.0), dist(0.0, 40.0);
  for (int t = 0; t < 4000; ++t) {
    const double x = 300000.0 + q(rng), y = 3100000.0 + q(rng);
    const double max_d = t % 4 == 0 ? kInf : dist(rng);
    const auto a = all.nearest(x, y, max_d);
    const auto ba = brute_nearest(xs, ys, x, y, max_d, [](std::uint32_t) { return true; });
    ASSERT_EQ(a.id, ba.id) << "query " << t;
    if (a.id != PointIndex::kNone) {
      EXPECT_EQ(a.distance, ba.distance);
    }
    const auto s = some.nearest(x, y, max_d);
    ASSERT_EQ(s.id, brute_nearest(xs, ys, x, y, max_d, [&](std::uint32_t i) { return allowed[i] != 0; }).id);
    // A predicate at query time selects like `allowed` at build time.
    ASSERT_EQ(all.nearest(x, y, max_d, [&](std::uint32_t i) { return allowed[i] != 0; }).id, s.id);
  }
  // Exact duplicates and equal distances: the lower id wins.
  const std::vector<double> tx = {10.0, 12.0, 8.0, 10.0}, ty = {5.0, 5.0, 5.0, 5.0};
  const PointIndex ties(tx, ty);
  EXPECT_EQ(ties.nearest(10.0, 5.0).id, 0u);     // 0 and 3 on the spot
  EXPECT_EQ(ties.nearest(10.0, 5.0, 0.0).id, 0u);  // distance 0 is within 0 (inclusive)
  EXPECT_EQ(ties.nearest(10.0, 5.0, kInf, [](std::uint32_t i) { return i != 0 && i != 3; }).id, 1u);  // 1 and 2 at 2 m
  EXPECT_EQ(ties.nearest(10.0, 7.0, 2.0).id, 0u);  // exactly at max_d
  EXPECT_EQ(ties.nearest(10.0, 7.0, 1.999).id, PointIndex::kNone);
}

TEST(PointIndex, ServesLeaderClusteringInReadingOrder) {
  // Greedy leader clustering (the road-node merge): each point joins the
  // nearest earlier leader within tol, ties to the lower leader, else leads.
  std::mt19937 rng(7);
  std::vector<double> xs, ys;
  random_points(rng, 2000, xs, ys);
  xs[7] = 300001.0;  // no NaN here: every point is a candidate
  for (const double tol : {0.0, 0.5, 2.0, 5.0}) {
    std::vector<std::uint32_t> ref(xs.size()), got(xs.size());
    std::vector<std::uint8_t> ref_leader(xs.size(), 0), leader(xs.size(), 0);
    for (std::uint32_t k = 0; k < xs.size(); ++k) {
      const auto b = brute_nearest(xs, ys, xs[k], ys[k], tol, [&](std::uint32_t i) { return ref_leader[i] != 0; });
      if (b.id == PointIndex::kNone) {
        ref_leader[k] = 1;
        ref[k] = k;
      } else {
        ref[k] = ref[b.id];
      }
    }
    const PointIndex index(xs, ys);
    for (std::uint32_t k = 0; k < xs.size(); ++k) {
      const auto h = index.nearest(xs[k], ys[k], tol, [&](std::uint32_t i) { return leader[i] != 0; });
      if (h.id == PointIndex::kNone) {
        leader[k] = 1;
        got[k] = k;
      } else {
        got[k] = got[h.id];
      }
    }
    EXPECT_EQ(got, ref) << "tol " << tol;
  }
}

TEST(PointIndex, EmptyAndDegenerateInputs) {
  const PointIndex empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.nearest(0, 0).id, PointIndex::kNone);
  const std::vector<double> one_x = {5.0}, one_y = {5.0};
  const PointIndex one(one_x, one_y);
  EXPECT_EQ(one.nearest(1e300, -1e300).id, 0u);  // far queries do not overflow
  EXPECT_EQ(one.nearest(NAN, 0).id, PointIndex::kNone);
  EXPECT_EQ(one.nearest(5, 5, -1.0).id, PointIndex::kNone);
  const std::vector<std::uint8_t> none = {0};
  EXPECT_EQ(PointIndex(one_x, one_y, none).size(), 0u);
  // A line of points (zero height extent) and a point far away.
  std::vector<double> lx, ly;
  for (int i = 0; i < 100; ++i) {
    lx.push_back(i * 10.0);
    ly.push_back(0.0);
  }
  lx.push_back(1e6);
  ly.push_back(0.0);
  const PointIndex line(lx, ly);
  EXPECT_EQ(line.nearest(503.0, 40.0).id, 50u);
  EXPECT_EQ(line.nearest(9e5, 0.0).id, 100u);
}

}  // namespace
}  // namespace floodevac::gis
