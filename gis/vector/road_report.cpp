#include <sstream>

#include "gis/vector/road_attributes.hpp"
#include "gis/vector/roads.hpp"

namespace floodevac::gis {

std::string RoadReport::summary() const {
  std::ostringstream s;
  s << source << ": " << features_read << " features read, " << features_used << " used, " << features_skipped
    << " skipped";
  if (!skipped.empty()) {
    s << " (";
    bool first = true;
    for (const auto& [why, n] : skipped) {
      s << (first ? "" : "; ") << why << ": " << n;
      first = false;
    }
    s << ")";
  }
  if (bridges || tunnels) s << "; " << bridges << " bridges, " << tunnels << " tunnels/underpasses";
  s << "\n" << nodes << " nodes, " << edges << " directed edges, " << total_length_km << " km of road, "
    << components << " weakly connected components (largest " << largest_component_nodes << " nodes)\n";
  s << attribute_warnings << " attribute warnings, " << nodes_merged << " points merged within tolerance, "
    << pieces_dropped << " collapsed pieces dropped";
  if (missing_locations) s << ", " << missing_locations << " node references without location";
  s << "\n";
  if (!length_field.empty()) {
    s << "lengths from the attribute '" << length_field << "' (metres)";
    if (length_far_from_drawn) s << "; " << length_far_from_drawn << " features differ from the drawn length by over 2x";
    s << "\n";
  }
  return s.str();
}

namespace detail {

void add_warning(RoadReport& r, std::string msg) {
  if (r.warnings.size() < RoadReport::kMaxWarnings) r.warnings.push_back(std::move(msg));
}

void add_skip(RoadReport& r, const std::string& reason) {
  ++r.features_skipped;
  if (reason == kAccessSkip) ++r.access_closed;
  ++r.skipped[reason];
}

}  // namespace detail

}  // namespace floodevac::gis
