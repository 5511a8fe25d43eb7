#include "viz/sweep_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "viz/html_escape.hpp"

namespace floodevac::viz {
namespace {

/// Linear-interpolation quantile of sorted values (Hyndman & Fan 1996, type 7).
double quantile(const std::vector<double>& v, double p) {
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

/// Red for positive, blue for negative correlation; stronger colour for larger |rho|.
std::string rho_colour(double rho) {
  const int a = static_cast<int>(std::lround(std::min(1.0, std::abs(rho)) * 200));
  return rho >= 0 ? fmt::format("rgb(255,{},{})", 255 - a, 255 - a)
                  : fmt::format("rgb({},{},255)", 255 - a, 255 - a);
}

}  // namespace

std::string sweep_report_html(const SweepReport& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" +
                  html_escape(r.title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;"
                  "color:#222}pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}"
                  "td,th{padding:2px 8px}table.rho td{text-align:right}th{text-align:left}"
                  "h2{border-bottom:1px solid #ccc}</style></head><body>\n";
  h += "<h1>" + html_escape(r.title) + "</h1>\n<h2>Summary</h2>\n<pre>" + html_escape(r.summary) + "</pre>\n";

  h += "<h2>Sensitivity</h2>\n<p>" + html_escape(r.sensitivity_method) + "</p>\n";
  if (r.sensitivity_rows.empty()) {
    h += "<p>Too few complete members (at least 3 are needed).</p>\n";
  } else {
    h += "<table class=\"rho\"><tr><th>headline number</th>";
    for (const auto& p : r.parameters) h += "<th>" + html_escape(p) + "</th>";
    h += "</tr>\n";
    for (std::size_t i = 0; i < r.sensitivity_rows.size(); ++i) {
      h += "<tr><th>" + html_escape(r.sensitivity_rows[i]) + "</th>";
      for (const auto& v : r.rho[i])
        h += v ? fmt::format("<td style=\"background:{}\">{:+.2f}</td>", rho_colour(*v), *v)
               : std::string("<td>–</td>");
      h += "</tr>\n";
    }
    h += "</table>\n";
  }

  h += "<h2>Distributions over the members</h2>\n";
  for (const auto& d : r.distributions) {
    if (d.values.empty()) continue;
    auto v = d.values;
    std::sort(v.begin(), v.end());
    Chart c;
    c.title = d.name;
    c.x_label = d.name;
    c.y_label = "share of members at or below";
    Series s{"empirical CDF", "#1f77b4", {}, false};
    for (std::size_t i = 0; i < v.size(); ++i) {
      c.x.push_back(v[i]);
      s.y.push_back(static_cast<double>(i + 1) / static_cast<double>(v.size()));
    }
    c.series.push_back(std::move(s));
    h += fmt::format("<h3>{}</h3>\n<p>{} members: min {:.4g}, 10 % {:.4g}, median {:.4g}, "
                     "90 % {:.4g}, max {:.4g}</p>\n",
                     html_escape(d.name), v.size(), v.front(), quantile(v, 0.1), quantile(v, 0.5),
                     quantile(v, 0.9), v.back());
    if (v.front() < v.back()) h += "<div>" + chart_svg(c, 760, 240) + "</div>\n";
  }

  h += "<h2>Members that did not complete</h2>\n";
  if (r.failures.empty()) {
    h += "<p>None.</p>\n";
  } else {
    h += "<table><tr><th>index</th><th>id</th><th>state</th><th>error</th></tr>\n";
    for (const auto& f : r.failures)
      h += fmt::format("<tr><td>{}</td><td><a href=\"members/{}/log.txt\">{}</a></td><td>{}</td>"
                       "<td><pre>{}</pre></td></tr>\n",
                       f.index, html_escape(f.id), html_escape(f.id), html_escape(f.state), html_escape(f.error));
    h += "</table>\n";
  }
  h += "<h2>Outputs</h2>\n<table>\n";
  for (const auto& o : r.outputs)
    h += "<tr><td><a href=\"" + html_escape(o.path) + "\">" + html_escape(o.path) + "</a></td><td>" +
         html_escape(o.description) + "</td></tr>\n";
  h += "</table>\n</body></html>\n";
  return h;
}

}  // namespace floodevac::viz
