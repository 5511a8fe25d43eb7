#include "gis/raster/map_render.hpp"

#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numbers>
#include <tuple>

#include "gis/atomic_output.hpp"
#include "gis/gdal_crs.hpp"
#include "gis/gdal_dataset.hpp"
#include "gis/gdal_error.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;
using detail::Dataset;

Grid<float> hillshade(const Grid<float>& dem, double azimuth_deg, double altitude_deg,
                      double z_factor) {
  Grid<float> out(dem.rows, dem.cols, dem.geo, std::numeric_limits<float>::quiet_NaN(),
                  dem.crs_wkt);
  const double deg = std::numbers::pi / 180.0;
  const double zenith = (90.0 - altitude_deg) * deg;
  // gdaldem's convention: azimuth clockwise from north, aspect from the gradient.
  const double azimuth = (360.0 - azimuth_deg + 90.0) * deg;
  const double dx = dem.geo.dx, dy = -dem.geo.dy;
  for (std::int64_t r = 0; r < dem.rows; ++r)
    for (std::int64_t c = 0; c < dem.cols; ++c) {
      const float z0 = dem(r, c);
      if (!std::isfinite(z0)) continue;
      // Neighbour z, the cell's own value where outside or NaN.
      const auto z = [&](std::int64_t rr, std::int64_t cc) {
        if (!dem.inside(rr, cc)) return static_cast<double>(z0);
        const float v = dem(rr, cc);
        return std::isfinite(v) ? static_cast<double>(v) : static_cast<double>(z0);
      };
      // Horn (1981): weighted 3x3 differences (a b c / d e f / g h i).
      const double a = z(r - 1, c - 1), b = z(r - 1, c), cc = z(r - 1, c + 1);
      const double d = z(r, c - 1), f = z(r, c + 1);
      const double g = z(r + 1, c - 1), h = z(r + 1, c), i = z(r + 1, c + 1);
      const double dzdx = ((cc + 2 * f + i) - (a + 2 * d + g)) / (8.0 * dx) * z_factor;
      const double dzdy = ((g + 2 * h + i) - (a + 2 * b + cc)) / (8.0 * dy) * z_factor;
      const double slope = std::atan(std::hypot(dzdx, dzdy));
      double aspect = 0.0;
      if (dzdx != 0.0) {
        aspect = std::atan2(dzdy, -dzdx);
        if (aspect < 0) aspect += 2 * std::numbers::pi;
      } else {
        aspect = dzdy > 0 ? std::numbers::pi / 2 : (dzdy < 0 ? 1.5 * std::numbers::pi : 0.0);
      }
      const double shade = std::cos(zenith) * std::cos(slope) +
                           std::sin(zenith) * std::sin(slope) * std::cos(azimuth - aspect);
      out(r, c) = static_cast<float>(std::clamp(shade, 0.0, 1.0));
    }
  return out;
}

Rgba ramp_colour(const std::vector<std::pair<double, Rgba>>& stops, double v) {
  if (stops.empty()) return {0, 0, 0, 0};
  if (v <= stops.front().first) return stops.front().second;
  for (std::size_t k = 1; k < stops.size(); ++k)
    if (v <= stops[k].first) {
      const double t = (v - stops[k - 1].first) / (stops[k].first - stops[k - 1].first);
      Rgba o{};
      for (int j = 0; j < 4; ++j)
        o[j] = static_cast<std::uint8_t>(std::lround(stops[k - 1].second[j] * (1 - t) +
                                                     stops[k].second[j] * t));
      return o;
    }
  return stops.back().second;
}

MapCanvas::MapCanvas(const Grid<float>& dem, int max_px) : crs_wkt_(dem.crs_wkt) {
  if (dem.rows <= 0 || dem.cols <= 0) throw InvariantError("MapCanvas: empty DEM");
  // Pixels per cell: whole when the grid is smaller than max_px, else fractional.
  double k = static_cast<double>(std::max(max_px, 1)) / static_cast<double>(std::max(dem.rows, dem.cols));
  if (k >= 1.0) k = std::floor(k);
  width_ = std::max(1, static_cast<int>(std::lround(static_cast<double>(dem.cols) * k)));
  height_ = std::max(1, static_cast<int>(std::lround(static_cast<double>(dem.rows) * k)));
  geo_ = {dem.geo.x0, dem.geo.dx * static_cast<double>(dem.cols) / width_, 0.0,
          dem.geo.y0, 0.0,        dem.geo.dy * static_cast<double>(dem.rows) / height_};
  rgb_.assign(static_cast<std::size_t>(width_) * height_ * 3, 255);
  const Grid<float> shade = hillshade(dem);
  // Bilinear between cell centres; a NaN corner falls back to the nearest cell.
  for (int py = 0; py < height_; ++py)
    for (int px = 0; px < width_; ++px) {
      const double x = geo_[0] + (px + 0.5) * geo_[1], y = geo_[3] + (py + 0.5) * geo_[5];
      const double fc = (x - dem.geo.x0) / dem.geo.dx - 0.5, fr = (y - dem.geo.y0) / dem.geo.dy - 0.5;
      const auto c0 = static_cast<std::int64_t>(std::floor(fc)), r0 = static_cast<std::int64_t>(std::floor(fr));
      const double tc = fc - c0, tr = fr - r0;
      const std::int64_t cn = std::clamp<std::int64_t>(std::llround(fc), 0, dem.cols - 1),
                         rn = std::clamp<std::int64_t>(std::llround(fr), 0, dem.rows - 1);
      const float near = shade(rn, cn);
      if (!std::isfinite(near)) continue;  // outside the domain: white
      const auto at = [&](std::int64_t r, std::int64_t c) {
        r = std::clamp<std::int64_t>(r, 0, dem.rows - 1);
        c = std::clamp<std::int64_t>(c, 0, dem.cols - 1);
        const float v = shade(r, c);
        return std::isfinite(v) ? static_cast<double>(v) : static_cast<double>(near);
      };
      const double s = (at(r0, c0) * (1 - tc) + at(r0, c0 + 1) * tc) * (1 - tr) +
                       (at(r0 + 1, c0) * (1 - tc) + at(r0 + 1, c0 + 1) * tc) * tr;
      // A pale land tint darkened by the shade (our choice of colours).
      const double f = 0.45 + 0.55 * s;
      std::uint8_t* p = &rgb_[(static_cast<std::size_t>(py) * width_ + px) * 3];
      p[0] = static_cast<std::uint8_t>(std::lround(236 * f));
      p[1] = static_cast<std::uint8_t>(std::lround(233 * f));
      p[2] = static_cast<std::uint8_t>(std::lround(222 * f));
    }
}

namespace {

void blend(std::uint8_t* p, const Rgba& c) {
  const double a = c[3] / 255.0;
  for (int j = 0; j < 3; ++j) p[j] = static_cast<std::uint8_t>(std::lround(p[j] * (1 - a) + c[j] * a));
}

struct OgrGeometryDeleter {
  void operator()(OGRGeometry* g) const { OGRGeometryFactory::destroyGeometry(g); }
};
using GeomPtr = std::unique_ptr<OGRGeometry, OgrGeometryDeleter>;

}  // namespace

void MapCanvas::draw_raster(const Grid<float>& grid, const CellColour& colour) {
  for (int py = 0; py < height_; ++py) {
    const std::int64_t r = grid.geo.row_of(geo_[3] + (py + 0.5) * geo_[5]);
    if (r < 0 || r >= grid.rows) continue;
    for (int px = 0; px < width_; ++px) {
      const std::int64_t c = grid.geo.col_of(geo_[0] + (px + 0.5) * geo_[1]);
      if (c < 0 || c >= grid.cols) continue;
      const float v = grid(r, c);
      if (!std::isfinite(v)) continue;
      if (const auto col = colour(v)) blend(&rgb_[(static_cast<std::size_t>(py) * width_ + px) * 3], *col);
    }
  }
}

void MapCanvas::blend_mask(const std::vector<std::uint8_t>& mask, const Rgba& colour) {
  for (std::size_t k = 0; k < mask.size(); ++k)
    if (mask[k]) blend(&rgb_[k * 3], colour);
}

void MapCanvas::draw_vector(const VectorStyle& spec) {
  init_gdal();
  detail::VectorLayer vl = detail::open_vector_layer(spec.file, "", "map layer");
  OGRLayer& layer = *vl.layer;
  const std::string src_wkt = detail::layer_crs_wkt(layer, "", vl.context);
  const auto ct = detail::transform_to_target(src_wkt, crs_wkt_, vl.context);
  std::vector<int> idx;
  for (const auto& f : spec.fields) idx.push_back(detail::field_index(layer, f));
  const double pixel_m = std::fabs(geo_[1]);

  // Geometries to burn, grouped by (z, pass: 0 fill / 1 outline, colour), drawn in that order.
  std::map<std::tuple<int, int, Rgba>, std::vector<GeomPtr>> groups;
  for (auto& feature : layer) {
    std::vector<std::optional<double>> values;
    for (int i : idx) {
      std::optional<double> v;
      if (i >= 0 && feature->IsFieldSetAndNotNull(i)) {
        const OGRFieldType t = feature->GetFieldDefnRef(i)->GetType();
        if (t == OFTInteger || t == OFTInteger64 || t == OFTReal) v = feature->GetFieldAsDouble(i);
      }
      values.push_back(v);
    }
    const auto style = spec.style(values);
    const OGRGeometry* g0 = feature->GetGeometryRef();
    if (!style || g0 == nullptr || g0->IsEmpty()) continue;
    GeomPtr g(g0->clone());
    if (ct && !reproject_geometry(*g, *ct))
      throw InputError(vl.context + ": " + detail::feature_label(*feature) +
                       ": cannot reproject the geometry onto the map");
    const auto flat = wkbFlatten(g->getGeometryType());
    const bool polygon = flat == wkbPolygon || flat == wkbMultiPolygon;
    const bool point = flat == wkbPoint || flat == wkbMultiPoint;
    const double w = std::max(style->size_px, 0.5) * pixel_m;
    if (polygon) {
      if (style->colour[3] > 0) groups[{style->z, 0, style->colour}].emplace_back(g->clone());
      if (style->outline[3] > 0) {
        GeomPtr ring(g->Boundary());
        if (ring) groups[{style->z, 1, style->outline}].emplace_back(ring->Buffer(w / 2, 4));
      }
    } else if (point) {
      GeomPtr disc(g->Buffer(w, 8));
      if (!disc) continue;
      if (style->outline[3] > 0) {
        GeomPtr ring(disc->Boundary());
        if (ring) groups[{style->z, 1, style->outline}].emplace_back(ring->Buffer(0.6 * pixel_m, 4));
      }
      groups[{style->z, 0, style->colour}].push_back(std::move(disc));
    } else {
      groups[{style->z, 0, style->colour}].emplace_back(g->Buffer(w / 2, 4));
    }
  }

  GdalErrorScope scope("map of " + vl.context);
  GDALDriverH mem = GDALGetDriverByName("MEM");
  if (mem == nullptr) scope.fail("this GDAL has no MEM driver");
  Dataset ds(GDALCreate(mem, "", width_, height_, 1, GDT_Byte, nullptr));
  if (!ds) scope.fail("cannot allocate the map mask");
  double gt[6];
  std::copy(geo_.begin(), geo_.end(), gt);
  GDALSetGeoTransform(ds.get(), gt);
  GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(width_) * height_);
  for (auto& [key, geoms] : groups) {
    std::vector<OGRGeometryH> hs;
    for (auto& g : geoms)
      if (g && !g->IsEmpty()) hs.push_back(OGRGeometry::ToHandle(g.get()));
    if (hs.empty()) continue;
    if (GDALFillRaster(band, 0.0, 0.0) != CE_None) scope.fail("cannot clear the map mask");
    int band_list[1] = {1};
    std::vector<double> burn(hs.size(), 1.0);
    if (GDALRasterizeGeometries(ds.get(), 1, band_list, static_cast<int>(hs.size()), hs.data(), nullptr,
                                nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None)
      scope.fail("cannot rasterise the layer");
    if (GDALRasterIO(band, GF_Read, 0, 0, width_, height_, mask.data(), width_, height_, GDT_Byte, 0, 0) !=
        CE_None)
      scope.fail("cannot read the map mask");
    blend_mask(mask, std::get<2>(key));
  }
}

void MapCanvas::write_png(const fs::path& file) const {
  init_gdal();
  GdalErrorScope scope(detail::display_name(file));
  GDALDriverH mem = GDALGetDriverByName("MEM");
  GDALDriverH png = GDALGetDriverByName("PNG");
  if (mem == nullptr || png == nullptr) scope.fail("this GDAL has no MEM or PNG driver");
  Dataset ds(GDALCreate(mem, "", width_, height_, 3, GDT_Byte, nullptr));
  if (!ds) scope.fail("cannot allocate the map image");
  auto* data = const_cast<std::uint8_t*>(rgb_.data());
  if (GDALDatasetRasterIO(ds.get(), GF_Write, 0, 0, width_, height_, data, width_, height_, GDT_Byte, 3,
                          nullptr, 3, 3 * width_, 1) != CE_None)
    scope.fail("cannot fill the map image");
  AtomicOutput out(file);
  out.scratch_companion(".aux.xml");
  CPLStringList options;
  options.SetNameValue("ZLEVEL", "6");
  Dataset written(GDALCreateCopy(png, out.temp_path().string().c_str(), ds.get(), FALSE, options.List(),
                                 nullptr, nullptr));
  if (!written) scope.fail("cannot write the PNG");
  written.reset();
  out.commit();
}

}  // namespace floodevac::gis
