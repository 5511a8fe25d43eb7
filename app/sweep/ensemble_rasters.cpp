#include "app/sweep/ensemble_rasters.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "gis/raster/raster_io.hpp"
#include "sim/core/error.hpp"

namespace fs = std::filesystem;

namespace floodevac::app::sweep {

double percentile_sorted(const std::vector<float>& v, double p) {
  const double h = (static_cast<double>(v.size()) - 1.0) * p / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (static_cast<double>(v[hi]) - v[lo]);
}

namespace {

template <class F>
Grid<float> per_cell(const std::vector<Grid<float>>& stack, F&& stat) {
  if (stack.empty()) throw InvariantError("ensemble statistics of no member");
  Grid<float> out = Grid<float>::like(stack.front(), std::numeric_limits<float>::quiet_NaN());
  std::vector<float> vals;
  vals.reserve(stack.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    vals.clear();
    for (const auto& g : stack)
      if (std::isfinite(g.data[i])) vals.push_back(g.data[i]);
    if (!vals.empty()) out.data[i] = static_cast<float>(stat(vals));
  }
  return out;
}

}  // namespace

Grid<float> exceedance_probability(const std::vector<Grid<float>>& stack, double threshold) {
  return per_cell(stack, [threshold](const std::vector<float>& v) {
    const auto n = std::count_if(v.begin(), v.end(), [&](float x) { return x > threshold; });
    return static_cast<double>(n) / static_cast<double>(v.size());
  });
}

Grid<float> cell_percentile(const std::vector<Grid<float>>& stack, double p) {
  return per_cell(stack, [p](std::vector<float>& v) {
    std::sort(v.begin(), v.end());
    return percentile_sorted(v, p);
  });
}

Grid<float> cell_mean(const std::vector<Grid<float>>& stack) {
  return per_cell(stack, [](const std::vector<float>& v) {
    double s = 0;  // in member order: the same sum on every run
    for (float x : v) s += x;
    return s / static_cast<double>(v.size());
  });
}

std::vector<Grid<float>> read_stack(const std::vector<fs::path>& member_dirs,
                                    const std::string& relative) {
  std::vector<Grid<float>> stack;
  for (const auto& d : member_dirs) {
    const fs::path f = d / relative;
    if (!fs::exists(f)) continue;
    stack.push_back(gis::read_raster(f));
    if (!stack.back().same_shape(stack.front()))
      throw InputError(f.string() + ": its grid differs from the first member's " + relative,
                       ErrorContext{f.string(), 0, 0, {},
                                    "ensemble maps need members on one grid: do not vary "
                                    "flood.resolution_m or the DEM"});
  }
  return stack;
}

std::vector<std::string> write_ensemble_rasters(const std::vector<fs::path>& member_dirs,
                                                const std::vector<double>& depth_thresholds_m,
                                                const fs::path& out_dir,
                                                const gis::CogOptions& cog, const Logger& log) {
  std::vector<std::string> written;
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw OutputError("cannot create " + out_dir.string() + ": " + ec.message());
  auto put = [&](const Grid<float>& g, const std::string& name, const std::string& desc,
                 const std::string& unit, std::size_t n) {
    gis::CogOptions o = cog;
    o.description = desc;
    o.unit = unit;
    o.metadata["FLOODEVAC_ENSEMBLE_MEMBERS"] = std::to_string(n);
    gis::write_cog(g, out_dir / name, o);
    written.push_back(name);
  };
  {
    const auto depth = read_stack(member_dirs, "flood/max_depth.tif");
    if (depth.empty()) {
      log.info("ensemble: no member wrote flood/max_depth.tif; no depth maps");
    } else {
      for (double t : depth_thresholds_m)
        put(exceedance_probability(depth, t), fmt::format("p_depth_gt_{}m.tif", t),
            fmt::format("probability that the maximum depth exceeds {} m", t), "1", depth.size());
      put(cell_percentile(depth, 50), "max_depth_p50.tif", "50th percentile of the maximum depth",
          "m", depth.size());
      put(cell_percentile(depth, 90), "max_depth_p90.tif", "90th percentile of the maximum depth",
          "m", depth.size());
    }
  }
  {
    const auto expo = read_stack(member_dirs, "evac/exposure_person_hours.tif");
    if (expo.empty()) {
      log.info("ensemble: no member wrote evac/exposure_person_hours.tif; no exposure maps");
    } else {
      put(cell_mean(expo), "exposure_mean.tif", "mean exposure (person-hours at or above the "
          "hazard threshold)", "person-h", expo.size());
      put(cell_percentile(expo, 90), "exposure_p90.tif", "90th percentile of the exposure",
          "person-h", expo.size());
    }
  }
  return written;
}

}  // namespace floodevac::app::sweep
