#include "app/sweep/ensemble_features.hpp"

#include <cmath>
#include <fstream>

#include "app/atomic_file.hpp"
#include "sim/core/error.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace floodevac::app::sweep {

bool rule_holds(const FeatureRule& rule, const json& value) {
  if (!value.is_number()) return false;
  const double v = value.get<double>();
  if (!std::isfinite(v)) return false;
  if (rule.op == "not_null") return true;
  if (rule.op == "gt") return v > rule.value;
  if (rule.op == "ge") return v >= rule.value;
  if (rule.op == "lt") return v < rule.value;
  return v <= rule.value;  // le
}

std::vector<std::string> write_ensemble_features(const std::vector<fs::path>& member_dirs,
                                                 const std::vector<FeatureRule>& rules,
                                                 const fs::path& out_dir, const Logger& log) {
  std::vector<std::string> written;
  for (const auto& rule : rules) {
    json base;
    std::vector<int> hits;
    std::vector<bool> constant;  // per property of the first member: equal in all so far
    int members = 0;
    for (const auto& d : member_dirs) {
      const fs::path f = d / rule.file;
      std::ifstream in(f);
      if (!in) continue;
      json doc;
      try {
        doc = json::parse(in);
      } catch (const std::exception& e) {
        throw InputError(f.string() + ": not readable GeoJSON: " + e.what());
      }
      const auto& feats = doc.at("features");
      if (members == 0) {
        base = doc;
        hits.assign(feats.size(), 0);
      } else if (feats.size() != hits.size()) {
        throw InputError(f.string() + ": " + std::to_string(feats.size()) +
                         " features where the first member has " + std::to_string(hits.size()) +
                         "; ensemble maps need members with the same features");
      }
      for (std::size_t i = 0; i < feats.size(); ++i) {
        const auto& props = feats[i].value("properties", json::object());
        if (props.contains(rule.property) && rule_holds(rule, props[rule.property])) ++hits[i];
        if (members > 0) {  // drop properties that vary between members
          auto& bp = base["features"][i]["properties"];
          for (auto it = bp.begin(); it != bp.end();) {
            if (!props.contains(it.key()) || props[it.key()] != it.value())
              it = bp.erase(it);
            else
              ++it;
          }
        }
      }
      ++members;
    }
    if (members == 0) {
      log.info("ensemble: no member wrote " + rule.file + "; no " + rule.name + " map");
      continue;
    }
    for (std::size_t i = 0; i < hits.size(); ++i) {
      auto& p = base["features"][i]["properties"];
      if (!p.is_object()) p = json::object();
      p.erase(rule.property);  // a member's value, not the ensemble's
      p["p_" + rule.name] = static_cast<double>(hits[i]) / members;
      p["members"] = members;
    }
    base["floodevac_rule"] = {{"file", rule.file}, {"property", rule.property},
                              {"op", rule.op}, {"value", rule.value}};
    const std::string name = rule.name + ".geojson";
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    write_text_atomic(out_dir / name, base.dump() + "\n");
    written.push_back(name);
  }
  return written;
}

}  // namespace floodevac::app::sweep
