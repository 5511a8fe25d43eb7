#include "sim/evac/demand.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::evac {

MobilisationCurve MobilisationCurve::logistic(double t50_s, double scale_s, double cut_s) {
  MobilisationCurve c;
  c.kind = CurveKind::logistic;
  c.t50_s = t50_s;
  c.scale_s = scale_s;
  c.cut_s = cut_s;
  c.validate();
  return c;
}

MobilisationCurve MobilisationCurve::weibull(double lambda_s, double shape_k, double cut_s) {
  MobilisationCurve c;
  c.kind = CurveKind::weibull;
  c.lambda_s = lambda_s;
  c.shape_k = shape_k;
  c.cut_s = cut_s;
  c.validate();
  return c;
}

MobilisationCurve MobilisationCurve::rayleigh(double sigma_s, double cut_s) {
  MobilisationCurve c;
  c.kind = CurveKind::rayleigh;
  c.sigma_s = sigma_s;
  c.cut_s = cut_s;
  c.validate();
  return c;
}

void MobilisationCurve::validate() const {
  auto bad = [](const std::string& f, const std::string& why) {
    throw ConfigError("mobilisation curve: " + f + " " + why);
  };
  if (!(cut_s > 0.0)) bad("cut_s", "must be > 0 s (use infinity for no cut)");
  switch (kind) {
    case CurveKind::logistic:
      if (!std::isfinite(t50_s)) bad("t50_s", "must be finite");
      if (!(scale_s > 0.0) || !std::isfinite(scale_s))
        bad("scale_s", "must be a finite value > 0 s");
      break;
    case CurveKind::weibull:
      if (!(lambda_s > 0.0) || !std::isfinite(lambda_s))
        bad("lambda_s", "must be a finite value > 0 s");
      if (!(shape_k > 0.0) || !std::isfinite(shape_k)) bad("shape_k", "must be a finite value > 0");
      break;
    case CurveKind::rayleigh:
      if (!(sigma_s > 0.0) || !std::isfinite(sigma_s))
        bad("sigma_s", "must be a finite value > 0 s");
      break;
    default:
      bad("kind", "is not one of logistic, weibull, rayleigh");
  }
}

double MobilisationCurve::raw_cdf(double t) const {
  switch (kind) {
    case CurveKind::logistic:
      return 1.0 / (1.0 + std::exp(-(t - t50_s) / scale_s));
    case CurveKind::weibull:
      return t <= 0.0 ? 0.0 : 1.0 - std::exp(-std::pow(t / lambda_s, shape_k));
    case CurveKind::rayleigh:
      return t <= 0.0 ? 0.0 : 1.0 - std::exp(-(t * t) / (2.0 * sigma_s * sigma_s));
  }
  return 0.0;
}

namespace {
// Inverse of the raw curve for p in (0, 1).
double raw_quantile(const MobilisationCurve& c, double p) {
  switch (c.kind) {
    case CurveKind::logistic:
      return c.t50_s + c.scale_s * std::log(p / (1.0 - p));
    case CurveKind::weibull:
      return c.lambda_s * std::pow(-std::log1p(-p), 1.0 / c.shape_k);
    case CurveKind::rayleigh:
      return c.sigma_s * std::sqrt(-2.0 * std::log1p(-p));
  }
  return 0.0;
}
}  // namespace

double MobilisationCurve::cdf(double t) const {
  if (t <= 0.0) return 0.0;
  if (t >= cut_s) return 1.0;
  const double f0 = raw_cdf(0.0);
  const double f1 = std::isfinite(cut_s) ? raw_cdf(cut_s) : 1.0;
  return std::clamp((raw_cdf(t) - f0) / (f1 - f0), 0.0, 1.0);
}

double MobilisationCurve::quantile(double p) const {
  if (!(p >= 0.0 && p <= 1.0))
    throw ConfigError("mobilisation curve: quantile needs a share in [0, 1]");
  if (p <= 0.0) return 0.0;
  if (p >= 1.0 && std::isfinite(cut_s)) return cut_s;
  const double f0 = raw_cdf(0.0);
  const double f1 = std::isfinite(cut_s) ? raw_cdf(cut_s) : 1.0;
  // Keep the raw share strictly inside (0, 1) so the inverse stays finite.
  const double q =
      std::clamp(f0 + p * (f1 - f0), std::nextafter(0.0, 1.0), std::nextafter(1.0, 0.0));
  return std::clamp(raw_quantile(*this, q), 0.0, cut_s);
}

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

double uniform_open01(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  // Chain the counter words through the mixer: each word changes every bit.
  const std::uint64_t h = splitmix64(splitmix64(splitmix64(seed) ^ a) ^ b);
  // 53 random bits, centred in their interval: never exactly 0 or 1.
  return (static_cast<double>(h >> 11) + 0.5) * 0x1.0p-53;
}

namespace {
struct UnitSplit {
  std::int64_t car_persons = 0, vehicles = 0, walk_persons = 0, groups = 0;
};

UnitSplit split_unit(double persons, double compliance, double car_share, double occupancy) {
  UnitSplit s;
  const std::int64_t evac = std::llround(compliance * persons);
  s.car_persons = std::llround(car_share * static_cast<double>(evac));
  s.walk_persons = evac - s.car_persons;
  if (s.car_persons > 0)
    s.vehicles =
        std::max<std::int64_t>(1, std::llround(static_cast<double>(s.car_persons) / occupancy));
  if (s.walk_persons > 0) s.groups = (s.walk_persons + kMaxWalkGroup - 1) / kMaxWalkGroup;
  return s;
}
}  // namespace

std::vector<Trip> make_trips(const std::vector<PopulationUnit>& units,
                             const MobilisationCurve& curve, double order_time_s, double compliance,
                             double car_share, double occupancy, std::uint64_t seed) {
  curve.validate();
  if (!std::isfinite(order_time_s)) throw ConfigError("make_trips: order_time_s must be finite");
  if (!(compliance >= 0.0 && compliance <= 1.0))
    throw ConfigError("make_trips: compliance must be a share in [0, 1]");
  if (!(car_share >= 0.0 && car_share <= 1.0))
    throw ConfigError("make_trips: car_share must be a share in [0, 1]");
  if (!(occupancy >= 1.0) || !std::isfinite(occupancy))
    throw ConfigError("make_trips: occupancy must be >= 1 person per vehicle");
  const std::size_t n = units.size();
  std::vector<std::size_t> offset(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = units[i];
    if (!(u.persons >= 0.0) || !std::isfinite(u.persons))
      throw InputError("population unit " + std::to_string(i) + " ('" + u.id +
                       "'): persons must be a finite value >= 0");
    // A unit snapping left out (no road node within reach) stays home: no trips.
    const UnitSplit s = u.node == graph::kInvalid
                            ? UnitSplit{}
                            : split_unit(u.persons, compliance, car_share, occupancy);
    offset[i + 1] = offset[i] + static_cast<std::size_t>(s.vehicles + s.groups);
  }
  std::vector<Trip> trips(offset[n]);
  const auto ni = static_cast<std::int64_t>(n);
#pragma omp parallel for schedule(static)
  for (std::int64_t ii = 0; ii < ni; ++ii) {
    const auto i = static_cast<std::size_t>(ii);
    const auto& u = units[i];
    if (u.node == graph::kInvalid) continue;
    const UnitSplit s = split_unit(u.persons, compliance, car_share, occupancy);
    const std::string base = u.id.empty() ? std::to_string(i) : u.id;
    std::size_t k = 0;
    auto emit = [&](Mode mode, std::int64_t persons) {
      Trip& t = trips[offset[i] + k];
      t.id = base + "#" + std::to_string(k);
      const double p =
          uniform_open01(seed, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(k));
      t.depart_s = order_time_s + curve.quantile(p);
      t.origin = u.node;
      t.dest_shelter = -1;
      t.mode = mode;
      t.persons = static_cast<float>(persons);
      t.unit = static_cast<std::int32_t>(i);
      ++k;
    };
    for (std::int64_t v = 0; v < s.vehicles; ++v)
      emit(Mode::car, s.car_persons / s.vehicles + (v < s.car_persons % s.vehicles ? 1 : 0));
    for (std::int64_t g = 0; g < s.groups; ++g)
      emit(Mode::walk, s.walk_persons / s.groups + (g < s.walk_persons % s.groups ? 1 : 0));
  }
  return trips;
}

}  // namespace floodevac::evac
