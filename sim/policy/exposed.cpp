#include "sim/policy/exposed.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace floodevac::policy {

namespace {
constexpr std::uint32_t kOutside = 0xFFFFFFFFu;  // evac::LinkSampler::kOutside
}  // namespace

ExposedCounts count_exposed(const Presence& presence, double t_s,
                            std::span<const std::uint32_t> place_cell,
                            std::span<const std::uint32_t> unit_cell,
                            const std::uint8_t* hazard, std::uint8_t class_min,
                            const std::vector<evac::ExposedGroup>& away) {
  if (place_cell.size() != presence.place_share.size() || unit_cell.size() != presence.unit_count)
    throw InvariantError("timeline exposure: one cell per place and per home unit needed");
  ExposedCounts c;
  c.t_s = t_s;
  const auto cls_at = [&](std::uint32_t cell) -> int {
    if (cell == kOutside) return -1;
    const std::uint8_t h = hazard[cell];
    return h > 4 || h < class_min ? -1 : h;
  };
  const auto add = [&](std::uint32_t cell, std::size_t group, double persons) {
    const int h = cls_at(cell);
    if (h < 0 || !(persons > 0.0)) return;
    c.by_class[static_cast<std::size_t>(h)] += persons;
    c.by_group[group] += persons;
    c.present += persons;
  };
  const int hour = presence.clock.hour_index(t_s);
  for (std::size_t g = 0; g < presence.group_count(); ++g) {
    const std::int32_t p = presence.place[g];
    const double at_p = presence.group_at_place(g, t_s);
    const double rest =
        std::max(0.0, presence.persons[g] - at_p - presence.group_handed(g, t_s));
    const std::size_t group =
        presence.unit[g] < 0 ? static_cast<std::size_t>(Activity::tourist)
        : p >= 0             ? static_cast<std::size_t>(presence.place_activity[p])
                             : static_cast<std::size_t>(Activity::home);
    if (p >= 0) add(place_cell[static_cast<std::size_t>(p)], group, at_p);
    if (presence.unit[g] >= 0) {
      add(unit_cell[static_cast<std::size_t>(presence.unit[g])], group, rest);
    } else {
      const auto h = static_cast<std::size_t>(presence.hotel[g]);
      add(place_cell[h], group, std::min(rest, presence.persons[g] * presence.place_share[h][hour]));
    }
  }
  for (const evac::ExposedGroup& x : away) {
    if (x.cls > 4) continue;
    c.by_class[x.cls] += x.persons;
    if (x.group < kActivityCount) c.by_group[x.group] += x.persons;  // else: no activity
    c.travelling += x.persons;
  }
  return c;
}

}  // namespace floodevac::policy
