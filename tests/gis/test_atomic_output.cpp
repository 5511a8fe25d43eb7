#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "gis/atomic_output.hpp"
#include "sim/core/error.hpp"
#include "tests/gis/test_support.hpp"

namespace floodevac::gis {
namespace {

namespace fs = std::filesystem;
using namespace floodevac::test;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(AtomicOutput, OneNamingRuleForEveryOutput) {
  EXPECT_EQ(partial_path("out/depth_max.tif"), fs::path("out/depth_max.tif.partial"));
  EXPECT_EQ(partial_path("summary.txt").string(), "summary.txt" + std::string(kPartialSuffix));
}

TEST(AtomicOutput, CommitRenamesAndLeavesNoTemporary) {
  TempDir dir;
  AtomicOutput out(dir / "a.txt");
  EXPECT_EQ(out.temp_path(), dir / "a.txt.partial");
  write_text(out.temp_path(), "complete");
  EXPECT_FALSE(fs::exists(dir / "a.txt")) << "the final name appears only on commit";
  out.commit();
  EXPECT_TRUE(out.committed());
  EXPECT_EQ(read_text(dir / "a.txt"), "complete");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"a.txt"});
  EXPECT_THROW(out.commit(), InvariantError);
}

TEST(AtomicOutput, FailureLeavesNoFinalFileAndNoTemporary) {
  TempDir dir;
  try {
    AtomicOutput out(dir / "b.geojson");
    write_text(out.temp_path(), "half a file");
    throw std::runtime_error("the writer failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(dir.entries().empty());

  // An existing file is left untouched by a failed write.
  write_text(dir / "b.geojson", "old");
  {
    AtomicOutput out(dir / "b.geojson");
    write_text(out.temp_path(), "new but incomplete");
  }
  EXPECT_EQ(read_text(dir / "b.geojson"), "old");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"b.geojson"});
}

TEST(AtomicOutput, FailedRenameIsAnInputErrorAndCleansUp) {
  TempDir dir;
  AtomicOutput out(dir / "c.tif");
  out.carry_companion(".aux.xml");
  write_text(out.temp_path(), "x");
  write_text(fs::path(out.temp_path().string() + ".aux.xml"), "<PAMDataset/>");
  // Something else takes the final name meanwhile: a non-empty folder.
  fs::create_directories(dir / "c.tif");
  write_text(dir / "c.tif" / "keep.txt", "x");
  const std::string m = error_of<InputError>([&] { out.commit(); });
  EXPECT_TRUE(contains(m, (dir / "c.tif").string())) << m;
  EXPECT_TRUE(contains(m, "cannot move the finished file into place")) << m;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.tif"});
}

TEST(AtomicOutput, RefusesMissingFolderAndFolderTarget) {
  TempDir dir;
  std::string m = error_of<InputError>([&] { AtomicOutput out(dir / "no" / "such" / "d.csv", "CSV output"); });
  EXPECT_TRUE(contains(m, "CSV output: ")) << m;
  EXPECT_TRUE(contains(m, "does not exist")) << m;
  fs::create_directories(dir / "e.csv");
  m = error_of<InputError>([&] { AtomicOutput out(dir / "e.csv"); });
  EXPECT_TRUE(contains(m, "is a folder")) << m;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"e.csv"});
}

TEST(AtomicOutput, CompanionsAreCarriedOrRemoved) {
  TempDir dir;
  // A COG-like write: the file, GDAL's side-car and a scratch file.
  auto write = [&](const std::string& name, bool commit) {
    AtomicOutput out(dir / name);
    out.carry_companion(".aux.xml");
    out.scratch_companion(".ovr.tmp");
    write_text(out.temp_path(), "tif");
    write_text(dir / (name + ".partial.aux.xml"), "aux");
    write_text(dir / (name + ".partial.ovr.tmp"), "scratch");
    if (commit) out.commit();
  };
  write("f.tif", true);
  EXPECT_EQ(sorted(dir.entries()), (std::vector<std::string>{"f.tif", "f.tif.aux.xml"}));
  EXPECT_EQ(read_text(dir / "f.tif.aux.xml"), "aux");
  write("g.tif", false);  // not committed: all three go
  EXPECT_EQ(sorted(dir.entries()), (std::vector<std::string>{"f.tif", "f.tif.aux.xml"}));
}

TEST(AtomicOutput, StaleLeftoverIsReplacedAndMovedFromOwnsNothing) {
  TempDir dir;
  write_text(dir / "h.txt.partial", "left by a killed run");
  AtomicOutput a(dir / "h.txt");
  EXPECT_FALSE(fs::exists(a.temp_path()));
  write_text(a.temp_path(), "fresh");
  AtomicOutput b(std::move(a));
  b.commit();
  EXPECT_EQ(read_text(dir / "h.txt"), "fresh");
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"h.txt"});
}

}  // namespace
}  // namespace floodevac::gis
