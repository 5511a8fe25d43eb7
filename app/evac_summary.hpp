#pragma once
// The evacuation in figures: the lines of summary.txt and the manifest's
// "evacuation" section.
#include <nlohmann/json.hpp>
#include <string>

#include "app/evac_run.hpp"

namespace floodevac::app {

std::string evac_summary_text(const EvacRun& evac);
nlohmann::json evac_manifest_json(const EvacRun& evac);

}  // namespace floodevac::app
