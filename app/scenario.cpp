#include "app/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "app/schema_text.hpp"  // generated: kScenarioSchema
#include "sim/core/error.hpp"

namespace floodevac::app {

const std::string& schema_text() {
  static const std::string text = kScenarioSchema;
  return text;
}

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

/// Where each JSON pointer came from: "line L, column C" or "--set ...".
using Origins = std::map<std::string, std::string>;

std::string mark_text(const YAML::Mark& m) {
  if (m.line < 0) return "";
  return "line " + std::to_string(m.line + 1) + ", column " + std::to_string(m.column + 1);
}

json scalar_to_json(const YAML::Node& n) {
  const std::string s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  static const std::regex int_re(R"(^[-+]?[0-9]+$)");
  static const std::regex float_re(R"(^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$)");
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (std::regex_match(s, int_re)) {
    try {
      return std::stoll(s);
    } catch (...) {
      return std::stod(s);
    }
  }
  if (std::regex_match(s, float_re)) return std::stod(s);
  return s;
}

json yaml_to_json(const YAML::Node& n, const std::string& ptr, Origins& origins) {
  origins[ptr.empty() ? "/" : ptr] = mark_text(n.Mark());
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) {
        const std::string key = kv.first.as<std::string>();
        o[key] = yaml_to_json(kv.second, ptr + "/" + key, origins);
        origins[ptr + "/" + key] = mark_text(kv.first.Mark());
      }
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      std::size_t i = 0;
      for (const auto& item : n) {
        a.push_back(yaml_to_json(item, ptr + "/" + std::to_string(i), origins));
        ++i;
      }
      return a;
    }
    case YAML::NodeType::Scalar:
      return scalar_to_json(n);
    default:
      return nullptr;
  }
}

/// "flood.breaches.0.start_s=7200" applied to the document.
void apply_override(json& doc, const std::string& text, Origins& origins) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("--set " + text + ": expected key.path=value, e.g. --set flood.manning.constant=0.04");
  const std::string path = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  json parsed;
  try {
    Origins ignore;
    parsed = yaml_to_json(YAML::Load(value), "", ignore);
  } catch (const YAML::Exception& e) {
    throw ConfigError("--set " + text + ": the value is not valid YAML: " + e.what());
  }
  json* node = &doc;
  std::string ptr;
  std::stringstream ss(path);
  std::string part;
  std::vector<std::string> parts;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    ptr += "/" + p;
    const bool last = i + 1 == parts.size();
    if (node->is_array()) {
      std::size_t idx = 0;
      try {
        idx = std::stoul(p);
      } catch (...) {
        throw ConfigError("--set " + text + ": '" + p + "' must be an array index");
      }
      if (idx >= node->size())
        throw ConfigError("--set " + text + ": index " + p + " is past the end (" + std::to_string(node->size()) +
                          " entries)");
      node = &(*node)[idx];
    } else {
      if (node->is_null()) *node = json::object();
      if (!node->is_object()) throw ConfigError("--set " + text + ": '" + p + "' is inside a value that is not a map");
      node = &(*node)[p];
    }
    if (last) *node = parsed;
  }
  origins[ptr] = "--set " + text;
}

/// Fills absent properties that have a "default" in the schema (recursively,
/// also inside array items). Defaults live only in the schema.
void fill_defaults(json& doc, const json& schema, const json& root_schema) {
  const json* s = &schema;
  if (s->contains("$ref")) {
    const std::string ref = (*s)["$ref"];  // "#/definitions/x"
    s = &root_schema.at(json::json_pointer(ref.substr(1)));
  }
  if (doc.is_object() && s->contains("properties")) {
    for (const auto& [key, sub] : (*s)["properties"].items()) {
      if (!doc.contains(key) && sub.contains("default")) doc[key] = sub["default"];
      if (doc.contains(key)) fill_defaults(doc[key], sub, root_schema);
    }
  }
  if (doc.is_array() && s->contains("items") && (*s)["items"].is_object())
    for (auto& item : doc) fill_defaults(item, (*s)["items"], root_schema);
}

std::string context_to_pointer(const std::vector<std::string>& ctx) {
  std::string p;
  for (const auto& c : ctx) {
    if (c == "<root>") continue;
    if (c.size() >= 2 && c.front() == '[' && c.back() == ']') p += "/" + c.substr(1, c.size() - 2);
  }
  return p;
}

std::string pointer_to_dotted(const std::string& ptr) {
  if (ptr.empty()) return "(top level)";
  std::string d = ptr.substr(1);
  std::replace(d.begin(), d.end(), '/', '.');
  return d;
}

std::string where(const Origins& origins, const std::string& ptr) {
  // Nearest ancestor with a known origin.
  std::string p = ptr;
  while (true) {
    auto it = origins.find(p.empty() ? "/" : p);
    if (it != origins.end() && !it->second.empty()) return it->second;
    if (p.empty()) return "";
    p = p.substr(0, p.find_last_of('/'));
  }
}

const json& schema_json() {
  static const json s = json::parse(schema_text());
  return s;
}

void validate_against_schema(const json& doc, const Origins& origins, const fs::path& file) {
  static const std::unique_ptr<valijson::Schema> schema = [] {
    auto sch = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json());
    parser.populateSchema(adapter, *sch);
    return sch;
  }();
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(doc);
  if (validator.validate(*schema, target, &results)) return;
  // Report the deepest errors first: they are the specific ones.
  std::vector<valijson::ValidationResults::Error> errors(results.begin(), results.end());
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.context.size() > b.context.size(); });
  std::string msg = file.string() + ": the scenario does not match the schema (scenarios/scenario.schema.json):";
  std::size_t shown = 0;
  for (const auto& e : errors) {
    if (shown == 5) break;
    const std::string ptr = context_to_pointer(e.context);
    const std::string loc = where(origins, ptr);
    msg += "\n  - " + (loc.empty() ? std::string() : loc + ": ") + "field '" + pointer_to_dotted(ptr) + "': " +
           e.description;
    ++shown;
  }
  msg += "\n  Run 'floodevac schema' to see every field with its type, unit and default.";
  throw ConfigError(msg);
}

// ---- typed reading (the document is valid and defaults are filled) ----

fs::path resolve(const fs::path& base, const std::string& p) {
  if (p.empty()) return {};
  fs::path q(p);
  return q.is_absolute() ? q : (base / q).lexically_normal();
}

TimeSeries read_series(const json& j, const std::string& what, const Origins& origins, const std::string& ptr,
                       const fs::path& file) {
  TimeSeries s;
  s.t_s = j.at("t_s").get<std::vector<double>>();
  s.value = j.at("values").get<std::vector<double>>();
  try {
    s.validate(what);
  } catch (const ConfigError& e) {
    throw ConfigError(file.string() + ": " + where(origins, ptr) + ": field '" + pointer_to_dotted(ptr) + "': " +
                      e.what());
  }
  return s;
}

evac::MobilisationCurve read_curve(const json& d) {
  const std::string kind = d["curve"];
  if (kind == "weibull") return evac::MobilisationCurve::weibull(d["scale_s"], d["shape"]);
  if (kind == "rayleigh") return evac::MobilisationCurve::rayleigh(d["scale_s"]);
  return evac::MobilisationCurve::logistic(d["t50_s"], d["scale_s"]);
}

EvacSpec read_evacuation(const json& e, const Scenario& sc, const Origins& origins, const fs::path& file) {
  const auto& base = sc.base_dir;
  EvacSpec ev;
  ev.roads = resolve(base, e["roads"]["file"]);
  ev.road_options.layer = e["roads"]["layer"];
  ev.road_options.merge_tolerance_m = e["roads"]["node_tolerance_m"];
  ev.shelters = resolve(base, e["shelters"]["file"]);
  ev.shelter_fields.capacity = e["shelters"]["capacity_field"];
  ev.snap.max_snap_m_shelters = e["shelters"]["max_snap_m"];
  const json& pop = e["population"];
  if (pop.contains("raster")) ev.population.raster = resolve(base, pop["raster"]);
  if (pop.contains("vector")) ev.population.vector = resolve(base, pop["vector"]);
  ev.population.count_field = pop["count_field"];
  ev.population.min_persons = pop["min_persons"];
  ev.snap.max_snap_m_population = pop["max_snap_m"];
  const json& d = e["demand"];
  auto& dm = ev.demand;
  dm.order_time_s = d["order_time_s"];
  dm.curve = read_curve(d);
  dm.compliance = d["compliance"];
  dm.car_share = d["car_share"];
  dm.occupancy = d["occupancy"];
  if (d.contains("trips_csv")) dm.trips_csv = resolve(base, d["trips_csv"]);
  if (dm.trips_csv.empty() && ev.population.raster.empty() && ev.population.vector.empty())
    throw ConfigError(file.string() + ": " + where(origins, "/evacuation") +
                      ": field 'evacuation': give population.raster, population.vector or demand.trips_csv");
  const json& mv = e["movement"];
  auto& m = ev.movement;
  m.step_s = mv["step_s"];
  m.reroute_interval_s = mv["reroute_interval_s"];
  m.vehicle_spacing_m = mv["vehicle_spacing_m"];
  m.walk_speed_mps = mv["walk_speed_mps"];
  m.exposure_class_min = static_cast<std::uint8_t>(e["exposure"]["hazard_class_threshold"].get<int>());
  m.output_interval_s = sc.coupling_interval_s;  // a time-series row every coupling
  return ev;
}

flood::Side parse_side(const std::string& s) {
  if (s == "north") return flood::Side::north;
  if (s == "south") return flood::Side::south;
  if (s == "east") return flood::Side::east;
  return flood::Side::west;
}

}  // namespace

Scenario load_scenario(const fs::path& file, const std::vector<std::string>& overrides) {
  if (!fs::exists(file))
    throw InputError(file.string() + ": scenario file not found (give the path to a .yaml or .json scenario)");
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::ParserException& e) {
    throw ConfigError(file.string() + ": line " + std::to_string(e.mark.line + 1) + ", column " +
                      std::to_string(e.mark.column + 1) + ": not valid YAML/JSON: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ConfigError(file.string() + ": cannot read: " + e.what());
  }
  if (!root.IsMap())
    throw ConfigError(file.string() + ": the scenario must be a map of fields (name:, flood:, ...), found " +
                      (root.IsNull() ? std::string("an empty document") : std::string("something else")));
  Origins origins;
  json doc = yaml_to_json(root, "", origins);
  for (const auto& o : overrides) apply_override(doc, o, origins);
  validate_against_schema(doc, origins, file);
  fill_defaults(doc, schema_json(), schema_json());

  Scenario sc;
  sc.file = file;
  sc.base_dir = fs::absolute(file).parent_path();
  const auto& base = sc.base_dir;
  sc.resolved = doc;
  sc.name = doc["name"];
  sc.description = doc["description"];
  sc.crs = doc["crs"];
  sc.seed = doc["seed"].get<std::uint64_t>();
  sc.duration_s = doc["time"]["duration_s"];
  sc.output_interval_s = doc["time"]["output_interval_s"];
  sc.coupling_interval_s = doc["time"]["coupling_interval_s"];

  const json& f = doc["flood"];
  auto& fl = sc.flood;
  fl.dem = resolve(base, f["dem"]);
  fl.resolution_m = f["resolution_m"];
  const json& mn = f["manning"];
  const int manning_kinds = int(mn.contains("constant")) + int(mn.contains("raster")) + int(mn.contains("landcover"));
  if (manning_kinds != 1)
    throw ConfigError(file.string() + ": " + where(origins, "/flood/manning") +
                      ": field 'flood.manning': give exactly one of constant, raster or landcover (found " +
                      std::to_string(manning_kinds) + ")");
  if (mn.contains("constant")) fl.manning.constant = mn["constant"];
  if (mn.contains("raster")) fl.manning.raster = resolve(base, mn["raster"]);
  if (mn.contains("landcover")) {
    fl.manning.landcover = resolve(base, mn["landcover"]);
    if (!mn.contains("table"))
      throw ConfigError(file.string() + ": " + where(origins, "/flood/manning") +
                        ": field 'flood.manning.table' is required with landcover (class code -> n)");
    for (const auto& [k, v] : mn["table"].items()) {
      try {
        fl.manning.table[std::stoi(k)] = v.get<double>();
      } catch (const std::exception&) {
        throw ConfigError(file.string() + ": " + where(origins, "/flood/manning/table/" + k) +
                          ": field 'flood.manning.table': key '" + k + "' must be an integer class code");
      }
    }
    if (mn.contains("default")) fl.manning.default_n = mn["default"];
  }
  if (f.contains("walls")) {
    WallSpec w;
    w.file = resolve(base, f["walls"]["file"]);
    w.layer = f["walls"]["layer"];
    w.crest_field = f["walls"]["crest_field"];
    fl.walls = w;
  }
  auto& cfg = fl.config;
  auto& p = cfg.params;
  p.theta = f["solver"]["theta"];
  p.cfl_alpha = f["solver"]["cfl_alpha"];
  p.max_dt_s = f["solver"]["max_dt_s"];
  p.h_dry_m = f["solver"]["h_dry_m"];
  p.infiltration_mm_h = f["losses"]["infiltration_mm_h"];
  p.drainage_mm_h = f["losses"]["drainage_mm_h"];
  p.inundation_threshold_m = f["inundation_threshold_m"];
  fl.hazard.debris_factor = f["debris_factor"];
  fl.initial_sea = f["initial_sea"];
  std::size_t i = 0;
  for (const auto& b : f["breaches"]) {
    flood::Breach br;
    br.name = b["name"];
    br.x = b["at"][0];
    br.y = b["at"][1];
    br.start_s = b["start_s"];
    br.duration_s = b["duration_s"];
    br.final_width_m = b["final_width_m"];
    br.final_crest_m = b["final_crest_m"];
    cfg.breaches.push_back(br);
    ++i;
  }
  if (!cfg.breaches.empty() && !fl.walls)
    throw ConfigError(file.string() + ": " + where(origins, "/flood/breaches") +
                      ": field 'flood.breaches' needs 'flood.walls' (a breach opens a wall)");
  const json& rain = f["rain"];
  if (rain.contains("uniform_mm_h"))
    cfg.rain.uniform_mm_h = read_series(rain["uniform_mm_h"], "rain", origins, "/flood/rain/uniform_mm_h", file);
  for (const auto& g : rain["grids"]) fl.rain_grids.emplace_back(g["t_s"].get<double>(), resolve(base, g["file"]));
  i = 0;
  for (const auto& b : f["boundaries"]) {
    const std::string ptr = "/flood/boundaries/" + std::to_string(i);
    flood::Boundary bc;
    bc.name = b["name"];
    bc.side = parse_side(b["side"]);
    const std::string kind = b["kind"];
    bc.kind = kind == "closed"         ? flood::Boundary::Kind::closed
              : kind == "free_outflow" ? flood::Boundary::Kind::free_outflow
                                       : flood::Boundary::Kind::water_level;
    bc.slope = b["slope"];
    if (b.contains("from")) bc.from = b["from"];
    if (b.contains("to")) bc.to = b["to"];
    if (bc.kind == flood::Boundary::Kind::water_level) {
      if (!b.contains("level_m"))
        throw ConfigError(file.string() + ": " + where(origins, ptr) + ": field '" + pointer_to_dotted(ptr) +
                          "': kind water_level needs level_m: {t_s: [...], values: [...]} (m)");
      bc.level_m = read_series(b["level_m"], "level_m", origins, ptr + "/level_m", file);
    }
    cfg.boundaries.push_back(bc);
    ++i;
  }
  i = 0;
  for (const auto& q : f["inflows"]) {
    const std::string ptr = "/flood/inflows/" + std::to_string(i);
    flood::Inflow in;
    in.name = q["name"];
    if (q.contains("at") == q.contains("line"))
      throw ConfigError(file.string() + ": " + where(origins, ptr) + ": field '" + pointer_to_dotted(ptr) +
                        "': give exactly one of 'at' [x, y] or 'line' [[x, y], ...]");
    if (q.contains("at")) {
      in.x = q["at"][0];
      in.y = q["at"][1];
    } else {
      for (const auto& pt : q["line"]) {
        in.line_x.push_back(pt[0]);
        in.line_y.push_back(pt[1]);
      }
    }
    in.q_m3s = read_series(q["q_m3s"], "q_m3s", origins, ptr + "/q_m3s", file);
    for (double v : in.q_m3s.value)
      if (v < 0)
        throw ConfigError(file.string() + ": " + where(origins, ptr + "/q_m3s") + ": field '" +
                          pointer_to_dotted(ptr) + ".q_m3s.values': discharges must be >= 0 m^3/s");
    cfg.inflows.push_back(in);
    ++i;
  }

  if (sc.coupling_interval_s > sc.duration_s) sc.coupling_interval_s = sc.duration_s;
  if (doc.contains("evacuation")) sc.evac = read_evacuation(doc["evacuation"], sc, origins, file);
  sc.rasters.compression = doc["outputs"]["compression"];
  sc.depth_snapshots = doc["outputs"]["depth_snapshots"];
  return sc;
}

}  // namespace floodevac::app
