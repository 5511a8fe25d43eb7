#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gis/vector/population.hpp"
#include "gis/vector/shelters.hpp"
#include "gis/vector/snapping.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/vector/place_inputs.hpp"

namespace floodevac::gis {
namespace {

using namespace floodevac::test;

TEST(Snapping, ShelterTooFarIsAnErrorPopulationIsReported) {
  const auto g = lattice();
  std::vector<evac::Shelter> shelters(2);
  shelters[0].id = "near";
  shelters[0].x = kX0 + 105;
  shelters[0].y = kY0 + 3;
  shelters[1].id = "far-school";
  shelters[1].x = kX0 + 100;
  shelters[1].y = kY0 + 900;  // 700 m north of the lattice
  std::vector<evac::PopulationUnit> pop(3);
  pop[0] = {"p0", kX0 + 190, kY0 + 195, graph::kInvalid, 0, 10};
  pop[1] = {"p1", kX0 + 2500, kY0 + 100, graph::kInvalid, 0, 7};  // 2.3 km from the nearest node
  pop[2] = {"p2", kX0 + 5090, kY0 + 10, graph::kInvalid, 0, 3};
  const auto msg = error_of<InputError>([&] { snap_to_network(g, shelters, pop, 500, 1000); });
  EXPECT_NE(msg.find("far-school"), std::string::npos) << msg;
  EXPECT_NE(msg.find("700.0 m"), std::string::npos) << msg;
  EXPECT_NE(msg.find("max_snap"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("'near'"), std::string::npos) << msg;

  shelters.pop_back();
  const auto rep = snap_to_network(g, shelters, pop, 500, 1000);
  EXPECT_EQ(shelters[0].node, 1u);
  EXPECT_NEAR(shelters[0].snap_distance_m, std::hypot(5.0, 3.0), 1e-9);
  EXPECT_EQ(pop[0].node, 8u);
  EXPECT_EQ(pop[1].node, graph::kInvalid);
  EXPECT_TRUE(std::isinf(pop[1].snap_distance_m));
  EXPECT_EQ(pop[2].node, 10u);
  EXPECT_EQ(rep.population_unsnapped, 1u);
  EXPECT_DOUBLE_EQ(rep.persons_unsnapped, 7.0);
  EXPECT_DOUBLE_EQ(rep.persons_snapped, 13.0);
  ASSERT_EQ(rep.unsnapped_examples.size(), 1u);
  EXPECT_EQ(rep.unsnapped_examples[0], "p1");

  // Only the largest component: p2 now goes to the lattice and is too far.
  SnapOptions o;
  o.largest_component_only = true;
  const auto rep2 = snap_to_network(g, shelters, pop, o);
  EXPECT_EQ(pop[2].node, graph::kInvalid);
  EXPECT_EQ(rep2.population_unsnapped, 2u);
}

TEST(Snapping, IndexMatchesBruteForce) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> ux(0, 20000), uy(0, 8000);
  std::vector<double> x, y;
  for (int i = 0; i < 5000; ++i) {
    // Clustered and spread points, some duplicates.
    const double cx = i % 3 == 0 ? 3000 + ux(rng) * 0.01 : ux(rng);
    x.push_back(kX0 + cx);
    y.push_back(kY0 + (i % 3 == 0 ? 4000 + uy(rng) * 0.01 : uy(rng)));
  }
  x.push_back(x[10]);
  y.push_back(y[10]);
  std::vector<graph::EdgeInput> edges(1);
  edges[0].length_m = edges[0].free_speed_mps = edges[0].capacity_veh_h = 1;
  edges[0].head = 1;
  const auto g = graph::build_graph(x, y, edges);
  const NodeSnapIndex index(g);
  std::uniform_real_distribution<double> qx(-30000, 50000), qy(-20000, 30000);
  for (int q = 0; q < 20000; ++q) {
    const double px = kX0 + (q % 2 ? ux(rng) : qx(rng)), py = kY0 + (q % 2 ? uy(rng) : qy(rng));
    const double maxd = q % 5 == 0 ? 300.0 : INFINITY;
    graph::NodeId best = graph::kInvalid;
    double bd = INFINITY;
    for (graph::NodeId n = 0; n < g.node_count(); ++n) {
      const double d = std::hypot(g.node_x[n] - px, g.node_y[n] - py);
      if (d < bd) {
        bd = d;
        best = n;
      }
    }
    const auto hit = index.nearest(px, py, maxd);
    if (bd <= maxd) {
      ASSERT_EQ(hit.node, best) << "query " << q;
      ASSERT_NEAR(hit.distance_m, bd, 1e-9);
    } else {
      ASSERT_EQ(hit.node, graph::kInvalid) << "query " << q;
    }
  }
  // Ties go to the lower id (node 10 and the duplicate 5000).
  EXPECT_EQ(index.nearest(x[10], y[10]).node, 10u);
}

}  // namespace
}  // namespace floodevac::gis
