#pragma once
// Who is at which activity place: each place's persons are assigned to home units
// (residents) or, for scenic spots, to hotels (tourists) by a gravity rule.
//
// Gravity rule (the exponential deterrence of Wilson 1967, "A statistical theory of
// spatial distribution models", Transportation Research 1:253-269): the persons P of a
// place go to bases b in proportion to
//     w_b = r_b * exp(-t_b / tau)
// where t_b is the free-flow travel time from base b's node to the place's node
// (graph::Router, ferries excluded) and r_b the base's persons not yet assigned to an
// earlier place (a resident is at one activity place at most). Places are taken in
// input order. Integer persons per base by largest remainder (ties broken by a
// counter-based hash of (seed, place, base), so the seed decides and nothing else),
// capped at r_b; what a cap leaves over is shared again among the bases with room, up
// to 8 rounds. Only bases on the same land mass (road component without ferry edges)
// as the place take part: island people work on the island, mainland people on the
// mainland. Persons left when no base has room are "unplaced" (reported; they are not
// simulated). tau = 900 s (15 min) is our assumption for a county town.
#include <cstdint>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"
#include "sim/policy/activities.hpp"

namespace floodevac::policy {

struct GravityRule {
  double tau_s = 900.0;  // s, deterrence time scale (> 0)
};

/// Land masses: weak components of the road graph with ferry edges left out,
/// numbered by smallest node id (like graph::weak_components). Per node.
std::vector<std::uint32_t> land_masses(const graph::RoadGraph& g);

/// The assignment, grouped by place: entries first[p] .. first[p+1]-1 belong to place p.
/// `base` is a home-unit index for resident places, a place index (a lodging place) for
/// tourist scenic spots. Lodging places and places without a node have no entries.
/// Invariant: persons > 0 and whole; sum over a place's entries + unplaced[p] ==
/// round(places[p].persons) for every assigned place.
struct PlaceAssignment {
  std::vector<std::uint32_t> first;  // places + 1
  std::vector<std::int32_t> base;
  std::vector<double> persons;
  std::vector<double> unplaced;  // per place: persons no base could take
};

/// Applies the gravity rule above. Units with no node or no persons take no one.
PlaceAssignment assign_places(const graph::RoadGraph& g,
                              const std::vector<evac::PopulationUnit>& units,
                              const std::vector<ActivityPlace>& places, const GravityRule& rule,
                              std::uint64_t seed);

/// Free-flow travel time per edge for planning (length / free speed; ferry edges take
/// `ferry_crossing_s[e]` when given for the edge, else +infinity).
std::vector<double> free_flow_times(const graph::RoadGraph& g,
                                    const std::vector<double>& ferry_crossing_s = {});

}  // namespace floodevac::policy
