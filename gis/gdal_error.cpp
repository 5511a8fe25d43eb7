#include "gis/gdal_error.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

#include <mutex>

namespace floodevac::gis {

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Never touch the network from a planning run.
    CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "1");
    CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", "none");
  });
}

namespace {
void CPL_STDCALL scope_handler(CPLErr err_class, CPLErrorNum err_no, const char* msg) {
  auto* scope = static_cast<GdalErrorScope*>(CPLGetErrorHandlerUserData());
  if (scope) scope->record(static_cast<int>(err_class), static_cast<int>(err_no), msg);
}
}  // namespace

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
    warnings_.push_back(text);
}

void GdalErrorScope::fail(const std::string& what, const std::string& hint) const {
  std::string m = context_ + ": " + what;
  if (!last_error_.empty()) m += " (GDAL: " + last_error_ + ")";
  if (!hint.empty()) m += ". " + hint;
  throw InputError(m);
}

}  // namespace floodevac::gis
