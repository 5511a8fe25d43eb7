#include "gis/vector/trip_table.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <istream>
#include <limits>
#include <map>
#include <system_error>
#include <unordered_map>

#include "gis/vector/road_class.hpp"
#include "gis/vector/snapping.hpp"
#include "gis/vector/text.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"
#include "sim/graph/routing.hpp"

namespace floodevac::gis {

namespace {

/// Splits one CSV record (RFC 4180 quotes, no embedded line breaks).
bool split_csv(const std::string& line, std::vector<std::string>& out) {
  out.clear();
  std::string cur;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cur += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cur += c;
      }
    } else if (c == '"' && detail::trim(cur).empty() && !was_quoted) {
      cur.clear();
      quoted = was_quoted = true;
    } else if (c == ',') {
      out.push_back(was_quoted ? cur : std::string(detail::trim(cur)));
      cur.clear();
      was_quoted = false;
    } else {
      cur += c;
    }
  }
  if (quoted) return false;
  out.push_back(was_quoted ? cur : std::string(detail::trim(cur)));
  return true;
}

/// std::getline that refuses a line longer than kMaxTripLineBytes (a file
/// without line breaks, such as /dev/zero, is not read to its end).
bool bounded_getline(std::istream& in, std::string& line, const std::string& file, std::size_t line_no) {
  line.clear();
  if (!in.good()) return false;
  std::istream::sentry guard(in, true);
  if (!guard) return false;
  std::streambuf* sb = in.rdbuf();
  for (;;) {
    const int c = sb->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      in.setstate(std::ios::eofbit);
      return !line.empty();
    }
    if (c == '\n') return true;
    if (line.size() >= kMaxTripLineBytes)
      throw InputError(file + ":" + std::to_string(line_no) + ": the line is longer than " +
                       std::to_string(kMaxTripLineBytes / 1024) +
                       " KiB; this is not a trip table (a CSV file with one trip per line)");
    line += static_cast<char>(c);
  }
}

constexpr const char* kKnownColumns[] = {"id", "depart_s", "x", "y", "lon", "lat", "mode", "shelter", "persons"};
constexpr const char* kExpectedHeader =
    "The header must be id,depart_s,x,y,mode[,shelter][,persons] (or lon,lat for x,y)";

/// The known column a misspelt one most likely means ("shelter_id" -> "shelter").
std::string likely_column(const std::string& name) {
  std::string best;  // the longest known name inside the given one, or containing it
  for (const char* k : kKnownColumns) {
    const std::string known = k;
    if (known.size() >= 2 && known.size() > best.size() && !name.empty() &&
        (name.find(known) != std::string::npos || known.find(name) != std::string::npos))
      best = known;
  }
  return best;
}

/// Per node: 1 when it has a directed path to one of `targets` over the edges
/// the mode may use.
std::vector<std::uint8_t> reaches(const graph::RoadGraph& g, const std::vector<graph::NodeId>& targets,
                                  evac::Mode mode) {
  std::vector<double> time(g.edge_count(), 1.0);
  for (graph::EdgeId e = 0; e < g.edge_count(); ++e) {
    const auto c = static_cast<RoadClass>(g.road_class[e]);
    if (mode == evac::Mode::car ? !car_allowed(c) : !walk_allowed(c))
      time[e] = std::numeric_limits<double>::infinity();
  }
  const auto cr = graph::connectivity_report(g, targets, time);
  std::vector<std::uint8_t> ok(g.node_count(), targets.empty() ? 0 : 1);
  for (const auto n : cr.cannot_reach_shelter) ok[n] = 0;
  return ok;
}

/// Fills the trip fields of the snapping report (read_trip_table).
void report_trips(const graph::RoadGraph& g, const std::vector<evac::Shelter>& shelters,
                  const std::vector<evac::Trip>& trips, std::vector<double> snap_m, SnapReport& r) {
  r.trips = trips.size();
  r.trips_unreachable = 0;
  r.trip_persons_unreachable = 0;
  r.unreachable_trip_examples.clear();
  if (!snap_m.empty()) {
    double sum = 0;
    for (double d : snap_m) sum += d;
    r.trip_mean_distance_m = sum / static_cast<double>(snap_m.size());
    std::sort(snap_m.begin(), snap_m.end());
    // Nearest-rank quantiles: the value of rank ceil(q n).
    auto q = [&](double p) {
      const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(snap_m.size())));
      return snap_m[std::max<std::size_t>(rank, 1) - 1];
    };
    r.trip_p50_distance_m = q(0.5);
    r.trip_p90_distance_m = q(0.9);
    r.trip_max_distance_m = snap_m.back();
  }
  // Reachability per (mode, destination): any shelter, or the named one.
  std::map<std::pair<int, std::int32_t>, std::vector<std::uint8_t>> cache;
  for (const auto& t : trips) {
    const auto key = std::make_pair(static_cast<int>(t.mode), t.dest_shelter);
    auto it = cache.find(key);
    if (it == cache.end()) {
      std::vector<graph::NodeId> targets;
      if (t.dest_shelter >= 0) {
        const auto n = shelters[static_cast<std::size_t>(t.dest_shelter)].node;
        if (n != graph::kInvalid) targets.push_back(n);
      } else {
        for (const auto& s : shelters)
          if (s.node != graph::kInvalid) targets.push_back(s.node);
      }
      it = cache.emplace(key, reaches(g, targets, t.mode)).first;
    }
    if (it->second[t.origin]) continue;
    ++r.trips_unreachable;
    r.trip_persons_unreachable += t.persons;
    if (r.unreachable_trip_examples.size() < SnapReport::kMaxExamples) r.unreachable_trip_examples.push_back(t.id);
  }
}

}  // namespace

TripTableText parse_trip_table(std::istream& in, const std::string& file) {
  std::string line;
  std::vector<std::string> cells;
  std::size_t line_no = 0;
  // Header: the first line that is not blank or a comment.
  bool have_header = false;
  while (bounded_getline(in, line, file, line_no + 1)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (detail::trim(line).empty() || detail::trim(line).front() == '#') continue;
    have_header = true;
    break;
  }
  if (!have_header)
    throw InputError("trip table " + file + ": the file is empty; it needs a header line. " + kExpectedHeader);
  const std::size_t header_line = line_no;
  const std::string hat = file + ":" + std::to_string(header_line);
  if (!split_csv(line, cells)) throw InputError(hat + ": unbalanced quotes in the header");
  std::unordered_map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string name = detail::lower(cells[i]);
    if (std::find(std::begin(kKnownColumns), std::end(kKnownColumns), name) == std::end(kKnownColumns)) {
      const std::string guess = likely_column(name);
      throw InputError(hat + ":" + std::to_string(i + 1) + ": unknown column '" + cells[i] + "'" +
                       (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                       ". Known columns: id, depart_s, x, y, lon, lat, mode, shelter, persons. " +
                       kExpectedHeader);
    }
    if (!col.try_emplace(name, i).second) throw InputError(hat + ": column '" + name + "' appears twice");
  }
  auto has = [&](const char* c) { return col.count(c) > 0; };
  const bool lonlat = has("lon") || has("lat");
  for (const char* req : {"id", "depart_s", "mode"})
    if (!has(req)) throw InputError(hat + ": missing column '" + req + "'. " + kExpectedHeader);
  if (lonlat ? !(has("lon") && has("lat")) : !(has("x") && has("y")))
    throw InputError(hat + ": the header needs either columns x,y (target CRS, m) or lon,lat (EPSG:4326)");
  if (lonlat && (has("x") || has("y"))) throw InputError(hat + ": give either x,y or lon,lat, not both");

  const std::size_t c_id = col["id"], c_dep = col["depart_s"], c_mode = col["mode"];
  const std::size_t c_x = lonlat ? col["lon"] : col["x"], c_y = lonlat ? col["lat"] : col["y"];
  const std::size_t c_sh = has("shelter") ? col["shelter"] : SIZE_MAX;
  const std::size_t c_p = has("persons") ? col["persons"] : SIZE_MAX;
  const std::string xname = lonlat ? "lon" : "x", yname = lonlat ? "lat" : "y";

  TripTableText out;
  out.lonlat = lonlat;
  std::unordered_map<std::string, std::size_t> id_line;
  while (bounded_getline(in, line, file, line_no + 1)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (detail::trim(line).empty() || detail::trim(line).front() == '#') continue;
    const std::string at = file + ":" + std::to_string(line_no);
    if (!split_csv(line, cells)) throw InputError(at + ": unbalanced double quotes");
    if (cells.size() != col.size())
      throw InputError(at + ": " + std::to_string(cells.size()) + " columns, the header has " +
                       std::to_string(col.size()) + ". Fix the row");
    auto number = [&](std::size_t c, const std::string& name) {
      const auto v = detail::parse_double(cells[c]);
      if (!v)
        throw InputError(at + ":" + std::to_string(c + 1) + ": column '" + name + "': '" + cells[c] +
                         "' is not a number");
      return *v;
    };
    TripRow t;
    t.line = line_no;
    t.id = cells[c_id];
    if (t.id.empty()) throw InputError(at + ": column 'id' is empty. Give every trip an id");
    if (auto [it, ins] = id_line.try_emplace(t.id, line_no); !ins)
      throw InputError(at + ": column 'id': '" + t.id + "' is already used on line " + std::to_string(it->second) +
                       ". Trip ids must be unique");
    t.depart_s = number(c_dep, "depart_s");
    if (t.depart_s < 0)
      throw InputError(at + ": column 'depart_s': " + cells[c_dep] + " is negative. Give seconds from the scenario start");
    t.x = number(c_x, xname);
    t.y = number(c_y, yname);
    if (lonlat) {
      if (t.x < -180 || t.x > 180) throw InputError(at + ": column 'lon': " + cells[c_x] + " is outside [-180, 180]");
      if (t.y < -90 || t.y > 90) throw InputError(at + ": column 'lat': " + cells[c_y] + " is outside [-90, 90]");
    }
    const std::string mode = detail::lower(cells[c_mode]);
    if (mode == "car")
      t.mode = evac::Mode::car;
    else if (mode == "walk")
      t.mode = evac::Mode::walk;
    else
      throw InputError(at + ": column 'mode': '" + cells[c_mode] + "' is not car or walk");
    if (c_sh != SIZE_MAX) t.shelter = cells[c_sh];
    if (c_p != SIZE_MAX && !cells[c_p].empty()) {
      const double p = number(c_p, "persons");
      if (!(p > 0) || p > 1e9)
        throw InputError(at + ": column 'persons': " + cells[c_p] + " must be > 0 (and at most 1e9)");
      t.persons = static_cast<float>(p);
    }
    out.rows.push_back(std::move(t));
  }
  if (out.rows.empty())
    throw InputError("trip table " + file + ": no trips; the file has a header (line " + std::to_string(header_line) +
                     ") but no rows. Add one row per trip, or remove demand.trips_csv to generate the demand "
                     "from the population");
  return out;
}

std::vector<evac::Trip> read_trip_table(const std::filesystem::path& path, const graph::RoadGraph& g,
                                        const std::vector<evac::Shelter>& shelters,
                                        const std::string& target_crs_wkt, double max_snap_m,
                                        SnapReport* report) {
  const std::string file = path.string();
  detail::require_file(path, "trip table");
  if (!(max_snap_m >= 0)) throw ConfigError("trip table " + file + ": max_snap_m must be >= 0");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError("trip table " + file +
                     ": not a regular file (a folder, a device or a pipe); give the path of a CSV file");
  const auto bytes = std::filesystem::file_size(path, ec);
  if (!ec && bytes > kMaxTripTableBytes)
    throw InputError("trip table " + file + ": " + std::to_string(bytes >> 20) +
                     " MiB, more than the 1024 MiB a trip table may hold; split the demand or check the path");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("trip table " + file + ": cannot open the file for reading");
  TripTableText text = parse_trip_table(in, file);

  std::optional<CoordTransform> ct;
  {
    const std::string dst = detail::target_crs_wkt(target_crs_wkt, "trip table " + file);
    if (text.lonlat) ct = detail::transform_to_target("EPSG:4326", dst, "trip table " + file);
  }
  const std::string xname = text.lonlat ? "lon" : "x", yname = text.lonlat ? "lat" : "y";
  std::unordered_map<std::string, std::int32_t> shelter_index;
  for (std::size_t i = 0; i < shelters.size(); ++i) shelter_index.emplace(shelters[i].id, static_cast<std::int32_t>(i));

  const NodeSnapIndex index(g);
  std::vector<evac::Trip> trips;
  std::vector<double> snap_m;
  trips.reserve(text.rows.size());
  for (TripRow& r : text.rows) {
    const std::string at = file + ":" + std::to_string(r.line);
    double x = r.x, y = r.y;
    if (text.lonlat) {
      if (ct) ct->transform_point(x, y);
      if (!std::isfinite(x) || !std::isfinite(y))
        throw InputError(at + ": columns 'lon','lat': cannot reproject to the target CRS");
    }
    evac::Trip t;
    t.id = std::move(r.id);
    t.depart_s = r.depart_s;
    t.mode = r.mode;
    t.persons = r.persons;
    if (!r.shelter.empty()) {
      auto it = shelter_index.find(r.shelter);
      if (it == shelter_index.end()) {
        std::string known;
        for (std::size_t i = 0; i < shelters.size() && i < 5; ++i) known += (i ? ", " : "") + shelters[i].id;
        throw InputError(at + ": column 'shelter': no shelter with id '" + r.shelter + "' (known ids: " +
                         (known.empty() ? "none" : known + (shelters.size() > 5 ? ", ..." : "")) +
                         "). Use a shelter id or leave it empty to let the model choose");
      }
      t.dest_shelter = it->second;
    }
    const auto hit = index.nearest(x, y);
    if (hit.node == graph::kInvalid || hit.distance_m > max_snap_m)
      throw InputError(at + ": columns '" + xname + "','" + yname + "': the origin is " + detail::fixed1(hit.distance_m) +
                       " m from the nearest road node, more than max_snap_m = " + detail::fixed1(max_snap_m) +
                       " m. Fix the coordinates (x,y are in the target CRS, lon,lat in EPSG:4326) or raise "
                       "max_snap_m");
    t.origin = hit.node;
    snap_m.push_back(hit.distance_m);
    trips.push_back(std::move(t));
  }
  if (report) report_trips(g, shelters, trips, snap_m, *report);
  return trips;
}

}  // namespace floodevac::gis
