// The run's estimates: memory amounts as a user writes them, and the figures
// of the tiny case (60 x 40 cells of 10 m, 1800 s).
#include "app/run_estimate.hpp"

#include <gtest/gtest.h>

#include "app/scenario.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

using floodevac::app::parse_bytes;

TEST(RunEstimate, MemoryAmountsParse) {
  EXPECT_DOUBLE_EQ(parse_bytes("8G", "--max-memory"), 8.0 * (1ull << 30));
  EXPECT_DOUBLE_EQ(parse_bytes("512 MiB", "--max-memory"), 512.0 * (1 << 20));
  EXPECT_DOUBLE_EQ(parse_bytes("1.5k", "--max-memory"), 1536.0);
  EXPECT_DOUBLE_EQ(parse_bytes("2e9", "--max-memory"), 2e9);
  for (const char* bad : {"", "lots", "-1G", "0", "8X", "nanG"})
    EXPECT_THROW(parse_bytes(bad, "--max-memory"), floodevac::ConfigError) << bad;
  EXPECT_EQ(floodevac::app::format_bytes(1536.0 * (1 << 20)), "1.5 GiB");
  EXPECT_GT(floodevac::app::default_max_memory(), 0.0);
}

TEST(RunEstimate, TinyCaseFiguresAndLimits) {
  floodevac::test::TempDir dir;
  floodevac::test::make_tiny_case(dir.path());
  auto sc = floodevac::app::load_scenario(dir / "s.yaml");
  const auto e = floodevac::app::estimate_run(sc);
  EXPECT_EQ(e.cells, 2400);
  EXPECT_DOUBLE_EQ(e.cell_m, 10.0);
  EXPECT_DOUBLE_EQ(e.coupling_steps, 30.0);
  EXPECT_DOUBLE_EQ(e.flood_steps, 180.0);  // 1800 s / max_dt_s 10 s
  EXPECT_NO_THROW(floodevac::app::check_estimate(e, sc, {}, {}));
  floodevac::app::RunLimits small;
  small.max_memory_bytes = 1000;
  EXPECT_THROW(floodevac::app::check_estimate(e, sc, small, {}), floodevac::ConfigError);
  small = {};
  small.max_steps = 100;
  EXPECT_THROW(floodevac::app::check_estimate(e, sc, small, {}), floodevac::ConfigError);
  // Halving the cell size quadruples the cells.
  sc.flood.resolution_m = 5.0;
  EXPECT_EQ(floodevac::app::estimate_run(sc).cells, 9600);
}
