#pragma once
// The folder a run writes into: its default name from the scenario's name,
// and what is done with what an earlier run left there. A finished run is
// never overwritten silently (--overwrite clears it); the files an earlier
// run wrote (listed in its manifest, or named as floodevac names them) are
// removed before a new run so that no stale output sits unlisted next to the
// new ones; files floodevac did not write are never touched.
#include <filesystem>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app {

/// `name` as one folder name: path separators, control and shell-hostile
/// characters become '_', leading dots are dropped ("../../x" -> "_.._x",
/// "/etc" -> "_etc"), at most 100 bytes (cut between UTF-8 characters).
/// Empty when nothing usable is left.
std::string folder_name(const std::string& name);

/// runs/<folder_name(scenario.name)>; ConfigError at the name field when the
/// name gives no folder name (empty, only dots).
std::filesystem::path default_run_folder(const Scenario& scenario, const Logger& log);

/// Makes `dir` ready for a new run: removes *.partial leftovers of a killed
/// writer; where `dir/manifest.json` says a run completed, refuses
/// (ConfigError) unless `overwrite`; where a run is there (complete, failed,
/// cancelled or killed), removes its outputs. Returns the files removed.
std::vector<std::filesystem::path> prepare_run_folder(const std::filesystem::path& dir,
                                                      bool overwrite, const Logger& log);

}  // namespace floodevac::app
