#include "app/run_folder.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <system_error>

#include "gis/atomic_output.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// Files a run writes at the top of its folder.
const std::set<std::string> kTopLevelOutputs = {"manifest.json", "summary.txt", "report.html",
                                                "mass_balance.csv"};

/// The subfolders a run writes, and the names of the files in them
/// (app/outputs.cpp, app/evac_outputs.cpp: snake_case names, GDAL's side-cars).
const std::set<std::string> kRunSubfolders = {"flood", "evac"};
bool is_run_file_name(const std::string& name) {
  static const std::regex re(R"(^[a-z0-9_]+\.(tif|geojson|csv|json)(\.aux\.xml)?$)");
  return std::regex_match(name, re);
}

/// A path from a manifest that stays inside the run folder.
bool is_inside(const fs::path& rel) {
  if (rel.empty() || rel.is_absolute() || rel.has_root_name()) return false;
  for (const auto& part : rel)
    if (part == "..") return false;
  return true;
}

json read_manifest(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

void remove_file(const fs::path& p, std::vector<fs::path>& removed) {
  std::error_code ec;
  const auto st = fs::symlink_status(p, ec);
  if (ec || !(fs::is_regular_file(st) || fs::is_symlink(st))) return;
  if (fs::remove(p, ec) && !ec) removed.push_back(p);
}

}  // namespace

std::string folder_name(const std::string& name) {
  std::string s;
  for (unsigned char c : name) {
    const bool bad = c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':' || c == '*' ||
                     c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
    s += bad ? '_' : static_cast<char>(c);
  }
  const auto first = s.find_first_not_of(". ");
  if (first == std::string::npos) return "";
  s = s.substr(first);
  // File systems allow 255 bytes a name; keep well below, cut between UTF-8 characters.
  constexpr std::size_t kMaxBytes = 100;
  if (s.size() > kMaxBytes) {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '.')) s.pop_back();
  return s;
}

fs::path default_run_folder(const Scenario& sc, const Logger& log) {
  const std::string folder = folder_name(sc.name);
  if (folder.empty()) {
    ErrorContext c = sc.sources.locate("/name");
    c.fix = "give the scenario a name with letters or digits, or choose the folder with -o";
    throw ConfigError("the scenario name '" + sc.name +
                          "' gives no folder name for runs/<name> (the default output folder)",
                      std::move(c));
  }
  if (folder != sc.name)
    log.info(fmt::format("the scenario name '{}' is not a plain folder name; writing into runs/{}",
                         sc.name, folder));
  return fs::path("runs") / folder;
}

std::vector<fs::path> prepare_run_folder(const fs::path& dir, bool overwrite, const Logger& log) {
  std::vector<fs::path> removed = gis::remove_partial_leftovers(dir);
  if (!removed.empty())
    log.info(fmt::format("removed {} unfinished file(s) a killed run left in {} (e.g. {})",
                         removed.size(), dir.string(), removed.front().filename().string()));
  const fs::path manifest = dir / "manifest.json";
  std::error_code ec;
  if (!fs::exists(manifest, ec)) return removed;
  const json old = read_manifest(manifest);
  const std::string status =
      old.is_object() && old.contains("status") && old["status"].is_string() ? old["status"].get<std::string>()
                                                                              : "unknown";
  if (status == "complete" && !overwrite) {
    const std::string when =
        old.contains("finished_utc") && old["finished_utc"].is_string()
            ? " on " + old["finished_utc"].get<std::string>()
            : std::string();
    throw ConfigError("the output folder holds a finished run (status complete" + when +
                          "); floodevac does not overwrite it",
                      ErrorContext{manifest.string(), 0, 0, {},
                                   "give --overwrite to replace that run, or -o <another folder>"});
  }
  const std::size_t before = removed.size();
  // The outputs the old manifest lists, then what a run writes by name.
  if (old.is_object() && old.contains("outputs") && old["outputs"].is_array())
    for (const auto& o : old["outputs"])
      if (o.is_object() && o.contains("path") && o["path"].is_string()) {
        const fs::path rel = o["path"].get<std::string>();
        if (!is_inside(rel)) continue;
        remove_file(dir / rel, removed);
        remove_file(fs::path((dir / rel).string() + ".aux.xml"), removed);
      }
  for (const auto& name : kTopLevelOutputs)
    if (name != "manifest.json") remove_file(dir / name, removed);
  std::vector<std::string> kept;
  for (const auto& sub : kRunSubfolders) {
    const fs::path d = dir / sub;
    if (fs::is_symlink(d, ec) || !fs::is_directory(d, ec)) continue;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (is_run_file_name(e.path().filename().string()))
        remove_file(e.path(), removed);
      else
        kept.push_back(e.path().string());
    }
    fs::remove(d, ec);  // only when empty
  }
  remove_file(manifest, removed);
  log.info(fmt::format("{} the earlier run in {} (status {}): removed its {} file(s)",
                       status == "complete" ? "--overwrite: replacing" : "clearing", dir.string(),
                       status, removed.size() - before));
  if (!kept.empty())
    log.warn(fmt::format("left {} file(s) floodevac did not write in the run's subfolders, e.g. {}",
                         kept.size(), kept.front()));
  return removed;
}

}  // namespace floodevac::app
