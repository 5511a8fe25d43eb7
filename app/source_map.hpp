#pragma once
// Where each value of a scenario document came from — a line and column of
// the scenario file, or a --set override — so that an error about a value,
// found by the loader or deep in sim/, names the place the user wrote it.
#include <filesystem>
#include <map>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::app {

class SourceMap {
 public:
  explicit SourceMap(std::filesystem::path file = {}) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }
  /// The value at `pointer` (a JSON pointer; "" = the document) starts at this 1-based line and
  /// column.
  void at_line(const std::string& pointer, int line, int column);
  /// The value at `pointer` was set on the command line by `text` ("key.path=value").
  void from_override(const std::string& pointer, const std::string& text);
  /// Takes the origins of `base` (the scenario this one `extends`) for the values this
  /// document did not write itself: pointers `keep` accepts and this map does not have.
  /// They keep naming base's file.
  template <typename Keep>
  void adopt(const SourceMap& base, Keep keep) {
    for (const auto& [pointer, origin] : base.origins_) {
      if (origins_.count(pointer) || !keep(pointer)) continue;
      Origin o = origin;
      if (o.file.empty() && o.override_text.empty()) o.file = base.file_.string();
      origins_[pointer] = std::move(o);
    }
  }

  /// The context of the value at `pointer`: its own origin, or its nearest
  /// ancestor's when it was filled from a default; the field is the dotted path.
  ErrorContext locate(const std::string& pointer) const;

 private:
  struct Origin {
    int line = 0, column = 0;
    std::string override_text;
    std::string file;  // "" = file_ (else a scenario this one extends)
  };
  std::filesystem::path file_;
  std::map<std::string, Origin> origins_;
};

/// "/flood/solver/theta" -> "flood.solver.theta" ("" -> "(top level)").
std::string pointer_to_dotted(const std::string& pointer);

}  // namespace floodevac::app
