// The person ledger: one move() keeps the state counters consistent.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "sim/core/error.hpp"
#include "sim/evac/person_ledger.hpp"

namespace floodevac::evac::detail {
namespace {

using S = AgentState;

std::vector<PopulationUnit> two_units(double p0, double p1) {
  std::vector<PopulationUnit> u(2);
  u[0].persons = p0;
  u[1].persons = p1;
  return u;
}

double sum_of_states(const PersonLedger& l) {
  return l.home() + l.moving() + l.stranded() + l.sheltered() + l.trapped();
}

TEST(PersonLedger, StartsWithEveryoneAtHomeAndCountsWhoStays) {
  const std::vector<float> persons = {4, 3, 2};
  const std::vector<std::int32_t> unit = {0, -1, 0};
  const PersonLedger l(persons, unit, two_units(10, 1));
  EXPECT_EQ(l.total(), 9.0);
  EXPECT_EQ(l.home(), 9.0);
  EXPECT_EQ(l.departed(), 0.0);
  EXPECT_EQ(l.unit_home(0), 6.0);
  EXPECT_EQ(l.unit_home(1), 0.0);
  EXPECT_EQ(l.unit_staying(0), 4.0);  // 10 persons, 6 in trips
  EXPECT_EQ(l.unit_staying(1), 1.0);
  EXPECT_EQ(l.staying(), 5.0);
  EXPECT_EQ(l.unit_stats()[0].to_evacuate_persons, 6.0);
  EXPECT_EQ(l.unit_stats()[0].staying_persons, 4.0);
  // More trip persons than the unit holds: nobody stays.
  const PersonLedger over(persons, unit, two_units(5, 0));
  EXPECT_EQ(over.unit_staying(0), 0.0);
  EXPECT_THROW(PersonLedger(persons, unit, two_units(-1, 0)), InputError);
  EXPECT_THROW(PersonLedger(persons, unit, two_units(NAN, 0)), InputError);
  EXPECT_THROW(PersonLedger(persons, {}, two_units(10, 1)), InvariantError);
}

TEST(PersonLedger, MovesUpdateTotalsAndUnits) {
  const std::vector<float> persons = {4, 3, 2};
  const std::vector<std::int32_t> unit = {0, -1, 1};
  PersonLedger l(persons, unit, two_units(4, 2));
  l.move(S::home, S::moving, 4, 0);
  EXPECT_EQ(l.home(), 5.0);
  EXPECT_EQ(l.moving(), 4.0);
  EXPECT_EQ(l.departed(), 4.0);
  EXPECT_EQ(l.unit_home(0), 0.0);
  EXPECT_EQ(l.unit_stats()[0].departed_persons, 4.0);
  l.move(S::moving, S::stranded, 4, 0);
  l.move(S::stranded, S::moving, 4, 0);
  l.move(S::moving, S::sheltered, 3, 0);  // part of a group taken in
  EXPECT_EQ(l.sheltered(), 3.0);
  EXPECT_EQ(l.moving(), 1.0);
  EXPECT_EQ(l.unit_stats()[0].sheltered_persons, 3.0);
  // Trapped at home: not departed, counted trapped at home (total and unit).
  l.move(S::home, S::trapped, 2, 1);
  EXPECT_EQ(l.trapped(), 2.0);
  EXPECT_EQ(l.trapped_at_home(), 2.0);
  EXPECT_EQ(l.unit_trapped_at_home(1), 2.0);
  EXPECT_EQ(l.unit_home(1), 0.0);
  EXPECT_EQ(l.unit_stats()[1].trapped_persons, 2.0);
  EXPECT_EQ(l.departed(), 4.0);
  // Trapped on the road: trapped, not at home.
  l.move(S::moving, S::trapped, 1, 0);
  EXPECT_EQ(l.trapped_at_home(), 2.0);
  EXPECT_EQ(l.unit_stats()[0].trapped_persons, 1.0);
  // A trip without a unit changes only the totals.
  l.move(S::home, S::moving, 3, -1);
  EXPECT_EQ(l.departed(), 7.0);
  EXPECT_EQ(sum_of_states(l), l.total());
}

TEST(PersonLedger, RefusesMovesOutOfFinalStatesAndBackHome) {
  const std::vector<float> persons = {1};
  const std::vector<std::int32_t> unit = {-1};
  PersonLedger l(persons, unit, {});
  EXPECT_THROW(l.move(S::moving, S::home, 1, -1), InvariantError);
  // Sheltered and arrived persons only move on (a next leg, legs.hpp).
  EXPECT_THROW(l.move(S::sheltered, S::stranded, 1, -1), InvariantError);
  EXPECT_THROW(l.move(S::sheltered, S::trapped, 1, -1), InvariantError);
  EXPECT_THROW(l.move(S::arrived, S::sheltered, 1, -1), InvariantError);
  EXPECT_THROW(l.move(S::trapped, S::moving, 1, -1), InvariantError);
  EXPECT_THROW(l.move(S::moving, S::moving, 1, -1), InvariantError);
  EXPECT_EQ(l.home(), 1.0);  // refused moves change nothing
  EXPECT_EQ(l.moving(), 0.0);
}

TEST(PersonLedger, LegsMovePersonsOnFromShelterAndArrival) {
  const std::vector<float> persons = {2};
  const std::vector<std::int32_t> unit = {0};
  PopulationUnit u;
  u.persons = 2;
  PersonLedger l(persons, unit, {u});
  l.move(S::home, S::moving, 2, 0);
  l.move(S::moving, S::sheltered, 2, 0);
  l.move(S::sheltered, S::moving, 2, 0);  // 回流: leaves the shelter
  EXPECT_EQ(l.sheltered(), 0.0);
  EXPECT_EQ(l.unit_stats()[0].sheltered_persons, 0.0);
  l.move(S::moving, S::arrived, 2, 0);
  EXPECT_EQ(l.arrived(), 2.0);
  EXPECT_EQ(l.departed(), 2.0);  // left home once
  l.move(S::arrived, S::moving, 2, 0);
  EXPECT_EQ(l.arrived(), 0.0);
  EXPECT_EQ(l.moving(), 2.0);
  EXPECT_EQ(l.departed(), 2.0);
}

TEST(PersonLedger, InvariantsHoldOverRandomMoves) {
  // Groups walk random legal paths through the states; after every move the
  // states add up to the total and departed = total - home - trapped at home.
  std::mt19937_64 rng(3);
  const std::size_t n = 200;
  std::vector<float> persons(n);
  std::vector<std::int32_t> unit(n);
  for (std::size_t a = 0; a < n; ++a) {
    persons[a] = static_cast<float>(1 + rng() % 5);
    unit[a] = static_cast<std::int32_t>(rng() % 3) - 1;
  }
  PersonLedger l(persons, unit, two_units(1000, 1000));
  std::vector<S> state(n, S::home);
  const double tol = 1e-9 * l.total();
  for (int k = 0; k < 5000; ++k) {
    const std::size_t a = rng() % n;
    const S from = state[a];
    if (from == S::sheltered || from == S::trapped) continue;
    const S options[] = {S::moving, S::stranded, S::sheltered, S::trapped};
    const S to = options[rng() % 4];
    if (to == from || (from == S::home && to == S::stranded)) continue;
    l.move(from, to, persons[a], unit[a]);
    state[a] = to;
    ASSERT_NEAR(sum_of_states(l), l.total(), tol);
    ASSERT_NEAR(l.departed(), l.total() - l.home() - l.trapped_at_home(), tol);
  }
  for (std::size_t u = 0; u < 2; ++u) {
    double home = 0, trapped = 0;
    for (std::size_t a = 0; a < n; ++a)
      if (unit[a] == static_cast<std::int32_t>(u)) {
        if (state[a] == S::home) home += persons[a];
        if (state[a] == S::trapped) trapped += persons[a];
      }
    EXPECT_NEAR(l.unit_home(u), home, tol);
    EXPECT_NEAR(l.unit_stats()[u].trapped_persons, trapped, tol);
  }
}

}  // namespace
}  // namespace floodevac::evac::detail
