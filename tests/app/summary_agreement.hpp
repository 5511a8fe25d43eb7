#pragma once
// summary.txt and summary.json of a finished run give the same headline numbers: every
// number of the text's headline lines is compared with its JSON field, within the text's
// rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/files.hpp"

namespace floodevac::test {

inline void expect_summary_json_agrees(const std::filesystem::path& run_dir) {
  using nlohmann::json;
  const std::string txt = read_text(run_dir / "summary.txt");
  const json j = json::parse(read_text(run_dir / "summary.json"));
  struct Check {
    const char* pattern;                 // one line of summary.txt, numbers as groups
    std::vector<const char*> pointers;   // the JSON field of each group
    bool required;
  };
  const std::vector<Check> checks = {
      {R"(simulated ([0-9.]+) s)", {"/simulated_s"}, true},
      {R"(flood: ([0-9]+) steps; max depth ([0-9.]+) m; ([0-9.]+) km2 deeper than ([0-9.]+) m)",
       {"/flood/steps", "/flood/max_depth_m", "/flood/flooded_area_km2",
        "/flood/inundation_threshold_m"},
       false},
      {R"(water: rain ([0-9.]+) m3, inflow ([0-9.]+) m3, boundary in ([0-9.]+) m3 / out ([0-9.]+) m3, losses ([0-9.]+) m3, stored ([-0-9.]+) m3)",
       {"/water_m3/rain", "/water_m3/inflow", "/water_m3/boundary_in", "/water_m3/boundary_out",
        "/water_m3/losses", "/water_m3/stored"},
       false},
      {R"(mass balance: worst relative error ([-0-9.e+]+) over ([0-9]+) records)",
       {"/mass_balance/worst_relative_error", "/mass_balance/records"},
       false},
      {R"(evacuation: ([0-9.]+) persons in ([0-9]+) units; ([0-9.]+) set out in ([0-9]+) trips)",
       {"/evacuation/population_persons", "/evacuation/population_units",
        "/evacuation/evacuating_persons", "/evacuation/trips"},
       false},
      {R"(shelters: ([0-9]+) with capacity ([0-9]+) persons for ([0-9.]+) evacuees .*; ([0-9]+) became full, ([0-9]+) transfers)",
       {"/evacuation/shelters", "/evacuation/shelter_capacity_persons",
        "/evacuation/evacuating_persons", "/evacuation/shelters_full", "/evacuation/transfers"},
       false},
      {R"(at the end: ([0-9.]+) sheltered, ([0-9.]+) still home, ([0-9.]+) on the roads, ([0-9.]+) stranded, ([0-9.]+) trapped)",
       {"/evacuation/sheltered", "/evacuation/home", "/evacuation/moving", "/evacuation/stranded",
        "/evacuation/trapped"},
       false},
      {R"(exposure: ([0-9.]+) person-hours at hazard class >= ([0-9]+); peak water at ([0-9.]+) s)",
       {"/evacuation/exposed_person_h", "/evacuation/exposure_class_min",
        "/evacuation/peak_water_s"},
       false},
      {R"(exposed: at most ([0-9.]+) persons at once)", {"/evacuation/exposed_peak_persons"}, false},
      {R"(supplies: [0-9]+ depots, ([0-9.]+) person-days .*; ([0-9]+) checks)",
       {"/supplies/stock_person_days", "/supplies/checks"},
       false},
      {R"(([0-9]+) occupied shelters unreachable in time at one check or more \(at most ([0-9]+) at once, ([0-9.]+) persons\), first at ([0-9.]+) s)",
       {"/supplies/unreachable_shelters", "/supplies/max_unreachable_at_once",
        "/supplies/max_unreachable_persons", "/supplies/first_unreachable_s"},
       false},
  };
  int matched = 0;
  for (const auto& c : checks) {
    std::smatch m;
    if (!std::regex_search(txt, m, std::regex(c.pattern))) {
      EXPECT_FALSE(c.required) << "summary.txt has no line like: " << c.pattern << "\n" << txt;
      continue;
    }
    ++matched;
    for (std::size_t g = 0; g < c.pointers.size(); ++g) {
      const std::string text_value = m[g + 1].str();
      const json::json_pointer ptr(c.pointers[g]);
      ASSERT_TRUE(j.contains(ptr)) << "summary.json has no " << c.pointers[g];
      ASSERT_TRUE(j.at(ptr).is_number()) << c.pointers[g] << " = " << j.at(ptr).dump();
      const double jv = j.at(ptr).get<double>();
      const double tv = std::stod(text_value);
      // The text's rounding: half a unit of its last digit (of the mantissa for 1.2e-10).
      const auto e = text_value.find_first_of("eE");
      const std::string mant = text_value.substr(0, e);
      const auto dot = mant.find('.');
      const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mant.size() - dot - 1);
      const double scale = e == std::string::npos ? 1.0 : std::pow(10.0, std::stod(text_value.substr(e + 1)));
      EXPECT_LE(std::fabs(jv - tv), 0.5 * std::pow(10.0, -decimals) * scale + 1e-12)
          << c.pointers[g] << ": summary.json " << jv << ", summary.txt " << text_value;
    }
  }
  EXPECT_GE(matched, 2) << txt;
}

}  // namespace floodevac::test
