#pragma once
// The orders of a typhoon day: the 五停 (five stops) and the 转移令 (transfer order).
//   停课 stop_classes     schools close: students go home (boarders stay on campus;
//                         students of a school that is a shelter stay there when its
//                         zone is transferred)
//   停工 stop_work        work places close: workers go home
//   停业 / 停市 stop_business  markets and shops close, scenic spots close
//                         (visitors go back to their hotel)
//   停止户外作业 / 人员上岸 stop_outdoor  outdoor work stops, crews come ashore
//   停运 stop_transport   buses and ferries stop: ferry departures at or after the
//                         issue time are cut; island tourists head for the mainland
//   转移 transfer         the zone's residents go to their shelters
// An order applies to the listed zones, or to all zones when the list is empty.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/policy/activities.hpp"

namespace floodevac::policy {

enum class OrderKind : std::uint8_t {
  stop_classes = 0,
  stop_work = 1,
  stop_business = 2,
  stop_outdoor = 3,
  stop_transport = 4,
  transfer = 5,
};
inline constexpr int kOrderKindCount = 6;

/// "stop_classes", "stop_work", "stop_business", "stop_outdoor", "stop_transport", "transfer".
std::string_view order_kind_name(OrderKind k);
/// Inverse of order_kind_name; the Chinese names 停课 停工 停业 停市 停止户外作业 人员上岸
/// 停运 转移 are accepted too. Throws ConfigError naming `field` and listing the names.
OrderKind order_kind_from_name(std::string_view name, const std::string& field);
/// Whether an order of kind k stops activity a (stop_classes: school; stop_work: work;
/// stop_business: market and tourist scenic spots; stop_outdoor: outdoor). Transfer and
/// stop_transport stop no activity as such.
bool stops_activity(OrderKind k, Activity a);

struct Order {
  OrderKind kind = OrderKind::transfer;
  double issue_s = 0;               // s from the start (parse_time)
  std::vector<std::int32_t> zones;  // indices into TimelineInputs::zones; empty: all zones
  std::string label;                // for reports ("转移 V17-V19"); may be empty

  bool applies_to_zone(std::int32_t zone) const;
  /// Throws ConfigError naming `field` on a non-finite issue time or a zone index
  /// outside [0, zone_count).
  void validate(std::size_t zone_count, const std::string& field) const;
};

}  // namespace floodevac::policy
