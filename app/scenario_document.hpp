#pragma once
// A scenario file as a JSON document: YAML (or JSON) parsed with the line and
// column of every value, --set overrides applied, checked against the schema
// (scenarios/scenario.schema.json), absent fields filled from its defaults.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/source_map.hpp"

namespace floodevac::app {

/// Throws ConfigError at the line and column of the first problem (up to five
/// listed), InputError when the file is missing. `sources` receives the origins.
nlohmann::json read_scenario_document(const std::filesystem::path& file,
                                      const std::vector<std::string>& overrides,
                                      SourceMap& sources);

/// The schema, parsed.
const nlohmann::json& schema_json();

}  // namespace floodevac::app
