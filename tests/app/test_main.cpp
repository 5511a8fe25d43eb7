// The executable as a user runs it: errors come out as file:line:column:
// field: message, with the exit codes app/main.cpp documents (2 bad input or
// command line, 1 outputs that cannot be written).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/expect.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace fs = std::filesystem;
using floodevac::test::expect_mentions;
using floodevac::test::run_command;
using floodevac::test::run_exe;
using floodevac::test::write_text;

namespace {

class Cli : public ::testing::Test {
 protected:
  void SetUp() override { floodevac::test::make_tiny_case(dir_.path()); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  floodevac::test::TempDir dir_;
};

}  // namespace

TEST_F(Cli, BadScenarioExitsWithCode2AndNamesTheField) {
  write_text(dir_ / "bad.yaml", "flood:\n  dem: dem.tif\n  solver: {cfl_alpha: 7}\n");
  std::string out;
  EXPECT_EQ(run_exe("validate " + path("bad.yaml"), &out), 2) << out;
  expect_mentions(out, {"bad.yaml", "bad.yaml:3:", "flood.solver.cfl_alpha"});  // file:line:column
  out.clear();
  write_text(dir_ / "nodem.yaml", "flood:\n  dem: missing.tif\n");
  EXPECT_EQ(run_exe("run " + path("nodem.yaml") + " -o " + path("o") + " --progress none", &out), 2)
      << out;
  expect_mentions(out, {"missing.tif"});
  const fs::path manifest = dir_ / "o" / "manifest.json";
  EXPECT_NE(
      fs::exists(manifest)
          ? nlohmann::json::parse(floodevac::test::read_text(manifest))["status"].get<std::string>()
          : "failed",
      "complete");
  out.clear();
  EXPECT_EQ(run_exe("validate " + path("s.yaml"), &out), 0) << out;
  out.clear();
  // Global options work before and after the subcommand.
  EXPECT_EQ(run_exe("validate " + path("s.yaml") + " --log-level warn", &out), 0) << out;
  EXPECT_EQ(run_exe("--log-level warn validate " + path("s.yaml"), &out), 0) << out;
  out.clear();
  EXPECT_EQ(run_exe("--help", &out), 0);
  expect_mentions(out, {"run"});
}

TEST_F(Cli, ValueRejectedInsideTheModelIsReportedAtItsLine) {
  write_text(dir_ / "far.yaml",
             "flood:\n  dem: dem.tif\n  inflows:\n"
             "    - {name: lost, at: [0, 0], q_m3s: {t_s: [0], values: [1]}}\n");
  std::string out;
  EXPECT_EQ(run_exe("run " + path("far.yaml") + " -o " + path("far") + " --progress none", &out), 2)
      << out;
  expect_mentions(out, {"far.yaml:4:7: flood.inflows.0: "});
}

TEST_F(Cli, CommandLineErrorsExitWith2) {
  const std::string s = path("s.yaml");
  for (const std::string& args : {std::string("--no-such-option"), std::string(""),
                                  std::string("run"), "run " + path("absent.yaml"),
                                  "run " + s + " -j -1", "run " + s + " --progress sometimes"}) {
    std::string out;
    EXPECT_EQ(run_exe(args, &out), 2) << "floodevac " << args << "\n" << out;
  }
  std::string out;
  EXPECT_EQ(run_exe("--version", &out), 0) << out;
}

TEST_F(Cli, OutputFolderThatCannotBeMadeExitsWith1) {
  std::string out;
  // Below a regular file no folder can be made (the tests run as root, who may write anywhere
  // else).
  EXPECT_EQ(run_exe("run " + path("s.yaml") + " -o " + (dir_ / "s.yaml" / "out").string() +
                        " --progress none",
                    &out),
            1)
      << out;
  expect_mentions(out, {"cannot write the outputs"});
}

// --version says how OpenMP threads wait: bounded by default (app/omp_wait.hpp),
// the user's choice when one is set, the runtime's default with FLOODEVAC_OMP_WAIT=keep.
TEST(CliVersion, SaysHowOpenMpThreadsWait) {
  auto version = [](const std::string& env) {
    std::string out;
    EXPECT_EQ(run_exe("--version", &out,
                      "env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT -u FLOODEVAC_OMP_WAIT " + env),
              0)
        << out;
    return out;
  };
  expect_mentions(version(""), {"floodevac ", "bounded spin, GOMP_SPINCOUNT=1000"});
  expect_mentions(version("OMP_WAIT_POLICY=passive"), {"the user's: OMP_WAIT_POLICY=passive"});
  expect_mentions(version("FLOODEVAC_OMP_WAIT=keep"), {"the OpenMP runtime's default"});
  // libgomp itself starts with the bound (it prints its settings when it loads).
  expect_mentions(version("OMP_DISPLAY_ENV=verbose"), {"GOMP_SPINCOUNT = '1000'"});
}

// The launcher without its library beside it: a clear error, exit code 3.
TEST(CliLauncher, SaysWhenItsLibraryIsMissing) {
  const floodevac::test::TempDir dir;
  std::filesystem::copy_file(FLOODEVAC_EXE, dir.path() / "floodevac");
  std::string out;
  EXPECT_EQ(run_command((dir.path() / "floodevac").string() + " --version", &out), 3) << out;
  expect_mentions(out, {"cannot load", "libfloodevac_cli.so", "beside it"});
}
