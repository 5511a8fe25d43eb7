#include "sim/policy/orders.hpp"

#include <cmath>

#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {
namespace {
constexpr std::string_view kKinds[kOrderKindCount] = {
    "stop_classes", "stop_work", "stop_business", "stop_outdoor", "stop_transport", "transfer"};
struct Alias {
  std::string_view name;
  OrderKind kind;
};
constexpr Alias kAliases[] = {
    {"停课", OrderKind::stop_classes},         {"停工", OrderKind::stop_work},
    {"停业", OrderKind::stop_business},        {"停市", OrderKind::stop_business},
    {"停止户外作业", OrderKind::stop_outdoor}, {"人员上岸", OrderKind::stop_outdoor},
    {"停运", OrderKind::stop_transport},       {"转移", OrderKind::transfer},
};
}  // namespace

std::string_view order_kind_name(OrderKind k) {
  return kKinds[static_cast<int>(k)];
}

OrderKind order_kind_from_name(std::string_view name, const std::string& field) {
  for (int i = 0; i < kOrderKindCount; ++i)
    if (kKinds[i] == name) return static_cast<OrderKind>(i);
  for (const Alias& a : kAliases)
    if (a.name == name) return a.kind;
  config_fail(field, "unknown order kind '" + std::string(name) + "'",
              "use stop_classes (停课), stop_work (停工), stop_business (停业/停市), stop_outdoor "
              "(停止户外作业/人员上岸), stop_transport (停运) or transfer (转移)");
}

bool stops_activity(OrderKind k, Activity a) {
  switch (k) {
    case OrderKind::stop_classes:
      return a == Activity::school;
    case OrderKind::stop_work:
      return a == Activity::work;
    case OrderKind::stop_business:
      return a == Activity::market || a == Activity::tourist;
    case OrderKind::stop_outdoor:
      return a == Activity::outdoor;
    default:
      return false;
  }
}

bool Order::applies_to_zone(std::int32_t zone) const {
  if (zones.empty()) return true;
  for (std::int32_t z : zones)
    if (z == zone) return true;
  return false;
}

void Order::validate(std::size_t zone_count, const std::string& field) const {
  if (!std::isfinite(issue_s)) config_fail(field + ".time", "the issue time must be finite");
  for (std::size_t i = 0; i < zones.size(); ++i)
    if (zones[i] < 0 || static_cast<std::size_t>(zones[i]) >= zone_count)
      config_fail(field + ".zones[" + std::to_string(i) + "]",
                  "zone index " + std::to_string(zones[i]) + " is not one of the " +
                      std::to_string(zone_count) + " zones",
                  "list village ids that exist");
}

}  // namespace floodevac::policy
