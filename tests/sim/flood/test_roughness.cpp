// Manning's n: the one rule, where it applies, and the solver's form.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "sim/core/error.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/roughness.hpp"
#include "tests/sim/flood/flood_test_util.hpp"

namespace floodevac::flood {
namespace {

using test::contains;
using test::grid;
using test::kNaN;
using test::message_of;

TEST(FloodRoughness, RuleIsFinitePositiveAndAtMostOne) {
  EXPECT_TRUE(valid_manning_n(0.035));
  EXPECT_TRUE(valid_manning_n(1e-5));
  EXPECT_TRUE(valid_manning_n(1.0));
  EXPECT_FALSE(valid_manning_n(0.0));
  EXPECT_FALSE(valid_manning_n(-0.03));
  EXPECT_FALSE(valid_manning_n(1.0 + 1e-9));
  EXPECT_FALSE(valid_manning_n(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(valid_manning_n(std::numeric_limits<double>::infinity()));
}

TEST(FloodRoughness, UniformValueOutsideTheRuleIsAConfigError) {
  const Grid<float> dem = grid(3, 3, 10.0, 0.0f);
  Roughness::uniform(0.035, "flood.manning.constant").validate(dem);
  const std::string msg = message_of<ConfigError>(
      [&] { Roughness::uniform(0.0, "flood.manning.constant").validate(dem); });
  EXPECT_TRUE(contains(msg, "flood.manning.constant")) << msg;
  EXPECT_TRUE(contains(msg, "> 0 and <= 1")) << msg;
  EXPECT_THROW(Roughness::uniform(1.5).validate(dem), ConfigError);
}

TEST(FloodRoughness, RasterZeroInsideTheDomainNamesSourceAndFirstCell) {
  // Cell (0, 0) is outside the domain: its n = 0 is ignored. Inside, (1, 2)
  // and (2, 0) hold n = 0; the first in row order is reported.
  Grid<float> dem = grid(3, 4, 10.0, 0.0f);
  dem(0, 0) = kNaN;
  Grid<float> n = grid(3, 4, 10.0, 0.03f);
  n(0, 0) = 0.0f;
  n(1, 2) = 0.0f;
  n(2, 0) = 0.0f;
  const std::string msg = message_of<InputError>(
      [&] { FloodModel(dem, Roughness::per_cell(n, "rough.tif"), FloodConfig{}); });
  EXPECT_TRUE(contains(msg, "rough.tif")) << msg;
  EXPECT_TRUE(contains(msg, "is 0 at row 1, col 2")) << msg;
  EXPECT_TRUE(contains(msg, "2 cells")) << msg;
  EXPECT_TRUE(contains(msg, "fill or correct the roughness raster")) << msg;
  // NaN (nodata) and values above 1 break the same rule.
  n = grid(3, 4, 10.0, 0.03f);
  n(2, 3) = kNaN;
  EXPECT_TRUE(contains(message_of<InputError>([&] { Roughness::per_cell(n, "r").validate(dem); }),
                       "missing (NaN/nodata) at row 2, col 3"));
  n(2, 3) = 1.5f;
  EXPECT_THROW(Roughness::per_cell(n, "r").validate(dem), InputError);
}

TEST(FloodRoughness, CellsOutsideTheDomainAreIgnored) {
  Grid<float> dem = grid(2, 3, 10.0, 0.0f);
  Grid<float> n = grid(2, 3, 10.0, 0.05f);
  dem(1, 1) = kNaN;
  n(1, 1) = kNaN;
  Roughness::per_cell(n, "r").validate(dem);
  n(1, 1) = -7.0f;
  Roughness::per_cell(n, "r").validate(dem);
}

TEST(FloodRoughness, GridOfAnotherShapeIsAnInputError) {
  const Grid<float> dem = grid(5, 5, 10.0, 0.0f);
  const std::string msg = message_of<InputError>(
      [&] { Roughness::per_cell(grid(4, 5, 10.0, 0.03f), "n.tif").validate(dem); });
  EXPECT_TRUE(contains(msg, "n.tif")) << msg;
  EXPECT_TRUE(contains(msg, "resample")) << msg;
}

TEST(FloodRoughness, SolverFormIsUniformWhenEveryDomainCellSharesOneValue) {
  Grid<float> dem = grid(2, 3, 10.0, 0.0f);
  dem(0, 1) = kNaN;
  Grid<float> n = grid(2, 3, 10.0, 0.04f);
  n(0, 1) = 0.5f;  // outside: does not make the field variable
  ManningField f = manning_field(Roughness::per_cell(n, "r"), dem);
  EXPECT_TRUE(f.per_cell.empty());
  EXPECT_EQ(f.uniform, 0.04f);

  n(1, 2) = 0.08f;
  f = manning_field(Roughness::per_cell(n, "r"), dem);
  ASSERT_EQ(f.per_cell.size(), 6u);
  EXPECT_EQ(f.at(1), 0.0f);  // outside the domain
  EXPECT_EQ(f.at(5), 0.08f);

  f = manning_field(Roughness::uniform(0.035), dem);
  EXPECT_TRUE(f.per_cell.empty());
  EXPECT_EQ(f.uniform, 0.035f);
}

}  // namespace
}  // namespace floodevac::flood
