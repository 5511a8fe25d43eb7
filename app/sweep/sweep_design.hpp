#pragma once
// The members of a sweep: the design (full grid, list, Monte Carlo, Latin
// hypercube) expanded into parameter values, each member with a stable id
// derived from its values alone (the same values give the same id and folder
// in any sweep, at any position).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/sweep/sweep_spec.hpp"

namespace floodevac::app::sweep {

struct Member {
  int index = 0;                       // position in the design (0-based)
  std::string id;                      // member_id(values)
  std::vector<nlohmann::json> values;  // one per parameter, in the sweep's order
  /// "path=value" for every path of every parameter (the --set texts of the member).
  std::vector<std::string> overrides;
};

/// Every member of the design, in design order: a grid varies the last
/// parameter fastest; a list takes item i of each parameter; Monte Carlo and
/// Latin hypercube draw `samples` members from the seed (the same seed gives
/// the same members on any machine: a SplitMix64 stream, not std::
/// distributions whose output differs between standard libraries).
std::vector<Member> expand_design(const SweepSpec& spec);

/// 12 hex digits of the SHA-256 of the canonical JSON object {name: value}.
std::string member_id(const SweepSpec& spec, const std::vector<nlohmann::json>& values);

/// A value as the text of a --set override (JSON, which is YAML: numbers as
/// the shortest text that reads back the same, texts quoted).
std::string value_text(const nlohmann::json& v);

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
/// generators"): a portable, seedable stream of 64-bit values.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// Uniform in [0, 1): the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n) (n > 0), by rejection (no modulo bias).
  std::uint64_t below(std::uint64_t n);

 private:
  std::uint64_t state_;
};

}  // namespace floodevac::app::sweep
