// Mobilisation curves and trip generation.
#include <gtest/gtest.h>
#include <omp.h>

#include <cmath>

#include "sim/core/error.hpp"
#include "sim/evac/demand.hpp"

namespace floodevac::evac {
namespace {

TEST(Demand, LogisticCurveKnownPoints) {
  const auto c = MobilisationCurve::logistic(1800.0, 400.0, 5400.0);
  // Raw curve: 1/2 at t50, 0.9 at t50 + scale * ln 9.
  EXPECT_DOUBLE_EQ(c.raw_cdf(1800.0), 0.5);
  EXPECT_NEAR(c.raw_cdf(1800.0 + 400.0 * std::log(9.0)), 0.9, 1e-12);
  // Renormalised on [0, 5400]: F0 = 1/(1+e^4.5) = 0.0109869426, F(5400) =
  // 1/(1+e^-9) = 0.9998766054, so cdf(1800) = (0.5 - F0)/(F1 - F0) = 0.4945071991.
  EXPECT_NEAR(c.cdf(1800.0), 0.49450719910251695, 1e-12);
  EXPECT_EQ(c.cdf(0.0), 0.0);
  EXPECT_EQ(c.cdf(-5.0), 0.0);
  EXPECT_EQ(c.cdf(5400.0), 1.0);
  EXPECT_EQ(c.cdf(1e9), 1.0);
  EXPECT_EQ(c.quantile(0.0), 0.0);
  EXPECT_EQ(c.quantile(1.0), 5400.0);
  for (double t : {100.0, 900.0, 1800.0, 2500.0, 5000.0})
    EXPECT_NEAR(c.quantile(c.cdf(t)), t, 1e-6);
}

TEST(Demand, WeibullAndRayleighKnownPoints) {
  const auto w = MobilisationCurve::weibull(1000.0, 1.5);
  // 1 - exp(-(t/lambda)^k): 1 - e^-1 at lambda; 1 - exp(-2^1.5) = 0.9408942534 at 2 lambda.
  EXPECT_NEAR(w.cdf(1000.0), 0.6321205588285577, 1e-12);
  EXPECT_NEAR(w.cdf(2000.0), 0.9408942534380438, 1e-12);
  EXPECT_NEAR(w.quantile(0.6321205588285577), 1000.0, 1e-6);
  const auto r = MobilisationCurve::rayleigh(1000.0);
  // 1 - exp(-t^2 / (2 sigma^2)): 1 - e^-0.5 = 0.3934693403 at sigma.
  EXPECT_NEAR(r.cdf(1000.0), 0.3934693402873666, 1e-12);
  EXPECT_NEAR(r.quantile(0.3934693402873666), 1000.0, 1e-6);
  // Rayleigh(sigma) is Weibull(sigma * sqrt 2, 2).
  const auto w2 = MobilisationCurve::weibull(1000.0 * std::sqrt(2.0), 2.0);
  for (double t : {300.0, 1000.0, 2500.0}) EXPECT_NEAR(w2.cdf(t), r.cdf(t), 1e-12);
}

TEST(Demand, CurveValidation) {
  EXPECT_THROW(MobilisationCurve::logistic(1800.0, 0.0), ConfigError);
  EXPECT_THROW(MobilisationCurve::weibull(-1.0, 2.0), ConfigError);
  EXPECT_THROW(MobilisationCurve::weibull(100.0, 0.0), ConfigError);
  EXPECT_THROW(MobilisationCurve::rayleigh(0.0), ConfigError);
  EXPECT_THROW(MobilisationCurve::logistic(1800.0, 400.0, -1.0), ConfigError);
  EXPECT_THROW(MobilisationCurve::logistic(1800.0, 400.0).quantile(1.5), ConfigError);
}

std::vector<PopulationUnit> sample_units(int n) {
  std::vector<PopulationUnit> us;
  for (int i = 0; i < n; ++i) {
    PopulationUnit u;
    u.id = std::to_string(i);
    u.id.insert(0, 1, 'u');
    u.node = static_cast<graph::NodeId>(i % 7);
    u.persons = 0.37 * i + (i % 5) * 2.5;  // fractional on purpose
    us.push_back(u);
  }
  return us;
}

TEST(Demand, TotalsAreExactPerUnit) {
  const auto units = sample_units(300);
  const auto curve = MobilisationCurve::logistic(1800.0, 400.0, 5400.0);
  const double compliance = 0.83, car_share = 0.62, occupancy = 2.4;
  const auto trips = make_trips(units, curve, 1000.0, compliance, car_share, occupancy, 99);
  std::vector<double> sum(units.size(), 0.0), car(units.size(), 0.0);
  std::vector<int> vehicles(units.size(), 0);
  for (const Trip& t : trips) {
    ASSERT_GE(t.unit, 0);
    const auto i = static_cast<std::size_t>(t.unit);
    sum[i] += t.persons;
    EXPECT_EQ(t.persons, std::round(t.persons));  // whole persons
    EXPECT_GE(t.persons, 1.0f);
    EXPECT_EQ(t.origin, units[i].node);
    EXPECT_EQ(t.dest_shelter, -1);
    EXPECT_GE(t.depart_s, 1000.0);
    EXPECT_LE(t.depart_s, 1000.0 + 5400.0);
    if (t.mode == Mode::car) {
      car[i] += t.persons;
      ++vehicles[i];
    } else {
      EXPECT_LE(t.persons, static_cast<float>(kMaxWalkGroup));
    }
  }
  for (std::size_t i = 0; i < units.size(); ++i) {
    const double evac = static_cast<double>(std::llround(compliance * units[i].persons));
    EXPECT_EQ(sum[i], evac) << "unit " << i;
    EXPECT_EQ(car[i], static_cast<double>(std::llround(car_share * evac))) << "unit " << i;
    if (car[i] > 0) {
      EXPECT_EQ(vehicles[i], std::max<long long>(1, std::llround(car[i] / occupancy)));
    }
  }
  // 10.4 persons, everyone evacuates, all walk: 10 persons in groups 4, 3, 3.
  PopulationUnit u;
  u.node = 0;
  u.persons = 10.4;
  const auto w = make_trips({u}, curve, 0.0, 1.0, 0.0, 1.0, 1);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].persons, 4.0f);
  EXPECT_EQ(w[1].persons, 3.0f);
  EXPECT_EQ(w[2].persons, 3.0f);
  EXPECT_EQ(w[0].id, "0#0");
}

TEST(Demand, IndependentOfThreadsAndOfOtherUnits) {
  const auto units = sample_units(2000);
  const auto curve = MobilisationCurve::weibull(1500.0, 1.8);
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto a = make_trips(units, curve, 0.0, 0.9, 0.5, 2.0, 7);
  omp_set_num_threads(2);
  const auto b = make_trips(units, curve, 0.0, 0.9, 0.5, 2.0, 7);
  omp_set_num_threads(saved);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].id, b[k].id);
    EXPECT_EQ(a[k].depart_s, b[k].depart_s);
    EXPECT_EQ(a[k].persons, b[k].persons);
  }
  // A unit's trips depend only on the unit and its index: dropping the tail
  // of the list leaves the head unchanged.
  const std::vector<PopulationUnit> head(units.begin(), units.begin() + 500);
  const auto c = make_trips(head, curve, 0.0, 0.9, 0.5, 2.0, 7);
  for (std::size_t k = 0; k < c.size(); ++k) {
    EXPECT_EQ(c[k].id, a[k].id);
    EXPECT_EQ(c[k].depart_s, a[k].depart_s);
  }
  // Another seed gives other times.
  const auto d = make_trips(units, curve, 0.0, 0.9, 0.5, 2.0, 8);
  int same = 0;
  for (std::size_t k = 0; k < d.size(); ++k) same += d[k].depart_s == a[k].depart_s;
  EXPECT_LT(same, 5);
}

TEST(Demand, SampledDeparturesFollowTheCurve) {
  std::vector<PopulationUnit> units(20000);
  for (auto& u : units) {
    u.node = 0;
    u.persons = 1;
  }
  const auto curve = MobilisationCurve::rayleigh(1200.0, 4000.0);
  const auto trips = make_trips(units, curve, 0.0, 1.0, 1.0, 1.0, 3);
  ASSERT_EQ(trips.size(), units.size());
  for (double t : {600.0, 1200.0, 2400.0}) {
    double n = 0;
    for (const Trip& tr : trips) n += tr.depart_s <= t;
    // Binomial standard error at n = 20000 is at most 0.0036: 5 sigma.
    EXPECT_NEAR(n / static_cast<double>(trips.size()), curve.cdf(t), 0.018) << "t = " << t;
  }
  for (const Trip& tr : trips) EXPECT_LE(tr.depart_s, 4000.0);
}

TEST(Demand, InputChecks) {
  const auto curve = MobilisationCurve::logistic(1800.0, 400.0);
  std::vector<PopulationUnit> units(1);
  units[0].persons = 5;  // not snapped: left out, no trips (and no error)
  EXPECT_TRUE(make_trips(units, curve, 0.0, 1.0, 0.5, 1.5, 1).empty());
  units[0].node = 3;
  EXPECT_NO_THROW(make_trips(units, curve, 0.0, 1.0, 0.5, 1.5, 1));
  EXPECT_THROW(make_trips(units, curve, 0.0, 1.2, 0.5, 1.5, 1), ConfigError);
  EXPECT_THROW(make_trips(units, curve, 0.0, 1.0, -0.1, 1.5, 1), ConfigError);
  EXPECT_THROW(make_trips(units, curve, 0.0, 1.0, 0.5, 0.5, 1), ConfigError);
  units[0].persons = -1;
  EXPECT_THROW(make_trips(units, curve, 0.0, 1.0, 0.5, 1.5, 1), InputError);
  // Nobody evacuates: no trips, and an unsnapped unit is then fine.
  units[0].persons = 5;
  units[0].node = graph::kInvalid;
  EXPECT_TRUE(make_trips(units, curve, 0.0, 0.0, 0.5, 1.5, 1).empty());
}

TEST(Demand, CounterBasedUniformsAreInTheOpenInterval) {
  double lo = 1.0, hi = 0.0, sum = 0.0;
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    const double u = uniform_open01(5, static_cast<std::uint64_t>(i), 0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
  }
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(hi, 1.0);
  EXPECT_NEAR(sum / n, 0.5, 0.005);
  EXPECT_NE(uniform_open01(5, 1, 2), uniform_open01(5, 2, 1));
}

}  // namespace
}  // namespace floodevac::evac
