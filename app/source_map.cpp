#include "app/source_map.hpp"

#include <algorithm>

namespace floodevac::app {

void SourceMap::at_line(const std::string& pointer, int line, int column) {
  origins_[pointer] = Origin{line, column, {}, {}};
}

void SourceMap::from_override(const std::string& pointer, const std::string& text) {
  origins_[pointer] = Origin{0, 0, "--set " + text, {}};
}

ErrorContext SourceMap::locate(const std::string& pointer) const {
  ErrorContext c;
  c.file = file_.string();
  c.field = pointer_to_dotted(pointer);
  for (std::string p = pointer;; p = p.substr(0, p.find_last_of('/'))) {
    const auto it = origins_.find(p);
    if (it != origins_.end() && (it->second.line > 0 || !it->second.override_text.empty())) {
      if (!it->second.override_text.empty()) {
        c.file = it->second.override_text;
      } else {
        if (!it->second.file.empty()) c.file = it->second.file;
        c.line = it->second.line;
        c.column = it->second.column;
      }
      return c;
    }
    if (p.empty()) return c;
  }
}

std::string pointer_to_dotted(const std::string& pointer) {
  if (pointer.empty()) return "(top level)";
  std::string d = pointer.substr(1);
  std::replace(d.begin(), d.end(), '/', '.');
  return d;
}

}  // namespace floodevac::app
