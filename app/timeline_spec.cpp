#include "app/timeline_spec.hpp"

#include <cstdlib>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Runs `f`; a ConfigError it throws is thrown again at `pointer`'s place in the scenario,
/// keeping its message and fix.
template <class F>
decltype(auto) at(const SourceMap& sources, const std::string& pointer, F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const ConfigError& e) {
    ErrorContext c = sources.locate(pointer);
    c.fix = e.context().fix;
    throw ConfigError(e.message(), std::move(c));
  }
}

[[noreturn]] void fail(const SourceMap& sources, const std::string& pointer,
                       const std::string& message, const std::string& fix) {
  ErrorContext c = sources.locate(pointer);
  c.fix = fix;
  throw ConfigError(message, std::move(c));
}

std::string text_of(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump();  // a number: seconds from the start
}

int offset_minutes(const std::string& text) {
  // "+HH:MM" (the schema's pattern); hours 0..14, minutes 0..59.
  const int sign = text[0] == '-' ? -1 : 1;
  const int h = std::atoi(text.substr(1, 2).c_str()), m = std::atoi(text.substr(4, 2).c_str());
  if (h > 14 || m > 59) return 100000;
  return sign * (h * 60 + m);
}

}  // namespace

TimelineSpec read_timeline_spec(const json& t, const fs::path& base, const SourceMap& sources) {
  const auto path = [&](const std::string& p) {
    const fs::path q(p);
    return q.is_absolute() ? q : (base / q).lexically_normal();
  };
  TimelineSpec s;
  const json& clock = t["clock"];
  const int offset = offset_minutes(clock["utc_offset"].get<std::string>());
  if (offset == 100000)
    fail(sources, "/timeline/clock/utc_offset", "not a UTC offset",
         "write +HH:MM with hours 0..14 and minutes 0..59, e.g. +08:00");
  s.clock = at(sources, "/timeline/clock", [&] {
    return policy::make_clock(clock["start"].get<std::string>(), offset, text_of(clock["landfall"]),
                              "timeline.clock");
  });
  s.villages = path(t["villages"]["file"]);
  s.villages_layer = t["villages"]["layer"];
  if (t["villages"].contains("plan")) s.village_plan = path(t["villages"]["plan"]);
  for (std::size_t i = 0; i < t["places"].size(); ++i) {
    const json& p = t["places"][i];
    s.places.push_back({p["group"], path(p["file"]), p["layer"], "/timeline/places/" + std::to_string(i)});
  }
  if (t.contains("profile")) s.profile = path(t["profile"]);
  if (!s.places.empty() && s.profile.empty())
    fail(sources, "/timeline/places", "activity places need a daily profile",
         "add timeline.profile: the CSV of the share present at each place by hour "
         "(data/county/daily_profile.csv)");
  if (t.contains("ferries")) {
    const json& f = t["ferries"];
    s.ferries = TimelineFerrySpec{path(f["file"]), path(f["timetable"]), f["layer"], f["max_pier_snap_m"]};
  }
  for (std::size_t i = 0; i < t["orders"].size(); ++i) {
    const json& o = t["orders"][i];
    const std::string ptr = "/timeline/orders/" + std::to_string(i);
    TimelineOrderSpec order;
    order.pointer = ptr;
    order.kind = at(sources, ptr + "/kind", [&] {
      return policy::order_kind_from_name(o["kind"].get<std::string>(), "timeline.orders." + std::to_string(i) + ".kind");
    });
    order.issue_s = at(sources, ptr + "/at", [&] {
      return policy::parse_time(text_of(o["at"]), s.clock, "timeline.orders." + std::to_string(i) + ".at");
    });
    order.issue_s += t["order_shift_s"].get<double>();
    order.zones = o["zones"].get<std::vector<std::string>>();
    for (const auto& d : o["danger"])
      order.danger.push_back(policy::danger_from_name(d.get<std::string>(), "danger"));
    order.label = o["label"];
    s.orders.push_back(std::move(order));
  }
  const json& w = t["warning"];
  s.warning.broadcast_share = w["broadcast_share"];
  s.warning.broadcast_delay_s = w["broadcast_delay_s"];
  s.warning.county_delay_s = w["county_delay_s"];
  s.warning.township_delay_s = w["township_delay_s"];
  s.warning.village_delay_s = w["village_delay_s"];
  s.warning.household_spread_s = w["household_spread_s"];
  s.warning.chain_reach = w["chain_reach"];
  at(sources, "/timeline/warning", [&] { s.warning.validate("timeline.warning"); });
  const json& c = t["compliance"];
  const char* groups[] = {"home", "work", "school", "market", "outdoor", "tourist"};
  for (int a = 0; a < policy::kActivityCount; ++a)
    s.compliance.by_activity[static_cast<std::size_t>(a)] = c[groups[a]];
  s.zone_factor = c["zone_factor"].get<std::map<std::string, double>>();
  const json& r = t["returns"];
  s.returns.share = r["share"];
  s.returns.after_min_s = r["after_min_s"];
  s.returns.after_max_s = r["after_max_s"];
  at(sources, "/timeline/returns", [&] { s.returns.validate("timeline.returns"); });
  const json& e = r["enforcement"];
  if (e.is_string()) {
    const std::string word = e;
    if (word == "all") {
      s.enforce_everywhere = true;
    } else if (word != "none") {
      fail(sources, "/timeline/returns/enforcement", "'" + word + "' is not 'all', 'none' or a list",
           "write all, none, or a list of village ids, e.g. [V17, V18]");
    }
  } else {
    s.enforced_zones = e.get<std::vector<std::string>>();
  }
  s.gravity.tau_s = t["gravity_tau_s"];
  const json& m = t["margin"];
  s.margin.depth_m = m["depth_m"];
  s.margin.residents_share = m["residents_share"];
  s.margin.small_margin_s = m["small_margin_s"];
  s.margin.safety_factor = m["safety_factor"];
  at(sources, "/timeline/margin", [&] { s.margin.validate("timeline.margin"); });
  return s;
}

}  // namespace floodevac::app
