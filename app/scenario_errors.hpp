#pragma once
// Errors about a value the scenario gave, thrown by sim/ (a validate() or a
// model constructor) with the name of the struct member it rejected, thrown
// again at that value's line and column in the scenario file.
//
// Each call into a library names the table of its members: the member an
// error means is its context's field when the library set one, else the
// first member of the table its message names as a word ("evacuation config:
// step_s must be > 0" names step_s; "inflows[2] 'river': ..." names inflow 2).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/source_map.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

/// A struct member as errors name it, and the scenario field (JSON pointer) it
/// comes from. A member ending in "[#]" is a list: "#" in the pointer takes
/// the index, and a ".member" after the index is appended as "/member".
struct FieldSource {
  std::string member;
  std::string pointer;
};
using FieldSources = std::vector<FieldSource>;

/// flood::FloodParams, the boundaries, inflows, breaches, rain and roughness the flood model
/// checks.
const FieldSources& flood_fields();
/// evac::SimConfig (the movement model).
const FieldSources& movement_fields();
/// evac::MobilisationCurve and evac::make_trips (the demand).
const FieldSources& demand_fields();

/// The scenario pointer of the member `error` names, if it names one of `fields`.
std::optional<std::string> named_field(const Error& error, const FieldSources& fields);

/// The context to throw `error` again with, located in the scenario; none when
/// it already names a file or names none of `fields`.
std::optional<ErrorContext> scenario_context(const Error& error, const SourceMap& sources,
                                             const FieldSources& fields);

/// Runs `call`; an InputError or ConfigError it throws about one of `fields`
/// is thrown again, of the same type, at that field's place in the scenario.
template <class F>
decltype(auto) at_scenario_fields(const SourceMap& sources, const FieldSources& fields, F&& call) {
  try {
    return std::forward<F>(call)();
  } catch (const ConfigError& e) {
    if (auto c = scenario_context(e, sources, fields))
      throw ConfigError(e.message(), std::move(*c));
    throw;
  } catch (const InputError& e) {
    if (auto c = scenario_context(e, sources, fields)) throw InputError(e.message(), std::move(*c));
    throw;
  }
}

}  // namespace floodevac::app
