#include "app/sweep/sweep_folder.hpp"

#include <fstream>

#include "app/atomic_file.hpp"
#include "app/checksum.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace floodevac::app::sweep {

std::vector<std::string> member_overrides(const SweepSpec& spec,
                                          const std::vector<std::string>& global_sets,
                                          const Member& m) {
  std::vector<std::string> o = spec.fixed;
  o.insert(o.end(), global_sets.begin(), global_sets.end());
  o.insert(o.end(), m.overrides.begin(), m.overrides.end());
  return o;
}

json sweep_document(const SweepSpec& spec, const std::vector<std::string>& global_sets,
                    const json& base_resolved, const std::vector<Member>& members) {
  json params = json::array();
  for (const auto& p : spec.parameters) params.push_back({{"name", p.name}, {"paths", p.paths}});
  json mems = json::array();
  for (const auto& m : members)
    mems.push_back({{"index", m.index}, {"id", m.id}, {"values", m.values}});
  std::vector<std::string> fixed_list = spec.fixed;
  fixed_list.insert(fixed_list.end(), global_sets.begin(), global_sets.end());
  const json fixed = fixed_list;
  const json key{{"base", base_resolved}, {"set", fixed}, {"parameters", params}, {"members", mems}};
  return {{"tool", "floodevac"},
          {"version", version()},
          {"name", spec.name},
          {"sweep_file", fs::absolute(spec.file).string()},
          {"base", fs::absolute(spec.base).string()},
          {"design", design_name(spec.design)},
          {"seed", spec.seed},
          {"set", fixed},
          {"parameters", params},
          {"members", mems},
          {"base_sha256", sha256_bytes(base_resolved.dump())},
          {"fingerprint", sha256_bytes(key.dump())}};
}

fs::path member_dir(const fs::path& dir, const std::string& id) { return dir / "members" / id; }

void open_sweep_folder(const fs::path& dir, const json& doc, bool restart) {
  const fs::path file = dir / "sweep.json";
  std::error_code ec;
  if (restart) {
    for (const char* p : {"members", "ensemble"}) fs::remove_all(dir / p, ec);
    for (const char* p : {"sweep.json", "status.json", "summary.csv", "report.html"})
      fs::remove(dir / p, ec);
  }
  if (fs::exists(file)) {
    json old;
    try {
      std::ifstream in(file);
      old = json::parse(in);
    } catch (const std::exception& e) {
      throw ConfigError("cannot read " + file.string() + ": " + e.what(),
                        ErrorContext{file.string(), 0, 0, {}, "--restart clears the folder"});
    }
    if (old.value("fingerprint", "") == doc["fingerprint"]) return;
    std::string what;
    if (old.value("base_sha256", "") != doc["base_sha256"])
      what = "its base scenario (as resolved, with set: and --set) differs";
    else if (old.value("parameters", json()) != doc["parameters"])
      what = "its parameters differ";
    else if (old.value("set", json()) != doc["set"])
      what = "its fixed overrides differ";
    else
      what = "its members (design, values, seed or samples) differ";
    throw ConfigError(
        dir.string() + " holds another sweep ('" + old.value("name", std::string("?")) + "'): " +
            what + "; results of two sweeps are not mixed",
        ErrorContext{file.string(), 0, 0, {},
                     "give another -o folder, or --restart to clear this one"});
  }
  fs::create_directories(dir / "members", ec);
  if (ec)
    throw OutputError("cannot create " + (dir / "members").string() + ": " + ec.message());
  write_text_atomic(file, doc.dump(2) + "\n");
}

bool member_complete(const fs::path& member_folder, const std::vector<std::string>& overrides) {
  std::ifstream in(member_folder / "manifest.json");
  if (!in) return false;
  try {
    const json m = json::parse(in);
    return m.value("status", "") == "complete" && m.contains("overrides") &&
           m["overrides"] == json(overrides);
  } catch (const std::exception&) {
    return false;
  }
}

void write_status(const fs::path& dir, const std::vector<MemberStatus>& status) {
  json a = json::array();
  for (const auto& s : status) {
    json j{{"index", s.index}, {"id", s.id}, {"state", s.state}};
    if (!s.error.empty()) j["error"] = s.error;
    if (s.wall_s > 0) j["wall_s"] = s.wall_s;
    if (s.state != "pending") j["rank"] = s.rank;
    a.push_back(std::move(j));
  }
  write_text_atomic(dir / "status.json", json{{"members", a}}.dump(2) + "\n");
}

}  // namespace floodevac::app::sweep
