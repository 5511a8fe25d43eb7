#include "sim/policy/activities.hpp"

#include <charconv>
#include <cmath>

#include "sim/policy/config_fail.hpp"

namespace floodevac::policy {
namespace {

constexpr std::string_view kNames[kActivityCount] = {"home",   "work",    "school",
                                                     "market", "outdoor", "tourist"};
constexpr std::string_view kLayers[kActivityCount] = {"",        "workplaces", "schools",
                                                      "markets", "outdoor",    "tourists"};

[[noreturn]] void input_fail(const std::string& file, int line, int column,
                             const std::string& message, const std::string& fix) {
  ErrorContext c;
  c.file = file;
  c.line = line;
  c.column = column;
  c.fix = fix;
  throw InputError(message, c);
}

std::vector<std::string_view> split_csv_line(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      std::string_view f = line.substr(b, i - b);
      while (!f.empty() && (f.front() == ' ' || f.front() == '"')) f.remove_prefix(1);
      while (!f.empty() && (f.back() == ' ' || f.back() == '"' || f.back() == '\r'))
        f.remove_suffix(1);
      out.push_back(f);
      b = i + 1;
    }
  }
  return out;
}

}  // namespace

std::string_view activity_name(Activity a) {
  return kNames[static_cast<int>(a)];
}
std::string_view layer_name(Activity a) {
  return kLayers[static_cast<int>(a)];
}

Activity activity_from_layer(std::string_view layer, const std::string& field) {
  for (int i = 1; i < kActivityCount; ++i)
    if (kLayers[i] == layer) return static_cast<Activity>(i);
  config_fail(field, "unknown activity layer '" + std::string(layer) + "'",
              "use workplaces, schools, markets, outdoor or tourists");
}

std::int32_t DailyProfile::find(std::string_view layer, std::string_view kind) const {
  const std::string full = std::string(layer) + "." + std::string(kind);
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (!kind.empty() && columns[c] == full) return static_cast<std::int32_t>(c);
  for (std::size_t c = 0; c < columns.size(); ++c)
    if (columns[c] == layer) return static_cast<std::int32_t>(c);
  return -1;
}

std::int32_t DailyProfile::column_for(std::string_view layer, std::string_view kind,
                                      const std::string& field) const {
  const std::int32_t c = find(layer, kind);
  if (c < 0)
    config_fail(field,
                "the daily profile has neither a column '" + std::string(layer) + "." +
                    std::string(kind) + "' nor '" + std::string(layer) + "'",
                "add one of these columns to the daily profile");
  return c;
}

void DailyProfile::validate(const std::string& file) const {
  if (shares.size() != columns.size())
    config_fail(file, "the profile has " + std::to_string(columns.size()) + " columns but " +
                          std::to_string(shares.size()) + " share rows");
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].empty()) config_fail(file, "column " + std::to_string(c + 1) + " has no name");
    for (std::size_t d = 0; d < c; ++d)
      if (columns[d] == columns[c]) config_fail(file, "column '" + columns[c] + "' appears twice");
    for (int h = 0; h < 24; ++h) {
      const double v = shares[c][h];
      if (!(v >= 0.0 && v <= 1.0))
        config_fail(file + ": column '" + columns[c] + "', hour " + std::to_string(h),
                    "a share must be in [0, 1]", "write the share of the place's persons present");
    }
  }
}

DailyProfile DailyProfile::from_csv(std::string_view text, const std::string& file) {
  DailyProfile p;
  std::vector<std::string_view> lines;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '\n') {
      lines.push_back(text.substr(b, i - b));
      b = i + 1;
    }
  while (!lines.empty() && (lines.back().empty() || lines.back() == "\r")) lines.pop_back();
  if (lines.empty()) input_fail(file, 1, 0, "empty daily profile", "a header hour,<column>,...");
  const auto header = split_csv_line(lines[0]);
  if (header.empty() || header[0] != "hour")
    input_fail(file, 1, 1, "the first column must be 'hour'", "header hour,<column>,...");
  for (std::size_t c = 1; c < header.size(); ++c) p.columns.emplace_back(header[c]);
  p.shares.assign(p.columns.size(), {});
  if (lines.size() != 25)
    input_fail(file, static_cast<int>(lines.size()), 0,
               "expected 24 rows (hours 0-23), found " + std::to_string(lines.size() - 1),
               "one row per hour of day");
  for (int h = 0; h < 24; ++h) {
    const int line = h + 2;
    const auto f = split_csv_line(lines[h + 1]);
    if (f.size() != header.size())
      input_fail(file, line, 0,
                 "row has " + std::to_string(f.size()) + " fields, the header " +
                     std::to_string(header.size()),
                 "one value per column");
    int hour = -1;
    auto r = std::from_chars(f[0].data(), f[0].data() + f[0].size(), hour);
    if (r.ec != std::errc() || r.ptr != f[0].data() + f[0].size() || hour != h)
      input_fail(file, line, 1, "expected hour " + std::to_string(h), "rows in order 0..23");
    for (std::size_t c = 1; c < f.size(); ++c) {
      double v = 0;
      auto rv = std::from_chars(f[c].data(), f[c].data() + f[c].size(), v);
      if (rv.ec != std::errc() || rv.ptr != f[c].data() + f[c].size() || !(v >= 0.0 && v <= 1.0))
        input_fail(file, line, static_cast<int>(c + 1),
                   "column '" + p.columns[c - 1] + "': '" + std::string(f[c]) +
                       "' is not a share in [0, 1]",
                   "write the share of the place's persons present in that hour");
      p.shares[c - 1][h] = v;
    }
  }
  p.validate(file);
  return p;
}

}  // namespace floodevac::policy
