// Defaults are written once (see app/scenario.hpp): the sim/ and gis/ structs
// own them and the schema states them to users. Every "default" in
// scenarios/scenario.schema.json is either the default of the library member
// it fills (compared here), or listed below as the schema's own because no
// library struct holds it. A default added or changed on one side only fails.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/scenario.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {
namespace {

using nlohmann::json;

/// A schema default the library owns: its value there and where the loader puts it.
struct LibraryDefault {
  json value;
  std::function<json(const Scenario&)> loaded;
};

std::string curve_name(evac::CurveKind k) {
  switch (k) {
    case evac::CurveKind::weibull:
      return "weibull";
    case evac::CurveKind::rayleigh:
      return "rayleigh";
    default:
      return "logistic";
  }
}

const std::map<std::string, LibraryDefault>& library_defaults() {
  static const flood::FloodParams fp;
  static const flood::Boundary bd;
  static const flood::Breach br;
  static const flood::HazardParams hz;
  static const gis::RoadReadOptions ro;
  static const gis::ShelterFieldMap sf;
  static const gis::SnapOptions sn;
  static const evac::MobilisationCurve mc;
  static const evac::SimConfig sim;
  static const gis::CogOptions cog;
  // i12-app: the typhoon timeline (sim/policy).
  static const policy::WarningChain wc;
  static const policy::Compliance co;
  static const policy::ReturnRule rr;
  static const policy::GravityRule gr;
  static const policy::Clock ck;
  static const policy::MarginRule mr;  // i13-village
  auto ev = [](const Scenario& s) -> const EvacSpec& { return *s.evac; };
  static const std::map<std::string, LibraryDefault> m = {
      {"/flood/solver/theta",
       {fp.theta, [](const Scenario& s) { return json(s.flood.config.params.theta); }}},
      {"/flood/solver/cfl_alpha",
       {fp.cfl_alpha, [](const Scenario& s) { return json(s.flood.config.params.cfl_alpha); }}},
      {"/flood/solver/max_dt_s",
       {fp.max_dt_s, [](const Scenario& s) { return json(s.flood.config.params.max_dt_s); }}},
      {"/flood/solver/dt_speed",
       {fp.dt_speed, [](const Scenario& s) { return json(s.flood.config.params.dt_speed); }}},
      {"/flood/solver/inertia_froude",
       {fp.inertia_froude,
        [](const Scenario& s) { return json(s.flood.config.params.inertia_froude); }}},
      {"/flood/solver/h_dry_m",
       {fp.h_dry_m, [](const Scenario& s) { return json(s.flood.config.params.h_dry_m); }}},
      {"/flood/solver/scheme",
       {fp.scheme == flood::Scheme::fv ? "fv" : "inertial", [](const Scenario& s) {
          return json(s.flood.config.params.scheme == flood::Scheme::fv ? "fv" : "inertial");
        }}},
      {"/flood/solver/friction",
       {fp.friction == flood::Friction::one_d ? "1d" : "2d", [](const Scenario& s) {
          return json(s.flood.config.params.friction == flood::Friction::one_d ? "1d" : "2d");
        }}},
      {"/flood/losses/infiltration_mm_h",
       {fp.infiltration_mm_h,
        [](const Scenario& s) { return json(s.flood.config.params.infiltration_mm_h); }}},
      {"/flood/losses/drainage_mm_h",
       {fp.drainage_mm_h,
        [](const Scenario& s) { return json(s.flood.config.params.drainage_mm_h); }}},
      {"/flood/inundation_threshold_m",
       {fp.inundation_threshold_m,
        [](const Scenario& s) { return json(s.flood.config.params.inundation_threshold_m); }}},
      {"/flood/boundaries/*/slope",
       {bd.slope, [](const Scenario& s) { return json(s.flood.config.boundaries.at(0).slope); }}},
      {"/flood/breaches/*/duration_s",
       {br.duration_s,
        [](const Scenario& s) { return json(s.flood.config.breaches.at(0).duration_s); }}},
      {"/flood/breaches/*/final_width_m",
       {br.final_width_m,
        [](const Scenario& s) { return json(s.flood.config.breaches.at(0).final_width_m); }}},
      {"/flood/breaches/*/final_crest_m",
       {br.final_crest_m,
        [](const Scenario& s) { return json(s.flood.config.breaches.at(0).final_crest_m); }}},
      {"/flood/debris_factor",
       {hz.debris_factor, [](const Scenario& s) { return json(s.flood.hazard.debris_factor); }}},
      {"/evacuation/roads/layer",
       {ro.layer, [=](const Scenario& s) { return json(ev(s).road_options.layer); }}},
      {"/evacuation/roads/node_tolerance_m",
       {ro.merge_tolerance_m,
        [=](const Scenario& s) { return json(ev(s).road_options.merge_tolerance_m); }}},
      // i9-gis: the routable-length field and the tunnel closure depth.
      {"/evacuation/roads/length_field",
       {ro.fields.length, [=](const Scenario& s) { return json(ev(s).road_options.fields.length); }}},
      {"/evacuation/roads/tunnel_closure_depth_m",
       {sim.tunnel_close_depth_m,
        [=](const Scenario& s) { return json(ev(s).movement.tunnel_close_depth_m); }}},
      {"/evacuation/shelters/capacity_field",
       {sf.capacity, [=](const Scenario& s) { return json(ev(s).shelter_fields.capacity); }}},
      {"/evacuation/shelters/max_snap_m",
       {sn.max_snap_m_shelters,
        [=](const Scenario& s) { return json(ev(s).snap.max_snap_m_shelters); }}},
      {"/evacuation/population/max_snap_m",
       {sn.max_snap_m_population,
        [=](const Scenario& s) { return json(ev(s).snap.max_snap_m_population); }}},
      {"/evacuation/demand/curve",
       {curve_name(mc.kind),
        [=](const Scenario& s) { return json(curve_name(ev(s).demand.curve.kind)); }}},
      {"/evacuation/demand/t50_s",
       {mc.t50_s, [=](const Scenario& s) { return json(ev(s).demand.curve.t50_s); }}},
      {"/evacuation/demand/scale_s",
       {mc.scale_s, [=](const Scenario& s) { return json(ev(s).demand.curve.scale_s); }}},
      {"/evacuation/demand/shape",
       {mc.shape_k, [=](const Scenario& s) { return json(ev(s).demand.curve.shape_k); }}},
      {"/evacuation/movement/step_s",
       {sim.step_s, [=](const Scenario& s) { return json(ev(s).movement.step_s); }}},
      {"/evacuation/movement/reroute_interval_s",
       {sim.reroute_interval_s,
        [=](const Scenario& s) { return json(ev(s).movement.reroute_interval_s); }}},
      {"/evacuation/movement/vehicle_spacing_m",
       {sim.vehicle_spacing_m,
        [=](const Scenario& s) { return json(ev(s).movement.vehicle_spacing_m); }}},
      {"/evacuation/movement/walk_speed_mps",
       {sim.walk_speed_mps,
        [=](const Scenario& s) { return json(ev(s).movement.walk_speed_mps); }}},
      {"/evacuation/exposure/hazard_class_threshold",
       {static_cast<int>(sim.exposure_class_min),
        [=](const Scenario& s) {
          return json(static_cast<int>(ev(s).movement.exposure_class_min));
        }}},
      {"/evacuation/gridlock/stuck_time_s",
       {sim.gridlock_stuck_time_s,
        [=](const Scenario& s) { return json(ev(s).movement.gridlock_stuck_time_s); }}},
      {"/outputs/compression",
       {cog.compression, [](const Scenario& s) { return json(s.rasters.compression); }}},
      // i12-app: the timeline's rules; the offset as the schema writes it.
      {"/timeline/clock/utc_offset",
       {fmt::format("{}{:02d}:{:02d}", ck.utc_offset_min < 0 ? '-' : '+',
                    std::abs(ck.utc_offset_min) / 60, std::abs(ck.utc_offset_min) % 60),
        [](const Scenario& s) {
          const int m = s.timeline->clock.utc_offset_min;
          return json(fmt::format("{}{:02d}:{:02d}", m < 0 ? '-' : '+', std::abs(m) / 60,
                                  std::abs(m) % 60));
        }}},
      {"/timeline/warning/broadcast_share",
       {wc.broadcast_share, [](const Scenario& s) { return json(s.timeline->warning.broadcast_share); }}},
      {"/timeline/warning/broadcast_delay_s",
       {wc.broadcast_delay_s, [](const Scenario& s) { return json(s.timeline->warning.broadcast_delay_s); }}},
      {"/timeline/warning/county_delay_s",
       {wc.county_delay_s, [](const Scenario& s) { return json(s.timeline->warning.county_delay_s); }}},
      {"/timeline/warning/township_delay_s",
       {wc.township_delay_s, [](const Scenario& s) { return json(s.timeline->warning.township_delay_s); }}},
      {"/timeline/warning/village_delay_s",
       {wc.village_delay_s, [](const Scenario& s) { return json(s.timeline->warning.village_delay_s); }}},
      {"/timeline/warning/household_spread_s",
       {wc.household_spread_s,
        [](const Scenario& s) { return json(s.timeline->warning.household_spread_s); }}},
      {"/timeline/warning/chain_reach",
       {wc.chain_reach, [](const Scenario& s) { return json(s.timeline->warning.chain_reach); }}},
      {"/timeline/compliance/home",
       {co.by_activity[0], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[0]); }}},
      {"/timeline/compliance/work",
       {co.by_activity[1], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[1]); }}},
      {"/timeline/compliance/school",
       {co.by_activity[2], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[2]); }}},
      {"/timeline/compliance/market",
       {co.by_activity[3], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[3]); }}},
      {"/timeline/compliance/outdoor",
       {co.by_activity[4], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[4]); }}},
      {"/timeline/compliance/tourist",
       {co.by_activity[5], [](const Scenario& s) { return json(s.timeline->compliance.by_activity[5]); }}},
      {"/timeline/returns/share", {rr.share, [](const Scenario& s) { return json(s.timeline->returns.share); }}},
      {"/timeline/returns/after_min_s",
       {rr.after_min_s, [](const Scenario& s) { return json(s.timeline->returns.after_min_s); }}},
      {"/timeline/returns/after_max_s",
       {rr.after_max_s, [](const Scenario& s) { return json(s.timeline->returns.after_max_s); }}},
      {"/timeline/gravity_tau_s", {gr.tau_s, [](const Scenario& s) { return json(s.timeline->gravity.tau_s); }}},
      {"/timeline/margin/depth_m", {mr.depth_m, [](const Scenario& s) { return json(s.timeline->margin.depth_m); }}},
      {"/timeline/margin/residents_share",
       {mr.residents_share, [](const Scenario& s) { return json(s.timeline->margin.residents_share); }}},
      {"/timeline/margin/small_margin_s",
       {mr.small_margin_s, [](const Scenario& s) { return json(s.timeline->margin.small_margin_s); }}},
      {"/timeline/margin/safety_factor",
       {mr.safety_factor, [](const Scenario& s) { return json(s.timeline->margin.safety_factor); }}},
  };
  return m;
}

/// Defaults only the schema holds: no library struct takes these values.
const std::set<std::string>& schema_owned() {
  static const std::set<std::string> s = {
      "/name",
      "/description",
      "/crs",
      "/seed",  // run identity
      "/time/duration_s",
      "/time/output_interval_s",
      "/time/coupling_interval_s",  // the run driver's
      "/flood/resolution_m",        // gis::read_dem argument
      "/flood/manning",             // {constant: n}: the flood model takes a grid, no default n
      "/flood/walls/layer",
      "/flood/walls/crest_field",  // gis::burn_walls arguments
      "/flood/channels/layer",     // gis::burn_channels argument (i12-channel)
      "/flood/gauges/layer",       // gis::read_gauges argument
      "/flood/breaches/*/name",
      "/flood/boundaries/*/name",
      "/flood/boundaries/*/level_offset_m",  // added to level_m by the scenario reader (sweeps)
      "/flood/inflows/*/name",  // labels; "" = unnamed in sim/
      "/flood/initial_sea",     // whether the run calls flood::initial_sea_depth
      "/evacuation/population/count_field",
      "/evacuation/population/min_persons",  // gis reader arguments
      "/evacuation/demand/order_time_s",
      "/evacuation/demand/compliance",  // evac::make_trips arguments
      "/evacuation/demand/car_share",
      "/evacuation/demand/occupancy",
      "/outputs/depth_snapshots",  // the run driver's
      "/outputs/viewer",  // app/viewer_samples (the run driver's, for `floodevac view`)
      "/outputs/viewer_persons",
      "/outputs/viewer_interval_s",
      // i12-app: layer names and the pier distance (gis reader arguments), order fields
      // (app/timeline_inputs), the enforcement word.
      "/timeline/villages/layer",
      "/timeline/places/*/layer",
      "/timeline/ferries/layer",
      // relief supplies (app/supply_spec.hpp: no library struct holds them)
      "/supplies/depots/layer",
      "/supplies/depots/max_snap_m",
      "/supplies/every_s",
      "/supplies/limits_s",
      "/timeline/ferries/max_pier_snap_m",
      "/timeline/order_shift_s",
      "/timeline/orders/*/label",
      "/timeline/returns/enforcement",
  };
  return s;
}

/// Every "default" of a value (empty {} and [] only make a section present), by pointer; items as
/// "*".
void collect_defaults(const json& node, const std::string& ptr, std::map<std::string, json>& out) {
  if (node.contains("default")) {
    const json& d = node["default"];
    if (!((d.is_object() || d.is_array()) && d.empty())) out[ptr] = d;
  }
  if (node.contains("properties"))
    for (const auto& [key, sub] : node["properties"].items())
      collect_defaults(sub, ptr + "/" + key, out);
  if (node.contains("items") && node["items"].is_object())
    collect_defaults(node["items"], ptr + "/*", out);
}

bool same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

TEST(Defaults, EverySchemaDefaultHasOneOwnerAndTheLibraryAgrees) {
  std::map<std::string, json> defaults;
  collect_defaults(json::parse(schema_text()), "", defaults);
  ASSERT_GT(defaults.size(), 40u);
  for (const auto& [ptr, value] : defaults) {
    const auto lib = library_defaults().find(ptr);
    if (lib != library_defaults().end()) {
      EXPECT_TRUE(same_value(value, lib->second.value))
          << ptr << ": the schema says " << value << " but the library default is "
          << lib->second.value;
      EXPECT_FALSE(schema_owned().count(ptr)) << ptr << " has two owners";
    } else {
      EXPECT_TRUE(schema_owned().count(ptr))
          << ptr
          << " has a default in the schema but no owner: map it to the library member it fills "
          << "(library_defaults) or list it as the schema's own (schema_owned)";
    }
  }
  for (const auto& [ptr, lib] : library_defaults())
    EXPECT_TRUE(defaults.count(ptr)) << ptr << ": not a schema default";
  for (const auto& ptr : schema_owned())
    EXPECT_TRUE(defaults.count(ptr)) << ptr << ": not a schema default";
}

TEST(Defaults, LoaderPutsEachDefaultIntoTheLibraryMember) {
  test::TempDir dir;
  std::ofstream(dir / "s.yaml")
      << "flood:\n  dem: d.tif\n  walls: {file: w.geojson}\n"
         "  breaches: [{at: [0, 0], start_s: 0}]\n"
         "  boundaries: [{side: east, kind: free_outflow}]\n"
         "evacuation:\n  roads: {file: r.geojson}\n  shelters: {file: s.geojson}\n"
         "  population: {raster: p.tif}\n"
         "timeline:\n  clock: {start: '2026-08-11T20:00', landfall: '2026-08-12T20:00'}\n"
         "  villages: {file: v.geojson}\n";
  const Scenario sc = load_scenario(dir / "s.yaml");
  for (const auto& [ptr, lib] : library_defaults()) {
    const json got = lib.loaded(sc);
    EXPECT_TRUE(same_value(got, lib.value))
        << ptr << ": loaded " << got << ", library default " << lib.value;
  }
}

}  // namespace
}  // namespace floodevac::app
