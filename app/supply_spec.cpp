#include "app/supply_spec.hpp"

#include <string>
#include <utility>

#include "sim/core/error.hpp"
#include "sim/evac/supplies.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

[[noreturn]] void fail(const SourceMap& sources, const std::string& pointer,
                       const std::string& message, const std::string& fix) {
  ErrorContext c = sources.locate(pointer);
  c.fix = fix;
  throw ConfigError(message, std::move(c));
}

double time_of(const json& v, const SourceMap& sources, const std::string& pointer,
               const std::optional<policy::Clock>& clock) {
  if (v.is_number()) return v.get<double>();
  if (!clock)
    fail(sources, pointer, "'" + v.get<std::string>() + "' needs the timeline's clock",
         "give seconds from the start (a number), or add a timeline with a clock");
  try {
    return policy::parse_time(v.get<std::string>(), *clock, "supplies");
  } catch (const ConfigError& e) {
    ErrorContext c = sources.locate(pointer);
    c.fix = e.context().fix;
    throw ConfigError(e.message(), std::move(c));
  }
}

}  // namespace

SupplySpec read_supply_spec(const json& j, const fs::path& base, const SourceMap& sources,
                            const std::optional<policy::Clock>& clock, double duration_s) {
  SupplySpec s;
  const fs::path f(j["depots"]["file"].get<std::string>());
  s.depots = f.is_absolute() ? f : (base / f).lexically_normal();
  s.layer = j["depots"]["layer"];
  s.max_snap_m = j["depots"]["max_snap_m"];
  s.limits_s = j["limits_s"].get<std::map<std::string, double>>();
  if (s.limits_s.empty())
    fail(sources, "/supplies/limits_s", "no delivery limits",
         "give the longest delivery time of every depot level, e.g. {county: 21600, city: 28800}");
  std::vector<double> times;
  for (std::size_t i = 0; i < j["times"].size(); ++i)
    times.push_back(
        time_of(j["times"][i], sources, "/supplies/times/" + std::to_string(i), clock));
  const double from = j.contains("from") ? time_of(j["from"], sources, "/supplies/from", clock)
                      : clock            ? clock->landfall_s
                                         : 0.0;
  s.times_s = evac::supply_check_times(times, from, j["every_s"], duration_s, "supplies.every_s");
  // A shortened run (--set time.duration_s=...) may end before the first check: then
  // there is none, and the summary says so.
  return s;
}

}  // namespace floodevac::app
