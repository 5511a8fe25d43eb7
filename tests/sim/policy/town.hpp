#pragma once
// A tiny inline town for the timeline tests: a mainland street with homes, a school,
// a factory, a shelter that is also a school, a pier, and an island reached by ferry
// with a village, a hotel and a small shelter.
//
//   0 home(V0) -- 1 school(V0) -- 2 factory(V2) -- 3 shelter S0 + school-shelter(V2)
//     -- 4 pier ==ferry== 5 island pier -- 6 island village + hotel + shelter S1 (V1)
// Streets 500 m at 10 m/s (50 s); the ferry edge 2 000 m.
#include <vector>

#include "sim/graph/road_graph.hpp"
#include "sim/policy/timeline.hpp"

namespace floodevac::policy::testing {

inline graph::RoadGraph town_graph() {
  std::vector<double> x = {0, 500, 1000, 1500, 2000, 4000, 4500}, y(7, 0.0);
  std::vector<graph::EdgeInput> es;
  auto add = [&](graph::NodeId a, graph::NodeId b, float len, bool ferry) {
    for (int dir = 0; dir < 2; ++dir) {
      graph::EdgeInput e;
      e.tail = dir ? b : a;
      e.head = dir ? a : b;
      e.length_m = len;
      e.free_speed_mps = ferry ? 5.0f : 10.0f;
      e.capacity_veh_h = 1800.0f;
      e.ferry = ferry;
      es.push_back(e);
    }
  };
  add(0, 1, 500, false);
  add(1, 2, 500, false);
  add(2, 3, 500, false);
  add(3, 4, 500, false);
  add(4, 5, 2000, true);
  add(5, 6, 500, false);
  return graph::build_graph(std::move(x), std::move(y), std::move(es));
}

inline graph::EdgeId town_edge(const graph::RoadGraph& g, graph::NodeId a, graph::NodeId b) {
  for (graph::EdgeId e = g.first_out[a]; e < g.first_out[a + 1]; ++e)
    if (g.head[e] == b) return e;
  return graph::kInvalid;
}

inline DailyProfile town_profile() {
  DailyProfile p;
  p.columns = {"workplaces", "schools", "tourists.hotel", "tourists.scenic"};
  p.shares.resize(4);
  for (int h = 0; h < 24; ++h) {
    p.shares[0][h] = h >= 8 && h < 17 ? 1.0 : 0.0;
    p.shares[1][h] = h >= 8 && h < 16 ? 1.0 : 0.0;
    p.shares[2][h] = h < 8 || h >= 20 ? 1.0 : 0.5;
    p.shares[3][h] = 0.0;
  }
  return p;
}

/// Inputs without orders; the graph must outlive them.
inline TimelineInputs town_inputs(const graph::RoadGraph& g) {
  TimelineInputs in;
  in.clock = make_clock("2026-08-11T20:00", 480, "2026-08-12T20:00");
  in.graph = &g;
  evac::Shelter s0;
  s0.id = "S0";
  s0.node = 3;
  s0.capacity_persons = 2000;
  evac::Shelter s1 = s0;
  s1.id = "S1";
  s1.node = 6;
  s1.capacity_persons = 50;
  in.shelters = {s0, s1};
  auto unit = [](const char* id, graph::NodeId n, double persons) {
    evac::PopulationUnit u;
    u.id = id;
    u.node = n;
    u.persons = persons;
    return u;
  };
  in.units = {unit("u0", 0, 1000), unit("u1", 6, 200), unit("u2", 3, 300)};
  in.unit_zone = {0, 1, 2};
  auto place = [](const char* id, const char* kind, Activity a, graph::NodeId n, double persons,
                  std::int32_t zone) {
    ActivityPlace p;
    p.id = id;
    p.kind = kind;
    p.activity = a;
    p.node = n;
    p.persons = persons;
    p.zone = zone;
    return p;
  };
  in.places = {place("E0", "primary", Activity::school, 1, 300, 0),
               place("W0", "factory", Activity::work, 2, 200, 2),
               place("T0", "hotel", Activity::tourist, 6, 50, 1),
               place("E1", "primary", Activity::school, 3, 100, 2)};
  in.places[2].lodging = true;
  in.places[3].shelter = 0;  // the school at node 3 is shelter S0
  in.profile = town_profile();
  Zone v0;
  v0.id = "V0";
  v0.danger = DangerType::seawall_polder;
  v0.plan_shelters = {0};
  Zone v1;
  v1.id = "V1";
  v1.danger = DangerType::island;
  v1.island = true;
  v1.plan_shelters = {1};
  Zone v2;
  v2.id = "V2";
  in.zones = {v0, v1, v2};
  evac::FerryService out, back;
  out.edge = town_edge(g, 4, 5);
  back.edge = town_edge(g, 5, 4);
  std::vector<double> sod_out, sod_back;
  for (int k = 0; k < 13; ++k) {
    sod_out.push_back((6.5 + k) * 3600.0);
    sod_back.push_back((7.0 + k) * 3600.0);
  }
  in.duration_s = 42 * 3600.0;
  out.departures_s = daily_to_sim_times(in.clock, sod_out, 0.0, in.duration_s, "ferry");
  back.departures_s = daily_to_sim_times(in.clock, sod_back, 0.0, in.duration_s, "ferry");
  in.ferries = {out, back};
  in.seed = 7;
  return in;
}

inline Order order(OrderKind k, double issue_s, std::vector<std::int32_t> zones = {}) {
  Order o;
  o.kind = k;
  o.issue_s = issue_s;
  o.zones = std::move(zones);
  return o;
}

}  // namespace floodevac::policy::testing
