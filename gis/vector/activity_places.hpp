#pragma once
// Daytime activity places of the typhoon timeline (issue 12 §1): work places, schools,
// markets, outdoor places (harbour, beaches, fields), tourist hotels and scenic spots.
// One point layer per group, each point with a kind and a number of persons; schools may
// board their students and may be shelters themselves. Coordinates in the scenario CRS
// (metres); polygons give their GEOS centroid, like shelters.
#include <filesystem>
#include <string>
#include <vector>

namespace floodevac::gis {

/// Field names of an activity layer (case-insensitive; empty = not used).
struct ActivityFieldMap {
  std::string layer;                     // OGR layer; empty: the source's only layer
  std::string id = "id";                 // required, unique within the layer
  std::string name = "name";             // optional
  std::string kind = "kind";             // optional (default ""): factory, primary, hotel, ...
  std::string persons = "persons";       // required, persons >= 0
  std::string boarding = "boarding";     // optional yes/no: present day and night
  std::string is_shelter = "is_shelter"; // optional yes/no: the place is itself a shelter
  std::string shelter_id = "shelter_id"; // the shelter it is (with is_shelter = yes)
  std::string village = "village";       // optional village id (else found by polygon)
  std::string assume_source_crs;         // CRS when the layer declares none; empty: error
};

struct ActivityPlace {
  std::string group;  // the layer's group: workplaces, schools, markets, outdoor, tourists, ...
  std::string id, name, kind;
  double x = 0, y = 0;     // CRS metres
  double persons = 0;      // persons at the place at its peak (layer-specific meaning)
  bool boarding = false;   // boards its people (boarding schools)
  std::string shelter_id;  // non-empty: the place is this shelter (is_shelter = yes)
  std::string village;     // village id given by the layer ("" = not given)
};

/// Reads one activity layer; `group` names it (and starts the messages). Throws
/// InputError naming the file, layer, feature and field: id missing or repeated, persons
/// missing or not a number >= 0, boarding / is_shelter not yes/no, is_shelter = yes without
/// a shelter_id, a geometry that is not a point or polygon, no features.
std::vector<ActivityPlace> read_activity_places(const std::filesystem::path& path,
                                                const std::string& group,
                                                const std::string& target_crs_wkt,
                                                const ActivityFieldMap& fields = {});

}  // namespace floodevac::gis
