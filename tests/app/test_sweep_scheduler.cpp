// The sweep scheduler on plain shell commands: a member killed by a signal is
// recorded with that signal and the others still run; a cancel stops running
// members once, starts no more, and the progress line calls them cancelled
// (not failed).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "app/sweep/sweep_scheduler.hpp"
#include "tests/support/temp_dir.hpp"

namespace sw = floodevac::app::sweep;

namespace {

struct Recorded {
  std::map<int, sw::WorkerResult> done;
  std::vector<std::string> lines;
};

sw::SchedulerOptions options(Recorded& rec, const floodevac::test::TempDir& tmp,
                             std::vector<std::string> scripts, int slots) {
  sw::SchedulerOptions opt;
  opt.local_slots = slots;
  opt.command = [scripts](int task, int) {
    return std::vector<std::string>{"/bin/sh", "-c", scripts[static_cast<std::size_t>(task)]};
  };
  opt.log_file = [&tmp](int task) { return tmp / ("member" + std::to_string(task) + ".log"); };
  opt.on_done = [&rec](const sw::WorkerResult& r) { rec.done[r.task] = r; };
  opt.logger.sink = [&rec](floodevac::LogLevel, std::string_view m) { rec.lines.emplace_back(m); };
  return opt;
}

}  // namespace

TEST(SweepScheduler, MemberKilledBySignalIsRecordedAndTheOthersRun) {
  floodevac::test::TempDir tmp;
  Recorded rec;
  auto opt = options(rec, tmp, {"exit 0", "kill -SEGV $$", "exit 3", "exit 0"}, 2);
  ASSERT_TRUE(sw::run_tasks(4, opt));
  ASSERT_EQ(rec.done.size(), 4u);
  EXPECT_TRUE(rec.done[0].exit.ok());
  EXPECT_EQ(rec.done[1].exit.signal, SIGSEGV);
  EXPECT_NE(rec.done[1].exit.describe().find("signal 11"), std::string::npos)
      << rec.done[1].exit.describe();
  EXPECT_EQ(rec.done[2].exit.exit_code, 3);
  EXPECT_TRUE(rec.done[3].exit.ok());
  ASSERT_FALSE(rec.lines.empty());
  EXPECT_NE(rec.lines.back().find("2/4 done, 0 running, 2 failed, 0 pending"), std::string::npos)
      << rec.lines.back();
}

TEST(SweepScheduler, CancelStopsRunningMembersOnceAndCallsThemCancelled) {
  floodevac::test::TempDir tmp;
  Recorded rec;
  // Task 0 ends at once; tasks 1 and 2 would sleep for a minute; task 3 is never started.
  auto opt = options(rec, tmp, {"exit 0", "exec sleep 60", "exec sleep 60", "exit 0"}, 3);
  const auto t0 = std::chrono::steady_clock::now();
  opt.cancelled = [&] { return rec.done.count(0) > 0; };  // Ctrl-C after the first finishes
  std::vector<int> started;
  opt.on_start = [&](int task, int) { started.push_back(task); };
  EXPECT_FALSE(sw::run_tasks(4, opt));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(s, 30.0);  // SIGTERM reached the sleeping members
  EXPECT_EQ(started, (std::vector<int>{0, 1, 2}));
  ASSERT_EQ(rec.done.size(), 3u);
  EXPECT_EQ(rec.done[1].exit.signal, SIGTERM);
  EXPECT_EQ(rec.done[2].exit.signal, SIGTERM);
  ASSERT_FALSE(rec.lines.empty());
  EXPECT_NE(rec.lines.back().find("1/4 done, 0 failed, 2 cancelled, 0 still stopping"),
            std::string::npos)
      << rec.lines.back();
}
