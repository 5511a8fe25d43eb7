#include "app/view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "app/atomic_file.hpp"
#include "gis/crs.hpp"
#include "gis/raster/map_images.hpp"
#include "gis/raster/raster_io.hpp"
#include "sim/core/error.hpp"
#include "sim/policy/clock.hpp"
#include "viz/viewer_assets.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw InputError(p.string() + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json read_json(const fs::path& p) {
  try {
    return json::parse(read_text(p));
  } catch (const json::exception& e) {
    throw InputError(p.string() + ": not valid JSON: " + e.what());
  }
}

/// A CSV written by the run (no quoting) as {"columns": [...], "rows": [[...]]}, numbers as
/// numbers, empty cells null. Null when the file is missing.
json csv_json(const fs::path& p) {
  if (!fs::exists(p)) return nullptr;
  std::istringstream in(read_text(p));
  std::string line;
  json cols = json::array(), rows = json::array();
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    json row = json::array();
    std::size_t a = 0;
    while (true) {
      const std::size_t b = line.find(',', a);
      const std::string cell = line.substr(a, b == std::string::npos ? std::string::npos : b - a);
      if (header) {
        cols.push_back(cell);
      } else if (cell.empty()) {
        row.push_back(nullptr);
      } else {
        char* end = nullptr;
        const double v = std::strtod(cell.c_str(), &end);
        if (end != nullptr && *end == '\0' && std::isfinite(v))
          row.push_back(v);
        else
          row.push_back(cell);
      }
      if (b == std::string::npos) break;
      a = b + 1;
    }
    if (!header) rows.push_back(std::move(row));
    header = false;
  }
  return {{"columns", cols}, {"rows", rows}};
}

/// A GeoJSON file as JSON (null when missing).
json geojson_file(const fs::path& p) {
  return fs::exists(p) ? read_json(p) : json(nullptr);
}

/// The water's colour ramp (depth m -> RGBA), also the legend.
struct Stop {
  double depth;
  std::uint8_t r, g, b, a;
};
constexpr Stop kRamp[] = {{0.05, 200, 235, 255, 140}, {0.3, 130, 195, 245, 180},
                          {0.5, 80, 155, 230, 200},   {1.0, 45, 105, 205, 215},
                          {2.0, 25, 65, 165, 225},    {3.0, 15, 35, 115, 235}};

void colour(double d, std::uint8_t* px) {
  constexpr std::size_t n = sizeof kRamp / sizeof kRamp[0];
  if (!(d >= kRamp[0].depth)) {
    px[0] = px[1] = px[2] = px[3] = 0;
    return;
  }
  std::size_t k = 0;
  while (k + 1 < n && d > kRamp[k + 1].depth) ++k;
  if (k + 1 >= n) {
    px[0] = kRamp[n - 1].r, px[1] = kRamp[n - 1].g, px[2] = kRamp[n - 1].b, px[3] = kRamp[n - 1].a;
    return;
  }
  const Stop& s0 = kRamp[k];
  const Stop& s1 = kRamp[k + 1];
  const double f = (d - s0.depth) / (s1.depth - s0.depth);
  const auto mix = [f](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(std::lround(a + f * (b - a)));
  };
  px[0] = mix(s0.r, s1.r), px[1] = mix(s0.g, s1.g), px[2] = mix(s0.b, s1.b), px[3] = mix(s0.a, s1.a);
}

std::vector<std::uint8_t> depth_rgba(const Grid<float>& depth) {
  std::vector<std::uint8_t> rgba(depth.data.size() * 4);
  for (std::size_t i = 0; i < depth.data.size(); ++i) colour(depth.data[i], &rgba[4 * i]);
  return rgba;
}

/// Hillshade tinted by height (sea and ground at or below 0 m light blue-grey).
std::vector<std::uint8_t> relief_rgba(const Grid<float>& dem) {
  const auto shade = gis::hillshade(dem);
  std::vector<std::uint8_t> rgba(dem.data.size() * 4, 0);
  for (std::size_t i = 0; i < dem.data.size(); ++i) {
    const float z = dem.data[i];
    if (std::isnan(z)) continue;
    const double s = 0.35 + 0.65 * shade[i] / 255.0;
    double r, g, b;
    if (z <= 0.0f) {
      r = 196, g = 214, b = 226;
    } else {
      // Low plain pale green to hills tan (0..400 m).
      const double f = std::clamp(z / 400.0, 0.0, 1.0);
      r = 214 + f * (196 - 214) + 20 * f;
      g = 226 + f * (180 - 226);
      b = 196 + f * (150 - 196);
    }
    rgba[4 * i + 0] = static_cast<std::uint8_t>(std::clamp(r * s, 0.0, 255.0));
    rgba[4 * i + 1] = static_cast<std::uint8_t>(std::clamp(g * s, 0.0, 255.0));
    rgba[4 * i + 2] = static_cast<std::uint8_t>(std::clamp(b * s, 0.0, 255.0));
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

json corners_json(const Grid<float>& g) {
  json c = json::array();
  for (const auto& p : gis::corners_lonlat(g)) c.push_back({p[0], p[1]});
  return c;
}

fs::path scenario_path(const json& manifest, const std::string& rel) {
  const fs::path p(rel);
  if (p.is_absolute()) return p;
  const fs::path base = fs::path(manifest.value("scenario_file", std::string())).parent_path();
  return base / p;
}

std::string base64(const std::string& in) {
  static constexpr char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) | static_cast<unsigned char>(in[i + 2]);
    out += k[(v >> 18) & 63], out += k[(v >> 12) & 63], out += k[(v >> 6) & 63], out += k[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += k[(v >> 18) & 63], out += k[(v >> 12) & 63], out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += k[(v >> 18) & 63], out += k[(v >> 12) & 63], out += k[(v >> 6) & 63], out += '=';
  }
  return out;
}

/// A PNG as a data: URL (images reach WebGL from file:// only this way: a file:// image
/// is cross-origin to the page and may not become a texture).
std::string png_url(std::int64_t rows, std::int64_t cols, const std::vector<std::uint8_t>& rgba) {
  return "data:image/png;base64," + base64(gis::encode_png_rgba(rows, cols, rgba));
}

void write_script(const fs::path& p, const std::string& global, const json& value) {
  write_text_atomic(p, "window." + global + " = " + value.dump() + ";\n");
}

/// The scenario clock (start, landfall) of a timeline, else null.
json clock_json(const json& scenario) {
  if (!scenario.contains("timeline")) return nullptr;
  const json& c = scenario["timeline"]["clock"];
  const std::string off = c.value("utc_offset", std::string("+08:00"));
  int minutes = 0;
  if (off.size() == 6)
    minutes = (off[0] == '-' ? -1 : 1) * (std::stoi(off.substr(1, 2)) * 60 + std::stoi(off.substr(4, 2)));
  const std::string landfall =
      c["landfall"].is_string() ? c["landfall"].get<std::string>() : c["landfall"].dump();
  const policy::Clock clock =
      policy::make_clock(c["start"].get<std::string>(), minutes, landfall, "timeline.clock");
  return {{"start_local", policy::format_local_datetime(clock.start)},
          {"utc_offset", off},
          {"landfall_s", clock.landfall_s}};
}

/// Copies a vendored file, or says how to get it.
void copy_vendored(const fs::path& from, const fs::path& to) {
  if (!fs::exists(from))
    throw InputError(from.string() +
                     ": missing; the viewer needs MapLibre GL JS and deck.gl from npm (run `bash "
                     ".ci/install-web.sh` in the source tree, or set FLOODEVAC_WEB_DIR to a "
                     "node_modules folder that holds them)");
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
}

std::uintmax_t folder_bytes(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

}  // namespace

fs::path web_modules_dir() {
  if (const char* env = std::getenv("FLOODEVAC_WEB_DIR"); env != nullptr && *env != '\0')
    return fs::path(env);
  return fs::path(viz::kWebModulesDir);
}

ViewerWritten write_viewer(const fs::path& run_dir, const Logger& log) {
  const fs::path manifest_file = run_dir / "manifest.json";
  if (!fs::exists(manifest_file))
    throw InputError(run_dir.string() + ": no manifest.json; give the folder of a finished run");
  const json manifest = read_json(manifest_file);
  if (manifest.value("status", std::string()) != "complete")
    throw InputError(manifest_file.string() + ": the run is not complete (status '" +
                     manifest.value("status", std::string()) + "')");
  const json& sc = manifest["scenario"];

  // The vendored libraries first: fail before writing anything.
  const fs::path web = web_modules_dir();
  const fs::path maplibre = web / "maplibre-gl";
  const fs::path deckgl = web / "deck.gl";
  for (const fs::path& p : {maplibre / "dist" / "maplibre-gl.js", deckgl / "dist.min.js"})
    if (!fs::exists(p)) copy_vendored(p, {});

  ViewerWritten w;
  w.folder = run_dir / "viewer";
  fs::remove_all(w.folder);
  fs::create_directories(w.folder / "vendor");
  fs::create_directories(w.folder / "data");
  copy_vendored(maplibre / "dist" / "maplibre-gl.js", w.folder / "vendor" / "maplibre-gl.js");
  copy_vendored(maplibre / "dist" / "maplibre-gl.css", w.folder / "vendor" / "maplibre-gl.css");
  copy_vendored(maplibre / "LICENSE.txt", w.folder / "vendor" / "LICENSE-maplibre-gl.txt");
  copy_vendored(deckgl / "dist.min.js", w.folder / "vendor" / "deck.gl.min.js");
  copy_vendored(deckgl / "LICENSE", w.folder / "vendor" / "LICENSE-deck.gl.txt");
  write_text_atomic(w.folder / "index.html", viz::kViewerHtml);
  write_text_atomic(w.folder / "viewer.js", viz::kViewerJs);
  write_text_atomic(w.folder / "viewer.css", viz::kViewerCss);

  json data, images = json::object();
  data["name"] = sc.value("name", std::string("scenario"));
  data["description"] = sc.value("description", std::string());
  data["duration_s"] = sc["time"].value("duration_s", 0.0);
  data["clock"] = clock_json(sc);
  data["summary"] = geojson_file(run_dir / "summary.json");

  // Base: the DEM's relief, the coastline (0 m contour), walls and breaches.
  std::string crs_wkt;
  if (sc.contains("flood") && sc["flood"].contains("dem")) {
    const fs::path dem_file = scenario_path(manifest, sc["flood"]["dem"].get<std::string>());
    Grid<float> dem = gis::read_dem(dem_file, sc.value("crs", std::string()));
    crs_wkt = dem.crs_wkt;
    const std::int64_t step = std::max<std::int64_t>(1, (std::max(dem.rows, dem.cols) + 1599) / 1600);
    dem = gis::decimate(dem, step);
    images["relief"] = png_url(dem.rows, dem.cols, relief_rgba(dem));
    data["relief"] = {{"image", "relief"}, {"corners", corners_json(dem)}};
    data["coastline"] = json::parse(gis::contour_geojson(dem, 0.0));
    if (sc["flood"].contains("walls") && sc["flood"]["walls"].contains("file"))
      data["walls"] = json::parse(gis::vector_as_geojson(
          scenario_path(manifest, sc["flood"]["walls"]["file"].get<std::string>()),
          sc["flood"]["walls"].value("layer", std::string())));
    json breaches = json::array();
    if (sc["flood"].contains("breaches")) {
      gis::CoordTransform to_ll(crs_wkt, "EPSG:4326");
      for (const auto& b : sc["flood"]["breaches"]) {
        double x = b["at"][0], y = b["at"][1];
        to_ll.transform_point(x, y);
        breaches.push_back({{"name", b.value("name", std::string("breach"))},
                            {"lonlat", {x, y}},
                            {"start_s", b.value("start_s", 0.0)}});
      }
    }
    data["breaches"] = breaches;
  }

  // Water over time: one PNG per depth snapshot.
  json frames = json::array();
  if (fs::exists(run_dir / "flood")) {
    std::vector<std::pair<double, fs::path>> snaps;
    const std::regex name_re(R"(depth_t(\d+)s\.tif)");
    for (const auto& e : fs::directory_iterator(run_dir / "flood")) {
      std::smatch m;
      const std::string n = e.path().filename().string();
      if (std::regex_match(n, m, name_re)) snaps.emplace_back(std::stod(m[1].str()), e.path());
    }
    std::sort(snaps.begin(), snaps.end());
    for (const auto& [t, p] : snaps) {
      const Grid<float> d = gis::read_raster(p);
      const std::string img = fmt::format("depth_t{:06.0f}s", t);
      images[img] = png_url(d.rows, d.cols, depth_rgba(d));
      if (frames.empty()) data["water_corners"] = corners_json(d);
      frames.push_back({{"t_s", t}, {"image", img}});
    }
    if (fs::exists(run_dir / "flood" / "max_depth.tif")) {
      const Grid<float> d = gis::read_raster(run_dir / "flood" / "max_depth.tif");
      images["max_depth"] = png_url(d.rows, d.cols, depth_rgba(d));
      data["max_depth"] = {{"image", "max_depth"}, {"corners", corners_json(d)}};
      if (!data.contains("water_corners")) data["water_corners"] = corners_json(d);
    }
  }
  w.frames = static_cast<int>(frames.size());
  data["frames"] = frames;
  json ramp = json::array();
  for (const Stop& s : kRamp) ramp.push_back({s.depth, fmt::format("rgba({},{},{},{:.2f})", s.r, s.g, s.b, s.a / 255.0)});
  data["ramp"] = ramp;

  // People and places.
  data["timeseries"] = csv_json(run_dir / "evac" / "timeseries.csv");
  data["occupancy"] = csv_json(run_dir / "evac" / "shelter_occupancy.csv");
  data["orders"] = csv_json(run_dir / "timeline" / "orders.csv");
  data["islands"] = csv_json(run_dir / "timeline" / "islands.csv");
  data["link_states"] = csv_json(run_dir / "evac" / "link_states.csv");
  json places;
  places["shelters"] = geojson_file(run_dir / "evac" / "shelters.geojson");
  places["villages"] = geojson_file(run_dir / "villages" / "plan.geojson");
  if (places["villages"].is_null() && sc.contains("timeline"))
    places["villages"] = json::parse(gis::vector_as_geojson(
        scenario_path(manifest, sc["timeline"]["villages"]["file"].get<std::string>()),
        sc["timeline"]["villages"].value("layer", std::string())));
  json roads = geojson_file(run_dir / "evac" / "road_links.geojson");

  json trips = nullptr;
  if (fs::exists(run_dir / "evac" / "trajectories.json")) {
    trips = read_json(run_dir / "evac" / "trajectories.json");
    w.trips = trips["trips"].size();
  }
  write_script(w.folder / "data" / "run.js", "FLOODEVAC_DATA", data);
  write_script(w.folder / "data" / "places.js", "FLOODEVAC_PLACES", places);
  write_script(w.folder / "data" / "roads.js", "FLOODEVAC_ROADS", roads);
  write_script(w.folder / "data" / "trips.js", "FLOODEVAC_TRIPS", trips);
  write_script(w.folder / "data" / "images.js", "FLOODEVAC_IMAGES", images);
  w.bytes = folder_bytes(w.folder);
  log.info(fmt::format("viewer: {} water frames, {} trajectories, {:.1f} MB in {}", w.frames,
                       w.trips, w.bytes / 1e6, w.folder.string()));
  if (trips.is_null())
    log.info("viewer: no trajectories in this run (outputs.viewer: true writes them); the map "
             "shows no moving people");
  return w;
}

}  // namespace floodevac::app
