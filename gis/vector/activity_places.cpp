#include "gis/vector/activity_places.hpp"

#include <optional>
#include <unordered_set>

#include "gis/vector/place_layer.hpp"
#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace {

/// yes/no (true/false, 1/0, 是/否); std::nullopt for anything else.
std::optional<bool> yes_no(const std::string& text) {
  const std::string v = detail::lower(detail::trim(text));
  if (v == "yes" || v == "true" || v == "1" || v == "y" || v == "是") return true;
  if (v == "no" || v == "false" || v == "0" || v == "n" || v == "否") return false;
  return std::nullopt;
}

}  // namespace

std::vector<ActivityPlace> read_activity_places(const std::filesystem::path& path,
                                                const std::string& group,
                                                const std::string& target_crs_wkt,
                                                const ActivityFieldMap& fm) {
  auto s = detail::open_place_layer(path, fm.layer, target_crs_wkt, fm.assume_source_crs,
                                    "activity places (" + group + ")");
  OGRLayer& layer = *s.L.layer;
  const std::string& ctx = s.L.context;
  const int i_id = detail::require_field(layer, fm.id, ctx, "id ",
                                         "Give every place an id or map the id field name"),
            i_name = detail::field_index(layer, fm.name),
            i_kind = detail::field_index(layer, fm.kind),
            i_persons = detail::require_field(
                layer, fm.persons, ctx, "persons ",
                "Give the persons at each place or map the persons field name"),
            i_board = detail::field_index(layer, fm.boarding),
            i_shelter = detail::field_index(layer, fm.is_shelter),
            i_shelter_id = detail::field_index(layer, fm.shelter_id),
            i_village = detail::field_index(layer, fm.village);
  GdalErrorScope scope(ctx);
  std::vector<ActivityPlace> out;
  std::unordered_set<std::string> seen;
  OGRFeatureUniquePtr f;
  while (f.reset(layer.GetNextFeature()), f) {
    ActivityPlace p;
    p.group = group;
    const std::string label = detail::feature_label(*f);
    const auto id = detail::field_text(*f, i_id);
    if (!id || detail::trim(*id).empty())
      throw InputError(ctx + " " + label + ": field '" + fm.id + "' is empty. Give every place an id");
    p.id = std::string(detail::trim(*id));
    const std::string where = ctx + " " + label + " (" + group + " '" + p.id + "')";
    if (!seen.insert(p.id).second)
      throw InputError(where + ": field '" + fm.id + "': id '" + p.id +
                       "' is used twice. Ids must be unique within a layer");
    if (auto n = detail::field_text(*f, i_name)) p.name = *n;
    if (auto k = detail::field_text(*f, i_kind)) p.kind = detail::lower(detail::trim(*k));
    const auto persons = detail::field_text(*f, i_persons);
    const auto n = persons ? detail::parse_double(*persons) : std::nullopt;
    if (!n || *n < 0 || *n > 1e9)
      throw InputError(where + ": field '" + fm.persons + "' = '" + persons.value_or("") +
                       "' is not a number of persons >= 0. Give the persons at the place");
    p.persons = *n;
    const auto flag = [&](int idx, const std::string& field, bool& value) {
      const auto t = detail::field_text(*f, idx);
      if (!t || detail::trim(*t).empty()) return;
      const auto b = yes_no(*t);
      if (!b) throw InputError(where + ": field '" + field + "' = '" + *t + "' is not yes or no");
      value = *b;
    };
    flag(i_board, fm.boarding, p.boarding);
    bool is_shelter = false;
    flag(i_shelter, fm.is_shelter, is_shelter);
    if (is_shelter) {
      const auto sid = detail::field_text(*f, i_shelter_id);
      if (!sid || detail::trim(*sid).empty())
        throw InputError(where + ": field '" + fm.is_shelter + "' = yes but '" + fm.shelter_id +
                         "' is empty. Give the id of the shelter the place is, or set " +
                         fm.is_shelter + " = no");
      p.shelter_id = std::string(detail::trim(*sid));
    }
    if (auto v = detail::field_text(*f, i_village)) p.village = std::string(detail::trim(*v));
    detail::place_of(f->GetGeometryRef(), s.ct, where, "place", p.x, p.y);
    out.push_back(std::move(p));
  }
  if (out.empty())
    throw InputError(ctx + ": no features; the " + group + " layer is empty. Add its places");
  return out;
}

}  // namespace floodevac::gis
