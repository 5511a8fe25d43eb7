#pragma once
// 回流: transferred people who go home from the shelter early, against the order
// (to check on the house, the boat, the livestock). A share of the transfer trips of
// residents is followed by a return leg unless their home zone has one-to-one
// enforcement (包干责任人, Zone::enforcement). The share and the timing are our
// assumptions (Chinese flood-control reports name 回流 as a cause of deaths without
// giving rates); scenarios set them.
#include <cstdint>
#include <string>

namespace floodevac::policy {

struct ReturnRule {
  double share = 0.1;  // share of transfer trips from home that return, [0, 1]
  /// A returning trip leaves its shelter at  transfer departure + U(after_min_s, after_max_s)
  /// (uniform), or on arrival if that is later (the queue model releases a leg at
  /// max(its depart_s, the arrival of the leg before)).
  double after_min_s = 3.0 * 3600.0;
  double after_max_s = 8.0 * 3600.0;

  /// The departure delay for a uniform u in [0, 1).
  double delay_s(double u) const { return after_min_s + u * (after_max_s - after_min_s); }
  /// Throws ConfigError naming `field` + "." + the member.
  void validate(const std::string& field = "returns") const;
};

}  // namespace floodevac::policy
