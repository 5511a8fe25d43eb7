#pragma once
// Flood hazard to people, UK method FD2321:
//   HR Wallingford et al. (2006), "Flood Risks to People Phase 2",
//   Defra/Environment Agency R&D Technical Report FD2321/TR2, and the
//   Defra/EA supplementary note "Flood hazard ratings and thresholds for
//   development planning and control purpose" (May 2008).
//
//   HR = d (v + 0.5) + DF
//   d: depth (m), v: speed (m/s), DF: debris factor, 0 for d <= 0.25 m and
//   otherwise 0.5 (pasture/arable) or 1.0 (woodland, urban) per the 2008 note.
//
// Classes (FD2321/TR2 table 13.1 wording, with the 2008 note's thresholds):
//   1 low "caution"            HR < 0.75
//   2 moderate "danger for some"  0.75 <= HR <= 1.25
//   3 significant "danger for most" 1.25 < HR <= 2.0
//   4 extreme "danger for all"   HR > 2.0
// plus 0 dry (depth below dry_depth_m, our choice: the method has no dry class)
// and 255 nodata (NaN or negative depth or speed).
#include <array>
#include <cstdint>

#include "sim/core/grid.hpp"

namespace floodevac::flood {

struct HazardParams {
  double debris_factor = 1.0;     // DF above debris_depth_m: 1.0 urban/woodland, 0.5 pasture/arable
  double debris_depth_m = 0.25;   // DF = 0 at or below this depth (2008 note)
  double dry_depth_m = 0.01;      // below this depth a cell is "dry" (class 0, rating 0); project choice
};

enum class HazardClass : std::uint8_t {
  dry = 0,
  low = 1,
  moderate = 2,
  significant = 3,
  extreme = 4,
  nodata = 255
};

/// Rating of one cell; NaN if depth or speed is NaN or negative; 0 when dry.
float hazard_rating(float depth_m, float speed_ms, const HazardParams& p = {});
/// Class of one cell from its depth and rating.
HazardClass hazard_class(float depth_m, float rating, const HazardParams& p = {});

/// Per-cell rating (NaN nodata). depth and speed must have the same shape.
Grid<float> hazard_rating(const Grid<float>& depth, const Grid<float>& speed,
                          const HazardParams& p = {});
/// Per-cell class as uint8 (HazardClass values; 255 nodata).
Grid<std::uint8_t> hazard_class(const Grid<float>& depth, const Grid<float>& speed,
                                const HazardParams& p = {});

/// RGBA colour of a class for a colour table (dry and nodata transparent).
std::array<std::uint8_t, 4> hazard_class_rgba(std::uint8_t cls);
/// Short English label of a class ("low", ...; "nodata" for unknown values).
const char* hazard_class_name(std::uint8_t cls);

}  // namespace floodevac::flood
