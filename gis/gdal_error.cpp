#include "gis/gdal_error.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <mutex>

namespace floodevac::gis {

namespace {

/// Warnings from every thread until drained (GDAL's worker threads, e.g. the
/// COG compressor's, raise them too).
class WarningCollector {
 public:
  void add(std::string msg) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (kept_.size() < kMaxGdalWarnings)
      kept_.push_back(std::move(msg));
    else
      ++dropped_;
  }
  std::vector<std::string> drain() {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    out.swap(kept_);
    if (dropped_ > 0)
      out.push_back("... and " + std::to_string(dropped_) + " more GDAL warnings (not kept)");
    dropped_ = 0;
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> kept_;
  std::size_t dropped_ = 0;
};

WarningCollector& collector() {
  static WarningCollector c;
  return c;
}

/// Process-wide handler (threads without a GdalErrorScope): warnings are
/// collected; errors and debug messages go to GDAL's default handler as before.
void CPL_STDCALL global_handler(CPLErr err_class, CPLErrorNum err_no, const char* msg) {
  if (err_class == CE_Warning)
    collector().add(msg ? msg : "");
  else
    CPLDefaultErrorHandler(err_class, err_no, msg);
}

void CPL_STDCALL scope_handler(CPLErr err_class, CPLErrorNum err_no, const char* msg) {
  auto* scope = static_cast<GdalErrorScope*>(CPLGetErrorHandlerUserData());
  if (scope) scope->record(static_cast<int>(err_class), static_cast<int>(err_no), msg);
}

}  // namespace

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Never touch the network from a planning run.
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none");
    CPLSetErrorHandlerEx(global_handler, nullptr);
  });
}

std::vector<std::string> drain_gdal_warnings() { return collector().drain(); }

GdalErrorScope::GdalErrorScope(std::string context) : context_(std::move(context)) {
  init_gdal();
  CPLPushErrorHandlerEx(scope_handler, this);
}

GdalErrorScope::~GdalErrorScope() { CPLPopErrorHandler(); }

void GdalErrorScope::record(int err_class, int, const char* msg) {
  const std::string text = msg ? msg : "";
  if (err_class >= CE_Failure)
    last_error_ = text;
  else if (err_class == CE_Warning)
    collector().add(context_ + ": " + text);
}

void GdalErrorScope::fail(const std::string& what, const std::string& hint) const {
  std::string m = context_ + ": " + what;
  if (!last_error_.empty()) m += " (GDAL: " + last_error_ + ")";
  if (!hint.empty()) m += ". " + hint;
  throw InputError(m);
}

}  // namespace floodevac::gis
