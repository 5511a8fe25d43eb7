#include "app/sweep/sweep_spec.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>

#include "sim/core/error.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace floodevac::app::sweep {
namespace {

class Reader {
 public:
  explicit Reader(fs::path file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& n, const std::string& field, const std::string& msg,
                         const std::string& fix = {}) const {
    const auto m = n.Mark();
    throw ConfigError(msg, ErrorContext{file_.string(), m.line >= 0 ? m.line + 1 : 0,
                                        m.column >= 0 ? m.column + 1 : 0, field, fix});
  }

  double number(const YAML::Node& n, const std::string& field) const {
    try {
      const double v = n.as<double>();
      if (!std::isfinite(v)) fail(n, field, "must be a finite number");
      return v;
    } catch (const YAML::Exception&) {
      fail(n, field, "must be a number");
    }
  }

  std::string text(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) fail(n, field, "must be a text");
    return n.as<std::string>();
  }

  /// A YAML scalar as JSON: numbers stay numbers, true/false booleans, the rest text.
  json scalar(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) fail(n, field, "each value must be a number, a boolean or a text");
    const std::string s = n.Scalar();
    if (n.Tag() != "!") {  // unquoted: try number and boolean as YAML reads them
      try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && std::isfinite(v)) {
          if (v == std::floor(v) && std::abs(v) < 9e15 && s.find_first_of(".eE") == s.npos)
            return static_cast<std::int64_t>(v);
          return v;
        }
      } catch (const std::exception&) {
      }
      if (s == "true" || s == "false") return s == "true";
    }
    return s;
  }

  void only_keys(const YAML::Node& n, const std::string& field,
                 const std::set<std::string>& allowed) const {
    if (!n.IsMap()) fail(n, field, "must be a mapping");
    for (const auto& kv : n) {
      const auto k = kv.first.as<std::string>();
      if (!allowed.count(k)) {
        std::string list;
        for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(kv.first, field.empty() ? k : field + "." + k, "unknown key", "known: " + list);
      }
    }
  }

  const fs::path& file() const { return file_; }

 private:
  fs::path file_;
};

}  // namespace

const char* design_name(DesignKind kind) {
  switch (kind) {
    case DesignKind::grid:
      return "grid";
    case DesignKind::list:
      return "list";
    case DesignKind::monte_carlo:
      return "monte_carlo";
    case DesignKind::latin_hypercube:
      return "latin_hypercube";
  }
  return "grid";
}

std::vector<FeatureRule> default_feature_rules() {
  return {
      {"shelter_overflow", "evac/shelters.geojson", "overflow_persons", "gt", 0},
      {"road_closed", "evac/road_links.geojson", "closed_s", "not_null", 0},
      // villages/plan.geojson of timeline runs (一村一策, docs/village_plan.md); skipped where a member has none.
      {"village_negative_margin", "villages/plan.geojson", "margin_s", "lt", 0},
  };
}

SweepSpec load_sweep(const fs::path& file) {
  Reader r(file);
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    throw InputError("cannot read the sweep file", ErrorContext{file.string(), 0, 0, {}, {}});
  } catch (const YAML::Exception& e) {
    throw ConfigError("not valid YAML: " + e.msg,
                      ErrorContext{file.string(), e.mark.line + 1, e.mark.column + 1, {}, {}});
  }
  r.only_keys(doc, "", {"name", "description", "base", "seed", "design", "samples", "set",
                        "parameters", "ensemble"});
  SweepSpec s;
  s.file = file;
  s.name = doc["name"] ? r.text(doc["name"], "name") : file.stem().string();
  if (!doc["base"])
    r.fail(doc, "base", "missing", "name the base scenario, e.g. base: default.yaml");
  s.base = file.parent_path() / r.text(doc["base"], "base");
  if (doc["seed"]) {
    const double v = r.number(doc["seed"], "seed");
    if (v < 0 || v != std::floor(v)) r.fail(doc["seed"], "seed", "must be a whole number >= 0");
    s.seed = static_cast<std::uint64_t>(v);
  }
  const std::string design = doc["design"] ? r.text(doc["design"], "design") : "grid";
  if (design == "grid")
    s.design = DesignKind::grid;
  else if (design == "list")
    s.design = DesignKind::list;
  else if (design == "monte_carlo")
    s.design = DesignKind::monte_carlo;
  else if (design == "latin_hypercube")
    s.design = DesignKind::latin_hypercube;
  else
    r.fail(doc["design"], "design", "unknown design '" + design + "'",
           "grid, list, monte_carlo or latin_hypercube");
  const bool random = s.design == DesignKind::monte_carlo || s.design == DesignKind::latin_hypercube;
  if (doc["samples"]) {
    const double v = r.number(doc["samples"], "samples");
    if (v < 1 || v != std::floor(v) || v > 1e6)
      r.fail(doc["samples"], "samples", "must be a whole number from 1 to 1000000");
    s.samples = static_cast<int>(v);
  }
  if (random && s.samples == 0)
    r.fail(doc, "samples", "a " + design + " design needs samples: N (members to draw)");
  if (!random && doc["samples"])
    r.fail(doc["samples"], "samples", "only monte_carlo and latin_hypercube designs draw samples");

  if (doc["set"]) {
    if (!doc["set"].IsMap())
      r.fail(doc["set"], "set", "must map scenario paths to values, e.g. time.duration_s: 7200");
    for (const auto& kv : doc["set"]) {
      const std::string key = kv.first.as<std::string>();
      YAML::Emitter e;
      e << YAML::Flow << kv.second;
      s.fixed.push_back(key + "=" + std::string(e.c_str()));
    }
  }

  const auto& ps = doc["parameters"];
  if (!ps || !ps.IsSequence() || ps.size() == 0)
    r.fail(ps ? ps : doc, "parameters", "needs a list of parameters to vary",
           "e.g. - {name: order_shift_s, path: timeline.order_shift_s, values: [0, 3600]}");
  std::set<std::string> names, all_paths;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const auto& p = ps[i];
    const std::string field = "parameters." + std::to_string(i);
    r.only_keys(p, field, {"name", "path", "paths", "values", "range"});
    Parameter par;
    if (p["path"] && p["paths"]) r.fail(p, field, "give 'path' or 'paths', not both");
    if (p["path"]) par.paths.push_back(r.text(p["path"], field + ".path"));
    if (p["paths"]) {
      if (!p["paths"].IsSequence() || p["paths"].size() == 0)
        r.fail(p["paths"], field + ".paths", "must be a non-empty list of scenario paths");
      for (const auto& q : p["paths"]) par.paths.push_back(r.text(q, field + ".paths"));
    }
    if (par.paths.empty())
      r.fail(p, field, "needs 'path' (a scenario path as in --set) or 'paths'");
    for (const auto& q : par.paths) {
      if (q.empty() || q.find('=') != q.npos || q.front() == '.' || q.back() == '.')
        r.fail(p, field + ".path", "'" + q + "' is not a dotted scenario path");
      if (!all_paths.insert(q).second)
        r.fail(p, field + ".path", "'" + q + "' is varied by two parameters");
    }
    par.name = p["name"] ? r.text(p["name"], field + ".name") : par.paths.front();
    if (par.name.empty() || par.name.find_first_of(",\"\n") != par.name.npos)
      r.fail(p, field + ".name", "must be a non-empty name without commas or quotes");
    if (!names.insert(par.name).second)
      r.fail(p, field + ".name", "two parameters are named '" + par.name + "'");
    if (p["values"] && p["range"]) r.fail(p, field, "give 'values' or 'range', not both");
    if (p["values"]) {
      if (!p["values"].IsSequence() || p["values"].size() == 0)
        r.fail(p["values"], field + ".values", "must be a non-empty list");
      for (const auto& v : p["values"]) par.values.push_back(r.scalar(v, field + ".values"));
    } else if (p["range"]) {
      const auto& g = p["range"];
      r.only_keys(g, field + ".range", {"min", "max", "steps"});
      if (!g["min"] || !g["max"]) r.fail(g, field + ".range", "needs min and max");
      Range rg;
      rg.min = r.number(g["min"], field + ".range.min");
      rg.max = r.number(g["max"], field + ".range.max");
      if (rg.max < rg.min) r.fail(g, field + ".range", "max is below min");
      if (g["steps"]) {
        const double st = r.number(g["steps"], field + ".range.steps");
        if (st < 1 || st != std::floor(st) || st > 100000)
          r.fail(g["steps"], field + ".range.steps", "must be a whole number >= 1");
        rg.steps = static_cast<int>(st);
      }
      if (s.design == DesignKind::grid && rg.steps == 0)
        r.fail(g, field + ".range.steps", "a grid design needs the number of steps of a range");
      if (s.design == DesignKind::list)
        r.fail(g, field + ".range", "a list design takes 'values' (member i takes item i)");
      par.range = rg;
    } else {
      r.fail(p, field, "needs 'values' or 'range'");
    }
    s.parameters.push_back(std::move(par));
  }
  if (s.design == DesignKind::list) {
    for (std::size_t i = 1; i < s.parameters.size(); ++i)
      if (s.parameters[i].values.size() != s.parameters[0].values.size())
        r.fail(ps[i], "parameters." + std::to_string(i) + ".values",
               "a list design needs as many values in every parameter (" +
                   std::to_string(s.parameters[0].values.size()) + " in the first)");
  }

  s.ensemble.features = default_feature_rules();
  if (const auto& en = doc["ensemble"]) {
    r.only_keys(en, "ensemble", {"depth_thresholds_m", "features"});
    if (en["depth_thresholds_m"]) {
      s.ensemble.depth_thresholds_m.clear();
      if (!en["depth_thresholds_m"].IsSequence())
        r.fail(en["depth_thresholds_m"], "ensemble.depth_thresholds_m", "must be a list of depths");
      for (const auto& v : en["depth_thresholds_m"]) {
        const double d = r.number(v, "ensemble.depth_thresholds_m");
        if (d <= 0) r.fail(v, "ensemble.depth_thresholds_m", "depths must be > 0 m");
        s.ensemble.depth_thresholds_m.push_back(d);
      }
    }
    if (en["features"]) {
      s.ensemble.features.clear();
      if (!en["features"].IsSequence())
        r.fail(en["features"], "ensemble.features", "must be a list of rules");
      for (std::size_t i = 0; i < en["features"].size(); ++i) {
        const auto& f = en["features"][i];
        const std::string field = "ensemble.features." + std::to_string(i);
        r.only_keys(f, field, {"name", "file", "property", "op", "value"});
        FeatureRule rule;
        if (!f["name"] || !f["file"] || !f["property"] || !f["op"])
          r.fail(f, field, "needs name, file, property and op");
        rule.name = r.text(f["name"], field + ".name");
        rule.file = r.text(f["file"], field + ".file");
        rule.property = r.text(f["property"], field + ".property");
        rule.op = r.text(f["op"], field + ".op");
        if (rule.op != "gt" && rule.op != "ge" && rule.op != "lt" && rule.op != "le" &&
            rule.op != "not_null")
          r.fail(f["op"], field + ".op", "unknown op '" + rule.op + "'", "gt, ge, lt, le, not_null");
        if (f["value"]) rule.value = r.number(f["value"], field + ".value");
        s.ensemble.features.push_back(rule);
      }
    }
  }
  return s;
}

}  // namespace floodevac::app::sweep
