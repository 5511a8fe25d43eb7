#include "sim/policy/clock.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "sim/core/error.hpp"

namespace floodevac::policy {
namespace {

constexpr double kDay = 86400.0;
const char* const kTimeForms =
    "write seconds from the start (\"3600\"), a time relative to landfall (\"T-24h\", "
    "\"T+30min\", \"T-1h30m\") or a local date-time (\"2026-08-12T08:00\")";
const char* const kDateForms = "write a local date-time as YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS";

[[noreturn]] void fail(const std::string& field, const std::string& message, const char* fix) {
  ErrorContext c;
  c.field = field;
  c.fix = fix;
  throw ConfigError(message, c);
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Inverse of days_from_civil (Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

int days_in_month(int y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

double seconds_since_epoch(const LocalDateTime& t) {
  return static_cast<double>(days_from_civil(t.year, t.month, t.day)) * kDay + t.hour * 3600.0 +
         t.minute * 60.0 + t.second;
}

// "'<text>'<rest>" built by appending (GCC 12 warns falsely on "'" + std::string(...) at -O3).
std::string quoted(std::string_view text, const char* rest) {
  std::string m = "'";
  m.append(text);
  m += "'";
  m += rest;
  return m;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Reads exactly n digits at s[pos]; false if they are not there.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

// A decimal number (digits with at most one '.') at s[pos]; false if none.
bool read_number(std::string_view s, std::size_t& pos, double& out) {
  const std::size_t begin = pos;
  bool dot = false, digit = false;
  while (pos < s.size()) {
    const char c = s[pos];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
    ++pos;
  }
  if (!digit) {
    pos = begin;
    return false;
  }
  const auto r = std::from_chars(s.data() + begin, s.data() + pos, out);
  return r.ec == std::errc() && r.ptr == s.data() + pos;
}

double parse_relative(std::string_view s, const Clock& clock, const std::string& field) {
  // s starts after the 'T'.
  if (s.empty()) return clock.landfall_s;
  const char sign = s.front();
  if (sign != '+' && sign != '-')
    fail(field, "'T' must be followed by + or - and a duration", kTimeForms);
  std::size_t pos = 1;
  double total = 0;
  int last_rank = 99;
  bool any = false;
  while (pos < s.size()) {
    double v = 0;
    if (!read_number(s, pos, v)) fail(field, "expected a number in the duration", kTimeForms);
    // Unit: d, h, min, m, s (a bare number only as "T+0").
    int rank = -1;
    double unit = 0;
    if (s.substr(pos, 3) == "min") {
      rank = 1, unit = 60.0, pos += 3;
    } else if (pos < s.size()) {
      switch (s[pos]) {
        case 'd':
          rank = 3, unit = kDay;
          break;
        case 'h':
          rank = 2, unit = 3600.0;
          break;
        case 'm':
          rank = 1, unit = 60.0;
          break;
        case 's':
          rank = 0, unit = 1.0;
          break;
        default:
          break;
      }
      if (rank >= 0) ++pos;
    }
    if (rank < 0) {
      if (pos == s.size() && !any && v == 0.0) return clock.landfall_s;
      fail(field, "a duration part needs a unit (d, h, min, m or s)", kTimeForms);
    }
    if (rank >= last_rank)
      fail(field, "duration units must appear once each, largest first", kTimeForms);
    last_rank = rank;
    total += v * unit;
    any = true;
  }
  if (!any) fail(field, "'T" + std::string(1, sign) + "' needs a duration", kTimeForms);
  return clock.landfall_s + (sign == '-' ? -total : total);
}

}  // namespace

void LocalDateTime::validate(const std::string& field) const {
  if (month < 1 || month > 12)
    fail(field, "month " + std::to_string(month) + " is not 1-12", kDateForms);
  if (day < 1 || day > days_in_month(year, month))
    fail(field, "day " + std::to_string(day) + " does not exist in that month", kDateForms);
  if (hour < 0 || hour > 23)
    fail(field, "hour " + std::to_string(hour) + " is not 0-23", kDateForms);
  if (minute < 0 || minute > 59)
    fail(field, "minute " + std::to_string(minute) + " is not 0-59", kDateForms);
  if (!(second >= 0.0 && second < 60.0)) fail(field, "seconds must be in [0, 60)", kDateForms);
}

double seconds_between(const LocalDateTime& a, const LocalDateTime& b) {
  return seconds_since_epoch(b) - seconds_since_epoch(a);
}

LocalDateTime add_seconds(const LocalDateTime& a, double seconds) {
  const double total = seconds_since_epoch(a) + seconds;
  const double days = std::floor(total / kDay);
  double rest = total - days * kDay;
  LocalDateTime r;
  civil_from_days(static_cast<std::int64_t>(days), r.year, r.month, r.day);
  r.hour = static_cast<int>(rest / 3600.0);
  rest -= r.hour * 3600.0;
  r.minute = static_cast<int>(rest / 60.0);
  r.second = rest - r.minute * 60.0;
  if (r.second < 1e-9) r.second = 0;  // keep whole minutes whole
  return r;
}

LocalDateTime parse_local_datetime(std::string_view text, const std::string& field,
                                   std::optional<int> to_offset_min) {
  const std::string_view s = trim(text);
  LocalDateTime t;
  std::size_t pos = 0;
  auto expect = [&](char c) {
    if (pos >= s.size() || s[pos] != c)
      fail(field, quoted(s, " is not a local date-time"), kDateForms);
    ++pos;
  };
  auto digits = [&](std::size_t n, int& out) {
    if (!read_digits(s, pos, n, out))
      fail(field, quoted(s, " is not a local date-time"), kDateForms);
  };
  digits(4, t.year);
  expect('-');
  digits(2, t.month);
  expect('-');
  digits(2, t.day);
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != ' '))
    fail(field, quoted(s, " has no time of day"), kDateForms);
  ++pos;
  digits(2, t.hour);
  expect(':');
  digits(2, t.minute);
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    int whole = 0;
    digits(2, whole);
    t.second = whole;
    if (pos < s.size() && s[pos] == '.') {
      const std::size_t b = pos;
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      double frac = 0;
      std::from_chars(s.data() + b, s.data() + pos, frac);
      t.second += frac;
    }
  }
  t.validate(field);
  if (pos == s.size()) return t;
  // A UTC offset.
  if (!to_offset_min)
    fail(field, quoted(s, ": no UTC offset allowed here"),
         "give the local time of the scenario clock without an offset");
  int offset = 0;
  if (s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if (s[pos] == '+' || s[pos] == '-') {
    const int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int hh = 0, mm = 0;
    digits(2, hh);
    if (pos < s.size() && s[pos] == ':') ++pos;
    if (pos < s.size()) digits(2, mm);
    if (pos != s.size() || hh > 14 || mm > 59)
      fail(field, quoted(s, " has a bad UTC offset"), "write +08:00, -0300 or Z");
    offset = sign * (hh * 60 + mm);
  } else {
    fail(field, quoted(s, " has trailing characters"), kDateForms);
  }
  return add_seconds(t, (*to_offset_min - offset) * 60.0);
}

std::string format_local_datetime(const LocalDateTime& t) {
  char buf[64];
  if (t.second == 0.0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                  t.minute, static_cast<int>(t.second));
  }
  return buf;
}

double Clock::seconds_of_day(double t_s) const {
  const double start_sod = start.hour * 3600.0 + start.minute * 60.0 + start.second;
  double s = std::fmod(start_sod + t_s, kDay);
  if (s < 0) s += kDay;
  if (s >= kDay) s -= kDay;
  return s;
}

double Clock::local_hour(double t_s) const {
  return seconds_of_day(t_s) / 3600.0;
}

int Clock::hour_index(double t_s) const {
  return std::clamp(static_cast<int>(std::floor(seconds_of_day(t_s) / 3600.0)), 0, 23);
}

double Clock::sim_time(const LocalDateTime& t) const {
  return seconds_between(start, t);
}

LocalDateTime Clock::local(double t_s) const {
  return add_seconds(start, t_s);
}

void Clock::validate(const std::string& field) const {
  start.validate(field + ".start");
  if (utc_offset_min < -14 * 60 || utc_offset_min > 14 * 60)
    fail(field + ".utc_offset", "the UTC offset must be within -14:00..+14:00", "e.g. +08:00");
  if (!std::isfinite(landfall_s))
    fail(field + ".landfall", "landfall must be a finite time", kTimeForms);
}

Clock make_clock(std::string_view start, int utc_offset_min, std::string_view landfall,
                 const std::string& field) {
  Clock c;
  c.start = parse_local_datetime(start, field + ".start", utc_offset_min);
  c.utc_offset_min = utc_offset_min;
  c.landfall_s = 0;
  const std::string_view l = trim(landfall);
  if (!l.empty() && (l.front() == 'T' || l.front() == 't'))
    fail(field + ".landfall", "landfall cannot be given relative to itself",
         "write seconds from the start or a local date-time");
  c.landfall_s = parse_time(l, c, field + ".landfall");
  c.validate(field);
  return c;
}

double parse_time(std::string_view text, const Clock& clock, const std::string& field) {
  const std::string_view s = trim(text);
  if (s.empty()) fail(field, "empty time", kTimeForms);
  if (s.front() == 'T' || s.front() == 't') return parse_relative(s.substr(1), clock, field);
  if (s.size() >= 5 && s[4] == '-' && s.front() != '-')
    return clock.sim_time(parse_local_datetime(s, field, clock.utc_offset_min));
  std::size_t pos = 0;
  bool negative = false;
  if (s.front() == '-' || s.front() == '+') {
    negative = s.front() == '-';
    pos = 1;
  }
  double v = 0;
  if (!read_number(s, pos, v)) fail(field, quoted(s, " is not a time"), kTimeForms);
  if (pos < s.size() && s[pos] == 's') ++pos;
  if (pos != s.size()) fail(field, quoted(s, " is not a time"), kTimeForms);
  return negative ? -v : v;
}

std::vector<double> daily_to_sim_times(const Clock& clock, std::span<const double> seconds_of_day,
                                       double from_s, double to_s, const std::string& field) {
  std::vector<double> out;
  const double start_sod = clock.seconds_of_day(0.0);
  for (std::size_t i = 0; i < seconds_of_day.size(); ++i) {
    const double sod = seconds_of_day[i];
    if (!(sod >= 0.0 && sod < kDay))
      fail(field + "[" + std::to_string(i) + "]", "a time of day must be in [0, 86400) s",
           "seconds after local midnight");
    // t = sod - start_sod + k * day for whole k.
    const double base = sod - start_sod;
    const double k0 = std::ceil((from_s - base) / kDay);
    for (double k = k0;; k += 1.0) {
      const double t = base + k * kDay;
      if (t > to_s) break;
      if (t >= from_s) out.push_back(t);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace floodevac::policy
