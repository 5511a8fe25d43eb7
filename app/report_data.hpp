#pragma once
// What the HTML report (viz/report) shows of a run: the summary, the charts
// (evacuees by state, shelter occupancy, water volumes, mass-balance error)
// and a link to every output.
#include <string>
#include <vector>

#include "app/evac_run.hpp"
#include "app/mass_balance_log.hpp"
#include "app/outputs.hpp"
#include "viz/report.hpp"

namespace floodevac::app {

/// Water volumes and the mass-balance error over time.
std::vector<viz::Chart> water_charts(const MassBalanceLog& mass_balance);
/// Evacuees by state, and the occupancy of the first ten shelters against their capacity.
std::vector<viz::Chart> evac_charts(const EvacRun& evac);

/// The report: evacuation charts (when there is an evacuation) before the water charts.
viz::Report run_report(const std::string& scenario_name, const std::string& summary_text,
                       const MassBalanceLog& mass_balance, const EvacRun* evac,
                       const OutputSet& outputs);

}  // namespace floodevac::app
