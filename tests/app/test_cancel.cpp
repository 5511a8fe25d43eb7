// Ctrl-C and SIGTERM: the run stops within about a second (the flag is
// checked after every flood step, and while the inputs are read), leaves the
// manifest "cancelled" and exits
// 130; a second signal ends the process at once, never leaving a manifest
// that says "complete".
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

/// floodevac run <scenario> -o <out> in a child process; its pid.
pid_t start_run(const fs::path& scenario, const fs::path& out) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string s = scenario.string(), o = out.string();
    execl(FLOODEVAC_EXE, FLOODEVAC_EXE, "run", s.c_str(), "-o", o.c_str(), "--progress", "none",
          "--log-level", "warn", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

/// Waits up to `limit` for the child; its exit code (-1: still running, then killed).
int wait_for(pid_t pid, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  int status = 0;
  while (Clock::now() < end) {
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

std::string status_of(const fs::path& manifest) {
  if (!fs::exists(manifest)) return "(none)";
  return nlohmann::json::parse(floodevac::test::read_text(manifest)).value("status", "(no status)");
}

class Cancel : public ::testing::Test {
 protected:
  void SetUp() override {
    floodevac::test::make_tiny_case(dir_.path());
    // The tiny case for a simulated year: minutes of work, far past the signal.
    floodevac::test::write_text(
        dir_ / "long.yaml",
        "name: long\ncrs: EPSG:32651\ntime: {duration_s: 3.0e7, output_interval_s: 0, "
        "coupling_interval_s: 86400}\nflood:\n  dem: dem.tif\n  rain: {uniform_mm_h: {t_s: [0], values: [5]}}\n");
  }
  floodevac::test::TempDir dir_;
};

}  // namespace

TEST_F(Cancel, SigtermStopsWithinASecondAndMarksTheManifestCancelled) {
  const pid_t pid = start_run(dir_ / "long.yaml", dir_ / "out");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(status_of(dir_ / "out" / "manifest.json"), "running");
  const auto t0 = Clock::now();
  kill(pid, SIGTERM);
  const int code = wait_for(pid, std::chrono::seconds(10));
  const double took = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(code, 130);
  EXPECT_LT(took, 2.0) << "the run took " << took << " s to stop";
  EXPECT_EQ(status_of(dir_ / "out" / "manifest.json"), "cancelled");
}

TEST_F(Cancel, SecondSigintExitsAtOnceAndNothingLooksComplete) {
  const pid_t pid = start_run(dir_ / "long.yaml", dir_ / "out");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  kill(pid, SIGINT);
  // Apart, or the kernel merges the two into one pending signal. The first may
  // already have stopped the run: either way it ends 130, never complete.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  kill(pid, SIGINT);
  EXPECT_EQ(wait_for(pid, std::chrono::seconds(10)), 130);
  EXPECT_NE(status_of(dir_ / "out" / "manifest.json"), "complete");
}

// The input phase: the tiny DEM resampled to 0.15 m cells (10.7 million), seconds
// of GDAL warping and model building before the first step. One signal stops
// the read itself (GDAL's progress callback, checks between the readers).
TEST_F(Cancel, SigintWhileReadingTheInputsStopsWithinASecond) {
  floodevac::test::write_text(dir_ / "fine.yaml",
                              "name: fine\ncrs: EPSG:32651\ntime: {duration_s: 600, "
                              "output_interval_s: 0, coupling_interval_s: 60}\nflood:\n"
                              "  dem: dem.tif\n  resolution_m: 0.15\n"
                              "  rain: {uniform_mm_h: {t_s: [0], values: [5]}}\n");
  const fs::path manifest = dir_ / "out" / "manifest.json";
  const pid_t pid = start_run(dir_ / "fine.yaml", dir_ / "out");
  // The manifest says "running" from the moment the inputs start to be read.
  const auto give_up = Clock::now() + std::chrono::seconds(20);
  while (status_of(manifest) != "running" && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(status_of(manifest), "running");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = Clock::now();
  kill(pid, SIGINT);
  const int code = wait_for(pid, std::chrono::seconds(30));
  const double took = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(code, 130);
  EXPECT_EQ(status_of(manifest), "cancelled");
  const auto error = nlohmann::json::parse(floodevac::test::read_text(manifest)).value("error", "");
  EXPECT_LT(took, 1.5) << "the run took " << took << " s to stop (" << error << ")";
}
