#include "app/mass_balance_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace floodevac::app {

double MassBalanceLog::worst_relative_error() const {
  double worst = 0.0;
  for (std::size_t i = 1; i < records_.size(); ++i)
    worst = std::max(worst, std::abs(records_[i].relative_error()));
  return worst;
}

std::string MassBalanceLog::csv() const {
  std::string csv =
      "time_s,storage_m3,rain_m3,inflow_m3,boundary_in_m3,boundary_out_m3,losses_m3,relative_"
      "error\n";
  for (const auto& mb : records_)
    csv += fmt::format("{:.1f},{:.6e},{:.6e},{:.6e},{:.6e},{:.6e},{:.6e},{:.3e}\n", mb.time_s,
                       mb.storage_m3, mb.rain_m3, mb.inflow_m3, mb.boundary_in_m3,
                       mb.boundary_out_m3, mb.losses_m3, mb.relative_error());
  return csv;
}

nlohmann::json MassBalanceLog::to_json() const {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& mb : records_)
    records.push_back({{"time_s", mb.time_s},
                       {"storage_m3", mb.storage_m3},
                       {"initial_storage_m3", mb.initial_storage_m3},
                       {"rain_m3", mb.rain_m3},
                       {"inflow_m3", mb.inflow_m3},
                       {"boundary_in_m3", mb.boundary_in_m3},
                       {"boundary_out_m3", mb.boundary_out_m3},
                       {"losses_m3", mb.losses_m3},
                       {"relative_error", mb.relative_error()}});
  return {{"worst_relative_error", worst_relative_error()}, {"records", records}};
}

}  // namespace floodevac::app
