#pragma once
// The core never prints: it is handed a Logger and a Progress callback
// (RoutingKit's log_message idea, GDAL's progress-function shape).
#include <functional>
#include <string>
#include <string_view>

namespace floodevac {

enum class LogLevel { debug, info, warn, error };

struct Logger {
  std::function<void(LogLevel, std::string_view)> sink;  // may be empty: silent
  void log(LogLevel level, std::string_view msg) const {
    if (sink) sink(level, msg);
  }
  void debug(std::string_view m) const { log(LogLevel::debug, m); }
  void info(std::string_view m) const { log(LogLevel::info, m); }
  void warn(std::string_view m) const { log(LogLevel::warn, m); }
};

/// Progress callback: fraction in [0,1] and a short message. Returning false
/// asks the caller to stop (as GDALProgressFunc returning 0).
struct Progress {
  std::function<bool(double fraction, std::string_view msg)> fn;  // may be empty
  bool update(double fraction, std::string_view msg) const { return fn ? fn(fraction, msg) : true; }
};

}  // namespace floodevac
