#pragma once
// What a timeline run adds to its outputs (issue 12 §4), under timeline/:
//   orders.csv              per order: issue time, persons it applied to, reached, complied,
//                           moved, legs, ferry departures cut, share reached by the end
//   islands.csv             per island (岛自为战): villages, residents, tourists, shelter
//                           places, shortfall, the last ferry from / to it, ferry figures
//   people_by_activity.csv  per sample time, activity and state: persons not travelling
//                           (at home, at their place, elsewhere) and the queue model's states
//   exposed_by_class.csv    per sampled coupling: persons exposed by hazard class and by
//                           activity group, not travelling and travelling (policy::count_exposed)
// and the numbers the summary gives of it (timeline_summary_json / _text).
#include <nlohmann/json.hpp>
#include <string>

#include "app/evac_run.hpp"
#include "app/outputs.hpp"

namespace floodevac::app {

/// Writes the four files; nothing when the run has no timeline.
void write_timeline_outputs(OutputSet& out, const EvacRun& evac);

/// summary.json "timeline" (null without a timeline): orders, islands, ferries.
nlohmann::json timeline_summary_json(const EvacRun& evac);
/// The summary's timeline lines, from timeline_summary_json ("" without a timeline).
std::string timeline_summary_text(const EvacRun& evac);

}  // namespace floodevac::app
