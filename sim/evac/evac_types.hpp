#pragma once
// Inputs of the evacuation model, as plain data in the scenario CRS (metres).
// gis/ fills these from files; tests build them inline.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/graph/road_graph.hpp"

namespace floodevac::evac {

enum class Mode : std::uint8_t { car = 0, walk = 1 };
enum class ShelterLevel : std::uint8_t { county = 0, township = 1, village = 2, other = 3 };

/// 避灾安置场所: a shelter with a capacity in persons.
struct Shelter {
  std::string id;
  std::string name;
  double x = 0, y = 0;                 // m (point, or polygon centroid)
  graph::NodeId node = graph::kInvalid;  // snapped network node
  double snap_distance_m = 0;
  std::int64_t capacity_persons = 0;
  ShelterLevel level = ShelterLevel::other;
  double open_s = 0;                   // s from scenario start when it opens
};

/// A population unit: people at one place (a raster cell, a point or polygon).
struct PopulationUnit {
  std::string id;
  double x = 0, y = 0;                 // m
  graph::NodeId node = graph::kInvalid;
  double snap_distance_m = 0;
  double persons = 0;
};

/// One trip: a group of persons travelling together (a vehicle, or walkers).
struct Trip {
  std::string id;
  double depart_s = 0;                 // s from scenario start
  graph::NodeId origin = graph::kInvalid;
  std::int32_t dest_shelter = -1;      // index into shelters; -1: the model chooses
  Mode mode = Mode::car;
  float persons = 1;
  std::int32_t unit = -1;              // index into population units, -1 if none
  /// Optional explicit route: the edges to drive (or walk) from the origin, contiguous
  /// (head of each edge = tail of the next), the first leaving `origin`, the last ending
  /// at the destination shelter's node. Empty: the model routes (shortest-path trees).
  /// The agent drops the route and falls back to the model's routing when an edge of its
  /// remaining route closes to its mode, or when the route ends at a node without an open
  /// shelter with room (see QueueSim).
  std::vector<graph::EdgeId> route;

  // --- Legs of a typhoon-day timeline (sim/policy; issue 12). Defaults keep a plain
  // evacuation trip: from `origin` to a shelter, one leg.
  /// Where the trip ends when it does not end at a shelter: a node (home after 停工 /
  /// 停课, or home again from a shelter, 回流). kInvalid (default): it ends at a shelter.
  /// Such a trip needs an explicit `route` ending at dest_node; its persons are then
  /// "arrived" (AgentState::arrived). If the route is dropped (an edge on it closed) the
  /// agent heads for the nearest open shelter with room instead.
  graph::NodeId dest_node = graph::kInvalid;
  /// The next leg of the same people (index into the trips; -1: none). It is released
  /// when this leg's agent reaches its end (dest_node, or the shelter that took it in),
  /// at max(next leg's depart_s, arrival time), with the persons that arrived; its
  /// `origin` must be that end node and its own `persons` is ignored. A leg whose
  /// predecessor never arrives never departs. Legs form chains (no trip is the `next`
  /// of two trips, no cycles). After a leg ending at a shelter the model chooses
  /// (dest_shelter -1) the origin is not checked: the leg starts at the shelter that
  /// took the persons in, and a dest_node leg may then have no route (it gets the
  /// fastest path when released; sim/evac/legs.hpp).
  std::int32_t next = -1;
  /// The leg starts inside this shelter (index; -1: none) and frees its places when it
  /// departs (回流: people going home early). Its origin must be the shelter's node.
  std::int32_t from_shelter = -1;
  /// Caller-defined group (activity group of sim/policy) for counts by group; the queue
  /// model only carries it.
  std::uint16_t group = 0;
};

}  // namespace floodevac::evac
