#pragma once
// `extends: default.yaml` — a scenario written as its differences from another one in
// the same folder (the variants of the bundled default: late orders, a breach, ...).
// The base is read first (its own `extends` too, up to kMaxExtendsDepth levels); this
// document is merged over it: maps key by key, lists and plain values replaced whole.
// --set overrides, the schema check and the defaults come after, on the merged document.
// Errors keep naming the file and line each value came from.
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/source_map.hpp"

namespace floodevac::app {

inline constexpr int kMaxExtendsDepth = 8;

/// Reads one scenario file (no extends, no validation) into a document, filling `sources`.
using DocumentReader =
    std::function<nlohmann::json(const std::filesystem::path& file, SourceMap& sources)>;

/// `doc` (read from `file`, origins in `sources`) with its `extends` resolved; returned as is
/// without one. Throws ConfigError (wrong value, another folder, a cycle) or InputError (the
/// base is missing) naming the `extends` line.
nlohmann::json resolve_extends(const std::filesystem::path& file, nlohmann::json doc,
                               SourceMap& sources, const DocumentReader& read, int depth = 0);

/// Merges `over` into `base` at `pointer`: maps key by key, anything else replaced whole;
/// the pointers of the values replaced or added whole are appended to `replaced`.
void merge_document(nlohmann::json& base, const nlohmann::json& over, const std::string& pointer,
                    std::vector<std::string>& replaced);

}  // namespace floodevac::app
