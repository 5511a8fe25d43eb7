// The timeline clock: time forms, local hours, daily timetables.
#include <gtest/gtest.h>

#include "sim/core/error.hpp"
#include "sim/policy/clock.hpp"

namespace floodevac::policy {
namespace {

Clock county_clock() {
  // The README's suggestion: start 2026-08-11 20:00 CST, landfall a day later.
  return make_clock("2026-08-11T20:00", 480, "2026-08-12T20:00");
}

TEST(Clock, MakeClockFindsLandfall) {
  const Clock c = county_clock();
  EXPECT_DOUBLE_EQ(c.landfall_s, 86400.0);
  EXPECT_EQ(c.start.hour, 20);
  const Clock s = make_clock("2026-08-11T20:00", 480, "3600");
  EXPECT_DOUBLE_EQ(s.landfall_s, 3600.0);
  EXPECT_THROW(make_clock("2026-08-11T20:00", 480, "T+1h"), ConfigError);
}

TEST(Clock, ParseTimeForms) {
  const Clock c = county_clock();
  EXPECT_DOUBLE_EQ(parse_time("3600", c, "f"), 3600.0);
  EXPECT_DOUBLE_EQ(parse_time(" 5400.5s ", c, "f"), 5400.5);
  EXPECT_DOUBLE_EQ(parse_time("-600", c, "f"), -600.0);
  EXPECT_DOUBLE_EQ(parse_time("T", c, "f"), 86400.0);
  EXPECT_DOUBLE_EQ(parse_time("T+0", c, "f"), 86400.0);
  EXPECT_DOUBLE_EQ(parse_time("T-24h", c, "f"), 0.0);
  EXPECT_DOUBLE_EQ(parse_time("T+30min", c, "f"), 86400.0 + 1800.0);
  EXPECT_DOUBLE_EQ(parse_time("T-1h30m", c, "f"), 86400.0 - 5400.0);
  EXPECT_DOUBLE_EQ(parse_time("T-1.5h", c, "f"), 86400.0 - 5400.0);
  EXPECT_DOUBLE_EQ(parse_time("T+2h15m30s", c, "f"), 86400.0 + 8130.0);
  EXPECT_DOUBLE_EQ(parse_time("T+1d", c, "f"), 2 * 86400.0);
  EXPECT_DOUBLE_EQ(parse_time("T+90s", c, "f"), 86490.0);
  // Local date-times: 08:00 the next morning is 12 h after the 20:00 start.
  EXPECT_DOUBLE_EQ(parse_time("2026-08-12T08:00", c, "f"), 12 * 3600.0);
  EXPECT_DOUBLE_EQ(parse_time("2026-08-12 08:00:30", c, "f"), 12 * 3600.0 + 30.0);
  EXPECT_DOUBLE_EQ(parse_time("2026-08-11T19:00", c, "f"), -3600.0);
  // An offset is converted to the clock's: 00:00 UTC is 08:00 CST.
  EXPECT_DOUBLE_EQ(parse_time("2026-08-12T00:00Z", c, "f"), 12 * 3600.0);
  EXPECT_DOUBLE_EQ(parse_time("2026-08-12T08:00+08:00", c, "f"), 12 * 3600.0);
  // Across a month end.
  const Clock m = make_clock("2026-08-31T23:00", 480, "2026-09-01T01:00");
  EXPECT_DOUBLE_EQ(m.landfall_s, 7200.0);
}

TEST(Clock, ParseTimeErrorsNameTheField) {
  const Clock c = county_clock();
  for (const char* bad :
       {"", "T-", "T24h", "T+1x", "T+30m1h", "T+1h1h", "abc", "12:00", "2026-08-12",
        "2026-02-30T08:00", "2026-08-12T24:00", "3600 s", "2026-08-12T08:00+99:00"}) {
    try {
      parse_time(bad, c, "orders[3].time");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.context().field, "orders[3].time") << bad;
      EXPECT_FALSE(e.context().fix.empty()) << bad;
    }
  }
}

TEST(Clock, LocalHours) {
  const Clock c = county_clock();
  EXPECT_DOUBLE_EQ(c.local_hour(0.0), 20.0);
  EXPECT_EQ(c.hour_index(4 * 3600.0), 0);         // midnight
  EXPECT_EQ(c.hour_index(14 * 3600.0 - 1.0), 9);  // 09:59:59
  EXPECT_EQ(c.hour_index(14 * 3600.0), 10);       // 10:00
  EXPECT_DOUBLE_EQ(c.seconds_of_day(-3600.0), 19 * 3600.0);
  EXPECT_EQ(format_local_datetime(c.local(12 * 3600.0)), "2026-08-12T08:00");
  EXPECT_EQ(format_local_datetime(c.local(30 * 3600.0)), "2026-08-13T02:00");
}

TEST(Clock, DailyTimetableOnTheSimulation) {
  const Clock c = county_clock();
  // 06:30 and 18:30 every day, over 42 h from 20:00: 06:30 (t = 10.5 h), 18:30 (22.5 h),
  // 06:30 (34.5 h).
  const double sod[] = {18.5 * 3600.0, 6.5 * 3600.0};
  const auto t = daily_to_sim_times(c, sod, 0.0, 42 * 3600.0, "ferry");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_DOUBLE_EQ(t[0], 10.5 * 3600.0);
  EXPECT_DOUBLE_EQ(t[1], 22.5 * 3600.0);
  EXPECT_DOUBLE_EQ(t[2], 34.5 * 3600.0);
  const double bad[] = {86400.0};
  EXPECT_THROW(daily_to_sim_times(c, bad, 0.0, 1.0, "ferry"), ConfigError);
}

}  // namespace
}  // namespace floodevac::policy
