// FD2321 flood hazard rating (HR Wallingford 2006, Defra/EA FD2321/TR2;
// Defra/EA supplementary note, 2008). See hazard.hpp.
#include "sim/flood/hazard.hpp"

#include <cmath>
#include <limits>

#include "sim/core/error.hpp"

namespace floodevac::flood {

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
// Class thresholds on HR (FD2321/TR2 table 13.1; 2008 note).
constexpr double kLowBelow = 0.75;
constexpr double kModerateUpTo = 1.25;
constexpr double kSignificantUpTo = 2.0;

void check_shapes(const Grid<float>& depth, const Grid<float>& speed) {
  if (depth.rows != speed.rows || depth.cols != speed.cols || depth.data.size() != speed.data.size())
    throw InputError("hazard: depth and speed grids must have the same shape");
}
}  // namespace

float hazard_rating(float depth_m, float speed_ms, const HazardParams& p) {
  if (std::isnan(depth_m) || std::isnan(speed_ms) || depth_m < 0.0f || speed_ms < 0.0f) return kNaN;
  const double d = depth_m;
  if (d < p.dry_depth_m) return 0.0f;
  const double df = d > p.debris_depth_m ? p.debris_factor : 0.0;
  return static_cast<float>(d * (static_cast<double>(speed_ms) + 0.5) + df);
}

HazardClass hazard_class(float depth_m, float rating, const HazardParams& p) {
  if (std::isnan(depth_m) || std::isnan(rating) || depth_m < 0.0f) return HazardClass::nodata;
  if (static_cast<double>(depth_m) < p.dry_depth_m) return HazardClass::dry;
  const double hr = rating;
  if (hr < kLowBelow) return HazardClass::low;
  if (hr <= kModerateUpTo) return HazardClass::moderate;
  if (hr <= kSignificantUpTo) return HazardClass::significant;
  return HazardClass::extreme;
}

Grid<float> hazard_rating(const Grid<float>& depth, const Grid<float>& speed, const HazardParams& p) {
  check_shapes(depth, speed);
  Grid<float> out = Grid<float>::like(depth, kNaN);
  for (std::size_t i = 0; i < depth.data.size(); ++i)
    out.data[i] = hazard_rating(depth.data[i], speed.data[i], p);
  return out;
}

Grid<std::uint8_t> hazard_class(const Grid<float>& depth, const Grid<float>& speed,
                                const HazardParams& p) {
  check_shapes(depth, speed);
  Grid<std::uint8_t> out = Grid<std::uint8_t>::like(depth, 255);
  for (std::size_t i = 0; i < depth.data.size(); ++i) {
    const float hr = hazard_rating(depth.data[i], speed.data[i], p);
    out.data[i] = static_cast<std::uint8_t>(hazard_class(depth.data[i], hr, p));
  }
  return out;
}

std::array<std::uint8_t, 4> hazard_class_rgba(std::uint8_t cls) {
  // Sequential yellow-to-dark-red ramp (our choice), as on the EA hazard maps.
  switch (static_cast<HazardClass>(cls)) {
    case HazardClass::dry: return {0, 0, 0, 0};
    case HazardClass::low: return {255, 237, 160, 255};
    case HazardClass::moderate: return {254, 178, 76, 255};
    case HazardClass::significant: return {240, 59, 32, 255};
    case HazardClass::extreme: return {128, 0, 38, 255};
    default: return {0, 0, 0, 0};
  }
}

const char* hazard_class_name(std::uint8_t cls) {
  switch (static_cast<HazardClass>(cls)) {
    case HazardClass::dry: return "dry";
    case HazardClass::low: return "low";
    case HazardClass::moderate: return "moderate";
    case HazardClass::significant: return "significant";
    case HazardClass::extreme: return "extreme";
    default: return "nodata";
  }
}

}  // namespace floodevac::flood
