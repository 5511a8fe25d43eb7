#pragma once
// GDAL's CPL error channel (PDAL's gdal/ErrorHandler idea):
//  - errors: while a GdalErrorScope lives, CPL errors raised on this thread
//    are captured instead of printed; fail() throws an InputError that names
//    the file and adds GDAL's own message;
//  - warnings: collected, never printed, from every thread (inside a scope or
//    not), until the run driver takes them with drain_gdal_warnings() to log
//    and count them.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac::gis {

/// Registers GDAL drivers once (thread-safe), sets process-wide options and
/// installs the warning collector.
void init_gdal();

/// The GDAL warnings (CE_Warning) raised since the last call, oldest first,
/// and forgets them. A warning raised inside a GdalErrorScope reads
/// "<scope context>: <GDAL message>", any other the bare GDAL message. At most
/// kMaxGdalWarnings are kept between two calls; when more were raised, one
/// last entry says how many were left out. Thread-safe.
std::vector<std::string> drain_gdal_warnings();
inline constexpr std::size_t kMaxGdalWarnings = 1000;

class GdalErrorScope {
 public:
  explicit GdalErrorScope(std::string context);
  ~GdalErrorScope();
  GdalErrorScope(const GdalErrorScope&) = delete;
  GdalErrorScope& operator=(const GdalErrorScope&) = delete;

  /// Last CE_Failure/CE_Fatal message captured (empty if none).
  const std::string& last_error() const { return last_error_; }
  /// Throws InputError("<context>: <what>: <GDAL message>. <hint>").
  [[noreturn]] void fail(const std::string& what, const std::string& hint = {}) const;

  // Called by the CPL handler.
  void record(int err_class, int err_no, const char* msg);

 private:
  std::string context_;
  std::string last_error_;
};

}  // namespace floodevac::gis
