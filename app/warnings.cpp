#include "app/warnings.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "gis/gdal_error.hpp"

namespace floodevac::app {

RunWarnings::RunWarnings(Logger log) : log_(std::move(log)) {}

void RunWarnings::record(const std::string& source, const std::string& text, std::int64_t count,
                         bool log_it) {
  bool show = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    count_[source] += count;
    if (first_.size() < kKept) first_.push_back(text);
    if (log_it && logged_[source] < static_cast<std::int64_t>(kLoggedPerSource)) {
      ++logged_[source];
      show = true;
    }
  }
  if (show) log_.warn(text);
}

void RunWarnings::add(const std::string& source, const std::string& message) {
  record(source, source + ": " + message, 1, true);
}

void RunWarnings::add_counted(const std::string& source, std::int64_t count,
                              const std::vector<std::string>& messages) {
  if (count <= 0) return;
  const std::int64_t listed =
      std::min<std::int64_t>(count, static_cast<std::int64_t>(messages.size()));
  for (std::int64_t i = 0; i < listed; ++i) add(source, messages[static_cast<std::size_t>(i)]);
  if (count > listed)
    record(source, fmt::format("{}: {} more not listed by the reader", source, count - listed),
           count - listed, false);
}

Logger RunWarnings::counting(const std::string& source) {
  return Logger{[this, source](LogLevel level, std::string_view msg) {
    if (level == LogLevel::warn) record(source, std::string(msg), 1, false);
    log_.log(level, msg);
  }};
}

void RunWarnings::add_road_report(const gis::RoadReport& r) {
  // RoadReport keeps the first kMaxWarnings messages; attribute_warnings counts all unparseable
  // values.
  const std::int64_t count =
      std::max(static_cast<std::int64_t>(r.warnings.size()), r.attribute_warnings);
  std::vector<std::string> messages;
  add_counted("roads", count, r.warnings);
}

void RunWarnings::add_snap_report(const gis::SnapReport& r, double population_max_snap_m) {
  std::vector<std::string> messages;
  for (const auto& id : r.unsnapped_examples)
    messages.push_back(
        fmt::format("population unit '{}' is more than {:.0f} m from the road network and cannot "
                    "evacuate by road",
                    id, population_max_snap_m));
  add_counted("snapping", static_cast<std::int64_t>(r.population_unsnapped), messages);
}

void RunWarnings::finish() {
  if (finished_) return;
  finished_ = true;
  // The one place GDAL's warnings (collected by gis/gdal_error from every thread) join the run's.
  for (const auto& m : gis::drain_gdal_warnings()) add("gdal", m);
  std::map<std::string, std::int64_t> unshown;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [source, logged] : logged_)
      if (count_[source] > logged) unshown[source] = count_[source] - logged;
  }
  for (const auto& [source, n] : unshown)
    log_.warn(
        fmt::format("{}: {} more warnings not shown (all counted in manifest.json)", source, n));
}

std::int64_t RunWarnings::count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t n = 0;
  for (const auto& [source, c] : count_) n += c;
  return n;
}

std::map<std::string, std::int64_t> RunWarnings::by_source() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

nlohmann::json RunWarnings::to_json() const {
  const auto by = by_source();
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t n = 0;
  for (const auto& [source, c] : by) n += c;
  return {{"count", n}, {"by_source", by}, {"first", first_}};
}

std::string RunWarnings::summary_line() const {
  const auto by = by_source();
  std::int64_t n = 0;
  std::string parts;
  for (const auto& [source, c] : by) {
    n += c;
    parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", source, c);
  }
  if (n == 0) return "";
  return fmt::format("warnings: {} ({}); listed in manifest.json\n", n, parts);
}

}  // namespace floodevac::app
