#pragma once
// The HTML report of a sweep (self-contained: inline SVG, no scripts): the
// distribution of each headline number over the members (empirical CDF drawn
// with chart_svg, and its quantiles), the sensitivity of each to each
// parameter (a table of rank correlations), the failed members and links.
#include <optional>
#include <string>
#include <vector>

#include "viz/report.hpp"

namespace floodevac::viz {

struct SweepReport {
  std::string title;
  std::string summary;  // preformatted text
  struct Distribution {
    std::string name;            // the summary.json key
    std::vector<double> values;  // over the complete members
  };
  std::vector<Distribution> distributions;
  std::vector<std::string> parameters;
  std::vector<std::string> sensitivity_rows;                 // metric names
  std::vector<std::vector<std::optional<double>>> rho;       // [row][parameter]
  std::string sensitivity_method;                            // how rho was computed
  struct Failure {
    int index = 0;
    std::string id, state, error;
  };
  std::vector<Failure> failures;
  std::vector<ReportLink> outputs;
};

std::string sweep_report_html(const SweepReport& r);

}  // namespace floodevac::viz
