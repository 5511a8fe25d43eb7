#include "gis/raster/channels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "gis/raster/line_cells.hpp"
#include "gis/vector_layer.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;

ChannelBurn burn_channels(Grid<float>& dem, const Grid<float>& fine, const fs::path& file,
                          const std::string& layer_name) {
  const std::string name = detail::display_name(file);
  dem.validate(name + ": DEM for the channels");
  fine.validate(name + ": source DEM for the channels");
  if (dem.crs_wkt.empty())
    throw InvariantError(name + ": the DEM has no CRS, so the channels cannot be placed on it");
  if (fine.crs_wkt != dem.crs_wkt)
    throw InvariantError(name + ": the source DEM for the channel burn is not in the model grid's CRS");

  detail::VectorLayer vl = detail::open_vector_layer(file, layer_name, "channels");
  ChannelBurn out;
  out.mask = Grid<std::uint8_t>::like(dem, std::uint8_t{0});
  auto start = [](const OGRFeature&, const std::string&) {};
  auto visit = [&](std::int64_t r, std::int64_t c) {
    if (std::isnan(dem(r, c))) return false;
    out.mask(r, c) = 1;
    return true;
  };
  out.features = detail::trace_line_features(dem, vl, "channel", start, visit);

  // The lowest fine cell whose centre lies in each marked coarse cell.
  constexpr float kInf = std::numeric_limits<float>::infinity();
  std::vector<float> bed(dem.size(), kInf);
  const GeoTransform& g = dem.geo;
  for (std::int64_t fr = 0; fr < fine.rows; ++fr) {
    const double y = fine.geo.y0 + (static_cast<double>(fr) + 0.5) * fine.geo.dy;
    const auto r = static_cast<std::int64_t>(std::floor((y - g.y0) / g.dy));
    if (r < 0 || r >= dem.rows) continue;
    for (std::int64_t fc = 0; fc < fine.cols; ++fc) {
      const double x = fine.geo.x0 + (static_cast<double>(fc) + 0.5) * fine.geo.dx;
      const auto c = static_cast<std::int64_t>(std::floor((x - g.x0) / g.dx));
      if (c < 0 || c >= dem.cols || out.mask(r, c) == 0) continue;
      const float z = fine(fr, fc);
      float& b = bed[dem.idx(r, c)];
      if (!std::isnan(z) && z < b) b = z;
    }
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < dem.data.size(); ++i) {
    if (out.mask.data[i] == 0) continue;
    ++out.cells;
    if (!(bed[i] < dem.data[i])) continue;
    const double drop = static_cast<double>(dem.data[i]) - static_cast<double>(bed[i]);
    dem.data[i] = bed[i];
    ++out.lowered;
    sum += drop;
    out.max_lowering_m = std::max(out.max_lowering_m, drop);
  }
  out.mean_lowering_m = out.cells > 0 ? sum / static_cast<double>(out.cells) : 0.0;
  return out;
}

}  // namespace floodevac::gis
