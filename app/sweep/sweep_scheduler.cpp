#include "app/sweep/sweep_scheduler.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <thread>

namespace floodevac::app::sweep {

std::string format_duration(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  const auto t = static_cast<long long>(std::llround(s));
  if (t >= 3600) return fmt::format("{} h {:02d} min", t / 3600, static_cast<int>(t % 3600 / 60));
  if (t >= 60) return fmt::format("{} min {:02d} s", t / 60, static_cast<int>(t % 60));
  return fmt::format("{} s", t);
}

bool run_tasks(int n, const SchedulerOptions& opt) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  std::deque<int> pending;
  for (int i = 0; i < n; ++i) pending.push_back(i);
  struct Local {
    int task;
    clock::time_point start;
  };
  std::map<pid_t, Local> local;
  const int workers = opt.remote ? opt.remote->count() : 0;
  std::vector<int> worker_task(static_cast<std::size_t>(workers), -1);
  int done = 0, failed = 0, stopped = 0;  // stopped: ended by our own cancel, not a failure
  double busy_s = 0;  // summed wall time of members that ended on their own (done or failed)
  bool cancelled = false, signalled = false;
  const int slots = opt.local_slots + workers;

  auto report = [&] {
    const int running = static_cast<int>(local.size()) +
                        static_cast<int>(std::count_if(worker_task.begin(), worker_task.end(),
                                                       [](int t) { return t >= 0; }));
    const double elapsed = std::chrono::duration<double>(clock::now() - t0).count();
    if (cancelled) {
      opt.logger.info(
          fmt::format("sweep: {}/{} done, {} failed, {} cancelled, {} still stopping; "
                      "{} elapsed",
                      done, n, failed, stopped, running, format_duration(elapsed)));
      return;
    }
    std::string eta = "?";
    if (done + failed > 0 && slots > 0) {
      // Mean member time over the slots: (pending + half the running) members left.
      const double mean = busy_s / (done + failed);
      eta = format_duration(mean * (static_cast<double>(pending.size()) + 0.5 * running) / slots);
    }
    opt.logger.info(
        fmt::format("sweep: {}/{} done, {} running, {} failed, {} pending; {} elapsed, "
                    "about {} left",
                    done, n, running, failed, pending.size(), format_duration(elapsed), eta));
  };
  auto finished = [&](const WorkerResult& r) {
    // The time-left estimate uses whole members only, not those the cancel cut short.
    if (r.exit.ok()) {
      ++done;
      busy_s += r.wall_s;
    } else if (cancelled) {
      ++stopped;  // SIGTERM from the cancel above: the member marked itself cancelled
    } else {
      ++failed;
      busy_s += r.wall_s;
    }
    if (opt.on_done) opt.on_done(r);
    report();
  };

  while (true) {
    if (!cancelled && opt.cancelled && opt.cancelled()) {
      cancelled = true;
      pending.clear();
    }
    if (cancelled && !signalled) {
      signalled = true;
      for (const auto& [pid, l] : local) kill(pid, SIGTERM);  // the member cancels itself
      if (opt.remote) opt.remote->finish(true);
    }
    bool event = false;
    while (!cancelled && !pending.empty() && static_cast<int>(local.size()) < opt.local_slots) {
      const int task = pending.front();
      pending.pop_front();
      const pid_t pid = spawn_member(opt.command(task, opt.threads_per_member), opt.log_file(task));
      local[pid] = {task, clock::now()};
      if (opt.on_start) opt.on_start(task, 0);
      event = true;
    }
    for (int w = 0; w < workers && !cancelled && !pending.empty(); ++w) {
      if (worker_task[static_cast<std::size_t>(w)] >= 0) continue;
      const int task = pending.front();
      pending.pop_front();
      worker_task[static_cast<std::size_t>(w)] = task;
      opt.remote->start(w, task, opt.threads_per_member);
      if (opt.on_start) opt.on_start(task, w + 1);
      event = true;
    }
    if (event) report();
    if (local.empty() &&
        std::all_of(worker_task.begin(), worker_task.end(), [](int t) { return t < 0; })) {
      if (pending.empty() || cancelled) break;
    }
    bool got = false;
    if (!local.empty()) {
      while (auto c = wait_child(false)) {
        auto it = local.find(c->first);
        if (it == local.end()) continue;
        WorkerResult r;
        r.task = it->second.task;
        r.exit = c->second;
        r.wall_s = std::chrono::duration<double>(clock::now() - it->second.start).count();
        r.rank = 0;
        local.erase(it);
        finished(r);
        got = true;
      }
    }
    if (opt.remote && !signalled) {
      while (auto p = opt.remote->poll()) {
        worker_task[static_cast<std::size_t>(p->first)] = -1;
        finished(p->second);
        got = true;
      }
    } else if (signalled) {
      std::fill(worker_task.begin(), worker_task.end(), -1);  // workers stop on their own
    }
    if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (opt.remote && !signalled) opt.remote->finish(false);
  return !cancelled;
}

}  // namespace floodevac::app::sweep
