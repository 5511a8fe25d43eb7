#pragma once
// Checks across the values of a loaded scenario that the schema cannot
// state: bounds that depend on each other and on what the model does with
// them. Each error names the field at its line and column and why.
#include "app/scenario.hpp"

namespace floodevac::app {

/// flood.solver.h_dry_m: at most kMaxDryDepthM and below the inundation
/// threshold; two boundaries on one side must not overlap (the later would
/// replace the earlier on the shared faces). ConfigError otherwise.
void check_scenario(const Scenario& scenario);

/// A face shallower than h_dry_m carries no flow (Bates et al. 2010,
/// LISFLOOD-FP's depth threshold, 1 mm by default); above some centimetres
/// the threshold holds rain where it falls and keeps the sea and the inflows
/// from spreading onto dry land.
inline constexpr double kMaxDryDepthM = 0.05;

}  // namespace floodevac::app
