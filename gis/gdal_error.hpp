#pragma once
// GDAL's CPL error channel wrapped into exceptions (PDAL's gdal/ErrorHandler idea):
// while a GdalErrorScope lives, CPL errors raised on this thread are captured
// instead of printed; fail() throws an InputError that names the file and
// adds GDAL's own message.
#include <string>
#include <vector>

#include "sim/core/error.hpp"

namespace floodevac::gis {

/// Registers GDAL drivers once (thread-safe) and sets process-wide options.
void init_gdal();

class GdalErrorScope {
 public:
  explicit GdalErrorScope(std::string context);
  ~GdalErrorScope();
  GdalErrorScope(const GdalErrorScope&) = delete;
  GdalErrorScope& operator=(const GdalErrorScope&) = delete;

  /// Last CE_Failure/CE_Fatal message captured (empty if none).
  const std::string& last_error() const { return last_error_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Throws InputError("<context>: <what>: <GDAL message>. <hint>").
  [[noreturn]] void fail(const std::string& what, const std::string& hint = {}) const;

  // Called by the CPL handler.
  void record(int err_class, int err_no, const char* msg);

 private:
  std::string context_;
  std::string last_error_;
  std::vector<std::string> warnings_;
};

}  // namespace floodevac::gis
