#include "app/scenario_extends.hpp"

#include <system_error>

#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

void merge_document(json& base, const json& over, const std::string& pointer,
                    std::vector<std::string>& replaced) {
  if (base.is_object() && over.is_object()) {
    for (const auto& [key, value] : over.items()) {
      const std::string p = pointer + "/" + key;
      if (base.contains(key) && base[key].is_object() && value.is_object()) {
        merge_document(base[key], value, p, replaced);
      } else {
        base[key] = value;
        replaced.push_back(p);
      }
    }
    return;
  }
  base = over;
  replaced.push_back(pointer);
}

namespace {

bool under(const std::string& pointer, const std::string& prefix) {
  return pointer == prefix ||
         (pointer.size() > prefix.size() && pointer.compare(0, prefix.size(), prefix) == 0 &&
          pointer[prefix.size()] == '/');
}

}  // namespace

json resolve_extends(const fs::path& file, json doc, SourceMap& sources,
                     const DocumentReader& read, int depth) {
  if (!doc.is_object() || !doc.contains("extends")) return doc;
  ErrorContext at = sources.locate("/extends");
  const json& value = doc["extends"];
  if (!value.is_string() || value.get<std::string>().empty()) {
    at.fix = "give the file name of the scenario this one is based on, e.g. extends: default.yaml";
    throw ConfigError("extends must be a file name", std::move(at));
  }
  if (depth >= kMaxExtendsDepth) {
    at.fix = "a scenario may extend one that extends another, up to " +
             std::to_string(kMaxExtendsDepth) + " levels; look for a file that extends itself";
    throw ConfigError("extends goes deeper than " + std::to_string(kMaxExtendsDepth) +
                          " levels (a cycle?)",
                      std::move(at));
  }
  const fs::path folder = fs::absolute(file).parent_path();
  const fs::path base_file = (folder / value.get<std::string>()).lexically_normal();
  std::error_code ec;
  if (!fs::exists(base_file, ec)) {
    at.fix = "name a scenario file in " + folder.string();
    throw InputError("the scenario it extends, " + base_file.string() + ", does not exist",
                     std::move(at));
  }
  if (!fs::equivalent(base_file.parent_path(), folder, ec)) {
    at.fix = "put the variant next to its base (relative paths in both start in that one folder)";
    throw ConfigError("extends names a scenario in another folder (" +
                          base_file.parent_path().string() + ")",
                      std::move(at));
  }
  if (fs::equivalent(base_file, file, ec)) {
    at.fix = "name another scenario";
    throw ConfigError("the scenario extends itself", std::move(at));
  }
  SourceMap base_sources(base_file);
  json base = resolve_extends(base_file, read(base_file, base_sources), base_sources, read,
                              depth + 1);
  std::vector<std::string> replaced;
  merge_document(base, doc, "", replaced);
  sources.adopt(base_sources, [&](const std::string& p) {
    for (const auto& r : replaced)
      if (under(p, r)) return false;
    return true;
  });
  return base;
}

}  // namespace floodevac::app
