#pragma once
// The GEOS handle of the library (GEOS C API, reentrant "_r" functions). A
// GEOS context may serve one thread at a time, so the library keeps exactly
// one per thread, made on first use (geos_context()); every GEOS call in gis/
// goes through it. Its error messages are captured for our exceptions,
// notices dropped: a library never prints.
#ifndef GEOS_USE_ONLY_R_API
#define GEOS_USE_ONLY_R_API
#endif
#include <geos_c.h>

#include <string>

namespace floodevac::gis {

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_t get() const { return h_; }
  /// The last GEOS error message, forgotten once taken ("" if none).
  std::string take_error();

 private:
  GEOSContextHandle_t h_;
  std::string last_error_;
};

/// This thread's GEOS context.
GeosContext& geos_context();

/// Owns a GEOSGeometry of a context.
class GeosGeom {
 public:
  GeosGeom(GEOSContextHandle_t h, GEOSGeometry* g) : h_(h), g_(g) {}
  ~GeosGeom() {
    if (g_ != nullptr) GEOSGeom_destroy_r(h_, g_);
  }
  GeosGeom(const GeosGeom&) = delete;
  GeosGeom& operator=(const GeosGeom&) = delete;
  GEOSGeometry* get() const { return g_; }
  explicit operator bool() const { return g_ != nullptr; }

 private:
  GEOSContextHandle_t h_;
  GEOSGeometry* g_;
};

}  // namespace floodevac::gis
