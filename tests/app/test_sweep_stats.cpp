// The statistics of a sweep's results: rank correlation, per-cell
// percentiles and exceedance probabilities (app/sweep/sensitivity,
// ensemble_rasters), summary.json flattening, the GeoJSON feature rules.
#include <gtest/gtest.h>

#include <cmath>

#include "app/sweep/ensemble_features.hpp"
#include "app/sweep/ensemble_rasters.hpp"
#include "app/sweep/sensitivity.hpp"
#include "app/sweep/sweep_summary.hpp"

using namespace floodevac::app::sweep;

TEST(SweepStats, SpearmanOfMonotoneAndTiedData) {
  EXPECT_NEAR(*spearman({1, 2, 3, 4}, {10, 100, 1000, 10000}), 1.0, 1e-12);
  EXPECT_NEAR(*spearman({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0, 1e-12);
  EXPECT_EQ(average_ranks({5, 1, 5, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
  // Textbook case: ranks (1,2,3,4,5) against (2,1,4,3,5): rho = 1 - 6*4/(5*24) = 0.8.
  EXPECT_NEAR(*spearman({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}), 0.8, 1e-12);
  EXPECT_FALSE(spearman({1, 2, 3}, {7, 7, 7}).has_value());
  EXPECT_FALSE(spearman({1, 2}, {1, 2}).has_value());
}

TEST(SweepStats, CellPercentilesAndProbabilities) {
  floodevac::GeoTransform g{0, 10, 100, -10};
  std::vector<floodevac::Grid<float>> stack;
  for (float v : {0.0f, 0.2f, 0.6f, 1.0f, 2.0f}) {
    floodevac::Grid<float> grid(1, 2, g, v);
    grid.data[1] = std::nanf("");
    stack.push_back(grid);
  }
  EXPECT_FLOAT_EQ(exceedance_probability(stack, 0.5).data[0], 0.6f);
  EXPECT_FLOAT_EQ(cell_percentile(stack, 50).data[0], 0.6f);
  EXPECT_FLOAT_EQ(cell_percentile(stack, 90).data[0], 1.6f);  // 1.0 + 0.6 * (2.0 - 1.0)
  EXPECT_FLOAT_EQ(cell_mean(stack).data[0], 0.76f);
  EXPECT_TRUE(std::isnan(cell_mean(stack).data[1]));  // outside the domain in every member
}

TEST(SweepStats, FlattenAndRules) {
  const auto f = flatten_numbers(nlohmann::json::parse(
      R"({"a": 1, "b": {"c": 2.5, "d": "text", "e": true, "n": null}, "l": [3, {"x": 4}]})"));
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[1].first, "b.c");
  EXPECT_EQ(f[2], (std::pair<std::string, double>{"b.e", 1.0}));
  EXPECT_EQ(f[4], (std::pair<std::string, double>{"l.1.x", 4.0}));
  FeatureRule closed{"r", "f", "closed_s", "not_null", 0};
  EXPECT_TRUE(rule_holds(closed, 3600.0));
  EXPECT_FALSE(rule_holds(closed, nullptr));
  FeatureRule over{"s", "f", "overflow_persons", "gt", 0};
  EXPECT_FALSE(rule_holds(over, 0.0));
  EXPECT_TRUE(rule_holds(over, 12.0));
}
