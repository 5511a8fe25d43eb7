#pragma once
// The scenario clock of a typhoon-day timeline (issue 12): the start as a local
// date-time, the UTC offset of that local time, and the forecast landfall.
// Simulation time is seconds from the start. Every time in a timeline may be
// written as seconds from the start, relative to landfall ("T-24h") or as a
// local date-time ("2026-08-12T08:00"); parse_time turns all three into
// simulation seconds. Calendar arithmetic uses the proleptic Gregorian calendar
// (days_from_civil after H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"); there is no daylight saving time (China has none).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace floodevac::policy {

/// A wall-clock time in the clock's local time zone.
struct LocalDateTime {
  int year = 2026, month = 1, day = 1;  // month 1-12, day 1-31
  int hour = 0, minute = 0;             // 0-23, 0-59
  double second = 0;                    // [0, 60)

  /// Throws ConfigError naming `field` when a part is out of range (Feb 30, 24:00, ...).
  void validate(const std::string& field) const;
};

/// Seconds from a to b (b - a), both in the same local zone.
double seconds_between(const LocalDateTime& a, const LocalDateTime& b);
/// a + seconds, normalised (day, month and year roll over).
LocalDateTime add_seconds(const LocalDateTime& a, double seconds);
/// "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS" (a space may stand for the 'T').
/// A trailing UTC offset ("Z", "+08:00", "-0300") is accepted when `to_offset_min`
/// is given (minutes east of UTC): the time is then converted to that offset. Throws ConfigError
/// naming `field` (with the accepted forms as the fix) on anything else.
LocalDateTime parse_local_datetime(std::string_view text, const std::string& field,
                                   std::optional<int> to_offset_min = std::nullopt);
/// "2026-08-12T08:00:00" (seconds printed only when not zero).
std::string format_local_datetime(const LocalDateTime& t);

struct Clock {
  LocalDateTime start;          // local date-time of simulation time 0
  int utc_offset_min = 480;     // local time = UTC + this (China Standard Time: +08:00)
  double landfall_s = 86400.0;  // forecast landfall, s from the start (may be < 0 or > duration)

  /// Local hour of day [0, 24) at simulation time t_s (fractional: 8.5 is 08:30).
  double local_hour(double t_s) const;
  /// Seconds since local midnight [0, 86400) at simulation time t_s.
  double seconds_of_day(double t_s) const;
  /// Whole hour of day 0-23 at t_s (the daily-profile row that applies).
  int hour_index(double t_s) const;
  /// Simulation time of a local date-time.
  double sim_time(const LocalDateTime& t) const;
  /// Local date-time at simulation time t_s.
  LocalDateTime local(double t_s) const;
  /// Throws ConfigError naming `field` ("clock.start", "clock.utc_offset") when out of range.
  void validate(const std::string& field = "clock") const;
};

/// Builds a clock from scenario text: `start` a local date-time, `landfall` any form
/// parse_time accepts except the landfall-relative one (seconds from the start or a
/// local date-time). Errors name `field` + ".start" / ".landfall".
Clock make_clock(std::string_view start, int utc_offset_min, std::string_view landfall,
                 const std::string& field = "clock");

/// A time of the timeline in simulation seconds. Accepted forms:
///  - seconds from the start: "3600", "-600", "5400.5" (a number, optionally ending in 's');
///  - relative to landfall: "T", "T+0", "T-24h", "T+30min", "T-1h30m", "T+90s",
///    "T-1.5h", "T+2h15m30s": a sign and one or more number+unit parts, units
///    d, h, m or min, s (at least one part; each unit once, largest first);
///  - a local date-time: "2026-08-12T08:00" (see parse_local_datetime; a trailing
///    offset is converted to the clock's).
/// Surrounding blanks are ignored. Anything else throws ConfigError naming `field`,
/// with the accepted forms as the fix.
double parse_time(std::string_view text, const Clock& clock, const std::string& field);

/// A daily timetable (seconds after local midnight, e.g. the ferry timetable) laid out
/// on the simulation: every t_s in [from_s, to_s] whose seconds_of_day equals one of
/// `seconds_of_day`, ascending. Throws ConfigError naming `field` when a value is
/// outside [0, 86400).
std::vector<double> daily_to_sim_times(const Clock& clock, std::span<const double> seconds_of_day,
                                       double from_s, double to_s, const std::string& field);

}  // namespace floodevac::policy
