#include "viz/report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

#include "viz/html_escape.hpp"

namespace floodevac::viz {
namespace {

std::string tick_label(double v, double step) {
  if (v == 0.0) return "0";
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
  if (std::isfinite(c.x_min)) x0 = c.x_min;
  if (std::isfinite(c.x_max)) x1 = c.x_max;
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
  s += fmt::format("<text x=\"{}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>\n", left, html_escape(c.title));
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
                   html_escape(c.x_label));
  s += fmt::format("<text transform=\"translate(14,{:.1f}) rotate(-90)\" text-anchor=\"middle\">{}</text>\n", top + ph / 2,
                   html_escape(c.y_label));
  for (double m : c.marks_x)
    if (std::isfinite(m) && m >= x0 && m <= x1)
      s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\" "
                       "stroke-dasharray=\"2 3\"/>\n",
                       px(m), top, px(m), top + ph);
  int k = 0;
  for (const auto& ser : c.series) {
    std::string pts;
    // A gap (NaN) breaks the line: one polyline per finite run.
    const auto flush = [&] {
      if (!pts.empty())
        s += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n",
                         html_escape(ser.colour), ser.dashed ? " stroke-dasharray=\"6 4\"" : "", pts);
      pts.clear();
    };
    for (std::size_t i = 0; i < c.x.size() && i < ser.y.size(); ++i) {
      if (std::isfinite(c.x[i]) && std::isfinite(ser.y[i]) && c.x[i] >= x0 && c.x[i] <= x1)
        pts += fmt::format("{:.1f},{:.1f} ", px(c.x[i]), py(ser.y[i]));
      else
        flush();
    }
    flush();
    const double ly = top + 8 + 18 * k++;
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                     left + pw + 10, ly, left + pw + 30, ly, html_escape(ser.colour),
                     ser.dashed ? " stroke-dasharray=\"6 4\"" : "");
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", left + pw + 36, ly + 4, html_escape(ser.name));
  }
  s += "</svg>\n";
  return s;
}

std::string timeline_svg(const std::vector<TimelineMark>& marks, double x0, double x1, int width) {
  const double left = 84, right = 170;  // as chart_svg, so the strip lines up with the charts
  const double pw = width - left - right;
  if (!(x1 > x0)) x1 = x0 + 1.0;
  auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * pw; };
  std::vector<const TimelineMark*> shown;
  for (const auto& m : marks)
    if (std::isfinite(m.x) && m.x >= x0 && m.x <= x1) shown.push_back(&m);
  std::sort(shown.begin(), shown.end(), [](auto* a, auto* b) { return a->x < b->x; });
  // Labels in up to six rows: a label goes to the first row where it does not touch the
  // previous one (width estimated: 7 px a character, 13 px a CJK character).
  constexpr int kRows = 6;
  std::array<double, kRows> row_end{};
  row_end.fill(-1e9);
  std::vector<int> row(shown.size(), 0);
  for (std::size_t k = 0; k < shown.size(); ++k) {
    double w = 0;
    for (unsigned char ch : shown[k]->label) w += (ch < 0x80) ? 7.0 : ((ch & 0xC0) != 0x80 ? 13.0 : 0.0);
    const double x = px(shown[k]->x);
    int best = 0;
    for (int j = 0; j < kRows; ++j)
      if (row_end[j] < x) {
        best = j;
        break;
      } else if (row_end[j] < row_end[best]) {
        best = j;
      }
    row[k] = best;
    row_end[best] = x + w + 6;
  }
  const int height = 26 + 16 * kRows;
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"{}\" height=\"{}\" viewBox=\"0 0 "
      "{} {}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, width, height);
  s += fmt::format("<text x=\"4\" y=\"{}\" font-weight=\"bold\">orders</text>\n", height - 8);
  s += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"#888\"/>\n", left, height - 12,
                   left + pw, height - 12);
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const double x = px(shown[k]->x);
    const double y = 14 + 16 * row[k];
    s += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{}\" stroke=\"{}\"/>\n", x, y + 2, x,
                     height - 8, html_escape(shown[k]->colour));
    s += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text>\n", x + 2, y, html_escape(shown[k]->colour),
                     html_escape(shown[k]->label));
  }
  s += "</svg>\n";
  return s;
}

std::string headline_text(const Headline& hl) {
  if (!std::isfinite(hl.value)) return "\u2013";
  const double v = hl.value * hl.scale;
  std::string t = fmt::format("{:.{}f}", std::fabs(v), std::max(0, hl.decimals));
  if (t.find_first_not_of("0.") == std::string::npos) return t;  // no "-0"
  const std::size_t dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot);
  std::string grouped;
  for (std::size_t k = 0; k < whole.size(); ++k) {
    if (k > 0 && (whole.size() - k) % 3 == 0) grouped += ',';
    grouped += whole[k];
  }
  return (v < 0 ? "-" : "") + grouped + frac;
}

namespace {

std::string headline_html(const Headline& h, const char* cls) {
  const std::string value = std::isfinite(h.value) ? fmt::format("{}", h.value) : "null";
  std::string o = fmt::format("<div class=\"{}\"><div class=\"label\">{}</div><div><span class=\"num\" "
                              "data-key=\"{}\" data-value=\"{}\" data-scale=\"{}\">{}</span> {}</div>",
                              cls, html_escape(h.label), html_escape(h.key), value, fmt::format("{}", h.scale),
                              html_escape(headline_text(h)), html_escape(h.unit));
  if (!h.note.empty()) o += "<div class=\"note\">" + html_escape(h.note) + "</div>";
  return o + "</div>\n";
}

}  // namespace

std::string report_html(const Report& r) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + html_escape(r.title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222}"
                  "pre{background:#f6f6f6;padding:1em;white-space:pre-wrap}td{padding:2px 10px}"
                  "h2{border-bottom:1px solid #ccc}"
                  ".heads{display:flex;gap:12px;flex-wrap:wrap;margin:1em 0}"
                  ".head{flex:1;min-width:250px;border:2px solid #333;border-radius:6px;padding:10px}"
                  ".head .num{font-size:2.4em;font-weight:bold}"
                  ".more{border:1px solid #bbb;border-radius:4px;padding:6px;min-width:170px}"
                  ".more .num{font-size:1.3em;font-weight:bold}"
                  ".label{font-size:.9em;color:#444}.note{font-size:.8em;color:#666}"
                  "figure{margin:1em 0}figcaption{font-size:.9em}img{max-width:100%;height:auto;border:1px solid #ccc}"
                  ".key{display:inline-block;width:14px;height:14px;margin:0 4px 0 10px;vertical-align:middle;"
                  "border:1px solid #555}</style></head><body>\n";
  h += "<h1>" + html_escape(r.title) + "</h1>\n";
  if (!r.headlines.empty()) {
    h += "<div class=\"heads\" id=\"headline\">\n";
    for (std::size_t k = 0; k < r.headlines.size() && k < 3; ++k) h += headline_html(r.headlines[k], "head");
    h += "</div>\n";
    if (r.headlines.size() > 3) {
      h += "<div class=\"heads\" id=\"figures\">\n";
      for (std::size_t k = 3; k < r.headlines.size(); ++k) h += headline_html(r.headlines[k], "more");
      h += "</div>\n";
    }
  }
  if (!r.maps.empty()) {
    h += "<h2>Maps</h2>\n";
    for (const auto& m : r.maps) {
      h += "<figure><img src=\"" + html_escape(m.path) + "\" alt=\"" + html_escape(m.title) + "\"";
      if (m.width > 0 && m.height > 0) h += fmt::format(" width=\"{}\" height=\"{}\"", m.width, m.height);
      h += "><figcaption><b>" + html_escape(m.title) + "</b> " + html_escape(m.caption) + "<br>";
      for (const auto& l : m.legend)
        h += "<span class=\"key\" style=\"background:" + html_escape(l.colour) + "\"></span>" + html_escape(l.label);
      h += "</figcaption></figure>\n";
    }
  }
  if (!r.charts.empty()) h += "<h2>Over time</h2>\n";
  if (!r.timeline.empty()) h += "<div>" + timeline_svg(r.timeline, r.timeline_x_min, r.timeline_x_max) + "</div>\n";
  for (const auto& c : r.charts) h += "<div>" + chart_svg(c) + "</div>\n";
  h += "<h2>Summary</h2>\n<pre>" + html_escape(r.summary) + "</pre>\n";
  h += "<h2>Outputs</h2>\n<table>\n";
  for (const auto& o : r.outputs)
    h += "<tr><td><a href=\"" + html_escape(o.path) + "\">" + html_escape(o.path) + "</a></td><td>" + html_escape(o.description) +
         "</td></tr>\n";
  h += "</table>\n<p>Rasters are Cloud-Optimized GeoTIFFs and vectors RFC 7946 GeoJSON: open them in QGIS.</p>\n";
  h += "</body></html>\n";
  return h;
}

}  // namespace floodevac::viz
