// libFuzzer target: the trip-table CSV reader's text stage (header, quotes,
// cells, numbers, ids; gis/vector/trip_table.hpp parse_trip_table).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "gis/vector/trip_table.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  floodevac::fuzz::expect_typed_errors([&] {
    const auto t = floodevac::gis::parse_trip_table(in, "fuzz.csv");
    // What the parser promises: at least one row, finite numbers, persons > 0, ids set.
    if (t.rows.empty()) std::abort();
    for (const auto& r : t.rows)
      if (r.id.empty() || !std::isfinite(r.depart_s) || r.depart_s < 0 || !std::isfinite(r.x) ||
          !std::isfinite(r.y) || !(r.persons > 0))
        std::abort();
  });
  return 0;
}
