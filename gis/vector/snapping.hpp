#pragma once
// Shelters, population units and trip origins snapped to their nearest road
// node (exact nearest, ties to the lower node id).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "gis/vector/spatial_index.hpp"
#include "sim/evac/evac_types.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::gis {

/// Nearest road node (gis/vector/spatial_index.hpp): exact, ties to the
/// lower node id.
class NodeSnapIndex {
 public:
  /// allowed: empty (all nodes) or one flag per node (0 = never returned).
  explicit NodeSnapIndex(const graph::RoadGraph& g, std::vector<std::uint8_t> allowed = {});
  struct Hit {
    graph::NodeId node = graph::kInvalid;
    double distance_m = std::numeric_limits<double>::infinity();
  };
  /// Nearest allowed node within max_distance_m (inclusive; +inf: unbounded).
  Hit nearest(double x, double y, double max_distance_m = std::numeric_limits<double>::infinity()) const;
  std::size_t size() const { return points_.size(); }

 private:
  PointIndex points_;
};

struct SnapOptions {
  double max_snap_m_shelters = 500;      // beyond: InputError
  double max_snap_m_population = 1000;   // beyond: unsnapped (reported)
  /// Snap only to nodes of the largest weakly connected component, so every
  /// snapped place can reach (and be reached from) most of the network.
  bool largest_component_only = false;
};

struct SnapReport {
  std::size_t shelters = 0;
  double shelter_max_distance_m = 0, shelter_mean_distance_m = 0;
  std::size_t population_units = 0, population_snapped = 0, population_unsnapped = 0;
  double persons_snapped = 0, persons_unsnapped = 0;
  double population_max_distance_m = 0, population_mean_distance_m = 0;  // over snapped units
  std::vector<std::string> unsnapped_examples;  // ids of the first few unsnapped units
  // Trip table origins (gis::read_trip_table; zero when there is none).
  std::size_t trips = 0;
  double trip_p50_distance_m = 0, trip_p90_distance_m = 0, trip_max_distance_m = 0,
         trip_mean_distance_m = 0;  // origin -> snapped node
  /// Trips whose origin node has no directed path, for their mode (cars: car
  /// classes only), to their shelter (or to any shelter when none is named).
  std::size_t trips_unreachable = 0;
  double trip_persons_unreachable = 0;
  std::vector<std::string> unreachable_trip_examples;  // ids of the first kMaxExamples
  static constexpr std::size_t kMaxExamples = 20;
  std::string summary() const;
};

/// Snaps every shelter and population unit to its nearest network node
/// (sets node and snap_distance_m). A shelter farther than its maximum is an
/// InputError naming the shelter id(s) and distance(s). A population unit
/// farther than its maximum keeps node = kInvalid and snap_distance_m = +inf
/// and is counted in the report. Population snapping runs in parallel (OpenMP);
/// results do not depend on the thread count.
SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, double max_snap_m_shelters,
                           double max_snap_m_population);
SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, const SnapOptions& options);

}  // namespace floodevac::gis
