#pragma once
// The presence model of a timeline: persons present (not travelling) at each activity
// place and each home unit as a function of time, for exposure at places and the
// people-by-activity CSV. Deterministic, a pure function of the plan.
//
// People are kept in groups (a car or a walking group of evac::make_trips' split of
// one (base, place) cohort). A group of w persons with activity place p and base b
// (home unit, or hotel for tourists) is, at time t and absent orders,
//   at p:    w * s_p(h(t))                (s_p the daily-profile share, h the local hour)
//   at b:    the rest (tourists: at most w * s_hotel(h(t)); the remainder "elsewhere":
//            restaurants, streets)
// Normal daily movement between home and place is not simulated as trips: people
// are where the profile puts them each hour. Orders change this through two things
// recorded per group:
//   place_off_s  from then on nobody of the group is at p (the activity stopped for them:
//                they left on a leg, or stay home), +inf when never;
//   handovers    first legs (depart time, persons): from its departure a leg's persons
//                belong to the queue model (travelling, arrived home, sheltered), and
//                leave the presence counts for good.
// So  at_place = w s_p(h) [t < place_off_s],  remaining R = w - at_place - handed(t),
// residents: at home = R; tourists: at hotel = min(R, w s_hotel(h)), elsewhere = R - that.
// Conservation: sum(at home) + sum(at places) + elsewhere + handed_over == residents +
// tourists at every t (the simulated people: unsnapped units and unplaced persons are
// outside).
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/policy/activities.hpp"
#include "sim/policy/clock.hpp"

namespace floodevac::policy {

struct PresenceCounts {
  double home = 0;  // residents at home, not on a leg
  /// At activity places by activity (index Activity); tourist = at hotels and scenic spots.
  std::array<double, kActivityCount> at_activity{};
  double elsewhere = 0;    // tourists neither at their hotel nor at a scenic spot
  double handed_over = 0;  // persons whose first leg has departed (the queue model's now)
  double total() const;
};

struct Presence {
  Clock clock;
  std::vector<std::int32_t> place_column;           // per place: daily-profile column, -1 none
  std::vector<std::uint8_t> place_lodging;          // per place: 1 for a hotel
  std::vector<Activity> place_activity;             // per place
  std::vector<std::array<double, 24>> place_share;  // per place: s_p by hour (copied)
  std::size_t unit_count = 0;

  // Groups, struct of arrays (all of group count length, handover_first one more).
  std::vector<std::int32_t> unit;   // home unit; -1 for tourists
  std::vector<std::int32_t> hotel;  // tourists: their lodging place; -1 for residents
  std::vector<std::int32_t> place;  // activity place; -1: none (always at base)
  std::vector<double> persons;      // w
  std::vector<double> place_off_s;  // +inf: never
  std::vector<std::uint32_t> handover_first;
  std::vector<double> handover_t;        // s, ascending within a group
  std::vector<double> handover_persons;  // persons

  std::size_t group_count() const { return persons.size(); }
  /// Persons of group g at its place / handed over by t.
  double group_at_place(std::size_t g, double t_s) const;
  double group_handed(std::size_t g, double t_s) const;

  /// Persons present at place p (a hotel: its guests there) at t. O(groups).
  double at_place(std::int32_t p, double t_s) const;
  /// Residents of home unit u at home at t. O(groups).
  double at_home(std::int32_t u, double t_s) const;
  /// All of it in one pass: per place and per unit (resized), and the totals.
  PresenceCounts sample(double t_s, std::vector<double>& place_persons,
                        std::vector<double>& unit_persons) const;
  PresenceCounts counts(double t_s) const;
  /// Simulated residents and tourists (sum of group persons by kind).
  double residents() const;
  double tourists() const;
  /// Throws InvariantError on broken invariants (lengths, ascending handovers,
  /// handed persons > group persons).
  void validate() const;
};

}  // namespace floodevac::policy
