#include "gis/vector/ogr_util.hpp"


#include <cctype>
#include <charconv>
#include <cmath>
#include <system_error>

#include "gis/gdal_crs.hpp"
#include "gis/geos_context.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

bool geos_centroid(const OGRGeometry& geom, double& x, double& y) {
  std::unique_ptr<OGRGeometry> flat(geom.clone());
  flat->flattenTo2D();
  std::vector<unsigned char> wkb(flat->WkbSize());
  if (flat->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso) != OGRERR_NONE) return false;
  const GEOSContextHandle_t h = geos_context().get();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(h);
  const GeosGeom g(h, GEOSWKBReader_read_r(h, reader, wkb.data(), wkb.size()));
  GEOSWKBReader_destroy_r(h, reader);
  if (!g) return false;
  const GeosGeom c(h, GEOSGetCentroid_r(h, g.get()));
  if (!c || GEOSisEmpty_r(h, c.get()) != 0) return false;
  if (GEOSGeomGetX_r(h, c.get(), &x) != 1 || GEOSGeomGetY_r(h, c.get(), &y) != 1) return false;
  return std::isfinite(x) && std::isfinite(y);
}

std::string_view trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace floodevac::gis::detail
