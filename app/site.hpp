#pragma once
// `floodevac site` (issue 14): where the next shelters should go. Reads a finished run of the
// scenario (or runs it), takes car travel times on the network as flooded at a time or the
// worst over a window (the run's depth snapshots), drops the candidates that flood (the
// run's max depth at the site above a threshold), chooses up to k new sites (sim/siting:
// MIP with CBC up to a size, the Lagrangian heuristic above, always with the gap to a lower
// bound), writes the sites with their catchments and loads, the objective before / after,
// the transfer routes between shelters, and re-simulates the scenario with the new sites.
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "app/scenario.hpp"
#include "sim/core/log.hpp"
#include "sim/siting/siting.hpp"

namespace floodevac::app {

struct SiteOptions {
  std::filesystem::path scenario_file;
  std::vector<std::string> overrides;  // --set, for every run
  std::filesystem::path candidates;
  std::filesystem::path out_dir;
  std::filesystem::path before_run;  // a finished run of the scenario; empty: run it into out/before
  std::int32_t k = 5;
  double budget = std::numeric_limits<double>::infinity();
  siting::Objective objective = siting::Objective::median;
  double cover_time_s = 900;
  double at_s = -1;                  // travel times as flooded at this time (s); -1: window
  double window_from_s = -1, window_to_s = -1;  // worst over [from, to]; -1: [0, landfall or end]
  double max_site_depth_m = 0.3;     // a candidate whose max depth is above this is excluded
  double close_depth_m = 0.3;        // roads close to cars at this depth (as in the queue model)
  double max_snap_m = 300;           // candidates farther from a road node are excluded
  siting::SolveOptions solve;
  std::size_t backups = 3;           // transfer routes per shelter
  bool resimulate = true;
  int threads = 0;
  Logger logger;
  Progress progress;
  std::function<bool()> cancelled;
};

struct SiteSummary {
  std::string text;  // printed by the command
  siting::SolveResult result;
};

SiteSummary site_shelters(const SiteOptions& options);

}  // namespace floodevac::app
