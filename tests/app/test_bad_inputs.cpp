// The bad-input catalogue: every row of every tests/app/bad_inputs/*.tsv runs
// the floodevac executable as a user would and checks the exit code and the
// message (format: tests/app/bad_inputs/README.md). Each row is its own test,
// named <table>_<case>, so a failure names the case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/tiny_case.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kCatalogue = fs::path(FLOODEVAC_SOURCE_DIR) / "tests" / "app" / "bad_inputs";

struct BadInput {
  std::string id;     // the test's name: <table>_<case>, made unique
  std::string table;  // the .tsv file's stem, e.g. "scenario"
  std::string name;   // the case column
  std::string command;
  int expect_exit = 0;
  std::vector<std::string> fragments;
  int line = 0;  // in the table, for messages
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

std::string test_name(const std::string& table, const std::string& name) {
  std::string s = table + "_" + name;
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

/// All rows of all tables; a malformed row becomes a case that fails with the reason.
std::vector<BadInput> load_catalogue() {
  std::vector<BadInput> rows;
  std::vector<fs::path> tables;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kCatalogue, ec))
    if (e.path().extension() == ".tsv") tables.push_back(e.path());
  std::sort(tables.begin(), tables.end());
  for (const auto& t : tables) {
    std::ifstream in(t);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const auto cols = split_tabs(line);
      if (n == 1 && cols[0] == "case") continue;  // the header
      BadInput r;
      r.table = t.stem().string();
      r.line = n;
      r.name = cols[0];
      if (cols.size() < 4) {
        r.command = "";
        r.expect_exit = -1000;  // reported by the test
        r.fragments = {"row has " + std::to_string(cols.size()) + " columns, expected at least 4"};
        rows.push_back(r);
        continue;
      }
      r.command = cols[1];
      try {
        r.expect_exit = std::stoi(cols[2]);
      } catch (...) {
        r.expect_exit = -1000;
      }
      for (std::size_t i = 3; i < cols.size(); ++i)
        if (!cols[i].empty()) r.fragments.push_back(cols[i]);
      rows.push_back(r);
    }
  }
  // gtest refuses duplicate names; CaseNamesAreUnique reports them, these keep the rest running.
  std::set<std::string> ids;
  for (auto& r : rows) {
    r.id = test_name(r.table, r.name);
    if (!ids.insert(r.id).second) ids.insert(r.id += "_line" + std::to_string(r.line));
  }
  return rows;
}

const std::vector<BadInput>& catalogue() {
  static const std::vector<BadInput> rows = load_catalogue();
  return rows;
}

/// Manifests under `dir` that claim a complete run.
std::vector<std::string> complete_manifests(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    if (it->path().filename() != "manifest.json") continue;
    try {
      const auto j = nlohmann::json::parse(floodevac::test::read_text(it->path()));
      if (j.value("status", "") == "complete") out.push_back(it->path().string());
    } catch (...) {
    }
  }
  return out;
}

// gtest prints the parameter in failure lines: the case, not its bytes.
void PrintTo(const BadInput& r, std::ostream* os) { *os << r.table << ".tsv:" << r.line << " " << r.name; }

class BadInputs : public ::testing::TestWithParam<BadInput> {};

}  // namespace

TEST_P(BadInputs, IsRefusedWithAClearMessage) {
  const BadInput& r = GetParam();
  const std::string where =
      (kCatalogue / (r.table + ".tsv")).string() + ":" + std::to_string(r.line) + " (" + r.name + ")";
  ASSERT_NE(r.expect_exit, -1000) << where << ": malformed row: "
                                  << (r.fragments.empty() ? "expect_exit is not a number"
                                                          : r.fragments.front());
  floodevac::test::TempDir tmp;
  // {tmp} holds the tiny generated case (dem.tif, s.yaml) and a copy of bad_inputs/<table>/.
  floodevac::test::make_tiny_case(tmp.path());
  const fs::path inputs = kCatalogue / r.table;
  if (fs::is_directory(inputs))
    fs::copy(inputs, tmp.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::string cmd = replace_all(r.command, "{dir}", kCatalogue.string());
  cmd = replace_all(cmd, "{tmp}", tmp.path().string());
  cmd = replace_all(cmd, "{exe}", FLOODEVAC_EXE);
  // In {tmp}, under a time limit: a hang fails as exit 137 instead of stalling the suite.
  const std::string full = "cd '" + tmp.path().string() + "' && timeout -s KILL 60 " +
                           std::string(FLOODEVAC_EXE) + " " + cmd;
  std::string out;
  FILE* p = popen((full + " 2>&1").c_str(), "r");
  char buf[512];
  while (p && fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EXPECT_EQ(code, r.expect_exit) << where << "\nfloodevac " << cmd << "\n" << out;
  const std::string low = lower(out);
  for (const auto& f : r.fragments)
    EXPECT_NE(low.find(lower(f)), std::string::npos)
        << where << ": '" << f << "' not in the output of\nfloodevac " << cmd << "\n" << out;
  EXPECT_EQ(out.find("unexpected error"), std::string::npos) << where << "\n" << out;
  if (r.expect_exit != 0)
    for (const auto& m : complete_manifests(tmp.path()))
      ADD_FAILURE() << where << ": a failed run left a manifest that says complete: " << m;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputs, ::testing::ValuesIn(catalogue()),
                         [](const ::testing::TestParamInfo<BadInput>& info) {
                           return info.param.id;
                         });

TEST(BadInputCatalogue, CaseNamesAreUnique) {
  std::set<std::string> seen;
  for (const auto& r : catalogue())
    EXPECT_TRUE(seen.insert(test_name(r.table, r.name)).second)
        << "duplicate case " << r.name << " in " << r.table << ".tsv line " << r.line;
  EXPECT_FALSE(catalogue().empty()) << "no rows found in " << kCatalogue;
}
