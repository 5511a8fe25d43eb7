#pragma once
// What the relief-supply checks (app/supply_run.hpp) add to a run, under supplies/:
//   shelters.geojson   per shelter and check: occupancy, reachable (a depot within its
//                      limit), the travel time from its depot; checks it failed occupied
//   reachability.csv   per check, shelter and depot: the travel time and whether it is
//                      within the depot's limit
// and the summary's "supplies" object and line.
#include <nlohmann/json.hpp>
#include <string>

#include "app/evac_run.hpp"
#include "app/outputs.hpp"

namespace floodevac::app {

/// Writes the two files; nothing without a `supplies` section.
void write_supply_outputs(OutputSet& out, const EvacRun& evac);

/// summary.json "supplies" (null without a `supplies` section): depots, check times,
/// unreachable_shelters (occupied and unreachable at one check or more),
/// max_unreachable_at_once, max_unreachable_persons, first_unreachable_s, the stock and
/// how many days it lasts the most persons sheltered at a check, and every check.
nlohmann::json supply_summary_json(const EvacRun& evac);
/// The summary's supplies line ("" without a `supplies` section).
std::string supply_summary_text(const EvacRun& evac);

/// Column suffix of a check: "t097200s" (s from the start, as flood/depth_tNNNNNNs.tif).
std::string supply_check_tag(double t_s);

}  // namespace floodevac::app
