#pragma once
// How fast an order reaches people (预警 and the 叫应 call-and-response chain) and
// who complies once reached. The split warning -> receipt -> decision -> preparation
// follows Lindell & Perry's Protective Action Decision Model (Lindell & Perry 2012,
// "The Protective Action Decision Model: theoretical modifications and additional
// evidence", Risk Analysis 32(4):616-632): this file is the receipt (reach) and the
// decision (compliance); the preparation time is the mobilisation curve of
// TimelineResponse. The default numbers are our assumptions, not measurements.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/policy/activities.hpp"

namespace floodevac::policy {

/// Two channels reach people independently:
///  - broadcast (TV, radio, SMS cell broadcast, loudspeaker vans): a share
///    broadcast_share of everyone, all at broadcast_delay_s after the issue;
///  - the 叫应 chain county -> township -> village -> household: the village cadres
///    get the order after county_delay_s + township_delay_s + village_delay_s (= D),
///    then call on households at a steady rate over household_spread_s, reaching a
///    share chain_reach of them.
/// A person is reached at the earlier of the two. The share reached tau seconds
/// after the issue is therefore
///   R(tau) = 1 - (1 - b H(tau - d_b)) (1 - r ramp((tau - D) / s_h)),
/// with b = broadcast_share, d_b = broadcast_delay_s, r = chain_reach,
/// s_h = household_spread_s, H the unit step (H(0) = 1), ramp(x) = min(max(x, 0), 1)
/// (a step at D when s_h = 0); R = 0 for tau < 0. R(inf) = 1 - (1 - b)(1 - r): the
/// rest is never reached.
struct WarningChain {
  double broadcast_share = 0.6;        // share reached by broadcast, [0, 1]
  double broadcast_delay_s = 900.0;    // s from issue to broadcast
  double county_delay_s = 1800.0;      // county office -> townships, s
  double township_delay_s = 1800.0;    // township -> village cadres, s
  double village_delay_s = 1800.0;     // village cadres organised, first calls, s
  double household_spread_s = 7200.0;  // s to call on every household of a village
  double chain_reach = 0.95;           // share the chain reaches, [0, 1]

  /// R(tau) above, tau in s since the issue.
  double share_reached(double tau_s) const;
  /// R(inf).
  double share_ever_reached() const;
  /// The reach time (s since issue) of a person with independent uniforms u_broadcast,
  /// u_chain in [0, 1): min(d_b if u_broadcast < b, D + s_h u_chain / r if u_chain < r);
  /// +infinity when neither channel reaches them. Over uniform draws its distribution
  /// function is R.
  double reach_time(double u_broadcast, double u_chain) const;
  /// Throws ConfigError naming `field` + "." + the member.
  void validate(const std::string& field = "warning") const;
};

/// Compliance once reached: share(a, z) = min(1, by_activity[a] * zone_factor[z])
/// (zone_factor empty or z < 0: factor 1). Applies to every order; non-compliers stay
/// where they are.
struct Compliance {
  std::array<double, kActivityCount> by_activity{0.85, 0.95, 1.0, 0.9, 0.9, 0.95};
  std::vector<double> zone_factor;  // per zone, >= 0; empty: 1 everywhere

  double share(Activity a, std::int32_t zone) const;
  /// Throws ConfigError naming `field` on a share outside [0, 1], a negative factor or a
  /// factor list whose length is not zone_count.
  void validate(std::size_t zone_count, const std::string& field = "compliance") const;
};

}  // namespace floodevac::policy
