#include "app/run.hpp"

#include <omp.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/atomic_file.hpp"
#include "app/evac_run.hpp"
#include "app/sha256.hpp"
#include "gis/crs.hpp"
#include "gis/raster/raster_io.hpp"
#include "gis/raster/walls.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "sim/flood/flood_model.hpp"
#include "sim/flood/hazard.hpp"
#include "sim/flood/initial_state.hpp"
#include "viz/report.hpp"

namespace floodevac::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Per-phase wall clock, reported in the manifest (SERGHEI/OSRM-style timers).
class PhaseTimers {
 public:
  void start(const std::string& name) {
    name_ = name;
    t0_ = Clock::now();
  }
  void stop() {
    seconds_[name_] += std::chrono::duration<double>(Clock::now() - t0_).count();
  }
  void add(const std::string& name, double s) { seconds_[name] += s; }
  json to_json() const {
    json j = json::object();
    for (const auto& [k, v] : seconds_) j[k] = v;
    return j;
  }

 private:
  std::string name_;
  Clock::time_point t0_;
  std::map<std::string, double> seconds_;
};

struct OutputRecord {
  fs::path path;
  std::string kind, description, unit;
};

json mass_balance_json(const flood::MassBalance& mb) {
  return json{{"time_s", mb.time_s},
              {"storage_m3", mb.storage_m3},
              {"initial_storage_m3", mb.initial_storage_m3},
              {"rain_m3", mb.rain_m3},
              {"inflow_m3", mb.inflow_m3},
              {"boundary_in_m3", mb.boundary_in_m3},
              {"boundary_out_m3", mb.boundary_out_m3},
              {"losses_m3", mb.losses_m3},
              {"relative_error", mb.relative_error()}};
}

/// Colour table of the hazard classes 0..4; 255 (nodata) transparent.
std::vector<std::array<std::uint8_t, 4>> hazard_colour_table() {
  std::vector<std::array<std::uint8_t, 4>> t(256, {0, 0, 0, 0});
  for (std::uint8_t c = 0; c <= 4; ++c) t[c] = flood::hazard_class_rgba(c);
  return t;
}

}  // namespace

RunSummary run_scenario(const Scenario& sc, const RunOptions& opt) {
  const auto t_total = Clock::now();
  PhaseTimers timers;
  if (opt.threads > 0) omp_set_num_threads(opt.threads);
  const int threads = omp_get_max_threads();
  const Logger& log = opt.logger;

  const fs::path out = opt.out_dir;
  std::error_code ec;
  fs::create_directories(out / "flood", ec);
  if (ec) throw InputError(out.string() + ": cannot create the output folder: " + ec.message());
  const fs::path manifest_path = out / "manifest.json";

  json manifest;
  manifest["tool"] = "floodevac";
  manifest["version"] = version();
  manifest["status"] = "running";
  manifest["started_utc"] = utc_now();
  manifest["scenario_file"] = fs::absolute(sc.file).string();
  manifest["overrides"] = opt.overrides;
  manifest["scenario"] = sc.resolved;
  manifest["threads"] = threads;
  manifest["seed"] = sc.seed;
  // A manifest that says "running" marks an unfinished folder from the first moment.
  write_text_atomic(manifest_path, manifest.dump(2) + "\n");
  try {

  std::vector<OutputRecord> outputs;
  std::vector<fs::path> inputs;

  // ---------------------------------------------------------------- inputs
  timers.start("read_inputs");
  opt.progress.update(0.0, "reading inputs");
  std::string target_crs;
  if (!sc.crs.empty()) target_crs = gis::crs_wkt_from_user(sc.crs);
  Grid<float> dem = gis::read_dem(sc.flood.dem, sc.crs, sc.flood.resolution_m);
  inputs.push_back(sc.flood.dem);
  log.info(fmt::format("DEM {}: {} x {} cells of {:.2f} m, CRS {}", sc.flood.dem.string(), dem.cols, dem.rows,
                       dem.geo.dx, gis::crs_describe(dem.crs_wkt)));

  flood::Roughness manning = flood::Roughness::uniform(sc.flood.manning.constant, "flood.manning.constant");
  if (!sc.flood.manning.raster.empty()) {
    manning = flood::Roughness::per_cell(
        gis::read_raster_onto(sc.flood.manning.raster, dem, gis::Resampling::bilinear),
        sc.flood.manning.raster.string());
    inputs.push_back(sc.flood.manning.raster);
  } else if (!sc.flood.manning.landcover.empty()) {
    const auto classes = gis::read_raster_onto(sc.flood.manning.landcover, dem, gis::Resampling::nearest);
    manning = flood::Roughness::per_cell(
        gis::manning_from_landcover(classes, sc.flood.manning.table, sc.flood.manning.default_n,
                                    sc.flood.manning.landcover.string()),
        sc.flood.manning.landcover.string());
    inputs.push_back(sc.flood.manning.landcover);
  }

  flood::FloodConfig cfg = sc.flood.config;
  if (sc.flood.walls) {
    const auto wb = gis::burn_walls(dem, sc.flood.walls->file, sc.flood.walls->crest_field, sc.flood.walls->layer);
    cfg.wall_mask = wb.mask;
    inputs.push_back(sc.flood.walls->file);
    log.info(fmt::format("walls: {} features burned into {} cells", wb.features, wb.cells));
  }
  for (const auto& [t, file] : sc.flood.rain_grids) {
    cfg.rain.frame_t_s.push_back(t);
    cfg.rain.frames_mm_h.push_back(gis::read_raster_onto(file, dem, gis::Resampling::bilinear));
    inputs.push_back(file);
  }

  std::unique_ptr<EvacRun> evac;
  if (sc.evac) evac = std::make_unique<EvacRun>(sc, dem, log, inputs);
  timers.stop();

  // ---------------------------------------------------------------- run
  Grid<float> initial_depth;
  if (sc.flood.initial_sea) {
    initial_depth = flood::initial_sea_depth(dem, cfg);
    double wet = 0;
    for (float h : initial_depth.data) wet += (h > 0.0f) ? 1.0 : 0.0;
    if (wet > 0) log.info(fmt::format("initial sea: {:.0f} cells start under still water at the boundary level", wet));
  }
  flood::FloodModel model(dem, std::move(manning), cfg, initial_depth);
  model.set_logger(log);
  const double dx = dem.geo.dx;
  const float debris = static_cast<float>(sc.flood.debris_factor);
  json mb_records = json::array();
  std::string mb_csv =
      "time_s,storage_m3,rain_m3,inflow_m3,boundary_in_m3,boundary_out_m3,losses_m3,relative_error\n";
  auto record_mass_balance = [&] {
    const auto& mb = model.mass_balance();
    mb_records.push_back(mass_balance_json(mb));
    mb_csv += fmt::format("{:.1f},{:.6e},{:.6e},{:.6e},{:.6e},{:.6e},{:.6e},{:.3e}\n", mb.time_s, mb.storage_m3,
                          mb.rain_m3, mb.inflow_m3, mb.boundary_in_m3, mb.boundary_out_m3, mb.losses_m3,
                          mb.relative_error());
  };
  gis::CogOptions cog;
  cog.compression = sc.compression;
  cog.metadata["scenario"] = sc.name;
  cog.metadata["floodevac_version"] = version();
  cog.threads = threads;

  record_mass_balance();
  double t = 0.0;
  double next_output = sc.output_interval_s > 0 ? sc.output_interval_s : sc.duration_s * 2;
  double worst_mass_error = 0.0;
  double flood_s = 0.0, evac_s = 0.0, snapshot_s = 0.0;
  std::int64_t last_steps = 0;
  while (t < sc.duration_s) {
    const double t_next = std::min(sc.duration_s, t + sc.coupling_interval_s);
    auto c0 = Clock::now();
    model.advance_to(t_next);
    flood_s += std::chrono::duration<double>(Clock::now() - c0).count();
    if (!std::isfinite(model.mass_balance().storage_m3))
      throw NumericalError(fmt::format("flood model: stored volume is not finite at t = {:.0f} s", t_next));
    if (evac) {
      c0 = Clock::now();
      evac->couple_and_advance(model, t_next, debris);
      evac_s += std::chrono::duration<double>(Clock::now() - c0).count();
    }
    t = t_next;
    if (t >= next_output - 1e-9 || t >= sc.duration_s) {
      record_mass_balance();
      worst_mass_error = std::max(worst_mass_error, std::abs(model.mass_balance().relative_error()));
      if (sc.depth_snapshots && sc.output_interval_s > 0 && t >= next_output - 1e-9) {
        c0 = Clock::now();
        const fs::path p = out / "flood" / fmt::format("depth_t{:06d}s.tif", static_cast<long long>(std::llround(t)));
        gis::CogOptions o = cog;
        o.description = fmt::format("water depth at t = {:.0f} s", t);
        o.unit = "m";
        gis::write_cog(model.depth(), p, o);
        outputs.push_back({p, "depth_snapshot", o.description, "m"});
        snapshot_s += std::chrono::duration<double>(Clock::now() - c0).count();
      }
      while (next_output <= t + 1e-9) next_output += sc.output_interval_s > 0 ? sc.output_interval_s : 1e300;
    }
    const std::int64_t steps = model.steps_taken();
    const bool go_on = opt.progress.update(
        t / sc.duration_s, fmt::format("t = {:.0f} s, {} flood steps (dt {:.2f} s)", t, steps,
                                       steps > last_steps ? sc.coupling_interval_s / double(steps - last_steps) : 0.0));
    last_steps = steps;
    if (!go_on) throw CancelledError(fmt::format("run cancelled at t = {:.0f} s", t));
  }
  timers.add("flood", flood_s);
  timers.add("evacuation", evac_s);
  timers.add("write_snapshots", snapshot_s);

  // ---------------------------------------------------------------- outputs
  timers.start("write_outputs");
  const auto max_depth = model.max_depth();
  const auto max_speed = model.max_speed();
  auto write_float = [&](const Grid<float>& g, const std::string& name, const std::string& desc, const std::string& unit,
                         const std::string& kind) {
    const fs::path p = out / "flood" / name;
    gis::CogOptions o = cog;
    o.description = desc;
    o.unit = unit;
    gis::write_cog(g, p, o);
    outputs.push_back({p, kind, desc, unit});
  };
  write_float(max_depth, "max_depth.tif", "maximum water depth", "m", "max_depth");
  write_float(max_speed, "max_speed.tif", "maximum flow speed", "m/s", "max_speed");
  write_float(model.first_inundation_s(), "first_inundation_s.tif",
              fmt::format("time depth first exceeded {:.2f} m, s from scenario start",
                          cfg.params.inundation_threshold_m),
              "s", "first_inundation");
  {
    flood::HazardParams hp;
    hp.debris_factor = debris;
    const auto hc = flood::hazard_class(max_depth, max_speed, hp);
    const fs::path p = out / "flood" / "hazard_class.tif";
    gis::CogOptions o = cog;
    o.description = "FD2321 hazard class from max depth and max speed: 0 dry, 1 low, 2 moderate, 3 significant, 4 extreme";
    o.unit = "class";
    gis::write_cog_byte(hc, p, o, hazard_colour_table());
    outputs.push_back({p, "hazard_class", o.description, "class"});
  }
  if (evac)
    evac->write_outputs(out, cog, [&](const fs::path& p, const std::string& k, const std::string& d,
                                      const std::string& u) { outputs.push_back({p, k, d, u}); });
  write_text_atomic(out / "mass_balance.csv", mb_csv);
  outputs.push_back({out / "mass_balance.csv", "mass_balance", "volumes every output step", "m3"});

  // statistics for the summary
  double hmax = 0.0;
  std::int64_t flooded = 0;
  for (float v : max_depth.data) {
    if (!std::isfinite(v)) continue;
    hmax = std::max(hmax, static_cast<double>(v));
    if (v >= cfg.params.inundation_threshold_m) ++flooded;
  }
  RunSummary summary;
  summary.mass_relative_error = worst_mass_error;
  summary.max_depth_m = hmax;
  summary.flooded_area_km2 = static_cast<double>(flooded) * dem.geo.cell_area() / 1e6;
  const auto& mb = model.mass_balance();
  std::ostringstream txt;
  txt << fmt::format("floodevac {} — scenario '{}'\n", version(), sc.name);
  if (!sc.description.empty()) txt << sc.description << "\n";
  txt << fmt::format("simulated {:.0f} s ({:.1f} h) on {} x {} cells of {:.1f} m with {} threads\n", sc.duration_s,
                     sc.duration_s / 3600.0, dem.cols, dem.rows, dx, threads);
  txt << fmt::format("flood: {} steps; max depth {:.2f} m; {:.3f} km2 deeper than {:.2f} m\n", model.steps_taken(),
                     hmax, summary.flooded_area_km2, cfg.params.inundation_threshold_m);
  txt << fmt::format("water: rain {:.0f} m3, inflow {:.0f} m3, boundary in {:.0f} m3 / out {:.0f} m3, losses {:.0f} m3, "
                     "stored {:.0f} m3\n",
                     mb.rain_m3, mb.inflow_m3, mb.boundary_in_m3, mb.boundary_out_m3, mb.losses_m3, mb.storage_m3);
  txt << fmt::format("mass balance: worst relative error {:.2e} over {} records\n", worst_mass_error,
                     mb_records.size());
  if (evac) txt << evac->summary_text();
  summary.text = txt.str();
  write_text_atomic(out / "summary.txt", summary.text);
  outputs.push_back({out / "summary.txt", "summary", "human-readable summary", ""});
  {
    // The HTML report: summary, charts, links (viz/report.hpp).
    viz::Report rep;
    rep.title = "floodevac run: " + sc.name;
    rep.summary = summary.text;
    viz::Chart water{"Water volumes (cumulative, m3)", "hours from scenario start", "m3", {}, {}};
    viz::Series st{"stored", "#1f77b4", {}}, rn{"rain", "#2ca02c", {}}, inf{"river inflow", "#17becf", {}},
        bin{"boundary in", "#ff7f0e", {}}, bout{"boundary out", "#d62728", {}, true};
    viz::Chart err{"Mass balance: relative error", "hours from scenario start", "relative error", {}, {}};
    viz::Series re{"relative error", "#7f7f7f", {}};
    for (const auto& r : mb_records) {
      const double h = r["time_s"].get<double>() / 3600.0;
      water.x.push_back(h);
      err.x.push_back(h);
      st.y.push_back(r["storage_m3"]);
      rn.y.push_back(r["rain_m3"]);
      inf.y.push_back(r["inflow_m3"]);
      bin.y.push_back(r["boundary_in_m3"]);
      bout.y.push_back(r["boundary_out_m3"]);
      re.y.push_back(r["relative_error"]);
    }
    water.series = {st, rn, inf, bin, bout};
    err.series = {re};
    if (evac) rep.charts = evac->charts();
    rep.charts.push_back(water);
    rep.charts.push_back(err);
    for (const auto& o : outputs)
      rep.outputs.push_back({fs::relative(o.path, out).string(), o.description + (o.unit.empty() ? "" : " (" + o.unit + ")")});
    write_text_atomic(out / "report.html", viz::report_html(rep));
    outputs.push_back({out / "report.html", "report", "HTML report: summary, charts, links to every output", ""});
  }
  timers.stop();

  // ---------------------------------------------------------------- manifest
  timers.add("total", std::chrono::duration<double>(Clock::now() - t_total).count());
  json in = json::array();
  for (const auto& p : inputs) {
    std::error_code e2;
    in.push_back({{"path", fs::absolute(p).string()},
                  {"bytes", static_cast<std::int64_t>(fs::file_size(p, e2))},
                  {"sha256", sha256_file(p)}});
  }
  json outs = json::array();
  for (const auto& o : outputs) {
    summary.outputs.push_back(o.path);
    outs.push_back({{"path", fs::relative(o.path, out).string()},
                    {"kind", o.kind},
                    {"description", o.description},
                    {"unit", o.unit}});
  }
  manifest["status"] = "complete";
  manifest["finished_utc"] = utc_now();
  manifest["inputs"] = in;
  manifest["outputs"] = outs;
  manifest["timings_s"] = timers.to_json();
  manifest["flood"] = {{"steps", model.steps_taken()},
                       {"rows", dem.rows},
                       {"cols", dem.cols},
                       {"cell_size_m", dx},
                       {"crs", gis::crs_describe(dem.crs_wkt)},
                       {"max_depth_m", hmax},
                       {"flooded_area_km2", summary.flooded_area_km2}};
  manifest["mass_balance"] = {{"worst_relative_error", worst_mass_error}, {"records", mb_records}};
  if (evac) manifest["evacuation"] = evac->manifest_json();
  write_text_atomic(manifest_path, manifest.dump(2) + "\n");
  summary.manifest = manifest_path;
  return summary;
  } catch (const std::exception& e) {
    // Leave a manifest that says what happened; never one that says "complete".
    manifest["status"] = dynamic_cast<const CancelledError*>(&e) ? "cancelled" : "failed";
    manifest["error"] = e.what();
    manifest["finished_utc"] = utc_now();
    try {
      write_text_atomic(manifest_path, manifest.dump(2) + "\n");
    } catch (...) {
    }
    throw;
  }
}

}  // namespace floodevac::app
