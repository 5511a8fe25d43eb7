#include "app/report_maps.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "app/map_styles.hpp"
#include "gis/raster/map_render.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

namespace {

gis::Rgba rgba(const MapRgba& c) { return {c[0], c[1], c[2], c[3]}; }

std::string hours_label(double t_s, double landfall_s) {
  if (std::isfinite(landfall_s)) {
    const double h = (t_s - landfall_s) / 3600.0;
    return std::fabs(h) < 0.05 ? std::string("T+0h") : fmt::format("T{:+.0f}h", h);
  }
  return fmt::format("{:.1f} h", t_s / 3600.0);
}

/// The road links as a thin grey network, the links the water closed (to cars or to
/// walkers) on top in red.
gis::VectorStyle roads_layer(const fs::path& file, bool closures) {
  return {file, {"closed_s", "walk_closed_s"}, [closures](const std::vector<std::optional<double>>& v) {
            const bool closed = v[0].has_value() || v[1].has_value();
            if (closures && closed) return std::optional<gis::MarkStyle>({rgba(closed_road_colour()), 2.5, {}, 1});
            return std::optional<gis::MarkStyle>({rgba(open_road_colour()), 1.0, {}, 0});
          }};
}

const MapClass* class_of(const std::vector<MapClass>& classes, double v) {
  for (const auto& c : classes)
    if (v >= c.lo && v < c.hi) return &c;
  return nullptr;
}

viz::MapImage image(const std::string& rel, const gis::MapCanvas& canvas, std::string title, std::string caption) {
  return {rel, std::move(title), std::move(caption), {}, canvas.width(), canvas.height()};
}

void write(OutputSet& out, const gis::MapCanvas& canvas, const std::string& rel, const std::string& kind,
           const std::string& description) {
  out.file(rel, kind, description, "", [&](const fs::path& p) { canvas.write_png(p); });
}

}  // namespace

std::vector<double> water_front_times(double duration_s, double landfall_s) {
  std::vector<double> t;
  if (std::isfinite(landfall_s)) {
    for (double h : {-6.0, 0.0, 6.0}) {
      const double s = landfall_s + h * 3600.0;
      if (s > 0 && s < duration_s) t.push_back(s);
    }
    t.push_back(duration_s);
    return t;
  }
  for (int k = 1; k <= 4; ++k) t.push_back(duration_s * k / 4.0);
  return t;
}

std::vector<viz::MapImage> write_report_maps(OutputSet& out, const MapInputs& in) {
  std::vector<viz::MapImage> maps;
  if (in.dem == nullptr) return maps;
  out.folder("report");
  const fs::path roads = out.dir() / "evac" / "road_links.geojson";
  const fs::path shelters = out.dir() / "evac" / "shelters.geojson";
  const fs::path villages = out.dir() / "villages" / "plan.geojson";
  const bool have_roads = fs::exists(roads);
  const auto& ramp = depth_ramp();
  std::vector<std::pair<double, gis::Rgba>> stops;
  for (const auto& [v, c] : ramp) stops.push_back({v, rgba(c)});
  const auto depth_colour = [&](float d) -> std::optional<gis::Rgba> {
    if (!(d >= ramp.front().first)) return std::nullopt;
    return gis::ramp_colour(stops, d);
  };

  if (in.max_depth != nullptr) {
    gis::MapCanvas c(*in.dem);
    c.draw_raster(*in.max_depth, depth_colour);
    if (have_roads) c.draw_vector(roads_layer(roads, true));
    write(out, c, "report/max_depth.png", "report_map", "map: maximum depth, roads and the links the water closed");
    auto m = image("report/max_depth.png", c, "Maximum depth, roads and closures.",
                   "Depth where it passed the inundation threshold, on a hillshade of the model DEM; road links "
                   "the water closed (to cars or to walkers) in red.");
    for (const auto& [v, col] : ramp) m.legend.push_back({css_colour(col), fmt::format("{:g} m", v)});
    if (have_roads) {
      m.legend.push_back({css_colour(open_road_colour()), "road"});
      m.legend.push_back({css_colour(closed_road_colour()), "closed by water"});
    }
    maps.push_back(std::move(m));
  }

  if (fs::exists(shelters) && in.shelter_peak_max_persons > 0) {
    gis::MapCanvas c(*in.dem);
    if (in.max_depth != nullptr)
      c.draw_raster(*in.max_depth, [&](float d) -> std::optional<gis::Rgba> {
        auto col = depth_colour(d);
        if (col) (*col)[3] = static_cast<std::uint8_t>((*col)[3] / 2);  // faint under the shelters
        return col;
      });
    if (have_roads) c.draw_vector(roads_layer(roads, false));
    const double peak_max = in.shelter_peak_max_persons;
    c.draw_vector({shelters,
                   {"peak_occupancy", "capacity"},
                   [peak_max](const std::vector<std::optional<double>>& v) -> std::optional<gis::MarkStyle> {
                     const double peak = v[0].value_or(0.0), cap = v[1].value_or(0.0);
                     const double fill = cap > 0 ? peak / cap : 0.0;
                     const MapClass* k = class_of(shelter_fill_classes(), fill);
                     // Disc area proportional to the peak occupancy; 3 px for an empty one.
                     const double r = 3.0 + 11.0 * std::sqrt(std::max(peak, 0.0) / peak_max);
                     return gis::MarkStyle{rgba(k->colour), r, {40, 40, 40, 255}, 0};
                   }});
    write(out, c, "report/shelters.png", "report_map", "map: shelters sized by peak occupancy, coloured by fill");
    auto m = image("report/shelters.png", c, "Shelters.",
                   "Disc area in proportion to the peak occupancy; colour: peak occupancy against capacity. "
                   "Maximum depth faint below.");
    for (const auto& k : shelter_fill_classes()) m.legend.push_back({css_colour(k.colour), k.label});
    maps.push_back(std::move(m));
  }

  if (fs::exists(villages)) {
    gis::MapCanvas c(*in.dem);
    if (have_roads) c.draw_vector(roads_layer(roads, false));
    c.draw_vector({villages, {"margin_s"}, [](const std::vector<std::optional<double>>& v) {
                     MapRgba col = margin_never_flooded();
                     if (v[0]) col = class_of(margin_classes(), *v[0])->colour;
                     return std::optional<gis::MarkStyle>({rgba(col), 1.0, {60, 60, 60, 255}, 0});
                   }});
    write(out, c, "report/villages.png", "report_map", "map: villages coloured by margin (villages/plan.geojson)");
    auto m = image("report/villages.png", c, "Villages by margin.",
                   "The margin of each village's plan (villages/plan.geojson margin_s, as the village plan "
                   "defines it; negative: the water came first), on the road network.");
    for (const auto& k : margin_classes()) m.legend.push_back({css_colour(k.colour), k.label});
    m.legend.push_back({css_colour(margin_never_flooded()), "never flooded"});
    maps.push_back(std::move(m));
  }

  if (in.first_inundation_s != nullptr) {
    const auto times = water_front_times(in.duration_s, in.landfall_s);
    static const MapRgba kFront[] = {{8, 48, 107, 235}, {33, 113, 181, 225}, {107, 174, 214, 215},
                                     {198, 219, 239, 205}};
    const MapRgba start{120, 130, 140, 200};
    gis::MapCanvas c(*in.dem);
    c.draw_raster(*in.first_inundation_s, [&](float t) -> std::optional<gis::Rgba> {
      if (t <= 0.0f) return rgba(start);
      for (std::size_t k = 0; k < times.size() && k < 4; ++k)
        if (t <= times[k]) return rgba(kFront[k]);
      return std::nullopt;
    });
    if (have_roads) c.draw_vector(roads_layer(roads, false));
    write(out, c, "report/water_front.png", "report_map", "map: where the water had reached at chosen times");
    auto m = image("report/water_front.png", c, "The water front.",
                   fmt::format("Cells deeper than {:g} m by each time (first inundation).", in.threshold_m));
    m.legend.push_back({css_colour(start), "water at the start"});
    for (std::size_t k = 0; k < times.size() && k < 4; ++k)
      m.legend.push_back({css_colour(kFront[k]), "by " + hours_label(times[k], in.landfall_s)});
    maps.push_back(std::move(m));
  }
  return maps;
}

}  // namespace floodevac::app
