#include "sim/policy/warnings.hpp"

#include <algorithm>
#include <cmath>

#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {
namespace {
void check_share(double v, const std::string& field) {
  if (!(v >= 0.0 && v <= 1.0)) config_fail(field, "must be a share in [0, 1]");
}
void check_delay(double v, const std::string& field) {
  if (!(v >= 0.0) || !std::isfinite(v)) config_fail(field, "must be a finite time >= 0 s");
}
}  // namespace

double WarningChain::share_reached(double tau_s) const {
  if (tau_s < 0.0) return 0.0;
  const double d = county_delay_s + township_delay_s + village_delay_s;
  const double b = tau_s >= broadcast_delay_s ? broadcast_share : 0.0;
  double ramp = 0.0;
  if (household_spread_s > 0.0)
    ramp = std::clamp((tau_s - d) / household_spread_s, 0.0, 1.0);
  else
    ramp = tau_s >= d ? 1.0 : 0.0;
  return 1.0 - (1.0 - b) * (1.0 - chain_reach * ramp);
}

double WarningChain::share_ever_reached() const {
  return 1.0 - (1.0 - broadcast_share) * (1.0 - chain_reach);
}

double WarningChain::reach_time(double u_broadcast, double u_chain) const {
  double t = std::numeric_limits<double>::infinity();
  if (u_broadcast < broadcast_share) t = broadcast_delay_s;
  if (u_chain < chain_reach) {
    const double d = county_delay_s + township_delay_s + village_delay_s;
    t = std::min(t, d + household_spread_s * (u_chain / chain_reach));
  }
  return t;
}

void WarningChain::validate(const std::string& field) const {
  check_share(broadcast_share, field + ".broadcast_share");
  check_delay(broadcast_delay_s, field + ".broadcast_delay_s");
  check_delay(county_delay_s, field + ".county_delay_s");
  check_delay(township_delay_s, field + ".township_delay_s");
  check_delay(village_delay_s, field + ".village_delay_s");
  check_delay(household_spread_s, field + ".household_spread_s");
  check_share(chain_reach, field + ".chain_reach");
}

double Compliance::share(Activity a, std::int32_t zone) const {
  double f = 1.0;
  if (zone >= 0 && static_cast<std::size_t>(zone) < zone_factor.size()) f = zone_factor[zone];
  return std::min(1.0, by_activity[static_cast<int>(a)] * f);
}

void Compliance::validate(std::size_t zone_count, const std::string& field) const {
  for (int i = 0; i < kActivityCount; ++i)
    check_share(by_activity[i],
                field + ".by_activity." + std::string(activity_name(static_cast<Activity>(i))));
  if (!zone_factor.empty() && zone_factor.size() != zone_count)
    config_fail(field + ".zone_factor",
                "has " + std::to_string(zone_factor.size()) + " entries for " +
                    std::to_string(zone_count) + " zones",
                "one factor per zone, or none");
  for (std::size_t z = 0; z < zone_factor.size(); ++z)
    if (!(zone_factor[z] >= 0.0) || !std::isfinite(zone_factor[z]))
      config_fail(field + ".zone_factor[" + std::to_string(z) + "]",
                  "must be a finite factor >= 0");
}

}  // namespace floodevac::policy
