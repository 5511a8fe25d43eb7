#include "gis/geos_context.hpp"

#include <utility>

namespace floodevac::gis {

namespace {
void capture_message(const char* msg, void* userdata) {
  if (userdata != nullptr && msg != nullptr) *static_cast<std::string*>(userdata) = msg;
}
}  // namespace

GeosContext::GeosContext() : h_(GEOS_init_r()) {
  GEOSContext_setErrorMessageHandler_r(h_, capture_message, &last_error_);
  GEOSContext_setNoticeMessageHandler_r(h_, nullptr, nullptr);
}

GeosContext::~GeosContext() { GEOS_finish_r(h_); }

std::string GeosContext::take_error() { return std::exchange(last_error_, {}); }

GeosContext& geos_context() {
  thread_local GeosContext ctx;
  return ctx;
}

}  // namespace floodevac::gis
