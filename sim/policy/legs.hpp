#pragma once
// Internal to build_timeline: makes the evac::Trip legs of a timeline with their
// tags, free-flow routes for legs that end at a node, the 一村一策 shelter choice of
// transfer legs and the 回流 return legs. Not part of the public API.
#include <cstdint>
#include <vector>

#include "sim/evac/evac_types.hpp"
#include "sim/graph/routing.hpp"
#include "sim/policy/timeline.hpp"

namespace floodevac::policy::detail {

/// Who a leg belongs to (copied into its tag).
struct LegOwner {
  std::int32_t order = -1;
  Activity activity = Activity::home;
  std::int32_t zone = -1;  // home zone
  std::int32_t place = -1, unit = -1, hotel = -1;
  evac::Mode mode = evac::Mode::car;
  std::uint32_t group = 0;  // person group index (for ids)
};

class LegBuilder {
 public:
  explicit LegBuilder(const TimelineInputs& in);

  /// A leg from `from` to node `to` (go_home or return_home) with an explicit free-flow
  /// route. Returns -1 when from == to (nobody travels). When no route exists the leg
  /// becomes a transfer to the nearest shelter with room (ends_at_node false).
  struct Made {
    std::int32_t index = -1;
    bool ends_at_node = false;
  };
  Made to_node(LegKind kind, graph::NodeId from, graph::NodeId to, double depart_s, double persons,
               bool first, const LegOwner& who);
  /// A transfer leg to a shelter of `plan_zone`'s plan (chosen by assign_shelters).
  /// `returnable`: a resident leaving home, a candidate for 回流 (home = `home`).
  std::int32_t transfer(graph::NodeId from, std::int32_t plan_zone, double depart_s, double persons,
                        bool first, bool returnable, graph::NodeId home, const LegOwner& who);
  /// Students staying in a school that is a shelter.
  std::int32_t shelter_in_place(graph::NodeId at, std::int32_t shelter, double depart_s,
                                double persons, const LegOwner& who);
  /// Island tourists to the nearest mainland shelter (over the ferry).
  std::int32_t leave_island(graph::NodeId from, double depart_s, double persons, bool first,
                            const LegOwner& who);
  void chain(std::int32_t from, std::int32_t to) { trips_[from].next = to; }

  /// 一村一策: every transfer leg, in order of departure (then index), goes to the nearest
  /// (free-flow) shelter of its zone's plan with reserved places left for its persons;
  /// none left: dest_shelter = -1 (the queue model's nearest with room).
  void assign_shelters();
  /// 回流 legs after the returnable transfer legs: from a planned shelter with a free-flow
  /// route home; after a nearest-shelter transfer without a route (the queue model routes
  /// it when it is released in the shelter that took its persons in).
  void add_returns(const ReturnRule& rule, const std::vector<Zone>& zones, std::uint64_t seed,
                   double duration_s);

  std::vector<evac::Trip>& trips() { return trips_; }
  std::vector<TripTag>& tags() { return tags_; }
  std::int32_t unroutable() const { return unroutable_; }

 private:
  const std::vector<graph::EdgeId>& tree_to(graph::NodeId target);
  std::vector<graph::EdgeId> route(graph::NodeId from, graph::NodeId to, bool& ok);
  std::int32_t push(evac::Trip t, const LegOwner& who, LegKind kind, bool first);

  const TimelineInputs& in_;
  const graph::RoadGraph& g_;
  std::vector<double> times_;  // free flow, ferries at their crossing time
  graph::Router router_;
  graph::ShortestPathTree scratch_;
  std::vector<std::vector<graph::EdgeId>> next_to_;  // per target node, lazily
  std::vector<std::int32_t> mainland_shelter_;       // per node: nearest mainland shelter
  std::vector<evac::Trip> trips_;
  std::vector<TripTag> tags_;
  // Per leg: plan zone of a transfer (-1 otherwise), returnable flag, home node.
  std::vector<std::int32_t> plan_zone_;
  std::vector<std::uint8_t> returnable_;
  std::vector<graph::NodeId> home_;
  std::int32_t unroutable_ = 0;
};

}  // namespace floodevac::policy::detail
