#include "gis/vector/road_defaults.hpp"

#include <sstream>

namespace floodevac::gis {

// Sources (short keys used in the table):
//  [OSRM]   OSRM car profile (car.lua speed_profile of the 4.x/5.x releases), km/h: typical
//           travel speeds, deliberately below the legal limits.
//  [HCM]    Highway Capacity Manual 2010 (TRB): base saturation flow rate of a
//           signalised lane 1,900 pc/h/ln (Ch. 18); basic freeway segments carry
//           2,250-2,400 pc/h/ln (Ch. 11). We use 1,900 veh/h/ln for motorways
//           (mixed traffic, heavy rain of a typhoon) and ~1,800 for trunk and
//           primary arterials.
//  [MATSim] MATSim OsmNetworkReader highway defaults (veh/h/lane): links 1,500,
//           secondary 1,000, tertiary/unclassified/residential 600, living_street 300.
//  [Fruin]  J. J. Fruin, Pedestrian Planning and Design (1971): free walking
//           speed ~1.4 m/s; walkway capacity ~25 persons/min/ft (~80 /min/m),
//           stairways ~17 persons/min/ft.
//  [own]    our estimate, no better source found.
// Lanes per direction when `lanes` is absent: 2 on motorway/trunk/primary
// (dual carriageways in Chinese cities), 1 elsewhere.
RoadDefaults RoadDefaults::standard() {
  RoadDefaults d;
  auto set = [&](RoadClass c, float lanes, float kmh, float cap, const char* src) {
    d[c] = RoadClassDefaults{lanes, kmh, cap, src};
  };
  using C = RoadClass;
  set(C::motorway, 2, 90, 1900, "speed OSRM; capacity HCM (below 2,250-2,400 basic freeway)");
  set(C::motorway_link, 1, 45, 1500, "speed OSRM; capacity MATSim");
  set(C::trunk, 2, 85, 1800, "speed OSRM; capacity HCM (signalised arterial)");
  set(C::trunk_link, 1, 40, 1500, "speed OSRM; capacity MATSim");
  set(C::primary, 2, 65, 1800, "speed OSRM; capacity HCM (signalised arterial)");
  set(C::primary_link, 1, 30, 1500, "speed OSRM; capacity MATSim");
  set(C::secondary, 1, 55, 1000, "speed OSRM; capacity MATSim");
  set(C::secondary_link, 1, 25, 1000, "speed OSRM; capacity MATSim (secondary)");
  set(C::tertiary, 1, 40, 600, "speed OSRM; capacity MATSim");
  set(C::tertiary_link, 1, 20, 600, "speed OSRM; capacity MATSim (tertiary)");
  set(C::unclassified, 1, 25, 600, "speed OSRM; capacity MATSim");
  set(C::residential, 1, 25, 600, "speed OSRM; capacity MATSim");
  set(C::living_street, 1, 10, 300, "speed OSRM; capacity MATSim");
  set(C::service, 1, 15, 300, "speed OSRM; capacity own (as living_street)");
  set(C::road, 1, 25, 600, "own (as unclassified)");
  set(C::track, 1, 15, 300, "own (unpaved)");
  set(C::pedestrian, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::footway, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::path, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  set(C::steps, 1, 3, 3000, "walk-only; Fruin stairways (persons/h per metre)");
  set(C::cycleway, 1, 5, 4500, "walk-only; Fruin (persons/h per metre)");
  return d;
}

std::string road_defaults_table(const RoadDefaults& d) {
  std::ostringstream s;
  s << "| highway | code | lanes per direction | free speed (km/h) | capacity per lane (veh/h) | cars | walkers | "
       "source |\n";
  s << "|---|---:|---:|---:|---:|:---:|:---:|---|\n";
  for (std::size_t i = 0; i < kRoadClassCount; ++i) {
    const auto c = static_cast<RoadClass>(i);
    const auto& r = d[c];
    s << "| " << highway_name(c) << " | " << i << " | " << r.lanes_per_direction << " | " << r.free_speed_kmh
      << " | " << r.capacity_veh_h_lane << " | " << (car_allowed(c) ? "yes" : "no") << " | "
      << (walk_allowed(c) ? "yes" : "no") << " | " << r.source << " |\n";
  }
  s << "\nSources: OSRM = OSRM car profile (car.lua) speeds, typical travel speeds below the legal limits; "
       "HCM = Highway Capacity Manual 2010 (TRB), base saturation flow 1,900 pc/h/ln, basic freeway capacity "
       "2,250-2,400 pc/h/ln, ~1,800 veh/h/ln used for signalised arterials; MATSim = MATSim OsmNetworkReader "
       "per-lane capacities; Fruin = J. J. Fruin, Pedestrian Planning and Design (1971), walking speed ~1.4 m/s, "
       "walkway capacity ~80 persons/min/m. Walk-only classes are read only with include_walk_only; their "
       "capacity is persons/h per metre of width. `lanes` counts both directions unless oneway (OSM); "
       "`capacity` in the data (veh/h per direction) overrides lanes x capacity per lane.\n";
  return s.str();
}

}  // namespace floodevac::gis
