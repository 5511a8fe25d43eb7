#pragma once
// Shelters, trips and model settings shared by the evacuation tests (networks: tests/support).
#include <cstdint>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/graph/road_graph.hpp"
#include "tests/support/road_graphs.hpp"

namespace floodevac::evac::testing {

using test::E;
using test::edge_of;
using test::grid_graph;
using test::make_graph;

inline Shelter shelter_at(graph::NodeId node, std::int64_t capacity, double open_s = 0) {
  Shelter s;
  s.id = std::to_string(node);
  s.id.insert(0, 1, 'S');
  s.node = node;
  s.capacity_persons = capacity;
  s.open_s = open_s;
  return s;
}

inline Trip car(graph::NodeId origin, double depart_s, float persons = 1, std::int32_t dest = -1) {
  Trip t;
  t.origin = origin;
  t.depart_s = depart_s;
  t.persons = persons;
  t.dest_shelter = dest;
  t.mode = Mode::car;
  return t;
}

inline Trip walker(graph::NodeId origin, double depart_s, float persons = 1) {
  Trip t = car(origin, depart_s, persons);
  t.mode = Mode::walk;
  return t;
}

/// Model configuration for tests: conservation checked every step.
inline SimConfig checked_config(int threads = 2) {
  SimConfig c;
  c.check_every_step = true;
  c.threads = threads;
  return c;
}

/// Steps until t_end, auditing the model after every step.
inline void run_audited(QueueSim& sim, double t_end) {
  while (sim.time_s() < t_end) {
    sim.step();
    sim.audit();
  }
}

}  // namespace floodevac::evac::testing
