// floodevac — the thin command line: options → Scenario/RunOptions → library call.
// Built as libfloodevac_cli.so, which the `floodevac` launcher loads.
// Exit codes: 0 success; 1 the run failed (numerical breakdown, or an output
// that cannot be written); 2 bad input (the scenario, an input file, the
// command line); 3 internal error; 130 interrupted.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/atomic_file.hpp"
#include "app/compare.hpp"
#include "app/input_checks.hpp"
#include "app/omp_wait.hpp"
#include "app/outputs.hpp"
#include "app/run.hpp"
#include "app/run_folder.hpp"
#include "app/scenario.hpp"
#include "app/sweep/sweep_run.hpp"
#include "app/view.hpp"
#include "app/view_server.hpp"
#include "app/site.hpp"
#include "gis/vector/roads.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"

namespace {

// The first Ctrl-C / SIGTERM asks the run to stop (it does within a flood or
// movement step, or while the inputs are read: inside GDAL's reads and
// between the readers, leaving the manifest "cancelled"); a second one ends the
// process at once: the manifest then still says "running", never "complete".
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_sigint(int) {
  if (g_interrupted.exchange(true)) {
    constexpr char msg[] = "\nfloodevac: interrupted again, stopping now (outputs incomplete)\n";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    _exit(130);
  }
  constexpr char msg[] =
      "\nfloodevac: stopping (press Ctrl-C again to stop at once)\n";
  (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
}

floodevac::Logger make_logger(std::shared_ptr<spdlog::logger> lg) {
  return floodevac::Logger{[lg](floodevac::LogLevel level, std::string_view msg) {
    switch (level) {
      case floodevac::LogLevel::debug:
        lg->debug("{}", msg);
        break;
      case floodevac::LogLevel::info:
        lg->info("{}", msg);
        break;
      case floodevac::LogLevel::warn:
        lg->warn("{}", msg);
        break;
      case floodevac::LogLevel::error:
        lg->error("{}", msg);
        break;
    }
  }};
}

/// A bar on a terminal, a line every 10 % otherwise, nothing with "none".
floodevac::Progress make_progress(const std::string& mode) {
  const bool tty = isatty(STDERR_FILENO) != 0;
  const std::string m = mode == "auto" ? (tty ? "bar" : "plain") : mode;
  if (m == "none")
    return floodevac::Progress{[](double, std::string_view) { return !g_interrupted.load(); }};
  if (m == "bar") {
    return floodevac::Progress{[](double f, std::string_view msg) {
      const int width = 30;
      const int filled = static_cast<int>(f * width + 0.5);
      std::fprintf(stderr, "\r[%-*s] %3d%% %-60.60s", width,
                   std::string(static_cast<std::size_t>(filled), '#').c_str(),
                   static_cast<int>(f * 100 + 0.5), std::string(msg).c_str());
      if (f >= 1.0) std::fprintf(stderr, "\n");
      std::fflush(stderr);
      return !g_interrupted.load();
    }};
  }
  auto last = std::make_shared<int>(-1);
  return floodevac::Progress{[last](double f, std::string_view msg) {
    const int decile = static_cast<int>(f * 10 + 1e-9);
    if (decile != *last) {
      *last = decile;
      std::fprintf(stderr, "progress %3d%%  %s\n", decile * 10, std::string(msg).c_str());
      std::fflush(stderr);
    }
    return !g_interrupted.load();
  }};
}

/// "file:line:column: field: message (fix)" with the parts the error knows;
/// what() for an error that carries no context.
std::string diagnostic(const floodevac::Error& e) {
  const auto& c = e.context();
  if (c.file.empty() && c.field.empty()) return e.what();
  std::string s;
  if (!c.file.empty()) {
    s = c.file;
    if (c.line > 0)
      s += ":" + std::to_string(c.line) + (c.column > 0 ? ":" + std::to_string(c.column) : "");
    s += ": ";
  }
  if (!c.field.empty()) s += c.field + ": ";
  s += e.message();
  if (!c.fix.empty()) s += " (" + c.fix + ")";
  return s;
}

}  // namespace

// Called by the launcher (app/launcher.cpp) once the OpenMP wait policy is set.
extern "C" __attribute__((visibility("default"))) int floodevac_main(int argc, char** argv) {
  CLI::App app{
      "floodevac — typhoon and flood evacuation planning.\n"
      "Couples a parallel raster flood model (rain, storm surge/tide, river inflow, sea-wall "
      "breaches) with\n"
      "population movement on a road network to shelters. Writes GeoTIFF (COG) rasters, RFC 7946 "
      "GeoJSON,\n"
      "CSV time series, summary.txt and manifest.json.\n",
      "floodevac"};
  app.require_subcommand(1);
  app.fallthrough();  // global options (--log-level) also after the subcommand
  app.set_version_flag("--version", std::string("floodevac ") + floodevac::version() +
                                        "\nOpenMP waiting threads: " +
                                        floodevac::app::omp_wait_description());
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "Log verbosity: debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();

  // run
  auto* run =
      app.add_subcommand("run", "Run a scenario: flood model and (if configured) evacuation");
  std::string scenario_file, out_dir, progress_mode = "auto";
  int threads = 0;
  std::vector<std::string> overrides;
  run->add_option("scenario", scenario_file,
                  "Scenario file (.yaml or .json); paths inside are relative to it")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("-o,--out", out_dir,
                  "Output folder (created if missing); default: runs/<scenario name>");
  run->add_option("-j,--threads", threads,
                  "OpenMP threads at most (0 = all cores); the flood step runs on fewer when that is "
                  "faster at the moment (a busy machine). Results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  run->add_option("--set", overrides,
                  "Override a scenario field, e.g. --set flood.manning.constant=0.04 --set "
                  "time.duration_s=7200 "
                  "(dotted path; array items by index: flood.breaches.0.start_s=3600)");
  run->add_option("--progress", progress_mode,
                  "Progress display: auto (bar on a terminal, lines otherwise), bar, plain, none")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}))
      ->capture_default_str();
  bool overwrite = false;
  run->add_flag("--overwrite", overwrite,
                "Replace a finished run found in the output folder (its listed outputs are "
                "removed first; other files are left alone). Without it such a folder is refused");
  std::string baseline_dir;
  run->add_option("--baseline", baseline_dir,
                  "A finished run to compare this one with, e.g. runs/default for a variant: "
                  "summary.txt and summary.json then say how many more or fewer people were "
                  "exposed, sheltered, trapped ... (the rows of 'compare'). Checked before the run")
      ->check(CLI::ExistingDirectory);

  std::string max_memory;
  run->add_option("--max-memory", max_memory,
                  "Refuse a run whose estimated memory is above this, e.g. 16G, 512M (default: 80 % "
                  "of the physical memory)");
  double max_steps = floodevac::app::RunLimits{}.max_steps;
  run->add_option("--max-steps", max_steps,
                  "Refuse a run needing more flood, coupling or movement steps than this (at least "
                  "duration / max_dt_s, duration / coupling_interval_s)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  // plan: a run, then the recommended 一村一策 assignment per village (docs/village_plan.md)
  auto* plan = app.add_subcommand(
      "plan",
      "Run a scenario with a timeline and write the recommended per-village plan (一村一策): "
      "DIR/plan/plan.csv with, per village, the shelters and places its people were taken in by, "
      "the main route, the measured transfer duration and the latest safe order time = water "
      "arrival - timeline.margin.safety_factor (default 1.5) x that duration. The table feeds "
      "back as timeline.villages.plan. DIR also holds the whole run (villages/plan.csv: margins)");
  plan->add_option("scenario", scenario_file, "Scenario file with a timeline (.yaml or .json)")
      ->required()
      ->check(CLI::ExistingFile);
  plan->add_option("-o,--out", out_dir,
                   "Output folder (created if missing); the plan goes to DIR/plan/. Default: "
                   "runs/<scenario name>");
  plan->add_option("-j,--threads", threads, "OpenMP threads as in 'run'")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  plan->add_option("--set", overrides, "Override a scenario field as in 'run'");
  plan->add_option("--progress", progress_mode, "Progress display as in 'run'")
      ->check(CLI::IsMember({"auto", "bar", "plain", "none"}))
      ->capture_default_str();
  plan->add_flag("--overwrite", overwrite, "Replace a finished run in the output folder, as in 'run'");

  // sweep
  auto* sweep = app.add_subcommand(
      "sweep",
      "Run a batch of scenario members (grid, list, Monte Carlo or Latin hypercube design of "
      "scenario paths), resumable; writes summary.csv, ensemble maps and report.html. Under "
      "mpirun/srun the members are spread over the ranks (docs/sweeps.md)");
  floodevac::app::sweep::SweepOptions sweep_opt;
  std::string sweep_file, sweep_out;
  sweep->add_option("sweep", sweep_file, "Sweep file (.yaml): base, parameters, design")
      ->required()
      ->check(CLI::ExistingFile);
  sweep->add_option("-o,--out", sweep_out, "Sweep folder; default: runs/<sweep name>");
  sweep->add_option("--set", sweep_opt.sets,
                    "Override a scenario field of every member, as in 'run' (e.g. --set "
                    "time.duration_s=7200 for a quick look)");
  sweep->add_option("--limit", sweep_opt.limit, "Run only the first N members of the design")
      ->check(CLI::NonNegativeNumber);
  sweep->add_option("--jobs", sweep_opt.jobs,
                    "Members at once on this process (0 = chosen: the cores and the memory "
                    "allow; 1 under MPI)")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  sweep->add_option("-j,--threads", sweep_opt.threads,
                    "OpenMP threads per member (0 = cores / jobs). Results do not depend on it")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  sweep->add_flag("--restart", sweep_opt.restart,
                  "Clear the sweep folder (members, ensemble, summary) and start again; "
                  "without it a rerun resumes, and a folder of another sweep is refused");
  sweep->add_flag("--retry-failed", sweep_opt.retry_failed,
                  "Run again the members an earlier run recorded as failed (by default a resume "
                  "keeps their failure and runs only the members not yet run, cancelled or killed)");

  // validate
  auto* validate = app.add_subcommand(
      "validate", "Check a scenario against the schema and report every problem; runs nothing");
  std::string validate_file;
  std::vector<std::string> validate_overrides;
  validate->add_option("scenario", validate_file, "Scenario file (.yaml or .json)")->required();
  validate->add_option("--set", validate_overrides, "Override a field as in 'run'");

  // compare
  auto* compare = app.add_subcommand(
      "compare",
      "Compare finished runs side by side: exposure by hazard class, sheltered, trapped, "
      "clearance, shelters full, villages with negative margin, supply failures, with the "
      "differences against the first run (read from each run's summary.json; a run whose "
      "manifest.json is not 'complete' is refused)");
  std::vector<std::string> compare_dirs;
  std::string compare_out;
  compare->add_option("runs", compare_dirs, "Output folders of finished runs (the first is the base)")
      ->required();
  compare->add_option("-o,--out", compare_out,
                      "Also write compare.csv and compare.html (self-contained) into this folder");
  compare->footer(
      "Example: floodevac compare runs/default runs/default_late_orders -o runs/compare");

  // road defaults
  auto* road_defaults = app.add_subcommand("road-defaults",
                                           "Print the table of lanes, free speed and capacity used "
                                           "per OSM highway class when a road has no tags");

  // schema
  auto* schema = app.add_subcommand(
      "schema", "Print the scenario JSON Schema (every field with description, unit and default)");

  // view
  auto* view = app.add_subcommand(
      "view",
      "Write the interactive map of a finished run into RUN_DIR/viewer/ (index.html opens from "
      "disk, offline): water over time, roads, shelters, villages, moving people; "
      "docs/viewer.md");
  std::string view_dir;
  bool view_serve = false;
  int view_port = 8765;
  view->add_option("run_dir", view_dir, "Folder of a finished run (its manifest.json says complete)")
      ->required()
      ->check(CLI::ExistingDirectory);
  view->add_flag("--serve", view_serve,
                 "Then serve the viewer folder on http://127.0.0.1:PORT/ until Ctrl-C (loads "
                 "faster than file:// for larger runs; only that folder is served)");
  view->add_option("--port", view_port, "Port for --serve (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  // site
  auto* site = app.add_subcommand(
      "site",
      "Choose up to N new shelter sites from candidates (excluding those that flood), with the gap to a "
      "lower bound; write their catchments, the objective before/after, the transfer routes, and "
      "re-simulate the scenario with them (docs/siting.md)");
  floodevac::app::SiteOptions site_opt;
  std::string site_objective = "median", site_method = "auto", site_out, site_window;
  std::string site_scenario, site_candidates, site_run;
  site->add_option("scenario", site_scenario, "Scenario file (.yaml or .json)")->required()->check(CLI::ExistingFile);
  site->add_option("--candidates", site_candidates,
                   "Candidate sites: points or polygons with capacity (persons), optional cost and kind")
      ->required()
      ->check(CLI::ExistingFile);
  site->add_option("-k", site_opt.k, "New sites to choose (at most)")->check(CLI::Range(0, 100000))->capture_default_str();
  site->add_option("-o,--out", site_out, "Output folder; default: runs/<scenario name>-site");
  site->add_option("--budget", site_opt.budget, "Sum of the chosen candidates' cost at most this (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  site->add_option("--objective", site_objective,
                   "median: total person-time; coverage: persons within --cover-min; maxtime: the longest trip")
      ->check(CLI::IsMember({"median", "coverage", "maxtime"}))
      ->capture_default_str();
  double cover_min = 15;
  site->add_option("--cover-min", cover_min, "coverage: the radius in minutes of travel")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  site->add_option("--run", site_run,
                   "A finished run folder of the scenario to take the flood from; default: run it into OUT/before");
  site->add_option("--at", site_opt.at_s, "Travel times as flooded at this time (s from the start; the last depth "
                                          "snapshot at or before it)");
  site->add_option("--window", site_window,
                   "FROM:TO (s): the worst flooding over the window; default: the start to landfall (timeline) or "
                   "to the end");
  site->add_option("--max-site-depth", site_opt.max_site_depth_m,
                   "Exclude candidates where the run's max depth is above this (m)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  site->add_option("--method", site_method,
                   "auto: the CBC MIP up to --mip-max-arcs arcs, the Lagrangian heuristic above; mip; heuristic")
      ->check(CLI::IsMember({"auto", "mip", "heuristic"}))
      ->capture_default_str();
  site->add_option("--mip-max-arcs", site_opt.solve.mip_max_arcs, "Largest problem (arcs) auto solves with the MIP")
      ->capture_default_str();
  site->add_option("--time-limit", site_opt.solve.mip.time_limit_s, "CBC's time limit per MIP (s)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  site->add_option("--backups", site_opt.backups, "Backup shelters listed per shelter")->capture_default_str();
  bool no_resim = false;
  site->add_flag("--no-resimulate", no_resim, "Do not re-run the scenario with the new sites");
  site->add_option("-j,--threads", site_opt.threads, "OpenMP threads of the runs (0 = all cores)");
  site->add_option("--set", site_opt.overrides, "Override a scenario field as in 'run' (applies to every run)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version come here too (exit 0); a bad command line is bad input.
    return app.exit(e) == 0 ? 0 : 2;
  }

  auto lg = spdlog::stderr_color_mt("floodevac");
  lg->set_pattern("%^[%Y-%m-%d %H:%M:%S.%e] [%l]%$ %v");
  lg->set_level(spdlog::level::from_str(log_level));
  const floodevac::Logger logger = make_logger(lg);

  try {
    if (*road_defaults) {
      std::cout << floodevac::gis::road_defaults_table();
      return 0;
    }
    if (*schema) {
      std::cout << floodevac::app::schema_text();
      return 0;
    }
    if (*compare) {
      std::vector<std::filesystem::path> dirs(compare_dirs.begin(), compare_dirs.end());
      const auto table = floodevac::app::compare_runs(dirs);
      std::cout << floodevac::app::compare_text(table);
      if (!compare_out.empty()) {
        const std::filesystem::path out(compare_out);
        std::error_code ec;
        std::filesystem::create_directories(out, ec);
        if (ec)
          throw floodevac::OutputError("cannot make the folder " + out.string() + ": " +
                                       ec.message());
        for (const auto& [name, text] :
             {std::pair{"compare.csv", floodevac::app::compare_csv(table)},
              std::pair{"compare.html", floodevac::app::compare_html(table)}})
          floodevac::app::as_output(out / name, [&, &name = name, &text = text] {
            floodevac::app::write_text_atomic(out / name, text);
          });
        std::cout << "wrote " << (out / "compare.csv").string() << " and "
                  << (out / "compare.html").string() << "\n";
      }
      return 0;
    }
    if (*view) {
      const auto w = floodevac::app::write_viewer(view_dir, logger);
      std::cout << "viewer: " << std::filesystem::absolute(w.folder / "index.html").string()
                << "\n";
      if (view_serve) {
        std::signal(SIGINT, on_sigint);
        std::signal(SIGTERM, on_sigint);
        floodevac::app::serve_folder(w.folder, view_port, g_interrupted, [](int port) {
          std::cout << "serving http://127.0.0.1:" << port << "/ (Ctrl-C stops)" << std::endl;
        });
      }
      return 0;
    }
    if (*validate) {
      const auto sc = floodevac::app::load_scenario(validate_file, validate_overrides);
      // The run's size, from the DEM's header: a run that would be refused is not valid.
      floodevac::app::check_estimate(floodevac::app::estimate_run(sc), sc, {}, logger);
      // Every input run reads, opened and checked (app/input_checks.hpp); nothing runs.
      const auto inputs = floodevac::app::check_inputs(sc, logger);
      for (const auto& line : inputs.lines) lg->info("checked {}", line);
      std::cout << validate_file << ": valid scenario '" << sc.name << "' (" << sc.duration_s
                << " s"
                << (!sc.with_flood ? ", evacuation only"
                    : sc.evac      ? ", flood + evacuation"
                                   : ", flood only")
                << "); inputs checked, " << inputs.warnings << " warnings\n";
      return 0;
    }
    if (*site) {
      std::signal(SIGINT, on_sigint);
      std::signal(SIGTERM, on_sigint);
      site_opt.scenario_file = site_scenario;
      site_opt.candidates = site_candidates;
      site_opt.before_run = site_run;
      site_opt.objective = site_objective == "coverage"  ? floodevac::siting::Objective::coverage
                           : site_objective == "maxtime" ? floodevac::siting::Objective::maxtime
                                                         : floodevac::siting::Objective::median;
      site_opt.cover_time_s = cover_min * 60.0;
      site_opt.solve.method = site_method == "mip"         ? floodevac::siting::Method::mip
                              : site_method == "heuristic" ? floodevac::siting::Method::heuristic
                                                           : floodevac::siting::Method::automatic;
      if (!site_window.empty()) {
        const auto colon = site_window.find(':');
        try {
          if (colon == std::string::npos) throw std::invalid_argument("no colon");
          site_opt.window_from_s = std::stod(site_window.substr(0, colon));
          site_opt.window_to_s = std::stod(site_window.substr(colon + 1));
        } catch (const std::exception&) {
          throw floodevac::InputError("--window '" + site_window + "': give FROM:TO in seconds, e.g. 0:86400");
        }
        if (!(site_opt.window_to_s >= site_opt.window_from_s && site_opt.window_from_s >= 0))
          throw floodevac::InputError("--window '" + site_window + "': needs 0 <= FROM <= TO");
      }
      site_opt.resimulate = !no_resim;
      if (site_out.empty()) {
        const auto sc = floodevac::app::load_scenario(site_scenario, site_opt.overrides);
        site_out = (std::filesystem::path("runs") / (sc.name + "-site")).string();
      }
      site_opt.out_dir = site_out;
      site_opt.logger = logger;
      site_opt.progress = make_progress("plain");
      site_opt.cancelled = [] { return g_interrupted.load(std::memory_order_relaxed); };
      const auto r = floodevac::app::site_shelters(site_opt);
      std::cout << r.text;
      return 0;
    }
    if (*sweep) {
      std::signal(SIGINT, on_sigint);
      std::signal(SIGTERM, on_sigint);
      sweep_opt.sweep_file = sweep_file;
      sweep_opt.out_dir = sweep_out;
      sweep_opt.cancelled = [] { return g_interrupted.load(std::memory_order_relaxed); };
      sweep_opt.logger = logger;
      const auto r = floodevac::app::sweep::run_sweep(sweep_opt);
      if (r.rank == 0) {
        std::cout << r.text << "outputs in " << std::filesystem::absolute(r.dir).string() << "\n";
        // Exit 1 when a member failed: a script sees it; the others' results are written.
        return r.failed + r.failed_before > 0 ? 1 : 0;
      }
      return 0;
    }
    if (*run || *plan) {
      std::signal(SIGINT, on_sigint);
      std::signal(SIGTERM, on_sigint);
      const auto sc = floodevac::app::load_scenario(scenario_file, overrides);
      floodevac::app::RunOptions opt;
      opt.out_dir = out_dir.empty() ? floodevac::app::default_run_folder(sc, logger)
                                    : std::filesystem::path(out_dir);
      opt.overwrite = overwrite;
      if (!max_memory.empty())
        opt.limits.max_memory_bytes = floodevac::app::parse_bytes(max_memory, "--max-memory");
      opt.limits.max_steps = max_steps;
      opt.cancelled = [] { return g_interrupted.load(std::memory_order_relaxed); };
      opt.threads = threads;
      opt.overrides = overrides;
      opt.logger = logger;
      opt.progress = make_progress(progress_mode);
      opt.write_plan = plan->parsed();
      opt.baseline = baseline_dir;
      lg->info("running scenario '{}' from {} into {}", sc.name, scenario_file,
               opt.out_dir.string());
      const auto summary = floodevac::app::run_scenario(sc, opt);
      std::cout << summary.text;
      std::cout << "outputs in " << std::filesystem::absolute(opt.out_dir).string() << "\n"
                << "manifest: " << std::filesystem::absolute(summary.manifest).string() << "\n";
      if (*plan)
        std::cout << "plan: "
                  << std::filesystem::absolute(opt.out_dir / "plan" / "plan.csv").string()
                  << " (feed it back as timeline.villages.plan)\n";
      return 0;
    }
  } catch (const floodevac::CancelledError& e) {
    lg->warn("{}; outputs so far are incomplete (manifest status: cancelled)", e.what());
    return 130;
  } catch (const floodevac::InputError& e) {
    lg->error("{}", diagnostic(e));
    return 2;
  } catch (const floodevac::OutputError& e) {
    lg->error("cannot write the outputs: {}", diagnostic(e));
    return 1;
  } catch (const floodevac::NumericalError& e) {
    lg->error("numerical failure: {}", diagnostic(e));
    return 1;
  } catch (const floodevac::InvariantError& e) {
    lg->error("internal check failed: {}", diagnostic(e));
    return 3;
  } catch (const floodevac::Error& e) {
    lg->error("{}", diagnostic(e));
    return 1;
  } catch (const std::exception& e) {
    lg->error("unexpected error: {}", e.what());
    return 3;
  }
  return 0;
}
