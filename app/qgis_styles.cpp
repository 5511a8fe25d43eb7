#include "app/qgis_styles.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <vector>

#include "app/map_styles.hpp"
#include "sim/flood/hazard.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

namespace {

std::string xml(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string qcolour(const MapRgba& c) { return fmt::format("{},{},{},{}", c[0], c[1], c[2], c[3]); }

struct RampItem {
  double value;
  MapRgba colour;
  std::string label;
};

/// A single-band pseudocolour renderer; values below `transparent_below` (NaN: none) not drawn.
std::string pseudocolour(const std::vector<RampItem>& items, double transparent_below) {
  const double lo = items.front().value, hi = items.back().value;
  std::string s = fmt::format(
      "<pipe>\n<rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
      "classificationMin=\"{}\" classificationMax=\"{}\" nodataColor=\"\">\n<rasterTransparency>",
      lo, hi);
  if (std::isfinite(transparent_below))
    s += fmt::format(
        "<singleValuePixelList><pixelListEntry min=\"-1e+30\" max=\"{}\" percentTransparent=\"100\"/>"
        "</singleValuePixelList>",
        transparent_below);
  s += "</rasterTransparency>\n<minMaxOrigin><limits>None</limits><extent>WholeRaster</extent>"
       "<statAccuracy>Estimated</statAccuracy><cumulativeCutLower>0.02</cumulativeCutLower>"
       "<cumulativeCutUpper>0.98</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>\n";
  s += fmt::format(
      "<rastershader><colorrampshader colorRampType=\"INTERPOLATED\" classificationMode=\"2\" clip=\"0\" "
      "minimumValue=\"{}\" maximumValue=\"{}\">\n",
      lo, hi);
  for (const auto& it : items)
    s += fmt::format("<item value=\"{}\" color=\"{}\" alpha=\"{}\" label=\"{}\"/>\n", it.value,
                     css_colour(it.colour), it.colour[3], xml(it.label));
  s += "</colorrampshader></rastershader>\n</rasterrenderer>\n<brightnesscontrast brightness=\"0\" contrast=\"0\" "
       "gamma=\"1\"/>\n<huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>\n"
       "<rasterresampler maxOversampling=\"2\"/>\n</pipe>\n";
  return s;
}

std::string depth_style() {
  std::vector<RampItem> items;
  for (const auto& [v, c] : depth_ramp()) items.push_back({v, c, fmt::format("{:g} m", v)});
  return pseudocolour(items, depth_ramp().front().first);
}

std::string hazard_style() {
  std::string s =
      "<pipe>\n<rasterrenderer type=\"paletted\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" nodataColor=\"\">\n"
      "<rasterTransparency/>\n<colorPalette>\n";
  for (std::uint8_t c = 0; c <= 4; ++c) {
    const auto rgba = flood::hazard_class_rgba(c);
    s += fmt::format("<paletteEntry value=\"{}\" color=\"{}\" alpha=\"{}\" label=\"{} {}\"/>\n", c,
                     css_colour({rgba[0], rgba[1], rgba[2], rgba[3]}), rgba[3], c,
                     xml(flood::hazard_class_name(c)));
  }
  return s + "</colorPalette>\n</rasterrenderer>\n<brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n"
             "<huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>\n"
             "<rasterresampler/>\n</pipe>\n";
}

/// A yellow-orange-red ramp over [lo, hi] (ColorBrewer YlOrRd), for any other float raster.
std::string range_style(double lo, double hi, const std::string& unit) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  if (!(hi > lo)) hi = lo + 1;
  const MapRgba c[] = {{255, 255, 178, 255}, {254, 204, 92, 255}, {253, 141, 60, 255}, {240, 59, 32, 255},
                       {189, 0, 38, 255}};
  std::vector<RampItem> items;
  for (int k = 0; k < 5; ++k) {
    const double v = lo + (hi - lo) * k / 4.0;
    items.push_back({v, c[k], fmt::format("{:.4g}{}", v, unit.empty() ? "" : " " + unit)});
  }
  // Zeros (dry, nobody) not drawn when the range starts at 0.
  return pseudocolour(items, lo == 0.0 ? 0.0 : std::numeric_limits<double>::quiet_NaN());
}

struct Symbol {
  std::string type;  // line, marker, fill
  MapRgba colour;
  double size_mm;
  std::string size_expression;  // marker size, data-defined ("" none)
};

std::string symbol_xml(const Symbol& s, int name) {
  std::string o = fmt::format(
      "<symbol type=\"{}\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n", s.type, name);
  if (s.type == "line") {
    o += fmt::format(
        "<layer class=\"SimpleLine\" pass=\"0\" enabled=\"1\" locked=\"0\"><prop k=\"line_color\" v=\"{}\"/>"
        "<prop k=\"line_width\" v=\"{}\"/><prop k=\"line_width_unit\" v=\"MM\"/><prop k=\"capstyle\" "
        "v=\"round\"/><prop k=\"joinstyle\" v=\"round\"/><prop k=\"line_style\" v=\"solid\"/></layer>\n",
        qcolour(s.colour), s.size_mm);
  } else if (s.type == "marker") {
    o += fmt::format(
        "<layer class=\"SimpleMarker\" pass=\"0\" enabled=\"1\" locked=\"0\"><prop k=\"name\" v=\"circle\"/>"
        "<prop k=\"color\" v=\"{}\"/><prop k=\"outline_color\" v=\"40,40,40,255\"/><prop k=\"outline_width\" "
        "v=\"0.3\"/><prop k=\"outline_width_unit\" v=\"MM\"/><prop k=\"size\" v=\"{}\"/><prop k=\"size_unit\" "
        "v=\"MM\"/>",
        qcolour(s.colour), s.size_mm);
    if (!s.size_expression.empty())
      o += "<data_defined_properties><Option type=\"Map\"><Option type=\"QString\" name=\"name\" value=\"\"/>"
           "<Option type=\"Map\" name=\"properties\"><Option type=\"Map\" name=\"size\"><Option type=\"bool\" "
           "name=\"active\" value=\"true\"/><Option type=\"QString\" name=\"expression\" value=\"" +
           xml(s.size_expression) +
           "\"/><Option type=\"int\" name=\"type\" value=\"3\"/></Option></Option><Option type=\"QString\" "
           "name=\"type\" value=\"collection\"/></Option></data_defined_properties>";
    o += "</layer>\n";
  } else {
    o += fmt::format(
        "<layer class=\"SimpleFill\" pass=\"0\" enabled=\"1\" locked=\"0\"><prop k=\"color\" v=\"{}\"/>"
        "<prop k=\"style\" v=\"solid\"/><prop k=\"outline_color\" v=\"60,60,60,255\"/><prop k=\"outline_style\" "
        "v=\"solid\"/><prop k=\"outline_width\" v=\"{}\"/><prop k=\"outline_width_unit\" v=\"MM\"/></layer>\n",
        qcolour(s.colour), s.size_mm);
  }
  return o + "</symbol>\n";
}

struct Rule {
  std::string filter, label;
  Symbol symbol;
};

std::string rule_renderer(const std::vector<Rule>& rules) {
  std::string o =
      "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
      "<rules key=\"{fe-root}\">\n";
  for (std::size_t k = 0; k < rules.size(); ++k)
    o += fmt::format("<rule key=\"{{fe-{}}}\" filter=\"{}\" symbol=\"{}\" label=\"{}\"/>\n", k,
                     xml(rules[k].filter), k, xml(rules[k].label));
  o += "</rules>\n<symbols>\n";
  for (std::size_t k = 0; k < rules.size(); ++k) o += symbol_xml(rules[k].symbol, static_cast<int>(k));
  return o + "</symbols>\n</renderer-v2>\n";
}

std::string roads_style() {
  return rule_renderer({{"\"closed_s\" IS NOT NULL OR \"walk_closed_s\" IS NOT NULL", "closed by water",
                         {"line", closed_road_colour(), 0.8, ""}},
                        {"ELSE", "road", {"line", open_road_colour(), 0.3, ""}}});
}

std::string shelters_style() {
  std::vector<Rule> rules;
  const std::string size = "2 + 0.08 * sqrt(coalesce(\"peak_occupancy\", 0))";  // area ~ peak
  for (const auto& c : shelter_fill_classes()) {
    std::string f = "coalesce(\"peak_occupancy\", 0) / nullif(\"capacity\", 0)";
    std::string filter;
    if (std::isfinite(c.lo)) filter = fmt::format("{} >= {}", f, c.lo);
    if (std::isfinite(c.hi)) filter += (filter.empty() ? "" : " AND ") + fmt::format("{} < {}", f, c.hi);
    rules.push_back({filter, c.label, {"marker", c.colour, 3, size}});
  }
  return rule_renderer(rules);
}

std::string margin_style() {
  std::vector<Rule> rules;
  for (const auto& c : margin_classes()) {
    std::string filter;
    if (std::isfinite(c.lo)) filter = fmt::format("\"margin_s\" >= {}", c.lo);
    if (std::isfinite(c.hi)) filter += (filter.empty() ? "" : " AND ") + fmt::format("\"margin_s\" < {}", c.hi);
    rules.push_back({filter, c.label, {"fill", c.colour, 0.3, ""}});
  }
  rules.push_back({"\"margin_s\" IS NULL", "never flooded", {"fill", margin_never_flooded(), 0.3, ""}});
  return rule_renderer(rules);
}

std::string generic_vector_style() {
  return rule_renderer({{"geometry_type($geometry) = 'Point'", "point", {"marker", {31, 120, 180, 255}, 2, ""}},
                        {"geometry_type($geometry) = 'Line'", "line", {"line", {31, 120, 180, 255}, 0.5, ""}},
                        {"geometry_type($geometry) = 'Polygon'", "polygon", {"fill", {166, 206, 227, 160}, 0.3, ""}}});
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// The style body (the children of <qgis> or <maplayer>), "" when none.
std::string style_body(const OutputRecord& r, const std::string& rel) {
  if (ends_with(rel, ".tif")) {
    if (r.kind == "max_depth" || r.kind == "depth_snapshot") return depth_style();
    if (r.kind == "hazard_class") return hazard_style();
    return range_style(r.value_min, r.value_max, r.unit);
  }
  if (ends_with(rel, ".geojson")) {
    if (r.kind == "road_links") return roads_style();
    if (r.kind == "shelters") return shelters_style();
    if (ends_with(rel, "villages/plan.geojson")) return margin_style();
    return generic_vector_style();
  }
  return {};
}

std::string spatialrefsys(const std::string& wkt, const std::string& authid) {
  std::string s = "<spatialrefsys>";
  if (!wkt.empty()) s += "<wkt>" + xml(wkt) + "</wkt>";
  if (!authid.empty()) s += "<authid>" + authid + "</authid>";
  return s + "</spatialrefsys>";
}

}  // namespace

std::string qgis_style(const OutputRecord& record, const std::string& rel) {
  const std::string body = style_body(record, rel);
  if (body.empty()) return {};
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n" +
         body + "</qgis>\n";
}

void write_qgis_styles(OutputSet& out, const std::string& crs_wkt, const std::string& title) {
  const std::vector<OutputRecord> records = out.records();  // the styles are added to it
  struct ProjectLayer {
    std::string id, name, rel, provider, type, body, kind;
  };
  std::vector<ProjectLayer> rasters, vectors;
  for (const auto& r : records) {
    const std::string rel = out.relative(r);
    const std::string text = qgis_style(r, rel);
    if (text.empty()) continue;
    fs::path qml = fs::path(rel).replace_extension(".qml");
    out.text(qml, text, "qgis_style", "QGIS style of " + rel, "");
    if (r.kind == "depth_snapshot") continue;  // the project keeps to the main layers
    const bool raster = ends_with(rel, ".tif");
    ProjectLayer L{fmt::format("fe_{}_{}", r.kind, rasters.size() + vectors.size()), r.description, rel,
                   raster ? "gdal" : "ogr", raster ? "raster" : "vector", style_body(r, rel), r.kind};
    (raster ? rasters : vectors).push_back(std::move(L));
  }
  if (rasters.empty() && vectors.empty()) return;
  // Vectors above rasters; each group in writing order.
  std::vector<ProjectLayer> layers = vectors;
  layers.insert(layers.end(), rasters.begin(), rasters.end());
  std::string p = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";
  p += "<qgis projectname=\"" + xml(title) + "\" version=\"3.22.0\">\n<title>" + xml(title) + "</title>\n";
  p += "<projectCrs>" + spatialrefsys(crs_wkt, "") + "</projectCrs>\n";
  p += "<layer-tree-group>\n<customproperties/>\n";
  for (const auto& L : layers)
    p += fmt::format(
        "<layer-tree-layer id=\"{}\" name=\"{}\" source=\"./{}\" providerKey=\"{}\" checked=\"{}\" "
        "expanded=\"1\"><customproperties/></layer-tree-layer>\n",
        L.id, xml(L.name), xml(L.rel), L.provider,
        (L.type == "vector" || L.rel == "flood/max_depth.tif") ? "Qt::Checked" : "Qt::Unchecked");
  p += "</layer-tree-group>\n<projectlayers>\n";
  for (const auto& L : layers) {
    // The geometry of the layers the run writes (others: QGIS asks the provider).
    std::string geometry;
    if (L.kind == "shelters" || L.kind == "population_units") geometry = "Point";
    if (L.kind == "road_links" || L.kind == "transfers") geometry = "Line";
    if (L.rel == "villages/plan.geojson") geometry = "Polygon";
    p += "<maplayer type=\"" + L.type + "\"" + (geometry.empty() ? "" : " geometry=\"" + geometry + "\"") + ">\n";
    p += "<id>" + L.id + "</id>\n<datasource>./" + xml(L.rel) + "</datasource>\n<layername>" + xml(L.name) +
         "</layername>\n";
    // GeoJSON is WGS 84 (RFC 7946); the rasters are in the run's CRS.
    p += "<srs>" + (L.type == "vector" ? spatialrefsys("", "EPSG:4326") : spatialrefsys(crs_wkt, "")) + "</srs>\n";
    p += "<provider encoding=\"UTF-8\">" + L.provider + "</provider>\n";
    p += L.body + "</maplayer>\n";
  }
  p += "</projectlayers>\n<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths></properties>\n";
  p += "</qgis>\n";
  out.text("run.qgs", p, "qgis_project", "QGIS project of the run (relative paths; styles inline)", "");
}

}  // namespace floodevac::app
