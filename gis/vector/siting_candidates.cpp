#include "gis/vector/siting_candidates.hpp"

#include "gis/vector/place_layer.hpp"
#include "gis/vector/shelters.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

std::vector<SitingCandidate> read_siting_candidates(const std::filesystem::path& path,
                                                    const std::string& target_crs_wkt,
                                                    const std::string& cost_field) {
  auto sites = read_shelters(path, target_crs_wkt);
  // The cost and kind, in the same feature order.
  auto s = detail::open_place_layer(path, "", target_crs_wkt, "", "siting candidates");
  OGRLayer& layer = *s.L.layer;
  const int i_cost = detail::field_index(layer, cost_field), i_kind = detail::field_index(layer, "kind");
  std::vector<SitingCandidate> out;
  out.reserve(sites.size());
  OGRFeatureUniquePtr f;
  std::size_t q = 0;
  while (f.reset(layer.GetNextFeature()), f) {
    if (q >= sites.size()) break;
    SitingCandidate c;
    c.site = std::move(sites[q]);
    if (const auto t = detail::field_text(*f, i_cost); t && !detail::trim(*t).empty()) {
      const auto v = detail::parse_double(*t);
      if (!v || !(*v >= 0))
        throw InputError(s.L.context + " " + detail::feature_label(*f) + " (candidate '" + c.site.id +
                         "'): field '" + cost_field + "' = '" + *t + "' is not a cost >= 0. Give a number or leave it empty");
      c.cost = *v;
    }
    if (const auto k = detail::field_text(*f, i_kind)) c.kind = *k;
    out.push_back(std::move(c));
    ++q;
  }
  return out;
}

}  // namespace floodevac::gis
