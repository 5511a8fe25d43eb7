#pragma once
// The flood's water budget recorded every output step: for mass_balance.csv,
// the manifest and the report's charts.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/flood/flood_model.hpp"

namespace floodevac::app {

class MassBalanceLog {
 public:
  void record(const flood::MassBalance& mb) { records_.push_back(mb); }
  const std::vector<flood::MassBalance>& records() const { return records_; }
  /// Largest |relative error| over the records after the first (the initial state).
  double worst_relative_error() const;
  /// mass_balance.csv: one row per record.
  std::string csv() const;
  /// {"worst_relative_error": ..., "records": [...]} for the manifest.
  nlohmann::json to_json() const;

 private:
  std::vector<flood::MassBalance> records_;
};

}  // namespace floodevac::app
