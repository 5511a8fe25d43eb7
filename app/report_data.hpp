#pragma once
// What the HTML report (viz/report) shows of a run: the headline numbers (from
// summary.json, each with its key), the maps (app/report_maps), the timeline of the
// orders, the charts (evacuees by state, sheltered by activity, exposure by hazard class,
// shelter occupancy, water level at the gauges, water volumes, mass-balance error), the
// summary text and a link to every output.
//
// The headline three, what a duty officer asks first: the most people exposed at once
// (evacuation.exposed_peak_persons), the people the water trapped (evacuation.trapped) and
// how many shelters became full (evacuation.shelters_full). A run without a flood shows
// sheltered / stranded / shelters full; one without people max depth / flooded area /
// mass-balance error.
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/evac_run.hpp"
#include "app/gauge_log.hpp"
#include "app/mass_balance_log.hpp"
#include "app/outputs.hpp"
#include "viz/report.hpp"

namespace floodevac::app {

/// Water volumes and the mass-balance error over time.
std::vector<viz::Chart> water_charts(const MassBalanceLog& mass_balance);
/// Evacuees by state, and the occupancy of the first ten shelters against their capacity.
std::vector<viz::Chart> evac_charts(const EvacRun& evac);

/// Sheltered persons by activity (the evacuation curve of each group) and persons exposed
/// by hazard class; none without a timeline.
std::vector<viz::Chart> timeline_charts(const EvacRun& evac);
/// Water level at every gauge, with its warning level dashed; none without gauges.
std::vector<viz::Chart> gauge_charts(const GaugeLog& gauges);
/// The headline numbers of summary.json (keys that are missing are left out).
std::vector<viz::Headline> headlines(const nlohmann::json& summary);

/// What the report shows beyond the summary, charts and outputs.
struct ReportExtras {
  nlohmann::json summary;                 ///< summary.json (null: no headline numbers)
  const GaugeLog* gauges = nullptr;
  std::vector<viz::MapImage> maps;
  double duration_s = std::numeric_limits<double>::quiet_NaN();  ///< the time charts' x range
};

/// The report: evacuation charts (when there is an evacuation) before the water charts;
/// every time chart spans the run, with the orders' times marked.
viz::Report run_report(const std::string& scenario_name, const std::string& summary_text,
                       const MassBalanceLog& mass_balance, const EvacRun* evac,
                       const OutputSet& outputs, const ReportExtras& extras = {});

}  // namespace floodevac::app
