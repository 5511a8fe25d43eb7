#pragma once
// The evacuation in figures: the lines of summary.txt and the manifest's
// "evacuation" section.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/evac_run.hpp"

namespace floodevac::app {

std::string evac_summary_text(const EvacRun& evac);
/// The headline numbers of the evacuation (summary.json "evacuation"); evac_summary_text
/// writes the same numbers. Times in s from the start (null: not reached).
nlohmann::json evac_summary_json(const EvacRun& evac);
/// "HH:MM" of a time in s from the scenario start ("--:--" when not finite).
std::string clock_hhmm(double t_s);
/// Edge ids joined by sep.
std::string link_ids(const std::vector<graph::EdgeId>& edges, const std::string& sep);
/// The distinct source ids (road feature / OSM way) of the edges, in edge order, joined by sep.
std::string source_ids(const graph::RoadGraph& g, const std::vector<graph::EdgeId>& edges,
                       const std::string& sep);
nlohmann::json evac_manifest_json(const EvacRun& evac);

}  // namespace floodevac::app
