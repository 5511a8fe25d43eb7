#pragma once
// Text for HTML (element content and double-quoted attributes): & < > " escaped. One
// escape for every page the tool writes (report, sweep report, compare).
#include <string>

namespace floodevac::viz {

inline std::string html_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace floodevac::viz
