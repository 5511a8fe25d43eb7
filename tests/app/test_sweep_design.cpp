// Sweep files and designs (app/sweep/sweep_spec, sweep_design): what each
// design expands to, stable member ids, reproducible random designs, and the
// errors a bad sweep file gets.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "app/sweep/sweep_design.hpp"
#include "app/sweep/sweep_spec.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using floodevac::app::sweep::expand_design;
using floodevac::app::sweep::load_sweep;

namespace {

fs::path write(const floodevac::test::TempDir& tmp, const std::string& text) {
  const fs::path f = tmp / "s.yaml";
  std::ofstream(f) << text;
  return f;
}

std::string error_of(const floodevac::test::TempDir& tmp, const std::string& text) {
  try {
    load_sweep(write(tmp, text));
  } catch (const floodevac::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(SweepDesign, GridVariesTheLastParameterFastest) {
  floodevac::test::TempDir tmp;
  const auto spec = load_sweep(write(tmp, R"(
base: base.yaml
set: {time.duration_s: 600}
parameters:
  - {name: a, path: x.a, values: [1, 2]}
  - {name: b, paths: [x.b, y.b], range: {min: 0, max: 1, steps: 3}}
)"));
  EXPECT_EQ(spec.base, tmp / "base.yaml");
  ASSERT_EQ(spec.fixed.size(), 1u);
  EXPECT_EQ(spec.fixed[0], "time.duration_s=600");
  const auto m = expand_design(spec);
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[0].values[0], 1);
  EXPECT_DOUBLE_EQ(m[1].values[1].get<double>(), 0.5);
  EXPECT_EQ(m[3].values[0], 2);
  EXPECT_DOUBLE_EQ(m[5].values[1].get<double>(), 1.0);
  // Both paths of a parameter get its value.
  EXPECT_EQ(m[1].overrides, (std::vector<std::string>{"x.a=1", "x.b=0.5", "y.b=0.5"}));
  std::set<std::string> ids;
  for (const auto& mem : m) ids.insert(mem.id);
  EXPECT_EQ(ids.size(), 6u);
}

TEST(SweepDesign, IdsDependOnValuesNotOnPosition) {
  floodevac::test::TempDir tmp;
  const auto a = expand_design(load_sweep(write(tmp, R"(
base: b.yaml
design: list
parameters: [{name: p, path: x, values: [1, 2, 3]}]
)")));
  const auto b = expand_design(load_sweep(write(tmp, R"(
base: b.yaml
design: list
parameters: [{name: p, path: x, values: [3, 1]}]
)")));
  EXPECT_EQ(a[0].id, b[1].id);
  EXPECT_EQ(a[2].id, b[0].id);
  EXPECT_NE(a[0].id, a[1].id);
  EXPECT_EQ(a[0].id.size(), 12u);
}

TEST(SweepDesign, LatinHypercubeHasOneDrawPerStratumAndIsReproducible) {
  floodevac::test::TempDir tmp;
  const std::string text = R"(
base: b.yaml
design: latin_hypercube
samples: 10
seed: 42
parameters:
  - {name: u, path: x.u, range: {min: 0, max: 10}}
  - {name: v, path: x.v, range: {min: -1, max: 1}}
)";
  const auto m1 = expand_design(load_sweep(write(tmp, text)));
  const auto m2 = expand_design(load_sweep(write(tmp, text)));
  ASSERT_EQ(m1.size(), 10u);
  std::set<int> strata_u, strata_v;
  for (std::size_t i = 0; i < m1.size(); ++i) {
    EXPECT_EQ(m1[i].id, m2[i].id);
    const double u = m1[i].values[0].get<double>(), v = m1[i].values[1].get<double>();
    EXPECT_GE(u, 0);
    EXPECT_LT(u, 10);
    strata_u.insert(static_cast<int>(u));          // strata of width 1 on [0, 10)
    strata_v.insert(static_cast<int>((v + 1) * 5));  // width 0.2 on [-1, 1)
  }
  EXPECT_EQ(strata_u.size(), 10u);
  EXPECT_EQ(strata_v.size(), 10u);
  auto other = text;
  other.replace(other.find("seed: 42"), 8, "seed: 43");
  EXPECT_NE(expand_design(load_sweep(write(tmp, other)))[0].id, m1[0].id);
}

TEST(SweepDesign, MonteCarloDrawsWithinTheRangeAndFromTheValues) {
  floodevac::test::TempDir tmp;
  const auto m = expand_design(load_sweep(write(tmp, R"(
base: b.yaml
design: monte_carlo
samples: 50
parameters:
  - {name: u, path: x.u, range: {min: 2, max: 3}}
  - {name: c, path: x.c, values: [a, b]}
)")));
  ASSERT_EQ(m.size(), 50u);
  std::set<std::string> seen;
  for (const auto& mem : m) {
    EXPECT_GE(mem.values[0].get<double>(), 2);
    EXPECT_LE(mem.values[0].get<double>(), 3);
    seen.insert(mem.values[1].get<std::string>());
  }
  EXPECT_EQ(seen, (std::set<std::string>{"a", "b"}));
  EXPECT_EQ(m[0].overrides[1].substr(0, 5), "x.c=\"");  // a text goes to --set quoted
}

TEST(SweepDesign, BadSweepFilesNameTheField) {
  floodevac::test::TempDir tmp;
  EXPECT_NE(error_of(tmp, "parameters: [{path: x, values: [1]}]\n").find("'base'"), std::string::npos);
  EXPECT_NE(error_of(tmp, "base: b.yaml\ndesign: sobol\nparameters: [{path: x, values: [1]}]\n")
                .find("unknown design"),
            std::string::npos);
  EXPECT_NE(error_of(tmp, "base: b.yaml\ndesign: monte_carlo\nparameters: [{path: x, values: [1]}]\n")
                .find("samples"),
            std::string::npos);
  EXPECT_NE(error_of(tmp, "base: b.yaml\nparameters: [{path: x, range: {min: 0, max: 1}}]\n")
                .find("steps"),
            std::string::npos);
  EXPECT_NE(error_of(tmp, "base: b.yaml\ndesign: list\nparameters: [{path: x, values: [1]}, "
                          "{path: y, values: [1, 2]}]\n")
                .find("as many values"),
            std::string::npos);
  EXPECT_NE(error_of(tmp, "base: b.yaml\nparameters: [{path: x, values: [1]}, {path: x, values: [2]}]\n")
                .find("two parameters"),
            std::string::npos);
  const auto e = error_of(tmp, "base: b.yaml\nparameters:\n  - {path: x, valuez: [1]}\n");
  EXPECT_NE(e.find("line 3"), std::string::npos) << e;
  EXPECT_NE(e.find("valuez"), std::string::npos) << e;
}
