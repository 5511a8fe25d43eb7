#include "app/run.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "app/compare.hpp"
#include "app/evac_inputs.hpp"
#include "app/evac_outputs.hpp"
#include "app/evac_run.hpp"
#include "app/evac_summary.hpp"
#include "app/gauge_log.hpp"
#include "app/inputs.hpp"
#include "app/manifest.hpp"
#include "app/mass_balance_log.hpp"
#include "app/outputs.hpp"
#include "app/phase_timers.hpp"
#include "app/qgis_styles.hpp"
#include "app/report_data.hpp"
#include "app/report_maps.hpp"
#include "app/run_folder.hpp"
#include "app/scenario_errors.hpp"
#include "app/summary.hpp"
#include "app/village_plan_outputs.hpp"
#include "app/warnings.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/flood/initial_state.hpp"
#include "viz/report.hpp"

namespace floodevac::app {

namespace {

using Clock = PhaseTimers::Clock;

gis::CogOptions cog_options(const Scenario& sc, int threads) {
  gis::CogOptions cog = sc.rasters;
  cog.metadata["scenario"] = sc.name;
  cog.metadata["floodevac_version"] = version();
  cog.threads = threads;
  return cog;
}

/// Calm sea at the t = 0 boundary level where the scenario asks for it (empty: start dry).
Grid<float> initial_depth(const Scenario& sc, const FloodInputs& in, const Logger& log) {
  if (!sc.flood.initial_sea) return {};
  Grid<float> h0 = flood::initial_sea_depth(in.dem, in.config);
  double wet = 0;
  for (float h : h0.data) wet += (h > 0.0f) ? 1.0 : 0.0;
  if (wet > 0)
    log.info(fmt::format("initial sea: {:.0f} cells start under still water at the boundary level",
                         wet));
  return h0;
}

/// summary.json with "gauges" (GaugeLog::summary_json) when the scenario has gauges.
nlohmann::json with_gauges(nlohmann::json j, const GaugeLog& gauges) {
  if (!gauges.empty()) j["gauges"] = gauges.summary_json();
  return j;
}

/// When and why a run ended (manifest "ended").
nlohmann::json ended_json(double ended_s, double duration_s, bool settled) {
  return {{"t_s", ended_s},
          {"scenario_end_s", duration_s},
          {"reason", settled && ended_s < duration_s ? "all evacuees settled" : "scenario end"}};
}

/// A finished run to compare this one with (RunOptions::baseline), read before the run.
struct Baseline {
  std::optional<nlohmann::json> summary;
  std::string dir;
};

/// The summary (text and summary.json, the same numbers) and the HTML report beside it
/// (every kind of run).
/// With a baseline (`--baseline RUN_DIR`), the text and the numbers also say how this run
/// differs from it (app/compare.hpp, baseline_difference).
void write_summary_and_report(OutputSet& outputs, const Scenario& sc, std::string& text,
                              nlohmann::json numbers, const MassBalanceLog& mass_balance,
                              const EvacRun* evac, ReportExtras extras, const Baseline& baseline) {
  if (baseline.summary) {
    const auto d = baseline_difference(numbers, *baseline.summary, baseline.dir);
    text += d.text;
    numbers["baseline"] = d.json;
  }
  outputs.text("summary.txt", text, "summary", "human-readable summary", "");
  outputs.text("summary.json", numbers.dump(2) + "\n", "summary_json",
               "the headline numbers of summary.txt, machine-readable", "");
  extras.summary = numbers;
  extras.duration_s = sc.duration_s;
  outputs.text("report.html",
               viz::report_html(run_report(sc.name, text, mass_balance, evac, outputs, extras)),
               "report",
               "HTML report: headline numbers, maps, the orders' timeline, charts, links to every "
               "output",
               "");
}

/// The manifest's keys every kind of run has (inputs, outputs, timings,
/// warnings), written last and marked complete; `summary` gets the outputs.
/// The kind's own keys are set before.
void complete_manifest(Manifest& manifest, const Scenario& sc, const OutputSet& outputs,
                       PhaseTimers& timers, Clock::time_point t_total, const RunWarnings& warnings,
                       RunSummary& summary) {
  timers.add("total", PhaseTimers::seconds_since(t_total));
  manifest.set("inputs", inputs_json(input_files(sc)));
  manifest.set("outputs", outputs_json(outputs));
  manifest.set("timings_s", timers.to_json());
  manifest.set("warnings", warnings.to_json());
  manifest.complete();
  for (const auto& o : outputs.records()) summary.outputs.push_back(o.path);
  summary.manifest = manifest.file();
}

/// villages/* of a timeline run, and with `floodevac plan` the plan table.
void write_villages(OutputSet& outputs, const EvacRun& evac, bool plan_table) {
  if (!evac.inputs().plan) return;
  const policy::VillagePlan vp = evac.village_plan();
  write_village_plan_outputs(outputs, evac, vp);
  if (plan_table) write_village_plan_table(outputs, evac, vp);
}

/// An evacuation-only run (no flood model): the people on the roads until
/// everybody is accounted for or the scenario ends, then their outputs.
RunSummary run_evacuation_only(const Scenario& sc, const RunOptions& opt, OutputSet& outputs,
                               Manifest& manifest, RunWarnings& warnings, PhaseTimers& timers,
                               Clock::time_point t_total, int threads, const Baseline& baseline) {
  const Logger& log = opt.logger;
  timers.start("read_inputs");
  opt.progress.update(0.0, "reading inputs");
  const auto cancelled = [&] { return opt.cancelled && opt.cancelled(); };
  // Asked while the inputs are read and after every movement step: a
  // cancelled run stops within one.
  const Progress keep_going{[&](double, std::string_view) { return !cancelled(); }};
  const Grid<float> frame = evac_frame(sc, log, keep_going);
  EvacRun evac(sc, frame, flood::HazardParams{}, log, warnings, keep_going);
  timers.stop();

  double t = 0.0, evac_s = 0.0;
  bool settled = false;
  while (t < sc.duration_s && !settled) {
    const double t_next = std::min(sc.duration_s, t + sc.coupling_interval_s);
    const auto c0 = Clock::now();
    const bool finished = evac.advance(t_next, keep_going);
    evac_s += PhaseTimers::seconds_since(c0);
    if (!finished || cancelled())
      throw CancelledError(fmt::format("run cancelled at t = {:.0f} s", evac.time_s()));
    t = t_next;
    settled = evac.settled();
    if (!opt.progress.update(t / sc.duration_s, fmt::format("t = {:.0f} s (evacuation)", t)))
      throw CancelledError(fmt::format("run cancelled at t = {:.0f} s", t));
  }
  evac.finish();
  timers.add("evacuation", evac_s);
  const double ended_s = evac.time_s();

  timers.start("write_outputs");
  write_evac_outputs(outputs, evac);
  write_villages(outputs, evac, opt.write_plan);
  write_qgis_styles(outputs, frame.crs_wkt, sc.name);
  warnings.finish();
  RunSummary summary;
  summary.warnings = warnings.count();
  summary.text = evac_only_summary_text(sc, threads, evac, ended_s, settled, warnings);
  write_summary_and_report(outputs, sc, summary.text,
                           evac_only_summary_json(sc, threads, evac, ended_s, settled, warnings),
                           MassBalanceLog{}, &evac, {}, baseline);
  timers.stop();

  manifest.set("flood", nlohmann::json{{"model", "none"}});
  manifest.set("ended", ended_json(ended_s, sc.duration_s, settled));
  manifest.set("evacuation", evac_manifest_json(evac));
  complete_manifest(manifest, sc, outputs, timers, t_total, warnings, summary);
  return summary;
}

}  // namespace

RunSummary run_scenario(const Scenario& sc, const RunOptions& opt) {
  const auto t_total = Clock::now();
  PhaseTimers timers;
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  const int threads = omp_get_max_threads();
  const Logger& log = opt.logger;
  const auto cancelled = [&] { return opt.cancelled && opt.cancelled(); };
  // Asked while the inputs are read (between readers, and inside GDAL's reads)
  // and after every flood and movement step: a cancelled run stops within one.
  const Progress keep_going{[&](double, std::string_view) { return !cancelled(); }};
  const auto stop_if_cancelled = [&](double t_s) {
    if (cancelled()) throw CancelledError(fmt::format("run cancelled at t = {:.0f} s", t_s));
  };

  if (opt.write_plan && !sc.timeline)
    throw ConfigError("plan mode needs a timeline: the villages and their transfer orders",
                      ErrorContext{sc.sources.file().string(), 0, 0, "timeline",
                                   "add a timeline section (docs/timeline.md), or use 'run'"});
  Baseline baseline;  // refused now, before anything runs, when it is not a finished run
  if (!opt.baseline.empty()) {
    baseline.summary = read_finished_summary(opt.baseline);
    baseline.dir = opt.baseline.string();
  }
  const RunEstimate estimate = estimate_run(sc);
  check_estimate(estimate, sc, opt.limits, log);
  check_disk_space(estimate, opt.out_dir, log);
  prepare_run_folder(opt.out_dir, opt.overwrite, log);
  OutputSet outputs(opt.out_dir, cog_options(sc, threads));
  outputs.folder(sc.with_flood ? "flood" : "");  // makes the output folder
  Manifest manifest(outputs.dir() / "manifest.json", sc, opt.overrides, threads);
  manifest.write();  // "running" marks an unfinished folder from the first moment
  RunWarnings warnings(log);
  try {
    if (!sc.with_flood)
      return run_evacuation_only(sc, opt, outputs, manifest, warnings, timers, t_total, threads,
                                 baseline);
    // Inputs and the models built on them.
    timers.start("read_inputs");
    opt.progress.update(0.0, "reading inputs");
    FloodInputs in = read_flood_inputs(sc, log, keep_going);
    if (!in.channels.is_null()) manifest.set("channels", in.channels);
    const flood::HazardParams hazard = hazard_params(sc.flood);
    std::unique_ptr<EvacRun> evac;
    if (sc.evac) evac = std::make_unique<EvacRun>(sc, in.dem, hazard, log, warnings, keep_going);
    stop_if_asked(keep_going, "building the flood model");
    flood::FloodModel model = at_scenario_fields(sc.sources, flood_fields(), [&] {
      return make_flood_model(sc.flood, in.dem, in.config, initial_depth(sc, in, log));
    });
    model.set_logger(warnings.counting("flood"));
    timers.stop();
    stop_if_cancelled(0.0);

    // The run: the flood to each coupling time, then the people on the roads.
    const double threshold_m = sc.flood.config.params.inundation_threshold_m;
    GaugeLog gauges(in.gauges, in.dem.geo, threshold_m);
    gauges.record(model);
    MassBalanceLog mass_balance;
    mass_balance.record(model.mass_balance());
    const double interval = sc.output_interval_s;
    double t = 0.0;
    double next_output = interval > 0 ? interval : sc.duration_s * 2;
    double flood_s = 0.0, evac_s = 0.0, snapshot_s = 0.0;
    double evac_settled_s = -1;  // when every evacuee was accounted for (-1: never)
    std::int64_t last_steps = 0;
    while (t < sc.duration_s) {
      const double t_next = std::min(sc.duration_s, t + sc.coupling_interval_s);
      auto c0 = Clock::now();
      model.advance_to(t_next, keep_going);
      flood_s += PhaseTimers::seconds_since(c0);
      stop_if_cancelled(model.time_s());
      if (!std::isfinite(model.mass_balance().storage_m3))
        throw NumericalError(
            fmt::format("flood model: stored volume is not finite at t = {:.0f} s", t_next));
      if (evac) {
        c0 = Clock::now();
        const bool finished = evac->couple_and_advance(model, t_next, keep_going);
        evac_s += PhaseTimers::seconds_since(c0);
        if (!finished) stop_if_cancelled(t_next);
        if (evac_settled_s < 0 && evac->settled()) evac_settled_s = evac->time_s();
      }
      t = t_next;
      gauges.record(model);
      if (t >= next_output - 1e-9 || t >= sc.duration_s) {
        mass_balance.record(model.mass_balance());
        if (sc.depth_snapshots && interval > 0 && t >= next_output - 1e-9) {
          c0 = Clock::now();
          write_depth_snapshot(outputs, model.depth(), t);
          snapshot_s += PhaseTimers::seconds_since(c0);
        }
        while (next_output <= t + 1e-9) next_output += interval > 0 ? interval : 1e300;
      }
      const std::int64_t steps = model.steps_taken();
      const double dt =
          steps > last_steps ? sc.coupling_interval_s / double(steps - last_steps) : 0.0;
      last_steps = steps;
      if (!opt.progress.update(
              t / sc.duration_s,
              fmt::format("t = {:.0f} s, {} flood steps (dt {:.2f} s)", t, steps, dt)))
        throw CancelledError(fmt::format("run cancelled at t = {:.0f} s", t));
    }
    if (evac) evac->finish();
    timers.add("flood", flood_s);
    timers.add("evacuation", evac_s);
    timers.add("write_snapshots", snapshot_s);

    // Outputs, the summary and the report.
    timers.start("write_outputs");
    write_flood_maps(outputs, model, threshold_m, hazard);
    if (evac) write_evac_outputs(outputs, *evac);
    if (evac) write_villages(outputs, *evac, opt.write_plan);
    outputs.text("mass_balance.csv", mass_balance.csv(), "mass_balance",
                 "volumes every output step", "m3");
    if (!gauges.empty())
      outputs.text("flood/gauges.csv", gauges.csv(), "gauges",
                   "water level at the gauges (flood.gauges) every coupling interval", "m");
    ReportExtras extras;
    extras.gauges = &gauges;
    {
      const auto c0 = Clock::now();
      const Grid<float> max_depth = model.max_depth(), first = model.first_inundation_s();
      MapInputs mi{&model.bed(), &max_depth, &first, sc.duration_s,
                   std::numeric_limits<double>::quiet_NaN(), threshold_m, 0.0};
      if (evac) {
        if (evac->inputs().plan) mi.landfall_s = evac->inputs().clock.landfall_s;
        const auto res = evac->results();
        for (const auto& s : res.shelters)
          mi.shelter_peak_max_persons = std::max(mi.shelter_peak_max_persons, s.peak_occupancy_persons);
      }
      extras.maps = write_report_maps(outputs, mi);
      write_qgis_styles(outputs, in.dem.crs_wkt, sc.name);
      timers.add("report_maps", PhaseTimers::seconds_since(c0));
    }
    warnings.finish();
    const FloodFigures figures =
        flood_figures(model.max_depth(), threshold_m, in.dem.geo.cell_area());
    RunSummary summary;
    summary.mass_relative_error = mass_balance.worst_relative_error();
    summary.max_depth_m = figures.max_depth_m;
    summary.flooded_area_km2 = figures.flooded_area_km2;
    summary.warnings = warnings.count();
    summary.text =
        run_summary_text(sc, in.dem, threads, model, figures, mass_balance, evac.get(), warnings);
    {  // the gauges' lines before the last line (the warnings)
      const std::string last = warnings.summary_line();
      const std::size_t at = summary.text.size() >= last.size() &&
                                     summary.text.compare(summary.text.size() - last.size(), last.size(), last) == 0
                                 ? summary.text.size() - last.size()
                                 : summary.text.size();
      summary.text.insert(at, gauges.summary_text());
    }
    write_summary_and_report(
        outputs, sc, summary.text,
        with_gauges(run_summary_json(sc, in.dem, threads, model, figures, mass_balance, evac.get(), warnings),
                    gauges),
        mass_balance, evac.get(), std::move(extras), baseline);
    timers.stop();

    // The manifest, last.
    manifest.set("flood", flood_json(model, sc.flood.config.params, in.dem, figures));
    manifest.set("mass_balance", mass_balance.to_json());
    if (evac) manifest.set("evacuation", evac_manifest_json(*evac));
    if (evac && evac_settled_s >= 0) manifest.set("evacuation_settled_s", evac_settled_s);
    complete_manifest(manifest, sc, outputs, timers, t_total, warnings, summary);
    return summary;
  } catch (const std::exception& e) {
    try {
      warnings.finish();
      manifest.set("warnings", warnings.to_json());
    } catch (...) {
    }
    manifest.fail(e);
    throw;
  }
}

}  // namespace floodevac::app
