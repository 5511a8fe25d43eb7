#include "gis/raster/landcover.hpp"

#include <cmath>
#include <limits>

#include "gis/raster/raster_common.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

using raster_detail::num;

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
}  // namespace

Grid<float> manning_from_landcover(const Grid<float>& classes,
                                   const std::map<int, double>& n_by_class, double default_n,
                                   const std::string& source_name) {
  classes.validate(source_name + " (land-cover classes)");
  for (const auto& [cls, n] : n_by_class)
    if (!(n > 0.0) || !std::isfinite(n))
      throw ConfigError(source_name + ": Manning's n for land-cover class " + std::to_string(cls) +
                        " is " + num(n) +
                        "; it must be a positive number in s m^-1/3 (typically 0.01 to 0.2)");
  const bool use_default = default_n > 0.0 && std::isfinite(default_n);

  Grid<float> out = Grid<float>::like(classes, kNaN);
  std::map<int, std::size_t> missing;
  std::size_t non_integer = 0;
  float example_bad = 0.0f;
  // Land cover is spatially coherent: remember the last class looked up.
  int last_cls = 0;
  float last_n = kNaN;
  bool have_last = false;
  for (std::size_t i = 0; i < classes.data.size(); ++i) {
    const float v = classes.data[i];
    if (std::isnan(v)) continue;
    const double r = std::nearbyint(static_cast<double>(v));
    if (std::fabs(static_cast<double>(v) - r) > 1e-3 || std::fabs(r) > 2.0e9) {
      if (non_integer++ == 0) example_bad = v;
      continue;
    }
    const int cls = static_cast<int>(r);
    if (have_last && cls == last_cls) {
      out.data[i] = last_n;
      continue;
    }
    float n = kNaN;
    if (auto it = n_by_class.find(cls); it != n_by_class.end())
      n = static_cast<float>(it->second);
    else if (use_default)
      n = static_cast<float>(default_n);
    else {
      ++missing[cls];
      continue;
    }
    out.data[i] = n;
    last_cls = cls;
    last_n = n;
    have_last = true;
  }
  if (non_integer > 0)
    throw InputError(source_name + ": " + std::to_string(non_integer) +
                     " cells hold non-integer land-cover values (e.g. " + num(example_bad) +
                     "); land-cover classes must be integer codes: resample the land cover with "
                     "nearest or mode, "
                     "never bilinear or average");
  if (!missing.empty()) {
    std::string list;
    for (const auto& [cls, count] : missing) {
      if (!list.empty()) list += ", ";
      list +=
          std::to_string(cls) + " (" + std::to_string(count) + (count == 1 ? " cell)" : " cells)");
    }
    throw InputError(source_name + ": land-cover classes without a Manning's n: " + list +
                     "; add them to the Manning table (n by class) or set a default n > 0");
  }
  return out;
}

}  // namespace floodevac::gis
