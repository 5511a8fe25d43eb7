#pragma once
// A self-contained HTML report of a run (no scripts, no network): the summary,
// line charts drawn as inline SVG, and links to every output. Opens from the
// run folder in any browser.
#include <string>
#include <vector>

namespace floodevac::viz {

struct Series {
  std::string name;
  std::string colour;        // CSS colour
  std::vector<double> y;     // same length as the chart's x
  bool dashed = false;
};

struct Chart {
  std::string title;
  std::string x_label;       // e.g. "hours from scenario start"
  std::string y_label;       // e.g. "persons"
  std::vector<double> x;
  std::vector<Series> series;
};

/// One chart as an SVG element (width x height pixels), axes with round ticks.
std::string chart_svg(const Chart& chart, int width = 760, int height = 320);

struct ReportLink {
  std::string path;          // relative to the report
  std::string description;
};

struct Report {
  std::string title;
  std::string summary;       // preformatted text
  std::vector<Chart> charts;
  std::vector<ReportLink> outputs;
};

/// The whole page.
std::string report_html(const Report& report);

/// "Nice" tick values covering [lo, hi] (about `target` of them).
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

}  // namespace floodevac::viz
