#pragma once
// What the interactive viewer (floodevac view, app/view.hpp) needs from a run beyond its
// usual outputs, recorded only with outputs.viewer: true.
//  - Trajectories of a sample of the trips (vehicles and walking groups): at most
//    outputs.viewer_persons trips, every k-th trip that carries persons (k the smallest that
//    keeps the count under the cap, so the sample is the same at any thread count). Each is
//    observed every few seconds of the movement model; an observation that finds it on a new
//    edge or in a new state is kept. The path is then rebuilt from the edges it took: along
//    each edge's geometry from the time it was seen entering to the exit time the model gave
//    it there (then waiting at the end, in the queue, until it was seen on its next edge).
//    An edge crossed entirely between two observations shows as a straight hop.
//  - Road-link states every outputs.viewer_interval_s: vehicle speed as a share of the free
//    speed (0 closed, rounded to 0.01), closed to walkers, vehicles and walking groups on the
//    link; only the links whose state changed since the last sample are listed (at the
//    first sample: those not open, dry and empty), so a reader carries each link's state on.
// Written by write_viewer_samples as evac/trajectories.json (lon/lat) and
// evac/link_states.csv.
#include <cstdint>
#include <string>
#include <vector>

#include "app/outputs.hpp"
#include "sim/evac/queue_sim.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::app {

class ViewerSamples {
 public:
  /// Picks the trips to follow (their persons from the model before its first step).
  ViewerSamples(const evac::QueueSim& sim, std::uint32_t max_trips, double link_interval_s);

  /// After a movement step: observes the sampled trips when due (every kObserveS) and the
  /// links when due.
  void observe(const evac::QueueSim& sim, const graph::RoadGraph& g);

  /// Writes evac/trajectories.json and evac/link_states.csv (coordinates transformed from
  /// crs_wkt to WGS 84 lon/lat).
  void write(OutputSet& out, const graph::RoadGraph& g, const std::string& crs_wkt,
             const std::vector<std::string>& group_names) const;

  std::size_t trips_followed() const { return trips_.size(); }

  /// Seconds between two observations of the sampled trips.
  static constexpr double kObserveS = 5.0;

 private:
  struct Event {
    double t_s;
    double exit_s;  // on an edge: when the model expects it at the end
    std::uint32_t edge, node;
    std::uint8_t state;  // evac::AgentState
  };
  struct Followed {
    std::uint32_t trip;
    std::uint16_t group;
    float persons;
    bool done = false;  // reached a final state (sheltered, trapped, arrived)
    std::vector<Event> events;
  };
  std::vector<Followed> trips_;
  double next_observe_s_ = 0;
  double link_interval_s_ = 600;
  double next_links_s_ = 0;
  // Link states: per sample time the listed links.
  struct LinkRow {
    std::uint32_t edge;
    float speed_factor;
    std::uint8_t walk_closed;
    std::uint32_t vehicles, walkers;
  };
  std::vector<LinkRow> last_state_;  // per edge, as last written
  std::vector<double> link_times_;
  std::vector<std::vector<LinkRow>> link_rows_;
};

}  // namespace floodevac::app
