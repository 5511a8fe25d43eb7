#include "viz/report.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace floodevac::viz {
namespace {

std::string escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string tick_label(double v, double step) {
  if (std::fabs(v) >= 1e5 || (std::fabs(v) < 1e-3 && v != 0.0)) return fmt::format("{:.1e}", v);
  const int decimals =
      (step >= 1.0 || !(step > 0.0)) ? 0 : std::min(20, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  return fmt::format("{:.{}f}", v, decimals);
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) hi = lo + 1.0;
  const double raw = (hi - lo) / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  std::vector<double> t;
  for (double v = std::ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) t.push_back(std::fabs(v) < 1e-9 * step ? 0.0 : v);  // -0 and rounding dust
  return t;
}

std::string chart_svg(const Chart& c, int width, int height) {
  const double left = 84, right = 170, top = 30, bottom = 45;
  const double pw = width - left - right, ph = height - top - bottom;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  bool first = true;
  for (double x : c.x) {
    if (!std::isfinite(x)) continue;
    x0 = first ? x : std::min(x0, x);
    x1 = first ? x : std::max(x1, x);
    first = false;
  }
  y0 = 0.0;
  y1 = 0.0;
  for (const auto& s : c.series)
    for (double y : s.y)
      if (std::isfinite(y)) {
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
  if (!(y1 > y0)) y1 = y0 + 1.0;
  if (!(x1 > x0)) x1 = x0 + 1.0;
  const auto xt = nice_ticks(x0, x1);
  const auto yt = nice_ticks(y0, y1);
  y1 = std::max(y1, yt.empty() ? y1 : yt.back());
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  auto py = [&](double y) { return top + ph - (y - y0) / (y1 - y0) * ph; };

  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, width, height);
  s += fmt::format("<text x=\"{}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>\n", left, escape(c.title));
  double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0, xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
  for (double v : yt) {
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>\n", left, py(v),
                     left + pw, py(v));
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n", left - 6, py(v) + 4,
                     tick_label(v, ystep));
  }
  for (double v : xt) {
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eee\"/>\n", px(v), top,
                     px(v), top + ph);
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n", px(v), top + ph + 16,
                     tick_label(v, xstep));
  }
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n", left, top, pw, ph);
  s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", left + pw / 2, height - 6,
                   escape(c.x_label));
  s += fmt::format("<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n", top + ph / 2,
                   escape(c.y_label));
  int k = 0;
  for (const auto& ser : c.series) {
    std::string pts;
    for (std::size_t i = 0; i < c.x.size() && i < ser.y.size(); ++i)
      if (std::isfinite(c.x[i]) && std::isfinite(ser.y[i])) pts += fmt::format("{:.1f},{:.1f} ", px(c.x[i]), py(ser.y[i]));
    s += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n", escape(ser.colour),
                     ser.dashed ? " stroke-dasharray=\"6 4\"" : "", pts);
    const double ly = top + 8 + 18 * k++;
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                     left + pw + 10, ly, left + pw + 30, ly, escape(ser.colour),
                     ser.dashed ? " stroke-dasharray=\"6 4\"" : "");
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", left + pw + 36, ly + 4, escape(ser.name));
  }
  s += "</svg>\n";
  return s;
}

std::string report_html(const Report& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + escape(r.title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                  "pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}td{padding:2px 10px}"
                  "h2{border-bottom:1px solid #ccc}</style></head><body>\n";
  h += "<h1>" + escape(r.title) + "</h1>\n<h2>Summary</h2>\n<pre>" + escape(r.summary) + "</pre>\n";
  for (const auto& c : r.charts) h += "<div>" + chart_svg(c) + "</div>\n";
  h += "<h2>Outputs</h2>\n<table>\n";
  for (const auto& o : r.outputs)
    h += "<tr><td><a href=\"" + escape(o.path) + "\">" + escape(o.path) + "</a></td><td>" + escape(o.description) +
         "</td></tr>\n";
  h += "</table>\n<p>Rasters are Cloud-Optimized GeoTIFFs and vectors RFC 7946 GeoJSON: open them in QGIS.</p>\n";
  h += "</body></html>\n";
  return h;
}

}  // namespace floodevac::viz
