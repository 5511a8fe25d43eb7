#pragma once
// 一村一策, a plan per village (issue 13 §1; docs/village_plan.md): what a timeline run
// writes of every village (policy::village_plan), under villages/:
//   plan.csv        per village: residents, people to transfer, the order time, the shelters
//                   planned and used (persons, share of the capacity), the times 90 % and
//                   100 % were sheltered, the water arrival, completion, margin and flag,
//                   people left behind and exposed, the measured transfer duration and the
//                   latest safe order time
//   plan.geojson    the same on the village polygons (margin_s null when there is none)
//   routes.geojson  per village and shelter, the edges its groups took (MultiLineString)
// and with `floodevac plan` (RunOptions::write_plan) plan/plan.csv: the recommended
// assignment as a table timeline.villages.plan reads back (id, shelters, plan_places, ...).
#include <nlohmann/json.hpp>
#include <string>

#include "app/evac_run.hpp"
#include "app/outputs.hpp"
#include "sim/policy/village_plan.hpp"

namespace floodevac::app {

/// Writes villages/*; nothing when the run has no timeline.
void write_village_plan_outputs(OutputSet& out, const EvacRun& evac, const policy::VillagePlan& plan);

/// The plan table (plan/plan.csv): one row per village, in village order. Columns: id, name,
/// shelters (ids by persons taken in, most first; the village's plan when nobody was taken
/// in), plan_places (persons taken in there, rounded up; empty: the plan's own), persons
/// per shelter, the main route (road feature ids), ordered, transfer duration, water
/// arrival, safety factor, latest safe order time, slack (latest - ordered), flag, margin.
std::string village_plan_table_csv(const EvacRun& evac, const policy::VillagePlan& plan);
/// Writes plan/plan.csv (nothing without a timeline).
void write_village_plan_table(OutputSet& out, const EvacRun& evac, const policy::VillagePlan& plan);

/// summary.json "villages" (null without a timeline): count, negative_margin,
/// small_margin, ok, dry, no_transfer, empty, left_behind, exposed_at_water,
/// worst_margin_s, worst_village, depth_m, small_margin_s, safety_factor.
nlohmann::json village_summary_json(const EvacRun& evac);
/// The summary's villages line ("" without a timeline).
std::string village_summary_text(const EvacRun& evac);

}  // namespace floodevac::app
