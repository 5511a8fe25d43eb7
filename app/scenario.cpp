#include "app/scenario.hpp"

#include <string>

#include "app/scenario_checks.hpp"
#include "app/scenario_document.hpp"
#include "app/scenario_errors.hpp"
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

/// Typed reading of a document that is valid and has its defaults filled.
class Reader {
 public:
  Reader(const fs::path& base, const SourceMap& sources) : base_(base), sources_(sources) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw ConfigError(message, sources_.locate(pointer));
  }

  fs::path path(const std::string& p) const {
    if (p.empty()) return {};
    fs::path q(p);
    return q.is_absolute() ? q : (base_ / q).lexically_normal();
  }

  TimeSeries series(const json& j, const std::string& what, const std::string& pointer) const {
    TimeSeries s;
    s.t_s = j.at("t_s").get<std::vector<double>>();
    s.value = j.at("values").get<std::vector<double>>();
    try {
      s.validate(what);
    } catch (const ConfigError& e) {
      fail(pointer, e.what());
    }
    return s;
  }

  ManningSpec manning(const json& mn) const {
    ManningSpec m;
    const int kinds =
        int(mn.contains("constant")) + int(mn.contains("raster")) + int(mn.contains("landcover"));
    if (kinds != 1)
      fail("/flood/manning", "give exactly one of constant, raster or landcover (found " +
                                 std::to_string(kinds) + ")");
    if (mn.contains("constant")) m.constant = mn["constant"];
    if (mn.contains("raster")) m.raster = path(mn["raster"]);
    if (mn.contains("landcover")) {
      m.landcover = path(mn["landcover"]);
      if (!mn.contains("table"))
        fail("/flood/manning/table", "required with landcover (class code -> n)");
      for (const auto& [k, v] : mn["table"].items()) {
        try {
          m.table[std::stoi(k)] = v.get<double>();
        } catch (const std::exception&) {
          fail("/flood/manning/table/" + k, "key '" + k + "' must be an integer class code");
        }
      }
      if (mn.contains("default")) m.default_n = mn["default"];
    }
    return m;
  }

  flood::Breach breach(const json& b) const {
    flood::Breach br;
    br.name = b["name"];
    br.x = b["at"][0];
    br.y = b["at"][1];
    br.start_s = b["start_s"];
    br.duration_s = b["duration_s"];
    br.final_width_m = b["final_width_m"];
    br.final_crest_m = b["final_crest_m"];
    return br;
  }

  flood::Boundary boundary(const json& b, const std::string& ptr) const {
    flood::Boundary bc;
    bc.name = b["name"];
    const std::string side = b["side"];
    bc.side = side == "north"   ? flood::Side::north
              : side == "south" ? flood::Side::south
              : side == "east"  ? flood::Side::east
                                : flood::Side::west;
    const std::string kind = b["kind"];
    bc.kind = kind == "closed"         ? flood::Boundary::Kind::closed
              : kind == "free_outflow" ? flood::Boundary::Kind::free_outflow
                                       : flood::Boundary::Kind::water_level;
    bc.slope = b["slope"];
    if (b.contains("from")) bc.from = b["from"];
    if (b.contains("to")) bc.to = b["to"];
    if (bc.kind == flood::Boundary::Kind::water_level) {
      if (!b.contains("level_m"))
        fail(ptr, "kind water_level needs level_m: {t_s: [...], values: [...]} (m)");
      bc.level_m = series(b["level_m"], "level_m", ptr + "/level_m");
      // A sea higher (or lower) than the series by a constant: one number a sweep can vary
      // (a surge forecast error, sea-level rise) without rewriting the hourly levels.
      const double offset = b.value("level_offset_m", 0.0);
      for (auto& v : bc.level_m.value) v += offset;
    }
    return bc;
  }

  flood::Inflow inflow(const json& q, const std::string& ptr) const {
    flood::Inflow in;
    in.name = q["name"];
    if (q.contains("at") == q.contains("line"))
      fail(ptr, "give exactly one of 'at' [x, y] or 'line' [[x, y], ...]");
    if (q.contains("at")) {
      in.x = q["at"][0];
      in.y = q["at"][1];
    } else {
      for (const auto& pt : q["line"]) {
        in.line_x.push_back(pt[0]);
        in.line_y.push_back(pt[1]);
      }
    }
    in.q_m3s = series(q["q_m3s"], "q_m3s", ptr + "/q_m3s");
    for (double v : in.q_m3s.value)
      if (v < 0) fail(ptr + "/q_m3s/values", "discharges must be >= 0 m^3/s");
    return in;
  }

  FloodSpec flood(const json& f) const {
    FloodSpec fl;
    fl.dem = path(f["dem"]);
    fl.resolution_m = f["resolution_m"];
    fl.manning = manning(f["manning"]);
    if (f.contains("walls"))
      fl.walls = WallSpec{path(f["walls"]["file"]), f["walls"]["layer"], f["walls"]["crest_field"]};
    if (f.contains("channels"))
      fl.channels = ChannelSpec{path(f["channels"]["file"]), f["channels"]["layer"]};
    if (f.contains("gauges"))
      fl.gauges = GaugeSpec{path(f["gauges"]["file"]), f["gauges"]["layer"]};
    auto& cfg = fl.config;
    auto& p = cfg.params;
    p.theta = f["solver"]["theta"];
    p.cfl_alpha = f["solver"]["cfl_alpha"];
    p.max_dt_s = f["solver"]["max_dt_s"];
    p.h_dry_m = f["solver"]["h_dry_m"];
    p.scheme = f["solver"]["scheme"] == "fv" ? flood::Scheme::fv : flood::Scheme::inertial;
    p.dt_speed = f["solver"]["dt_speed"];
    p.friction = f["solver"]["friction"] == "1d" ? flood::Friction::one_d : flood::Friction::two_d;
    p.inertia_froude = f["solver"]["inertia_froude"];
    p.infiltration_mm_h = f["losses"]["infiltration_mm_h"];
    p.drainage_mm_h = f["losses"]["drainage_mm_h"];
    p.inundation_threshold_m = f["inundation_threshold_m"];
    fl.hazard.debris_factor = f["debris_factor"];
    fl.initial_sea = f["initial_sea"];
    for (const auto& b : f["breaches"]) cfg.breaches.push_back(breach(b));
    if (!cfg.breaches.empty() && !fl.walls)
      fail("/flood/breaches", "needs 'flood.walls' (a breach opens a wall)");
    const json& rain = f["rain"];
    if (rain.contains("uniform_mm_h"))
      cfg.rain.uniform_mm_h = series(rain["uniform_mm_h"], "rain", "/flood/rain/uniform_mm_h");
    for (const auto& g : rain["grids"])
      fl.rain_grids.emplace_back(g["t_s"].get<double>(), path(g["file"]));
    for (std::size_t i = 0; i < f["boundaries"].size(); ++i)
      cfg.boundaries.push_back(
          boundary(f["boundaries"][i], "/flood/boundaries/" + std::to_string(i)));
    for (std::size_t i = 0; i < f["inflows"].size(); ++i)
      cfg.inflows.push_back(inflow(f["inflows"][i], "/flood/inflows/" + std::to_string(i)));
    return fl;
  }

  evac::MobilisationCurve curve(const json& d) const {
    return at_scenario_fields(sources_, demand_fields(), [&] {
      const std::string kind = d["curve"];
      if (kind == "weibull") return evac::MobilisationCurve::weibull(d["scale_s"], d["shape"]);
      if (kind == "rayleigh") return evac::MobilisationCurve::rayleigh(d["scale_s"]);
      return evac::MobilisationCurve::logistic(d["t50_s"], d["scale_s"]);
    });
  }

  EvacSpec evacuation(const json& e, double coupling_interval_s) const {
    EvacSpec ev;
    ev.roads = path(e["roads"]["file"]);
    ev.road_options.layer = e["roads"]["layer"];
    ev.road_options.merge_tolerance_m = e["roads"]["node_tolerance_m"];
    ev.road_options.fields.length = e["roads"]["length_field"];
    ev.shelters = path(e["shelters"]["file"]);
    ev.shelter_fields.capacity = e["shelters"]["capacity_field"];
    ev.snap.max_snap_m_shelters = e["shelters"]["max_snap_m"];
    const json& pop = e["population"];
    if (pop.contains("raster")) ev.population.raster = path(pop["raster"]);
    if (pop.contains("vector")) ev.population.vector = path(pop["vector"]);
    ev.population.count_field = pop["count_field"];
    ev.population.min_persons = pop["min_persons"];
    ev.snap.max_snap_m_population = pop["max_snap_m"];
    const json& d = e["demand"];
    auto& dm = ev.demand;
    dm.order_time_s = d["order_time_s"];
    dm.curve = curve(d);
    dm.compliance = d["compliance"];
    dm.car_share = d["car_share"];
    dm.occupancy = d["occupancy"];
    if (d.contains("trips_csv")) dm.trips_csv = path(d["trips_csv"]);
    if (dm.trips_csv.empty() && ev.population.raster.empty() && ev.population.vector.empty())
      fail("/evacuation", "give population.raster, population.vector or demand.trips_csv");
    const json& mv = e["movement"];
    auto& m = ev.movement;
    m.step_s = mv["step_s"];
    m.reroute_interval_s = mv["reroute_interval_s"];
    m.vehicle_spacing_m = mv["vehicle_spacing_m"];
    m.walk_speed_mps = mv["walk_speed_mps"];
    m.tunnel_close_depth_m = e["roads"]["tunnel_closure_depth_m"];
    m.exposure_class_min =
        static_cast<std::uint8_t>(e["exposure"]["hazard_class_threshold"].get<int>());
    m.gridlock_stuck_time_s = e["gridlock"]["stuck_time_s"];
    m.output_interval_s = coupling_interval_s;  // a time-series row every coupling
    at_scenario_fields(sources_, movement_fields(), [&] { m.validate(); });
    return ev;
  }

 private:
  const fs::path& base_;
  const SourceMap& sources_;
};

}  // namespace

Scenario load_scenario(const fs::path& file, const std::vector<std::string>& overrides) {
  Scenario sc;
  const json doc = read_scenario_document(file, overrides, sc.sources);
  sc.file = file;
  sc.base_dir = fs::absolute(file).parent_path();
  sc.resolved = doc;
  const Reader read(sc.base_dir, sc.sources);
  sc.name = doc["name"];
  sc.description = doc["description"];
  sc.crs = doc["crs"];
  sc.seed = doc["seed"].get<std::uint64_t>();
  sc.duration_s = doc["time"]["duration_s"];
  sc.output_interval_s = doc["time"]["output_interval_s"];
  sc.coupling_interval_s = doc["time"]["coupling_interval_s"];
  if (sc.coupling_interval_s > sc.duration_s) sc.coupling_interval_s = sc.duration_s;
  sc.with_flood = doc.contains("flood");
  if (sc.with_flood) sc.flood = read.flood(doc["flood"]);
  if (doc.contains("evacuation"))
    sc.evac = read.evacuation(doc["evacuation"], sc.coupling_interval_s);
  if (doc.contains("timeline")) {
    if (!sc.evac)
      read.fail("/timeline", "a timeline needs 'evacuation' (roads, shelters and the residents "
                             "at home as evacuation.population)");
    if (!sc.evac->demand.trips_csv.empty())
      read.fail("/evacuation/demand/trips_csv",
                "a trip table and a timeline both make the trips; give one of them");
    sc.timeline = read_timeline_spec(doc["timeline"], sc.base_dir, sc.sources);
  }
  if (doc.contains("supplies")) {
    if (!sc.evac)
      read.fail("/supplies", "supplies need 'evacuation' (the roads and shelters they reach)");
    std::optional<policy::Clock> clock;
    if (sc.timeline) clock = sc.timeline->clock;
    sc.supplies =
        read_supply_spec(doc["supplies"], sc.base_dir, sc.sources, clock, sc.duration_s);
  }
  if (!sc.with_flood && !sc.evac)
    read.fail("", "give 'flood' (a DEM and its forcing), 'evacuation' (roads, shelters and "
                  "people: an evacuation-only run), or both");
  sc.rasters.compression = doc["outputs"]["compression"];
  sc.depth_snapshots = doc["outputs"]["depth_snapshots"];
  sc.viewer = doc["outputs"]["viewer"];
  sc.viewer_persons = doc["outputs"]["viewer_persons"];
  sc.viewer_interval_s = doc["outputs"]["viewer_interval_s"];
  check_scenario(sc);
  return sc;
}

}  // namespace floodevac::app
