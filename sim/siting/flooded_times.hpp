#pragma once
// Car travel times on the road network as flooded at one time, or the worst over a window:
// the water on every edge (evac::LinkSampler::edge_maxima, bridges raised, tunnels at their
// portals) slows cars by the Pregnolato et al. 2017 depth-speed curve and closes the edge at
// close_depth_m (evac::vehicle_speed_factor), the rules the queue model applies every
// coupling interval. Ferry edges keep their free time (the timetable is not modelled here).
#include <limits>
#include <vector>

#include "sim/evac/coupling.hpp"
#include "sim/graph/road_graph.hpp"

namespace floodevac::siting {

/// Free-flow seconds per edge (length / free speed).
std::vector<double> free_edge_times(const graph::RoadGraph& g);

/// Per edge: max depth (m) over the depth grids given (each rows*cols of the sampler's grid;
/// NaN = dry). With several grids, the worst (largest) depth of each edge over them.
std::vector<float> worst_edge_depths(const evac::LinkSampler& sampler,
                                     const std::vector<const float*>& depth_grids);

/// Seconds per edge with the depths: +inf where closed.
std::vector<double> flooded_edge_times(const graph::RoadGraph& g, const std::vector<float>& edge_depth_m,
                                       double close_depth_m = 0.3);

}  // namespace floodevac::siting
