#include "gis/extent.hpp"

#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gis/crs.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/vector_layer.hpp"

namespace floodevac::gis {

void Extent::add(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return;
  xmin = std::min(xmin, x);
  ymin = std::min(ymin, y);
  xmax = std::max(xmax, x);
  ymax = std::max(ymax, y);
}

bool Extent::intersects(const Extent& o) const {
  return !empty() && !o.empty() && xmin <= o.xmax && o.xmin <= xmax && ymin <= o.ymax && o.ymin <= ymax;
}

std::string Extent::describe() const {
  if (empty()) return "nothing";
  char buf[160];
  std::snprintf(buf, sizeof buf, "x %.0f .. %.0f, y %.0f .. %.0f", xmin, xmax, ymin, ymax);
  return buf;
}

Extent vector_extent(const std::filesystem::path& file, const std::string& layer, const std::string& target_wkt,
                     const std::string& what) {
  auto L = detail::open_vector_layer(file, layer, what);
  OGREnvelope env;
  Extent e;
  if (L.layer->GetFeatureCount(TRUE) == 0 || L.layer->GetExtent(&env, TRUE) != OGRERR_NONE) return e;
  const std::string src = wkt_of(L.layer->GetSpatialRef());
  std::optional<CoordTransform> ct;
  if (!src.empty() && !target_wkt.empty()) ct = detail::transform_to_target(src, target_wkt, L.context);
  const double xs[3] = {env.MinX, 0.5 * (env.MinX + env.MaxX), env.MaxX};
  const double ys[3] = {env.MinY, 0.5 * (env.MinY + env.MaxY), env.MaxY};
  for (double x0 : xs)
    for (double y0 : ys) {
      double x = x0, y = y0;
      if (ct) ct->transform_point(x, y);
      e.add(x, y);
    }
  return e;
}

}  // namespace floodevac::gis
