#include "gis/vector/shelters.hpp"

#include <cmath>
#include <unordered_map>

#include "gis/vector/place_layer.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

evac::ShelterLevel parse_shelter_level(const std::string& value, bool* ok) {
  const std::string v = detail::lower(detail::trim(value));
  if (ok) *ok = true;
  if (v == "county" || v == "县" || v == "县级") return evac::ShelterLevel::county;
  if (v == "township" || v == "乡镇" || v == "乡" || v == "镇" || v == "乡镇级") return evac::ShelterLevel::township;
  if (v == "village" || v == "村" || v == "村级") return evac::ShelterLevel::village;
  if (v == "other" || v == "其他") return evac::ShelterLevel::other;
  if (ok) *ok = false;
  return evac::ShelterLevel::other;
}

evac::ShelterLevel level_from_capacity(std::int64_t c) {
  // Zhejiang-style grading of 避灾安置场所 by size (county >= 500 persons,
  // township >= 100, village below).
  if (c >= 500) return evac::ShelterLevel::county;
  if (c >= 100) return evac::ShelterLevel::township;
  return evac::ShelterLevel::village;
}

std::vector<evac::Shelter> read_shelters(const std::filesystem::path& path, const std::string& target_crs_wkt,
                                         const ShelterFieldMap& fm) {
  auto s = detail::open_place_layer(path, fm.layer, target_crs_wkt, fm.assume_source_crs, "shelters");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_id = detail::field_index(layer, fm.id), i_name = detail::field_index(layer, fm.name),
            i_cap = detail::field_index(layer, fm.capacity), i_level = detail::field_index(layer, fm.level),
            i_open = detail::field_index(layer, fm.open_s);
  if (layer.GetFeatureCount(TRUE) == 0)
    throw InputError(ctx + ": no features; the shelters layer is empty. Add the shelters (points or polygons "
                           "with a capacity) or check that the file is the right one");
  if (i_cap < 0)
    throw InputError(ctx + ": no capacity field '" + fm.capacity + "' (fields: " + detail::field_list(layer) +
                     "). Add the capacity in persons or map the capacity field name");
  GdalErrorScope scope(ctx);
  std::vector<evac::Shelter> out;
  std::unordered_map<std::string, std::string> seen;  // id -> feature label
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    evac::Shelter sh;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    sh.id = id && !detail::trim(*id).empty() ? std::string(detail::trim(*id)) : std::to_string(f->GetFID());
    const std::string where = ctx + " " + label + " (shelter '" + sh.id + "')";
    if (auto [it, inserted] = seen.try_emplace(sh.id, label); !inserted)
      throw InputError(where + ": field '" + fm.id + "': id '" + sh.id + "' is also used by " + it->second +
                       ". Shelter ids must be unique");
    if (auto n = detail::field_text(*f, i_name)) sh.name = *n;

    const auto cap_text = detail::field_text(*f, i_cap);
    if (!cap_text || detail::trim(*cap_text).empty())
      throw InputError(where + ": field '" + fm.capacity + "' is missing. Give the capacity in persons (> 0)");
    const auto cap = detail::parse_double(*cap_text);
    if (!cap || !(*cap > 0) || *cap > 1e9)
      throw InputError(where + ": field '" + fm.capacity + "' = '" + *cap_text +
                       "' is not a positive number of persons. Give the capacity in persons (> 0)");
    sh.capacity_persons = static_cast<std::int64_t>(std::floor(*cap));
    if (sh.capacity_persons < 1)
      throw InputError(where + ": field '" + fm.capacity + "' = '" + *cap_text +
                       "' is less than one person. Give the capacity in persons (> 0)");

    const auto lv = detail::field_text(*f, i_level);
    if (lv && !detail::trim(*lv).empty()) {
      bool ok = false;
      sh.level = parse_shelter_level(*lv, &ok);
      if (!ok)
        throw InputError(where + ": field '" + fm.level + "' = '" + *lv +
                         "' is not a shelter level. Use county/township/village (县/乡镇/村) or leave it empty "
                         "to grade by capacity");
    } else {
      sh.level = level_from_capacity(sh.capacity_persons);
    }

    if (const auto op = detail::field_text(*f, i_open); op && !detail::trim(*op).empty()) {
      const auto v = detail::parse_double(*op);
      if (!v || *v < 0)
        throw InputError(where + ": field '" + fm.open_s + "' = '" + *op +
                         "' is not a time >= 0 s. Give seconds from the scenario start or leave it empty");
      sh.open_s = *v;
    }
    detail::place_of(f->GetGeometryRef(), s.ct, where, "shelter", sh.x, sh.y);
    out.push_back(std::move(sh));
  }
  if (out.empty()) throw InputError(ctx + ": no shelters. The layer has no features");
  return out;
}

}  // namespace floodevac::gis
