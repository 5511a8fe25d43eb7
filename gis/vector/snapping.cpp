#include "gis/vector/snapping.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "gis/vector/roads.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

NodeSnapIndex::NodeSnapIndex(const graph::RoadGraph& g, std::vector<std::uint8_t> allowed) {
  if (!allowed.empty() && allowed.size() != g.node_count())
    throw InvariantError("NodeSnapIndex: allowed must have one flag per node");
  points_ = PointIndex(g.node_x, g.node_y, allowed);
}

NodeSnapIndex::Hit NodeSnapIndex::nearest(double x, double y, double max_d) const {
  const PointIndex::Hit h = points_.nearest(x, y, max_d);
  Hit hit;
  if (h.id != PointIndex::kNone) {
    hit.node = h.id;
    hit.distance_m = h.distance;
  }
  return hit;
}

// ---- snapping ----------------------------------------------------------------------------------

namespace {

/// Snaps units [0, n) independently; each result depends only on its unit.
void snap_population_kernel(const NodeSnapIndex& index, std::vector<evac::PopulationUnit>& units, double max_d) {
  const auto n = static_cast<std::int64_t>(units.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    auto& u = units[static_cast<std::size_t>(i)];
    const auto hit = index.nearest(u.x, u.y, max_d);
    u.node = hit.node;
    u.snap_distance_m = hit.node == graph::kInvalid ? std::numeric_limits<double>::infinity() : hit.distance_m;
  }
}

std::vector<std::uint8_t> largest_component_mask(const graph::RoadGraph& g) {
  std::uint32_t count = 0;
  const auto label = weak_components(g, &count);
  std::vector<std::uint32_t> size(count, 0);
  for (auto l : label) ++size[l];
  const auto big = static_cast<std::uint32_t>(std::max_element(size.begin(), size.end()) - size.begin());
  std::vector<std::uint8_t> mask(label.size());
  for (std::size_t i = 0; i < label.size(); ++i) mask[i] = label[i] == big ? 1 : 0;
  return mask;
}

}  // namespace

std::string SnapReport::summary() const {
  std::ostringstream s;
  s << shelters << " shelters snapped (max " << detail::fixed1(shelter_max_distance_m) << " m, mean "
    << detail::fixed1(shelter_mean_distance_m) << " m); " << population_snapped << " of " << population_units
    << " population units snapped (" << persons_snapped << " persons, max " << detail::fixed1(population_max_distance_m)
    << " m, mean " << detail::fixed1(population_mean_distance_m) << " m)";
  if (population_unsnapped)
    s << "; " << population_unsnapped << " units with " << persons_unsnapped
      << " persons are farther than the maximum snapping distance and are left out";
  if (trips) {
    s << "; " << trips << " trip origins snapped (median " << detail::fixed1(trip_p50_distance_m) << " m, 90 % "
      << detail::fixed1(trip_p90_distance_m) << " m, max " << detail::fixed1(trip_max_distance_m) << " m, mean "
      << detail::fixed1(trip_mean_distance_m) << " m), " << trips_unreachable
      << " cannot reach their shelter on the network";
    if (trips_unreachable) {
      s << " (" << trip_persons_unreachable << " persons; ids ";
      for (std::size_t i = 0; i < unreachable_trip_examples.size(); ++i)
        s << (i ? ", " : "") << unreachable_trip_examples[i];
      if (trips_unreachable > unreachable_trip_examples.size()) s << ", ...";
      s << ")";
    }
  }
  return s.str();
}

SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, double max_s, double max_p) {
  SnapOptions o;
  o.max_snap_m_shelters = max_s;
  o.max_snap_m_population = max_p;
  return snap_to_network(g, shelters, population, o);
}

SnapReport snap_to_network(const graph::RoadGraph& g, std::vector<evac::Shelter>& shelters,
                           std::vector<evac::PopulationUnit>& population, const SnapOptions& o) {
  if (!(o.max_snap_m_shelters >= 0) || !(o.max_snap_m_population >= 0))
    throw ConfigError("snapping: the maximum snapping distances must be >= 0 m");
  if (g.node_count() == 0) throw InputError("snapping: the road network has no nodes");
  const NodeSnapIndex index(g, o.largest_component_only ? largest_component_mask(g) : std::vector<std::uint8_t>{});
  SnapReport rep;
  std::string too_far;
  std::size_t n_far = 0;
  double sum = 0;
  for (auto& s : shelters) {
    const auto hit = index.nearest(s.x, s.y);
    s.node = hit.node;
    s.snap_distance_m = hit.distance_m;
    if (hit.node == graph::kInvalid || hit.distance_m > o.max_snap_m_shelters) {
      if (++n_far <= 10)
        too_far += std::string(n_far > 1 ? ", " : "") + "'" + s.id + "' (" + detail::fixed1(hit.distance_m) + " m)";
      continue;
    }
    sum += hit.distance_m;
    rep.shelter_max_distance_m = std::max(rep.shelter_max_distance_m, hit.distance_m);
  }
  if (n_far)
    throw InputError("snapping: " + std::to_string(n_far) + " shelter(s) farther than the maximum snapping "
                     "distance of " + detail::fixed1(o.max_snap_m_shelters) + " m from the road network: " + too_far +
                     (n_far > 10 ? ", ..." : "") +
                     ". Raise max_snap_m for shelters or fix the shelter coordinates (and their CRS)");
  rep.shelters = shelters.size();
  rep.shelter_mean_distance_m = shelters.empty() ? 0 : sum / static_cast<double>(shelters.size());

  snap_population_kernel(index, population, o.max_snap_m_population);
  rep.population_units = population.size();
  double psum = 0;
  for (const auto& u : population) {  // fixed order: deterministic sums
    if (u.node == graph::kInvalid) {
      ++rep.population_unsnapped;
      rep.persons_unsnapped += u.persons;
      if (rep.unsnapped_examples.size() < 10) rep.unsnapped_examples.push_back(u.id);
    } else {
      ++rep.population_snapped;
      rep.persons_snapped += u.persons;
      psum += u.snap_distance_m;
      rep.population_max_distance_m = std::max(rep.population_max_distance_m, u.snap_distance_m);
    }
  }
  rep.population_mean_distance_m =
      rep.population_snapped ? psum / static_cast<double>(rep.population_snapped) : 0.0;
  return rep;
}

}  // namespace floodevac::gis
