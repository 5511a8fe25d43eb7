#pragma once
// `floodevac compare RUN_A RUN_B ...` (issue 13 §3): the headline numbers of finished
// runs side by side — exposure by hazard class, sheltered, trapped, clearance, shelters
// full, villages with a negative margin, supply failures — with each run's difference
// against the first. Read from every run's summary.json; a run whose manifest.json does
// not say "complete" is refused. Written as a terminal table, CSV and a self-contained
// HTML page (no scripts, opens offline).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace floodevac::app {

/// One headline number of every run (nullopt: the run's summary has no such value).
struct CompareRow {
  std::string key;    // its path in summary.json ("evacuation.trapped")
  std::string label;  // what it is
  std::string unit;   // of the values ("persons", "s", ...)
  int worse = 0;      // +1: more is worse, -1: more is better, 0: neither
  std::vector<std::optional<double>> values;  // per run
};

struct CompareTable {
  std::vector<std::string> runs;       // the folders as given
  std::vector<std::string> scenarios;  // summary.json "scenario" of each
  std::vector<CompareRow> rows;
};

/// Reads the runs. Throws InputError naming the folder: no manifest.json, a status other
/// than "complete" (with the status and the reason a failed run gives), no summary.json
/// or one that is not JSON. Fewer than one run is an InputError too.
CompareTable compare_runs(const std::vector<std::filesystem::path>& runs);

/// The table for a terminal: a column per run and, from the second on, its difference
/// against the first ("—" where a value is missing).
std::string compare_text(const CompareTable& table);
/// key,label,unit, the value of each run, then run_i-run_1 for the others (empty cells:
/// missing), values as in summary.json.
std::string compare_csv(const CompareTable& table);
/// The same table as a self-contained HTML page.
std::string compare_html(const CompareTable& table);

/// The summary.json of a finished run: InputError naming the folder as compare_runs does
/// (no manifest, not complete, no or bad summary.json).
nlohmann::json read_finished_summary(const std::filesystem::path& run);

/// `floodevac run --baseline RUN_DIR` (issue 12: "the summary says how many more"): this
/// run's headline numbers against those of a finished baseline run, by the rows of the
/// compare table. `json` holds every row both runs have ({key, label, unit, this, baseline,
/// difference}); `text` one line per row whose value differs ("baseline: ... N more").
struct BaselineDifference {
  nlohmann::json json;
  std::string text;
};
BaselineDifference baseline_difference(const nlohmann::json& now, const nlohmann::json& baseline,
                                       const std::string& baseline_dir);

}  // namespace floodevac::app
