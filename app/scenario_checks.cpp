#include "app/scenario_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::app {

namespace {

[[noreturn]] void fail(const Scenario& sc, const std::string& pointer, const std::string& message,
                       const std::string& fix) {
  ErrorContext c = sc.sources.locate(pointer);
  c.fix = fix;
  throw ConfigError(message, std::move(c));
}

const char* side_name(flood::Side s) {
  switch (s) {
    case flood::Side::north:
      return "north";
    case flood::Side::south:
      return "south";
    case flood::Side::east:
      return "east";
    case flood::Side::west:
      return "west";
  }
  return "?";
}

/// [lo, hi] along the side; the whole side when from/to are absent.
std::pair<double, double> extent(const flood::Boundary& b) {
  const double inf = std::numeric_limits<double>::infinity();
  const double from = std::isnan(b.from) ? -inf : b.from;
  const double to = std::isnan(b.to) ? inf : b.to;
  return {std::min(from, to), std::max(from, to)};
}

std::string range_text(const flood::Boundary& b) {
  if (std::isnan(b.from) && std::isnan(b.to)) return "the whole side";
  return fmt::format("{} .. {}", std::isnan(b.from) ? std::string("start") : fmt::format("{:g}", b.from),
                     std::isnan(b.to) ? std::string("end") : fmt::format("{:g}", b.to));
}

}  // namespace

void check_scenario(const Scenario& sc) {
  const auto& p = sc.flood.config.params;
  if (p.h_dry_m > kMaxDryDepthM)
    fail(sc, "/flood/solver/h_dry_m",
         fmt::format("{:g} m is above the bound of {:g} m: faces shallower than h_dry_m carry no "
                     "flow, so such a threshold holds rain where it falls and keeps the sea "
                     "boundary and inflows off dry land",
                     p.h_dry_m, kMaxDryDepthM),
         "use about 0.001 m (the default); a few millimetres at most");
  if (p.h_dry_m >= p.inundation_threshold_m)
    fail(sc, "/flood/solver/h_dry_m",
         fmt::format("{:g} m is not below flood.inundation_threshold_m ({:g} m): depths between "
                     "them could never flow",
                     p.h_dry_m, p.inundation_threshold_m),
         "lower h_dry_m or raise inundation_threshold_m");
  const auto& bs = sc.flood.config.boundaries;
  for (std::size_t j = 1; j < bs.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      if (bs[i].side != bs[j].side) continue;
      const auto [lo_i, hi_i] = extent(bs[i]);
      const auto [lo_j, hi_j] = extent(bs[j]);
      if (std::max(lo_i, lo_j) >= std::min(hi_i, hi_j)) continue;  // apart (or touching)
      fail(sc, "/flood/boundaries/" + std::to_string(j),
           fmt::format("boundary {} '{}' ({}, {}) overlaps boundary {} '{}' ({}) on the {} side: "
                       "on the shared faces the later would replace the earlier",
                       j, bs[j].name, side_name(bs[j].side), range_text(bs[j]), i, bs[i].name,
                       range_text(bs[i]), side_name(bs[i].side)),
           fmt::format("merge them, or give each a part of the side with from/to (CRS metres, "
                       "{} along the {} side)",
                       bs[j].side == flood::Side::north || bs[j].side == flood::Side::south ? "x"
                                                                                             : "y",
                       side_name(bs[j].side)));
    }
}

}  // namespace floodevac::app
