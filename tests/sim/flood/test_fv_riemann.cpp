// The HLLC flux of the finite-volume scheme (fv_kernels.hpp) on its own.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/flood/fv_kernels.hpp"

namespace floodevac::flood::fv {
namespace {

constexpr float kG = 9.81f;

TEST(FvRiemann, EqualStatesGiveThePhysicalFluxExactly) {
  // At rest: no mass flux, exactly g h^2 / 2 (what keeps the lake at rest).
  const FaceFlux rest = hllc(1.7f, 0.0f, 0.0f, 1.7f, 0.0f, 0.0f, kG);
  EXPECT_EQ(rest.h, 0.0f);
  EXPECT_EQ(rest.qn, pressure(1.7f, 0.5f * kG));
  EXPECT_EQ(rest.qt, 0.0f);
  // Moving subcritical state: F = (hu, hu^2 + g h^2/2, huv) to float rounding.
  const float h = 2.0f, u = 0.8f, v = -0.3f;
  const FaceFlux f = hllc(h, u, v, h, u, v, kG);
  EXPECT_NEAR(f.h, h * u, 1e-6);
  EXPECT_NEAR(f.qn, h * u * u + 0.5f * kG * h * h, 1e-5);
  EXPECT_NEAR(f.qt, h * u * v, 1e-6);
}

TEST(FvRiemann, SupercriticalFlowIsUpwind) {
  // u > sqrt(g h) on both sides: the flux is the left state's, bitwise.
  const FaceFlux f = hllc(0.4f, 5.0f, 0.1f, 0.3f, 4.0f, 0.2f, kG);
  EXPECT_EQ(f.h, 0.4f * 5.0f);
  EXPECT_EQ(f.qn, (0.4f * 5.0f) * 5.0f + pressure(0.4f, 0.5f * kG));
  EXPECT_EQ(f.qt, (0.4f * 5.0f) * 0.1f);
}

TEST(FvRiemann, MirrorStateIsAWall) {
  // A state against its mirror (the wall of a closed edge): no mass flux,
  // and a momentum flux above the static pressure when it moves into the wall.
  const FaceFlux f = hllc(1.0f, 1.5f, 0.4f, 1.0f, -1.5f, 0.4f, kG);
  EXPECT_EQ(f.h, 0.0f);
  EXPECT_GT(f.qn, pressure(1.0f, 0.5f * kG));
}

TEST(FvRiemann, DryBedAndDryBothSides) {
  const FaceFlux none = hllc(0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, kG);
  EXPECT_EQ(none.h, 0.0f);
  EXPECT_EQ(none.qn, 0.0f);
  // Water at rest next to a dry bed flows into it (Ritter), never out of it.
  const FaceFlux f = hllc(1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, kG);
  EXPECT_GT(f.h, 0.0f);
  const FaceFlux g = hllc(0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, kG);
  EXPECT_LT(g.h, 0.0f);
  EXPECT_EQ(f.h, -g.h);  // mirror symmetry
}

}  // namespace
}  // namespace floodevac::flood::fv
