#pragma once
// summary.csv of a sweep: one row per member (index, id, state, its
// parameter values, then every number of its summary.json, nested keys
// joined with '.'), and the same table in memory for the report.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/sweep/sweep_design.hpp"
#include "app/sweep/sweep_folder.hpp"

namespace floodevac::app::sweep {

/// Every number (and boolean, as 0/1) of a JSON document as (dotted key, value), in document order.
std::vector<std::pair<std::string, double>> flatten_numbers(const nlohmann::json& doc);

struct SweepTable {
  std::vector<std::string> parameters;  // names
  std::vector<std::string> metrics;     // dotted summary.json keys (union, first-seen order)
  struct Row {
    int index = 0;
    std::string id, state, error;
    std::vector<nlohmann::json> values;               // parameter values
    std::vector<std::optional<double>> metrics;       // aligned with SweepTable::metrics
  };
  std::vector<Row> rows;  // design order
};

/// The table from the member folders (summary.json of the complete ones).
SweepTable collect_table(const SweepSpec& spec, const std::vector<Member>& members,
                         const std::vector<MemberStatus>& status,
                         const std::filesystem::path& dir);

/// The CSV text (RFC 4180 quoting of texts).
std::string table_csv(const SweepTable& t);

}  // namespace floodevac::app::sweep
