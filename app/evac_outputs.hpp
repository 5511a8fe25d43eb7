#pragma once
// The evacuation's outputs under evac/: shelters, road links, transfers and
// population units (GeoJSON), the time series (CSV), and the rasters of who
// was not yet sheltered at peak water and of the exposure.
#include "app/evac_run.hpp"
#include "app/outputs.hpp"

namespace floodevac::app {

void write_evac_outputs(OutputSet& out, const EvacRun& evac);

}  // namespace floodevac::app
