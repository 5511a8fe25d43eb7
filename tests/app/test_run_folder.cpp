// The run folder: a default name that stays inside runs/, a finished run never
// overwritten silently, an earlier run's files cleared (never a user's), and
// the temporaries of a killed writer removed.
#include "app/run_folder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "gis/atomic_output.hpp"
#include "sim/core/error.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using floodevac::app::folder_name;
using floodevac::app::prepare_run_folder;
using floodevac::test::write_text;

TEST(RunFolder, NameBecomesOneFolderInsideRuns) {
  EXPECT_EQ(folder_name("default-coastal-town"), "default-coastal-town");
  EXPECT_EQ(folder_name("../../x"), "_.._x");
  EXPECT_EQ(folder_name("/etc/passwd"), "_etc_passwd");
  EXPECT_EQ(folder_name("a\\b:c\nd"), "a_b_c_d");
  EXPECT_EQ(folder_name("台风 利奇马"), "台风 利奇马");  // UTF-8 kept
  EXPECT_EQ(folder_name(""), "");
  EXPECT_EQ(folder_name(".."), "");
  EXPECT_EQ(folder_name(" . "), "");
  EXPECT_EQ(folder_name(std::string(300, 'a')), std::string(100, 'a'));
  std::string cjk;
  for (int i = 0; i < 50; ++i) cjk += "台";  // 3 bytes each: cut at 99, not inside a character
  EXPECT_EQ(folder_name(cjk).size(), 99u);
  for (const std::string n : {"../../x", "/abs", "..", "a/../../b"}) {
    const std::string f = folder_name(n);
    EXPECT_EQ(f.find('/'), std::string::npos) << n;
    EXPECT_NE(f, "..") << n;
  }
}

TEST(RunFolder, FinishedRunIsRefusedUnlessOverwriteAndOnlyItsFilesGo) {
  floodevac::test::TempDir dir;
  const fs::path run = dir / "run";
  fs::create_directories(run / "flood");
  fs::create_directories(run / "evac");
  write_text(run / "manifest.json",
             R"({"status": "complete", "finished_utc": "2026-01-01T00:00:00Z", "outputs": [
                 {"path": "summary.txt"}, {"path": "flood/max_depth.tif"},
                 {"path": "../outside.txt"}, {"path": "/etc/hostname"}]})");
  for (const char* f : {"summary.txt", "report.html", "flood/max_depth.tif",
                        "flood/depth_t003600s.tif", "evac/timeseries.csv", "notes.txt",
                        "flood/My Notes.docx"})
    write_text(run / f, "x");
  write_text(dir / "outside.txt", "user's");
  EXPECT_THROW(prepare_run_folder(run, false, {}), floodevac::ConfigError);
  EXPECT_TRUE(fs::exists(run / "summary.txt"));  // refused: nothing removed
  const auto removed = prepare_run_folder(run, true, {});
  for (const char* gone : {"summary.txt", "report.html", "flood/max_depth.tif",
                           "flood/depth_t003600s.tif", "evac/timeseries.csv", "manifest.json"})
    EXPECT_FALSE(fs::exists(run / gone)) << gone;
  EXPECT_FALSE(fs::exists(run / "evac"));  // emptied, removed
  // Not floodevac's: kept, and nothing outside the folder.
  EXPECT_TRUE(fs::exists(run / "notes.txt"));
  EXPECT_TRUE(fs::exists(run / "flood" / "My Notes.docx"));
  EXPECT_TRUE(fs::exists(dir / "outside.txt"));
  EXPECT_EQ(removed.size(), 6u);
}

TEST(RunFolder, FailedOrCancelledRunIsClearedWithoutOverwrite) {
  floodevac::test::TempDir dir;
  fs::create_directories(dir / "flood");
  write_text(dir / "manifest.json", R"({"status": "cancelled"})");
  write_text(dir / "flood" / "depth_t000600s.tif", "x");
  EXPECT_NO_THROW(prepare_run_folder(dir.path(), false, {}));
  EXPECT_FALSE(fs::exists(dir / "flood" / "depth_t000600s.tif"));
  EXPECT_FALSE(fs::exists(dir / "manifest.json"));
  // A folder without a manifest is not a run: its files stay.
  write_text(dir / "mine.tif", "x");
  EXPECT_TRUE(prepare_run_folder(dir.path(), false, {}).empty());
  EXPECT_TRUE(fs::exists(dir / "mine.tif"));
}

TEST(RunFolder, PartialLeftoversOfAKilledWriterAreRemoved) {
  EXPECT_TRUE(floodevac::gis::is_partial_name("max_depth.tif.partial"));
  EXPECT_TRUE(floodevac::gis::is_partial_name("max_depth.tif.partial.ovr.tmp"));
  EXPECT_TRUE(floodevac::gis::is_partial_name("max_depth.tif.partial.aux.xml"));
  EXPECT_FALSE(floodevac::gis::is_partial_name("impartial.txt"));
  EXPECT_FALSE(floodevac::gis::is_partial_name("notes.partially.txt"));
  EXPECT_FALSE(floodevac::gis::is_partial_name(".partial"));
  floodevac::test::TempDir dir;
  fs::create_directories(dir / "flood");
  write_text(dir / "flood" / "max_depth.tif.partial", "x");
  write_text(dir / "flood" / "max_depth.tif.partial.ovr.tmp", "x");
  write_text(dir / "summary.txt.partial", "x");
  write_text(dir / "impartial.txt", "x");
  EXPECT_EQ(prepare_run_folder(dir.path(), false, {}).size(), 3u);
  EXPECT_TRUE(fs::exists(dir / "impartial.txt"));
  EXPECT_FALSE(fs::exists(dir / "flood" / "max_depth.tif.partial.ovr.tmp"));
}
