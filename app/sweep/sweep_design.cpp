#include "app/sweep/sweep_design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "app/checksum.hpp"
#include "sim/core/error.hpp"

using nlohmann::json;

namespace floodevac::app::sweep {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do x = next();
  while (x >= limit);
  return x % n;
}

std::string value_text(const json& v) {
  if (v.is_number_float()) {
    // Shortest round-trip text (fmt's default for double), so 0.1 stays "0.1".
    const double d = v.get<double>();
    if (d == std::floor(d) && std::abs(d) < 1e15) return fmt::format("{:.1f}", d);
    return fmt::format("{}", d);
  }
  return v.dump();
}

std::string member_id(const SweepSpec& spec, const std::vector<json>& values) {
  // An array of [name, value text] pairs: canonical (the sweep's order, the
  // texts the members are run with), so ids do not depend on JSON key order.
  json key = json::array();
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    key.push_back(json::array({spec.parameters[i].name, value_text(values[i])}));
  return sha256_bytes(key.dump()).substr(0, 12);
}

namespace {

/// The values a grid takes for a parameter.
std::vector<json> grid_values(const Parameter& p) {
  if (!p.range) return p.values;
  std::vector<json> v;
  const auto& r = *p.range;
  if (r.steps <= 1) return {json(r.min)};
  for (int i = 0; i < r.steps; ++i) {
    // Both ends exact; the interior as min + i * (max - min) / (steps - 1).
    const double x = i == r.steps - 1 ? r.max : r.min + i * (r.max - r.min) / (r.steps - 1);
    v.emplace_back(x);
  }
  return v;
}

/// A random value from u in [0, 1): uniform in the range, or one of the values.
json draw(const Parameter& p, double u) {
  if (p.range) return json(p.range->min + u * (p.range->max - p.range->min));
  const auto k = static_cast<std::size_t>(u * static_cast<double>(p.values.size()));
  return p.values[std::min(k, p.values.size() - 1)];
}

}  // namespace

std::vector<Member> expand_design(const SweepSpec& spec) {
  const std::size_t np = spec.parameters.size();
  std::vector<std::vector<json>> rows;
  switch (spec.design) {
    case DesignKind::grid: {
      std::vector<std::vector<json>> axes;
      std::size_t total = 1;
      for (const auto& p : spec.parameters) {
        axes.push_back(grid_values(p));
        total *= axes.back().size();
        if (total > 1000000)
          throw ConfigError("the grid has more than 1 000 000 members",
                            ErrorContext{spec.file.string(), 0, 0, "parameters",
                                         "use fewer values or a random design"});
      }
      for (std::size_t m = 0; m < total; ++m) {
        std::vector<json> row(np);
        std::size_t rest = m;
        for (std::size_t i = np; i-- > 0;) {
          row[i] = axes[i][rest % axes[i].size()];
          rest /= axes[i].size();
        }
        rows.push_back(std::move(row));
      }
      break;
    }
    case DesignKind::list:
      for (std::size_t m = 0; m < spec.parameters[0].values.size(); ++m) {
        std::vector<json> row;
        for (const auto& p : spec.parameters) row.push_back(p.values[m]);
        rows.push_back(std::move(row));
      }
      break;
    case DesignKind::monte_carlo: {
      SplitMix64 rng(spec.seed);
      for (int m = 0; m < spec.samples; ++m) {
        std::vector<json> row;
        for (const auto& p : spec.parameters) row.push_back(draw(p, rng.uniform()));
        rows.push_back(std::move(row));
      }
      break;
    }
    case DesignKind::latin_hypercube: {
      // McKay, Beckman & Conover (1979): each parameter's [0, 1) cut into
      // `samples` strata, one draw in each, strata paired by random permutations.
      SplitMix64 rng(spec.seed);
      const auto n = static_cast<std::size_t>(spec.samples);
      rows.assign(n, std::vector<json>(np));
      for (std::size_t i = 0; i < np; ++i) {
        std::vector<std::size_t> perm(n);
        std::iota(perm.begin(), perm.end(), 0);
        for (std::size_t k = n; k > 1; --k) std::swap(perm[k - 1], perm[rng.below(k)]);  // Fisher-Yates
        for (std::size_t m = 0; m < n; ++m) {
          const double u = (static_cast<double>(perm[m]) + rng.uniform()) / static_cast<double>(n);
          rows[m][i] = draw(spec.parameters[i], u);
        }
      }
      break;
    }
  }
  std::vector<Member> members;
  members.reserve(rows.size());
  for (std::size_t m = 0; m < rows.size(); ++m) {
    Member mem;
    mem.index = static_cast<int>(m);
    mem.values = std::move(rows[m]);
    mem.id = member_id(spec, mem.values);
    for (std::size_t i = 0; i < np; ++i)
      for (const auto& path : spec.parameters[i].paths)
        mem.overrides.push_back(path + "=" + value_text(mem.values[i]));
    members.push_back(std::move(mem));
  }
  return members;
}

}  // namespace floodevac::app::sweep
