#include "app/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/core/version.hpp"
#include "viz/html_escape.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using viz::html_escape;

json read_json(const fs::path& file, const fs::path& run, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw InputError(fmt::format(
        "{}: no {} ({} cannot be read). Give the folder of a finished floodevac run",
        run.string(), what, file.string()));
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: {} is not JSON ({}). Run the scenario again",
                                 run.string(), file.string(), e.what()));
  }
}

/// The value at a dotted path, if it is a number (true/false count 1/0).
std::optional<double> at_path(const json& j, const std::string& key) {
  const json* v = &j;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = key.find('.', start);
    const std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (v->is_object()) {
      if (!v->contains(part)) return std::nullopt;
      v = &(*v)[part];
    } else if (v->is_array() && !part.empty() &&
               part.find_first_not_of("0123456789") == std::string::npos) {
      const std::size_t i = std::stoul(part);
      if (i >= v->size()) return std::nullopt;
      v = &(*v)[i];
    } else {
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (v->is_number()) return v->get<double>();
  if (v->is_boolean()) return v->get<bool>() ? 1.0 : 0.0;
  return std::nullopt;
}

struct RowDef {
  const char* key;
  const char* label;
  const char* unit;
  int worse;
};

// The headline numbers, in the order of the table (keys of summary.json).
const RowDef kRows[] = {
    {"flood.max_depth_m", "max depth", "m", 1},
    {"flood.flooded_area_km2", "flooded area", "km2", 1},
    {"evacuation.exposed_peak_persons", "exposed at once (most)", "persons", 1},
    {"evacuation.exposed_person_h", "exposed person-hours", "person-h", 1},
    {"evacuation.exposed_person_h_by_class.1", "  of which hazard class 1 (low)", "person-h", 1},
    {"evacuation.exposed_person_h_by_class.2", "  of which class 2 (moderate)", "person-h", 1},
    {"evacuation.exposed_person_h_by_class.3", "  of which class 3 (significant)", "person-h", 1},
    {"evacuation.exposed_person_h_by_class.4", "  of which class 4 (extreme)", "person-h", 1},
    {"timeline.exposed_peak.persons", "exposed at once, all activities", "persons", 1},
    {"evacuation.evacuating_persons", "set out", "persons", 0},
    {"evacuation.sheltered", "sheltered", "persons", -1},
    {"evacuation.trapped", "trapped", "persons", 1},
    {"evacuation.stranded", "stranded", "persons", 1},
    {"evacuation.home", "still home", "persons", 1},
    {"evacuation.t90_s", "90 % arrived", "s", 1},
    {"evacuation.clearance_s", "clearance (last arrival)", "s", 1},
    {"evacuation.shelters_full", "shelters full", "shelters", 1},
    {"evacuation.transfers", "transfers from full shelters", "groups", 1},
    {"evacuation.persons_on_links_at_closure", "on links when the water closed them", "persons",
     1},
    {"villages.negative_margin", "villages with negative margin", "villages", 1},
    {"supplies.unreachable_shelters", "supply failures (shelters unreachable)", "shelters", 1},
    {"supplies.max_unreachable_persons", "persons in unreachable shelters (most)", "persons", 1},
    {"warnings", "warnings", "", 1},
};

std::string number(const std::optional<double>& v, const std::string& unit, bool signed_diff) {
  if (!v) return "—";
  double x = *v;
  std::string u;
  int decimals = 0;
  if (unit == "s") {
    x /= 3600.0;
    u = " h";
    decimals = 2;
  } else if (unit == "m" || unit == "km2") {
    decimals = 2;
  }
  if (std::fabs(x) < 0.5 * std::pow(10.0, -decimals)) x = 0.0;  // no "-0"
  std::string s = fmt::format("{:.{}f}", x, decimals);
  if (signed_diff && x > 0) s = "+" + s;
  return s + u;
}

std::optional<double> diff(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

std::string raw(const std::optional<double>& v) {
  return v ? fmt::format("{}", *v) : std::string();
}

/// Display width of UTF-8 text (code points; the em dash counts one).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, std::size_t w, bool left) {
  const std::size_t n = width(s);
  const std::string fill(n < w ? w - n : 0, ' ');
  return left ? s + fill : fill + s;
}

std::string folder_of(const std::string& run) {
  const fs::path p = fs::path(run).lexically_normal();
  return p.filename().empty() ? p.parent_path().filename().string() : p.filename().string();
}

/// The run's folder name; its path as given when another run has the same folder name.
std::string run_name(const CompareTable& t, std::size_t r) {
  const std::string name = folder_of(t.runs[r]);
  for (std::size_t k = 0; k < t.runs.size(); ++k)
    if (k != r && folder_of(t.runs[k]) == name) return t.runs[r];
  return name;
}

}  // namespace

json read_finished_summary(const fs::path& run) {
  if (!fs::is_directory(run))
    throw InputError(fmt::format("{}: not a folder. Give the output folder of a run",
                                 run.string()));
  const json manifest = read_json(run / "manifest.json", run, "manifest.json");
  const std::string status = manifest.value("status", std::string("(none)"));
  if (status != "complete") {
    std::string why;
    if (manifest.contains("error") && manifest["error"].is_string())
      why = manifest["error"].get<std::string>();
    throw InputError(fmt::format(
        "{}: the run is not complete (manifest.json status '{}'{}). Compare finished runs "
        "only: run the scenario to its end first",
        run.string(), status, why.empty() ? "" : ": " + why));
  }
  return read_json(run / "summary.json", run, "summary.json");
}

CompareTable compare_runs(const std::vector<fs::path>& runs) {
  if (runs.empty()) throw InputError("compare: no runs given. Name the folders of finished runs");
  CompareTable t;
  std::vector<json> summaries;
  for (const fs::path& run : runs) {
    summaries.push_back(read_finished_summary(run));
    t.runs.push_back(run.string());
    t.scenarios.push_back(summaries.back().value("scenario", std::string()));
  }
  for (const RowDef& d : kRows) {
    CompareRow row{d.key, d.label, d.unit, d.worse, {}};
    for (const json& s : summaries) {
      auto v = at_path(s, d.key);
      // Classes below the run's exposure threshold are not counted there: not a zero.
      const std::string key = d.key;
      const std::string by_class = "evacuation.exposed_person_h_by_class.";
      if (v && key.rfind(by_class, 0) == 0) {
        const auto min = at_path(s, "evacuation.exposure_class_min");
        if (min && std::stod(key.substr(by_class.size())) < *min) v.reset();
      }
      row.values.push_back(v);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string compare_text(const CompareTable& t) {
  std::vector<std::string> head{""};
  for (std::size_t r = 0; r < t.runs.size(); ++r) {
    head.push_back(run_name(t, r));
    if (r > 0) head.push_back("Δ " + run_name(t, r));
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : t.rows) {
    std::vector<std::string> c{row.label};
    for (std::size_t r = 0; r < t.runs.size(); ++r) {
      c.push_back(number(row.values[r], row.unit, false));
      if (r > 0) c.push_back(number(diff(row.values[0], row.values[r]), row.unit, true));
    }
    cells.push_back(std::move(c));
  }
  std::vector<std::size_t> w(head.size(), 0);
  for (std::size_t k = 0; k < head.size(); ++k) w[k] = width(head[k]);
  for (const auto& c : cells)
    for (std::size_t k = 0; k < c.size(); ++k) w[k] = std::max(w[k], width(c[k]));
  std::ostringstream o;
  for (std::size_t r = 0; r < t.runs.size(); ++r)
    o << fmt::format("{}: {} (scenario '{}')\n", run_name(t, r), t.runs[r], t.scenarios[r]);
  const auto line = [&](const std::vector<std::string>& c) {
    for (std::size_t k = 0; k < c.size(); ++k) o << (k ? "  " : "") << pad(c[k], w[k], k == 0);
    o << "\n";
  };
  line(head);
  std::size_t total = 0;
  for (std::size_t k = 0; k < w.size(); ++k) total += w[k] + (k ? 2 : 0);
  o << std::string(total, '-') << "\n";
  for (const auto& c : cells) line(c);
  return o.str();
}

std::string compare_csv(const CompareTable& t) {
  std::ostringstream o;
  o << "key,label,unit";
  for (std::size_t r = 0; r < t.runs.size(); ++r) o << ',' << csv_field(run_name(t, r));
  for (std::size_t r = 1; r < t.runs.size(); ++r)
    o << ',' << csv_field(run_name(t, r) + "-" + run_name(t, 0));
  o << "\n";
  for (const auto& row : t.rows) {
    o << row.key << ',' << csv_field(row.label.substr(row.label.find_first_not_of(' '))) << ','
      << row.unit;
    for (const auto& v : row.values) o << ',' << raw(v);
    for (std::size_t r = 1; r < t.runs.size(); ++r)
      o << ',' << raw(diff(row.values[0], row.values[r]));
    o << "\n";
  }
  return o.str();
}

std::string compare_html(const CompareTable& t) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<title>floodevac compare</title>\n<style>\n"
       "body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n"
       "table{border-collapse:collapse}th,td{padding:.3em .8em;border-bottom:1px solid #ddd}\n"
       "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
       "td.worse{color:#b00020;font-weight:600}td.better{color:#1b7f3b;font-weight:600}\n"
       "td.sub{padding-left:2em;color:#555}.muted{color:#777}\n"
       "</style></head><body>\n";
  o << "<h1>Runs compared</h1>\n<p class=\"muted\">floodevac " << html_escape(version())
    << "; differences against the first run (red: worse, green: better; — : not in that "
       "run's summary)</p>\n<ul>\n";
  for (std::size_t r = 0; r < t.runs.size(); ++r)
    o << "<li><b>" << html_escape(run_name(t, r)) << "</b>: " << html_escape(t.runs[r])
      << " — scenario '" << html_escape(t.scenarios[r]) << "'</li>\n";
  o << "</ul>\n<table>\n<thead><tr><th></th>";
  for (std::size_t r = 0; r < t.runs.size(); ++r) {
    o << "<th class=\"n\">" << html_escape(run_name(t, r)) << "</th>";
    if (r > 0) o << "<th class=\"n\">Δ " << html_escape(run_name(t, r)) << "</th>";
  }
  o << "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    const bool sub = !row.label.empty() && row.label[0] == ' ';
    const std::string label = row.label.substr(row.label.find_first_not_of(' '));
    o << "<tr><td" << (sub ? " class=\"sub\"" : "") << ">" << html_escape(label)
      << (row.unit.empty() ? "" : " <span class=\"muted\">(" + html_escape(row.unit == "s" ? "h" : row.unit) + ")</span>")
      << "</td>";
    for (std::size_t r = 0; r < t.runs.size(); ++r) {
      o << "<td class=\"n\">" << html_escape(number(row.values[r], row.unit, false)) << "</td>";
      if (r == 0) continue;
      const auto d = diff(row.values[0], row.values[r]);
      const std::string text = number(d, row.unit, true);
      std::string cls = "n";
      if (d && row.worse != 0 && text != "0" && text != "0.00" && text != "0.00 h")
        cls += (*d * row.worse > 0) ? " worse" : " better";
      o << "<td class=\"" << cls << "\">" << html_escape(text) << "</td>";
    }
    o << "</tr>\n";
  }
  o << "</tbody></table>\n</body></html>\n";
  return o.str();
}

BaselineDifference baseline_difference(const json& now, const json& baseline,
                                       const std::string& baseline_dir) {
  BaselineDifference out;
  json rows = json::array();
  std::ostringstream txt;
  txt << fmt::format("baseline: against the finished run {} (scenario '{}')\n", baseline_dir,
                     baseline.value("scenario", std::string()));
  for (const RowDef& d : kRows) {
    const auto a = at_path(now, d.key), b = at_path(baseline, d.key);
    if (!a || !b) continue;
    const double delta = *a - *b;
    rows.push_back({{"key", d.key}, {"label", d.label}, {"unit", d.unit}, {"this", *a},
                    {"baseline", *b}, {"difference", delta}});
    if (std::abs(delta) < 0.5 && std::abs(delta) <= 1e-9 * std::max(std::abs(*a), 1.0)) continue;
    const bool whole = std::string(d.unit) != "m" && std::string(d.unit) != "km2";
    const std::string trimmed = std::string(d.label).substr(std::string(d.label).find_first_not_of(' '));
    const std::string unit = d.unit;
    const char* word = unit == "s"                   ? (delta > 0 ? "s later" : "s earlier")
                       : unit == "m" || unit == "km2" ? (delta > 0 ? "more" : "less")
                                                      : (delta > 0 ? "more" : "fewer");
    txt << fmt::format("baseline: {} {} vs {}: {} {}\n", trimmed,
                       whole ? fmt::format("{:.0f}", *a) : fmt::format("{:.3f}", *a),
                       whole ? fmt::format("{:.0f}", *b) : fmt::format("{:.3f}", *b),
                       whole ? fmt::format("{:.0f}", std::abs(delta))
                             : fmt::format("{:.3f}", std::abs(delta)),
                       word);
  }
  out.json = {{"run", baseline_dir}, {"scenario", baseline.value("scenario", std::string())},
              {"rows", std::move(rows)}};
  out.text = txt.str();
  return out;
}

}  // namespace floodevac::app
