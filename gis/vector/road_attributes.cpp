#include "gis/vector/road_attributes.hpp"

#include <algorithm>
#include <sstream>

#include "gis/vector/road_tags.hpp"
#include "gis/vector/text.hpp"

namespace floodevac::gis::detail {

namespace {

bool present_text(const std::optional<std::string>& v) { return v && !trim(*v).empty(); }

void attr_warning(RoadReport& r, const std::string& where, const std::string& tag, const std::string& value,
                  const std::string& used) {
  ++r.attribute_warnings;
  add_warning(r, where + ": cannot parse " + tag + "='" + value + "'; using " + used);
}

std::string fmt(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

}  // namespace

std::optional<RoadAttrs> resolve_road_attrs(const RawRoadTags& t, const RoadReadOptions& opt, RoadReport& rep,
                                            const std::string& where, std::string& skip_reason) {
  const std::string hw = t.highway ? std::string(trim(*t.highway)) : std::string();
  const auto cls = road_class_from_highway(hw);
  if (!cls) {
    skip_reason = "highway='" + hw + "' is not a routable class";
    return std::nullopt;
  }
  if (!car_allowed(*cls) && !opt.include_walk_only) {
    skip_reason = "walk-only highway class (include_walk_only is off)";
    return std::nullopt;
  }
  // Access (OSM Key:access): the most specific of motor_vehicle, vehicle,
  // access that is given decides; no, private, agricultural and forestry close
  // the way to evacuation traffic (residents' driveways and gated roads are not
  // evacuation routes). Other values (yes, destination, permissive, ...) keep it.
  for (const auto* v : {&t.motor_vehicle, &t.vehicle, &t.access}) {
    if (!*v || trim(**v).empty()) continue;
    const std::string acc = lower(trim(**v));
    if (acc == "no" || acc == "private" || acc == "agricultural" || acc == "forestry") {
      skip_reason = kAccessSkip;
      return std::nullopt;
    }
    break;
  }
  const RoadClassDefaults& d = opt.defaults[*cls];
  const bool walk_only = !car_allowed(*cls);
  RoadAttrs a;
  if (t.bridge) {
    // OSM Key:bridge: any value but "no" marks a raised structure.
    const std::string b = lower(trim(*t.bridge));
    a.bridge = !b.empty() && b != "no" && b != "false" && b != "0";
  }
  // Below ground (OSM Key:tunnel, Key:layer): tunnel=yes or any other value but
  // no, building_passage (a passage through a building at street level) and
  // culvert (a waterway under the road); or layer < 0 on a way that is not a
  // bridge (an underpass, 下穿通道).
  if (!a.bridge) {
    if (t.tunnel) {
      const std::string tv = lower(trim(*t.tunnel));
      a.tunnel = !tv.empty() && tv != "no" && tv != "false" && tv != "0" && tv != "building_passage" &&
                 tv != "culvert";
    }
    if (!a.tunnel && present_text(t.layer)) {
      if (const auto l = parse_double(*t.layer); l && *l < 0) a.tunnel = true;
    }
  }
  a.cls = *cls;

  auto present = [](const std::optional<std::string>& v) { return v && !trim(*v).empty(); };

  // Direction. Implied oneway: highway=motorway, junction=roundabout/circular
  // (OSM wiki Key:oneway). Oneway restricts vehicles only: ignored on walk-only ways.
  Oneway ow = Oneway::no;
  const std::string junction = t.junction ? lower(trim(*t.junction)) : std::string();
  const bool implied = *cls == RoadClass::motorway || junction == "roundabout" || junction == "circular";
  if (!walk_only) {
    if (present(t.oneway)) {
      if (auto p = parse_oneway(*t.oneway)) {
        ow = *p;
      } else {
        const std::string v = lower(trim(*t.oneway));
        if (v != "reversible" && v != "alternating") {
          ow = implied ? Oneway::forward : Oneway::no;
          attr_warning(rep, where, "oneway", *t.oneway, implied ? "oneway=yes (implied)" : "two-way");
        }
      }
    } else if (implied) {
      ow = Oneway::forward;
    }
  }
  a.forward = ow != Oneway::backward;
  a.backward = ow != Oneway::forward;
  const bool one_direction = a.forward != a.backward;

  // Lanes: `lanes` counts both directions of a two-way road (OSM wiki Key:lanes).
  auto lanes_tag = [&](const std::optional<std::string>& v, const char* name) -> std::optional<double> {
    if (!present(v)) return std::nullopt;
    if (auto p = parse_lanes(*v)) return p;
    attr_warning(rep, where, name, *v, "the default");
    return std::nullopt;
  };
  const auto lanes_total = lanes_tag(t.lanes, "lanes");
  const auto lanes_f = lanes_tag(t.lanes_forward, "lanes:forward");
  const auto lanes_b = lanes_tag(t.lanes_backward, "lanes:backward");
  double lf = d.lanes_per_direction, lb = d.lanes_per_direction;
  if (one_direction) {
    const auto& dir_tag = a.forward ? lanes_f : lanes_b;
    const double l = lanes_total ? *lanes_total : dir_tag ? *dir_tag : d.lanes_per_direction;
    lf = lb = l;
  } else {
    if (lanes_f)
      lf = *lanes_f;
    else if (lanes_total)
      lf = lanes_b ? *lanes_total - *lanes_b : *lanes_total / 2.0;
    if (lanes_b)
      lb = *lanes_b;
    else if (lanes_total)
      lb = lanes_f ? *lanes_total - *lanes_f : *lanes_total / 2.0;
  }
  a.lanes_fwd = static_cast<float>(std::max(1.0, lf));
  a.lanes_bwd = static_cast<float>(std::max(1.0, lb));

  // Speeds.
  auto speed_tag = [&](const std::optional<std::string>& v, const char* name) -> std::optional<double> {
    if (!present(v)) return std::nullopt;
    if (auto p = parse_maxspeed_kmh(*v); p && *p <= 250.0) return p;
    const std::string lv = lower(trim(*v));
    if (lv == "none" || lv == "signals" || lv == "variable") return std::nullopt;  // valid tags, no number
    attr_warning(rep, where, name, *v, "the class default " + fmt(d.free_speed_kmh) + " km/h");
    return std::nullopt;
  };
  const auto ms = speed_tag(t.maxspeed, "maxspeed");
  const auto ms_f = speed_tag(t.maxspeed_forward, "maxspeed:forward");
  const auto ms_b = speed_tag(t.maxspeed_backward, "maxspeed:backward");
  const double vf = ms_f ? *ms_f : ms ? *ms : d.free_speed_kmh;
  const double vb = ms_b ? *ms_b : ms ? *ms : d.free_speed_kmh;
  a.speed_fwd_mps = static_cast<float>(vf / 3.6);
  a.speed_bwd_mps = static_cast<float>(vb / 3.6);

  // Capacity: the data's value (veh/h for one direction) wins.
  std::optional<double> cap;
  if (present(t.capacity)) {
    if (auto p = parse_double(*t.capacity); p && *p > 0)
      cap = *p;
    else
      attr_warning(rep, where, "capacity", *t.capacity, "lanes x the class capacity per lane");
  }
  a.cap_fwd = static_cast<float>(cap ? *cap : a.lanes_fwd * d.capacity_veh_h_lane);
  a.cap_bwd = static_cast<float>(cap ? *cap : a.lanes_bwd * d.capacity_veh_h_lane);
  return a;
}

}  // namespace floodevac::gis::detail
