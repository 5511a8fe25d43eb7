#pragma once
// Evacuation demand: mobilisation (departure-time) curves and the split of
// population units into trips.
//
// Mobilisation curves give the share of the evacuating population that has
// departed t seconds after the transfer order. The S-shaped loading curves
// (logistic) go back to Tweedie et al. 1986 ("A methodology for estimating
// emergency evacuation times", Social Science Journal 23(2)) and are discussed
// with their behavioural basis by Lindell & Prater 2007 (J. Urban Planning and
// Development 133(1)); Weibull and Rayleigh response curves are among the
// forms reviewed by Pel, Bliemer & Hoogendoorn 2012 (Transportation 39:97-123).
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/evac/evac_types.hpp"

namespace floodevac::evac {

enum class CurveKind : std::uint8_t { logistic = 0, weibull = 1, rayleigh = 2 };

/// Share departed t seconds after the order. Departures are confined to
/// [0, cut_s]: the raw curve is renormalised on that window (for the logistic
/// curve, whose raw form is positive before t = 0, this removes the share that
/// would have left before the order).
struct MobilisationCurve {
  CurveKind kind = CurveKind::logistic;
  double t50_s = 1800.0;     // logistic: raw curve reaches one half here, s after the order
  double scale_s = 400.0;    // logistic: spread s; F(t) = 1 / (1 + exp(-(t - t50_s) / scale_s))
  double lambda_s = 1800.0;  // Weibull scale; F(t) = 1 - exp(-(t / lambda_s)^shape_k)
  double shape_k = 2.0;      // Weibull shape (> 0); shape 2 is a Rayleigh curve
  double sigma_s = 1800.0;   // Rayleigh; F(t) = 1 - exp(-t^2 / (2 sigma_s^2))
  // Nobody leaves later than this, s after the order (infinity: no cut).
  double cut_s = std::numeric_limits<double>::infinity();

  static MobilisationCurve logistic(double t50_s, double scale_s,
                                    double cut_s = std::numeric_limits<double>::infinity());
  static MobilisationCurve weibull(double lambda_s, double shape_k,
                                   double cut_s = std::numeric_limits<double>::infinity());
  static MobilisationCurve rayleigh(double sigma_s,
                                    double cut_s = std::numeric_limits<double>::infinity());

  /// The curve as written above, without the [0, cut_s] renormalisation.
  double raw_cdf(double t_s) const;
  /// Share departed by t (s after the order): 0 for t <= 0, 1 for t >= cut_s.
  double cdf(double t_s) const;
  /// Inverse of cdf: the time (s after the order) by which a share p in [0, 1] has departed.
  double quantile(double p) const;
  /// Throws ConfigError naming the field when a parameter is out of range.
  void validate() const;
};

/// Splits each population unit into trips:
///  - E = round(compliance * persons) persons evacuate (half away from zero),
///    so the trip persons of a unit sum exactly to E;
///  - C = round(car_share * E) of them go by car in V = max(1, round(C / occupancy))
///    vehicles, persons spread as evenly as possible (the first C mod V get one more);
///  - the other W = E - C walk in groups of at most kMaxWalkGroup persons
///    (ceil(W / 4) groups, spread evenly);
///  - each trip departs at order_time_s + curve.quantile(u), u uniform in (0,1)
///    from splitmix64 keyed on (seed, unit index, trip index in the unit)
///    (a counter-based generator, as in Salmon et al. 2011 "Parallel random
///    numbers: as easy as 1, 2, 3"), so trips never depend on thread count or
///    evaluation order and a unit's trips depend only on the unit and its index.
/// Trips come out unit by unit (cars, then walking groups); id "<unit id>#<k>"
/// (or "<unit index>#<k>" when the unit has no id); dest_shelter = -1.
/// Units with no snapped node (left out by snapping: no road within reach) make
/// no trips; the snap report counts them.
std::vector<Trip> make_trips(const std::vector<PopulationUnit>& units,
                             const MobilisationCurve& curve, double order_time_s, double compliance,
                             double car_share, double occupancy, std::uint64_t seed);

inline constexpr int kMaxWalkGroup = 4;  // persons per walking group (a household-sized group)

/// splitmix64 finaliser (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
/// number generators"); exposed for tests.
std::uint64_t splitmix64(std::uint64_t x);
/// Uniform double in (0, 1) from the counter (seed, a, b).
double uniform_open01(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

}  // namespace floodevac::evac
