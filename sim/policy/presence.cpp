#include "sim/policy/presence.hpp"

#include <algorithm>

#include "sim/core/error.hpp"

namespace floodevac::policy {

double PresenceCounts::total() const {
  double s = home + elsewhere + handed_over;
  for (double a : at_activity) s += a;
  return s;
}

double Presence::group_at_place(std::size_t g, double t_s) const {
  const std::int32_t p = place[g];
  if (p < 0 || t_s >= place_off_s[g]) return 0.0;
  return persons[g] * place_share[p][clock.hour_index(t_s)];
}

double Presence::group_handed(std::size_t g, double t_s) const {
  double s = 0.0;
  for (std::uint32_t k = handover_first[g]; k < handover_first[g + 1]; ++k)
    if (handover_t[k] <= t_s) s += handover_persons[k];
  return s;
}

PresenceCounts Presence::sample(double t_s, std::vector<double>& place_persons,
                                std::vector<double>& unit_persons) const {
  PresenceCounts c;
  place_persons.assign(place_share.size(), 0.0);
  unit_persons.assign(unit_count, 0.0);
  const int hour = clock.hour_index(t_s);
  for (std::size_t g = 0; g < group_count(); ++g) {
    const double at_p = group_at_place(g, t_s);
    const double handed = group_handed(g, t_s);
    const double rest = std::max(0.0, persons[g] - at_p - handed);
    if (place[g] >= 0) {
      place_persons[place[g]] += at_p;
      c.at_activity[static_cast<int>(place_activity[place[g]])] += at_p;
    }
    c.handed_over += handed;
    if (unit[g] >= 0) {
      unit_persons[unit[g]] += rest;
      c.home += rest;
    } else {
      const double at_hotel = std::min(rest, persons[g] * place_share[hotel[g]][hour]);
      place_persons[hotel[g]] += at_hotel;
      c.at_activity[static_cast<int>(Activity::tourist)] += at_hotel;
      c.elsewhere += rest - at_hotel;
    }
  }
  return c;
}

PresenceCounts Presence::counts(double t_s) const {
  std::vector<double> p, u;
  return sample(t_s, p, u);
}

double Presence::at_place(std::int32_t p, double t_s) const {
  std::vector<double> pp, uu;
  sample(t_s, pp, uu);
  return pp.at(static_cast<std::size_t>(p));
}

double Presence::at_home(std::int32_t u, double t_s) const {
  std::vector<double> pp, uu;
  sample(t_s, pp, uu);
  return uu.at(static_cast<std::size_t>(u));
}

double Presence::residents() const {
  double s = 0.0;
  for (std::size_t g = 0; g < group_count(); ++g)
    if (unit[g] >= 0) s += persons[g];
  return s;
}

double Presence::tourists() const {
  double s = 0.0;
  for (std::size_t g = 0; g < group_count(); ++g)
    if (unit[g] < 0) s += persons[g];
  return s;
}

void Presence::validate() const {
  const std::size_t n = group_count();
  auto fail = [](const std::string& m) { throw InvariantError("presence model: " + m); };
  if (unit.size() != n || hotel.size() != n || place.size() != n || place_off_s.size() != n ||
      handover_first.size() != n + 1)
    fail("group arrays differ in length");
  if (handover_t.size() != handover_persons.size() || handover_first.back() != handover_t.size())
    fail("handover arrays differ in length");
  const std::size_t places = place_share.size();
  if (place_column.size() != places || place_lodging.size() != places ||
      place_activity.size() != places)
    fail("place arrays differ in length");
  for (std::size_t g = 0; g < n; ++g) {
    if ((unit[g] < 0) == (hotel[g] < 0))
      fail("group " + std::to_string(g) + " needs a unit or a hotel");
    if (unit[g] >= static_cast<std::int64_t>(unit_count)) fail("group unit out of range");
    if (hotel[g] >= static_cast<std::int64_t>(places) ||
        place[g] >= static_cast<std::int64_t>(places))
      fail("group place out of range");
    double handed = 0.0;
    for (std::uint32_t k = handover_first[g]; k < handover_first[g + 1]; ++k) {
      if (k > handover_first[g] && handover_t[k] < handover_t[k - 1])
        fail("handovers of group " + std::to_string(g) + " not ascending");
      handed += handover_persons[k];
    }
    if (handed > persons[g] * (1.0 + 1e-9) + 1e-9)
      fail("group " + std::to_string(g) + " hands over more persons than it has");
  }
}

}  // namespace floodevac::policy
