#include "gis/vector/road_defaults.hpp"

#include <sstream>

namespace floodevac::gis {

// Sources (short keys used in the table):
//  [OSRM]  OSRM car profile (car.lua speed_profile of the 4.x/5.x releases), km/h: typical
//          travel speeds, deliberately below the legal limits.
//  [HCM]   Highway Capacity Manual 2010 (TRB), per lane, taken as veh/h/ln:
//          basic freeway segments (Exhibit 11-17): 2,250 pc/h/ln at 55 mph (~90 km/h)
//          free-flow speed -> 2,200 (rounded down for mixed traffic);
//          multilane highways (Ch. 14): 2,000 pc/h/ln at 50 mph free-flow speed;
//          ramp roadways (Exhibit 13-10): 1,900 pc/h at 20-30 mph, 1,800 below 20 mph;
//          signalised intersections (Ch. 18): base saturation flow 1,900 pc/h/ln, i.e.
//          what a lane discharges while it moves (the queue model has no signal phases);
//          x 0.96 for lanes narrower than 3.0 m (Exhibit 18-13, f_w) on minor streets.
//  [gap]   Low-speed access roads, where HCM gives no figure: the flow of cars at the class
//          speed v keeping the HCM saturation headway h = 3600/1900 s behind a 7.5 m vehicle
//          spacing (SimConfig::vehicle_spacing_m): q = v / (7.5 m + v h), rounded down to 50.
//  [Fruin] J. J. Fruin, Pedestrian Planning and Design (1971): free walking
//          speed ~1.4 m/s; walkway capacity ~25 persons/min/ft (~80 /min/m),
//          stairways ~17 persons/min/ft.
//  [own]   our estimate, no better source found.
// These capacities match what SUMO-meso lets through a lane (~1,800-2,150 veh/h, issue 9);
// the MATSim OsmNetworkReader defaults used before (600 veh/h/ln on residential, 1,000 on
// secondary roads) are a planning convention well below a lane's discharge.
// Lanes per direction when `lanes` is absent: 2 on motorway/trunk/primary
// (dual carriageways in Chinese cities), 1 elsewhere.
RoadDefaults RoadDefaults::standard() {
  RoadDefaults d;
  auto set = [&](RoadClass c, float lanes, float kmh, float cap, const char* src) {
    d[c] = RoadClassDefaults{lanes, kmh, cap, src};
  };
  using C = RoadClass;
  set(C::motorway, 2, 90, 2200, "speed OSRM; capacity HCM basic freeway (2,250 pc/h/ln at 55 mph)");
  set(C::motorway_link, 1, 45, 1900, "speed OSRM; capacity HCM ramp (20-30 mph)");
  set(C::trunk, 2, 85, 2000, "speed OSRM; capacity HCM multilane highway (50 mph)");
  set(C::trunk_link, 1, 40, 1900, "speed OSRM; capacity HCM ramp (20-30 mph)");
  set(C::primary, 2, 65, 1900, "speed OSRM; capacity HCM base saturation flow");
  set(C::primary_link, 1, 30, 1800, "speed OSRM; capacity HCM ramp (< 20 mph)");
  set(C::secondary, 1, 55, 1900, "speed OSRM; capacity HCM base saturation flow");
  set(C::secondary_link, 1, 25, 1800, "speed OSRM; capacity HCM ramp (< 20 mph)");
  set(C::tertiary, 1, 40, 1900, "speed OSRM; capacity HCM base saturation flow");
  set(C::tertiary_link, 1, 20, 1800, "speed OSRM; capacity HCM ramp (< 20 mph)");
  set(C::unclassified, 1, 25, 1800, "speed OSRM; capacity HCM saturation flow x 0.96 (narrow lane)");
  set(C::residential, 1, 25, 1800, "speed OSRM; capacity HCM saturation flow x 0.96 (narrow lane)");
  set(C::living_street, 1, 10, 750, "speed OSRM; capacity gap (q = v / (7.5 m + v x 1.89 s))");
  set(C::service, 1, 15, 950, "speed OSRM; capacity gap (q = v / (7.5 m + v x 1.89 s))");
  set(C::road, 1, 25, 1800, "own (as unclassified)");
  set(C::track, 1, 10, 750, "speed own (unpaved, as living_street); capacity gap");
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
  s << "\nWhat the numbers mean: lanes per direction and free speed are used when the data have no "
       "`lanes`/`maxspeed`; capacity per lane is what one lane lets out of a link per hour while "
       "traffic moves (the link's outflow capacity = lanes x this, unless the data give `capacity` in "
       "veh/h for one direction).\n"
       "Sources: OSRM = OSRM car profile (car.lua) speeds, typical travel speeds below the legal limits. "
       "HCM = Highway Capacity Manual 2010 (TRB): basic freeway 2,250 pc/h/ln at 55 mph free-flow speed "
       "(Exhibit 11-17), multilane highway 2,000 pc/h/ln at 50 mph (Ch. 14), ramp roadways 1,900 pc/h at "
       "20-30 mph and 1,800 below (Exhibit 13-10), base saturation flow of an intersection lane "
       "1,900 pc/h/ln (Ch. 18; x 0.96 for lanes under 3.0 m, Exhibit 18-13); taken as veh/h/ln. "
       "gap = low-speed access roads without an HCM figure: v / (7.5 m + v x 3600/1900 s) at the class "
       "speed v, rounded down to 50 veh/h. Fruin = J. J. Fruin, Pedestrian Planning and Design (1971), "
       "walking speed ~1.4 m/s, walkway capacity ~80 persons/min/m. Walk-only classes are read only with "
       "include_walk_only; their capacity is persons/h per metre of width. `lanes` counts both directions "
       "unless oneway (OSM). Ways with access/vehicle/motor_vehicle = no, private, agricultural or "
       "forestry are left out.\n";
  return s.str();
}

}  // namespace floodevac::gis
