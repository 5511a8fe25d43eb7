#pragma once
// A self-contained HTML report of a run (no scripts, no network, no external fonts):
// the headline numbers first, then the maps (PNG files beside the page, drawn by the
// tool: app/report_maps), the timeline of the orders as a strip above the time charts,
// line charts drawn as inline SVG, the summary text and links to every output. Opens
// from the run folder in any browser.
//
// Every headline number is an element with data-key="<summary.json path>" (dots between
// keys, e.g. "evacuation.trapped") and data-value="<the JSON value>": the page shows the
// value times data-scale, rounded to the digits shown (tests/browser/test_report.js checks
// both against summary.json).
#include <limits>
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
  double x_min = std::numeric_limits<double>::quiet_NaN();  ///< NaN: from the data
  double x_max = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> marks_x{};  ///< faint vertical lines (the orders' times)
};

/// One number of summary.json on the page.
struct Headline {
  std::string key;      ///< summary.json path, "evacuation.trapped"
  std::string label;    ///< "trapped by the water"
  double value = std::numeric_limits<double>::quiet_NaN();  ///< as in summary.json; NaN: null
  double scale = 1.0;   ///< shown = value * scale (1/3600: seconds shown in hours)
  int decimals = 0;
  std::string unit;     ///< after the number ("persons", "h", "m")
  std::string note;     ///< small text below
};

struct LegendEntry {
  std::string colour;  ///< CSS colour
  std::string label;
};

/// A map image beside the report.
struct MapImage {
  std::string path;     ///< relative to the report
  std::string title;
  std::string caption;
  std::vector<LegendEntry> legend;
  int width = 0, height = 0;  ///< pixels
};

/// A mark on the timeline strip: an order, landfall.
struct TimelineMark {
  double x;             ///< same unit as the charts' x (hours from the start)
  std::string label;
  std::string colour = "#444";
};

/// One chart as an SVG element (width x height pixels), axes with round ticks.
std::string chart_svg(const Chart& chart, int width = 760, int height = 320);

struct ReportLink {
  std::string path;          // relative to the report
  std::string description;
};

struct Report {
  std::string title;
  std::vector<Headline> headlines;  ///< the first three large, the rest in a row below
  std::vector<MapImage> maps;
  std::vector<TimelineMark> timeline;  ///< shown above the charts (none: no strip)
  double timeline_x_min = 0, timeline_x_max = 1;
  std::string summary;       // preformatted text
  std::vector<Chart> charts;
  std::vector<ReportLink> outputs;
};

/// The timeline strip as SVG, on the x axis of chart_svg at the same width.
std::string timeline_svg(const std::vector<TimelineMark>& marks, double x_min, double x_max,
                         int width = 760);
/// A headline number as the page shows it: value * scale with `decimals` digits and a
/// thin space between thousands ("12 345"); "–" for null.
std::string headline_text(const Headline& h);

/// The whole page.
std::string report_html(const Report& report);

/// "Nice" tick values covering [lo, hi] (about `target` of them).
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

}  // namespace floodevac::viz
