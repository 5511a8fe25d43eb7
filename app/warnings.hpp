#pragma once
// The warnings of a run, from wherever they arise: the road reader's report,
// snapping, the network check, the flood and movement models' logs, GDAL.
// Each is logged at warn level (a reader's list: the first few, then how many
// more) and counted; the manifest lists them ("warnings": {"count",
// "by_source", "first"}) and the summary says how many there were.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gis/vector/places.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/log.hpp"

namespace floodevac::app {

class RunWarnings {
 public:
  static constexpr std::size_t kLoggedPerSource = 10;  // messages logged per source, then a count
  static constexpr std::size_t kKept = 50;             // messages kept for the manifest

  explicit RunWarnings(Logger log);
  RunWarnings(const RunWarnings&) = delete;
  RunWarnings& operator=(const RunWarnings&) = delete;

  /// One warning of `source`, logged as "source: message" unless
  /// kLoggedPerSource of that source were already.
  void add(const std::string& source, const std::string& message);
  /// `count` warnings of `source`, of which `messages` are the first few (a
  /// reader that keeps only some); logs them and how many more there were.
  void add_counted(const std::string& source, std::int64_t count,
                   const std::vector<std::string>& messages);
  /// A logger for a library that logs its own warnings: passes every message
  /// to the run's logger and counts the warn-level ones as warnings of `source`.
  Logger counting(const std::string& source);

  /// What gis/ found in the road data, and population units out of reach of the roads.
  void add_road_report(const gis::RoadReport& report);
  void add_snap_report(const gis::SnapReport& report, double population_max_snap_m);
  /// Collects what the libraries kept (GDAL's warnings) and logs how many of
  /// each source were not shown; before the summary and the manifest (once;
  /// later calls do nothing).
  void finish();

  std::int64_t count() const;
  std::map<std::string, std::int64_t> by_source() const;
  /// {"count": N, "by_source": {...}, "first": ["source: message", ...]}
  nlohmann::json to_json() const;
  /// "warnings: N (roads 3, snapping 2); listed in manifest.json", or "" when there were none.
  std::string summary_line() const;

 private:
  void record(const std::string& source, const std::string& text, std::int64_t count, bool log_it);

  Logger log_;
  mutable std::mutex mutex_;  // library loggers may call from any thread
  std::map<std::string, std::int64_t> count_, logged_;
  std::vector<std::string> first_;
  bool finished_ = false;
};

}  // namespace floodevac::app
