#include "app/sweep/sweep_run.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "app/atomic_file.hpp"
#include "app/run_estimate.hpp"
#include "app/run_folder.hpp"
#include "app/scenario.hpp"
#include "app/sweep/ensemble_features.hpp"
#include "app/sweep/ensemble_rasters.hpp"
#include "app/sweep/member_process.hpp"
#include "app/sweep/sensitivity.hpp"
#include "app/sweep/sweep_folder.hpp"
#include "app/sweep/sweep_mpi.hpp"
#include "app/sweep/sweep_scheduler.hpp"
#include "app/sweep/sweep_summary.hpp"
#include "sim/core/error.hpp"
#include "viz/sweep_report.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace floodevac::app::sweep {
namespace {

int cores() { return std::max(1u, std::thread::hardware_concurrency()); }

/// The headline numbers the report shows first when present (summary.json keys).
const std::vector<std::string> kHeadline = {
    "flood.max_depth_m",
    "flood.flooded_area_km2",
    "evacuation.sheltered_persons",
    "evacuation.stranded_persons",
    "evacuation.trapped_persons",
    "evacuation.peak_exposed_persons",
    "evacuation.exposed_person_hours",
    "evacuation.t50_s",
    "evacuation.t90_s",
    "evacuation.overflow_persons",
    "evacuation.shelters_full",
};

std::string failure_text(const fs::path& mdir, const ChildExit& e) {
  std::string s = e.describe();
  std::ifstream in(mdir / "manifest.json");
  if (in) {
    try {
      const json m = json::parse(in);
      if (m.contains("error")) s += ": " + m["error"].get<std::string>();
      else if (m.value("status", "") != "complete")
        s += " (manifest status: " + m.value("status", std::string("?")) + ")";
    } catch (const std::exception&) {
    }
  } else {
    s += " (no manifest)";
  }
  const std::string tail = tail_lines(mdir / "log.txt", 6);
  if (!tail.empty()) s += "\n" + tail;
  return s;
}

/// The metrics the report shows: the headline keys present first, then every
/// other one that varies between members, at most `max_rows`.
std::vector<std::size_t> report_metrics(const SweepTable& t, std::size_t max_rows) {
  std::vector<std::size_t> pick;
  std::set<std::size_t> taken;
  auto varies = [&](std::size_t c) {
    std::optional<double> first;
    for (const auto& r : t.rows)
      if (r.metrics[c]) {
        if (!first) first = r.metrics[c];
        else if (*r.metrics[c] != *first) return true;
      }
    return false;
  };
  for (const auto& k : kHeadline)
    for (std::size_t c = 0; c < t.metrics.size(); ++c)
      if (t.metrics[c] == k && varies(c) && taken.insert(c).second) pick.push_back(c);
  for (std::size_t c = 0; c < t.metrics.size() && pick.size() < max_rows; ++c) {
    const auto& k = t.metrics[c];
    if (k == "threads" || k.rfind("mass_balance.", 0) == 0 || k.rfind("grid.", 0) == 0) continue;
    if (varies(c) && taken.insert(c).second) pick.push_back(c);
  }
  return pick;
}

std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_boolean()) return v.get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

}  // namespace

SweepResult run_sweep(const SweepOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  const SweepSpec spec = load_sweep(opt.sweep_file);
  const std::vector<Member> members = expand_design(spec);
  const fs::path dir = opt.out_dir.empty() ? fs::path("runs") / folder_name(spec.name) : opt.out_dir;
  const fs::path exe = self_executable();
  const fs::path base = fs::absolute(spec.base);

  std::vector<std::vector<std::string>> overrides(members.size());
  for (std::size_t m = 0; m < members.size(); ++m)
    overrides[m] = member_overrides(spec, opt.sets, members[m]);
  auto command = [&](int member, int threads) {
    std::vector<std::string> a{exe.string(),
                               "run",
                               base.string(),
                               "-o",
                               fs::absolute(member_dir(dir, members[static_cast<std::size_t>(member)].id)).string(),
                               "-j",
                               std::to_string(threads),
                               "--progress",
                               "none"};
    for (const auto& o : overrides[static_cast<std::size_t>(member)]) {
      a.push_back("--set");
      a.push_back(o);
    }
    return a;
  };
  auto log_file = [&](int member) {
    return member_dir(dir, members[static_cast<std::size_t>(member)].id) / "log.txt";
  };

  MpiSession mpi;
  SweepResult res;
  res.rank = mpi.rank();
  res.ranks = mpi.size();
  res.dir = dir;
  if (mpi.rank() > 0) {
    // Rank 0 checks the folder first; a rank waits for its word.
    if (!mpi.all_ok(true)) return res;
    mpi_serve(mpi, command, log_file, opt.cancelled ? opt.cancelled : [] { return false; });
    mpi.all_ok(true);
    return res;
  }

  std::vector<int> todo;  // member indices to run now
  std::vector<MemberStatus> status(members.size());
  Scenario sc;
  try {
    std::vector<std::string> base_sets = spec.fixed;
    base_sets.insert(base_sets.end(), opt.sets.begin(), opt.sets.end());
    sc = load_scenario(spec.base, base_sets);  // the base must load before anything runs
    open_sweep_folder(dir, sweep_document(spec, opt.sets, sc.resolved, members), opt.restart);
    const int selected = opt.limit > 0 ? std::min<int>(opt.limit, static_cast<int>(members.size()))
                                       : static_cast<int>(members.size());
    res.members = static_cast<int>(members.size());
    res.selected = selected;
    // Members an earlier run of this sweep recorded as failed (same fingerprint, so the
    // same values): a failure is kept, not retried, unless --retry-failed.
    std::map<std::string, std::string> failed_before;
    if (!opt.retry_failed) {
      std::ifstream in(dir / "status.json");
      if (in) {
        try {
          const json old = json::parse(in);
          for (const auto& s : old.at("members"))
            if (s.value("state", "") == "failed")
              failed_before[s.value("id", "")] = s.value("error", "");
        } catch (const std::exception&) {
        }
      }
    }
    std::set<std::string> queued;
    for (std::size_t m = 0; m < members.size(); ++m) {
      status[m].id = members[m].id;
      status[m].index = members[m].index;
      const fs::path md = member_dir(dir, members[m].id);
      if (member_complete(md, overrides[m])) {
        status[m].state = "complete";
        if (static_cast<int>(m) < selected) ++res.already_complete;
      } else if (static_cast<int>(m) < selected && failed_before.count(members[m].id)) {
        status[m].state = "failed";
        status[m].error = failed_before[members[m].id];
        ++res.failed_before;
      } else if (static_cast<int>(m) < selected && queued.insert(members[m].id).second) {
        todo.push_back(static_cast<int>(m));
      } else if (static_cast<int>(m) >= selected) {
        status[m].state = "skipped";  // beyond --limit
      }
    }
    for (int m : todo) {
      const auto& mem = members[static_cast<std::size_t>(m)];
      const fs::path md = member_dir(dir, mem.id);
      fs::create_directories(md);
      json values = json::object();
      for (std::size_t i = 0; i < spec.parameters.size(); ++i)
        values[spec.parameters[i].name] = mem.values[i];
      write_text_atomic(md / "member.json",
                        json{{"index", mem.index},
                             {"id", mem.id},
                             {"parameters", values},
                             {"overrides", overrides[static_cast<std::size_t>(m)]},
                             {"command", command(m, 0)}}
                                .dump(2) +
                            "\n");
      std::error_code ec;
      fs::remove(md / "log.txt", ec);  // a rerun's log starts afresh
    }
    write_status(dir, status);
  } catch (...) {
    mpi.all_ok(false);
    throw;
  }
  mpi.all_ok(true);
  const auto t_prepared = std::chrono::steady_clock::now();

  // Jobs and threads: members at once x threads per member <= the cores of
  // this process (under MPI: the node's cores shared by its ranks). Several
  // single-thread members use the cores better than one member with all of
  // them (the flood kernels scale sub-linearly), within the memory.
  const int my_cores = std::max(1, cores() / std::max(1, mpi.local_size()));
  const int n_todo = static_cast<int>(todo.size());
  int jobs = opt.jobs;
  if (jobs <= 0) {
    const auto est = estimate_run(sc);
    const double mem = default_max_memory();
    const int by_mem = est.bytes > 0 ? std::max(1, static_cast<int>(mem / est.bytes)) : my_cores;
    const int per_rank = mpi.size() > 1 ? 1 : my_cores;
    jobs = std::max(1, std::min({per_rank, by_mem, std::max(1, n_todo)}));
    if (opt.threads > 0) jobs = std::max(1, std::min(jobs, my_cores / opt.threads));
  }
  const int threads = opt.threads > 0 ? opt.threads : std::max(1, my_cores / jobs);
  res.jobs = jobs;
  res.threads = threads;
  opt.logger.info(fmt::format(
      "sweep '{}': {} members ({} design), {} selected, {} already complete, {} to run: {} at "
      "once x {} threads{}",
      spec.name, members.size(), design_name(spec.design), res.selected, res.already_complete,
      n_todo, jobs, threads,
      mpi.size() > 1 ? fmt::format(" on rank 0 and 1 at once on each of {} more ranks", mpi.size() - 1)
                     : std::string()));

  auto workers = mpi_workers(mpi, todo);
  SchedulerOptions so;
  so.local_slots = jobs;
  so.threads_per_member = threads;
  so.command = [&](int task, int th) { return command(todo[static_cast<std::size_t>(task)], th); };
  so.log_file = [&](int task) { return log_file(todo[static_cast<std::size_t>(task)]); };
  so.cancelled = opt.cancelled;
  so.remote = workers.get();
  so.logger = opt.logger;
  so.on_start = [&](int task, int rank) {
    auto& s = status[static_cast<std::size_t>(todo[static_cast<std::size_t>(task)])];
    s.state = "running";
    s.rank = rank;
    s.error.clear();
    write_status(dir, status);
  };
  so.on_done = [&](const WorkerResult& r) {
    const int m = todo[static_cast<std::size_t>(r.task)];
    auto& s = status[static_cast<std::size_t>(m)];
    const fs::path md = member_dir(dir, members[static_cast<std::size_t>(m)].id);
    s.wall_s = r.wall_s;
    s.rank = r.rank;
    ++res.ran;
    if (r.exit.ok() && member_complete(md, overrides[static_cast<std::size_t>(m)])) {
      s.state = "complete";
    } else {
      // Stopped by the sweep's own cancel: run again by a rerun, not a failure.
      const bool cancelled = opt.cancelled && opt.cancelled();
      s.state = cancelled ? "cancelled" : "failed";
      s.error = failure_text(md, r.exit);
      if (!cancelled) {
        ++res.failed;
        opt.logger.warn(fmt::format("member {} ({}) failed: {}", members[static_cast<std::size_t>(m)].index,
                                    s.id, s.error.substr(0, s.error.find('\n'))));
      }
    }
    write_status(dir, status);
  };
  const bool finished = run_tasks(n_todo, so);
  workers.reset();
  mpi.all_ok(true);  // the ranks have left their loops
  const auto t_members = std::chrono::steady_clock::now();
  if (!finished) {
    for (auto& s : status)
      if (s.state == "running") s.state = "cancelled";
    write_status(dir, status);
    throw CancelledError("sweep interrupted: members not complete are run again by a rerun");
  }
  // Members run again by this sweep but duplicated in the design take their twin's state.
  for (std::size_t m = 0; m < members.size(); ++m)
    if (status[m].state == "pending")
      for (std::size_t k = 0; k < members.size(); ++k)
        if (k != m && members[k].id == members[m].id && status[k].state != "pending")
          status[m] = status[k], status[m].index = members[m].index;
  write_status(dir, status);

  // Results over every complete member of the design, in design order.
  const SweepTable table = collect_table(spec, members, status, dir);
  write_text_atomic(dir / "summary.csv", table_csv(table));
  res.outputs.push_back("summary.csv");
  std::vector<fs::path> done_dirs;
  for (std::size_t m = 0; m < members.size(); ++m)
    if (status[m].state == "complete") done_dirs.push_back(member_dir(dir, members[m].id));
  res.complete = static_cast<int>(done_dirs.size());
  if (!done_dirs.empty()) {
    for (const auto& f : write_ensemble_rasters(done_dirs, spec.ensemble.depth_thresholds_m,
                                                dir / "ensemble", sc.rasters, opt.logger))
      res.outputs.push_back("ensemble/" + f);
    for (const auto& f :
         write_ensemble_features(done_dirs, spec.ensemble.features, dir / "ensemble", opt.logger))
      res.outputs.push_back("ensemble/" + f);
  }

  // The report.
  viz::SweepReport rep;
  rep.title = "Sweep '" + spec.name + "'";
  rep.parameters = table.parameters;
  int n_failed = 0, n_pending = 0;
  for (const auto& r : table.rows) {
    if (r.state == "failed" || r.state == "cancelled") {
      ++n_failed;
      rep.failures.push_back({r.index, r.id, r.state, r.error});
    } else if (r.state != "complete") {
      ++n_pending;
    }
  }
  std::string params;
  for (const auto& p : spec.parameters) {
    params += "  " + p.name + " (";
    for (std::size_t i = 0; i < p.paths.size(); ++i) params += (i ? ", " : "") + p.paths[i];
    params += ")\n";
  }
  rep.summary = fmt::format(
      "base scenario: {}\ndesign: {}, {} members (seed {}); complete {}, failed or cancelled {}, "
      "not run {}\nparameters:\n{}",
      spec.base.string(), design_name(spec.design), members.size(), spec.seed, res.complete,
      n_failed, n_pending, params);
  if (!spec.fixed.empty() || !opt.sets.empty()) {
    rep.summary += "every member with:";
    for (const auto& s : spec.fixed) rep.summary += " --set " + s;
    for (const auto& s : opt.sets) rep.summary += " --set " + s;
    rep.summary += "\n";
  }
  rep.sensitivity_method =
      "Spearman's rank correlation between each parameter and each headline number over the "
      "complete members (+1: the number rises with the parameter, -1: it falls, 0: no monotone "
      "relation). With a grid design it is the average effect over the other parameters.";
  const auto picked = report_metrics(table, 24);
  for (std::size_t c : picked) {
    viz::SweepReport::Distribution d{table.metrics[c], {}};
    for (const auto& r : table.rows)
      if (r.metrics[c]) d.values.push_back(*r.metrics[c]);
    rep.distributions.push_back(std::move(d));
    std::vector<std::optional<double>> row;
    for (std::size_t p = 0; p < table.parameters.size(); ++p) {
      std::vector<double> x, y;
      for (const auto& r : table.rows) {
        const auto xv = as_number(r.values[p]);
        if (r.metrics[c] && xv) {
          x.push_back(*xv);
          y.push_back(*r.metrics[c]);
        }
      }
      row.push_back(spearman(x, y));
    }
    if (res.complete >= 3) {
      rep.sensitivity_rows.push_back(table.metrics[c]);
      rep.rho.push_back(std::move(row));
    }
  }
  for (const auto& o : res.outputs)
    rep.outputs.push_back({o, o == "summary.csv" ? "one row per member: parameters and every "
                                                   "number of its summary.json"
                              : o.ends_with(".tif") ? "ensemble raster (COG)"
                                                    : "ensemble probabilities per feature (GeoJSON)"});
  rep.outputs.push_back({"status.json", "how each member ended (errors of the failed ones)"});
  rep.outputs.push_back({"sweep.json", "the sweep: base, parameters, members and fingerprint"});
  write_text_atomic(dir / "report.html", viz::sweep_report_html(rep));
  res.outputs.push_back("report.html");

  const auto t_end = std::chrono::steady_clock::now();
  res.wall_s = std::chrono::duration<double>(t_end - t0).count();
  res.prepare_s = std::chrono::duration<double>(t_prepared - t0).count();
  res.members_s = std::chrono::duration<double>(t_members - t_prepared).count();
  res.results_s = std::chrono::duration<double>(t_end - t_members).count();
  res.text = fmt::format(
      "sweep '{}': {} members; ran {} now ({} failed), {} were complete before, {} failed before "
      "(not retried); {} complete in all, {} failed or cancelled, {} not run\n{} at once x {} "
      "threads{}; {}\n",
      spec.name, members.size(), res.ran, res.failed, res.already_complete, res.failed_before,
      res.complete, n_failed,
      n_pending, jobs, threads,
      mpi.size() > 1 ? fmt::format(", {} MPI ranks", mpi.size()) : std::string(),
      format_duration(res.wall_s));
  res.text += fmt::format(
      "phases: prepare {:.2f} s (sweep file, base scenario, folder), members {:.2f} s, results "
      "{:.2f} s (summary, ensemble maps, report)\n",
      res.prepare_s, res.members_s, res.results_s);
  for (const auto& f : rep.failures)
    res.text += fmt::format("  {} member {} ({}): {}\n", f.state, f.index, f.id,
                            f.error.substr(0, f.error.find('\n')));
  return res;
}

}  // namespace floodevac::app::sweep
