#include "app/sweep/sweep_summary.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace floodevac::app::sweep {
namespace {

void flatten(const json& j, const std::string& prefix,
             std::vector<std::pair<std::string, double>>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i) flatten(j[i], prefix + "." + std::to_string(i), out);
  } else if (j.is_number()) {
    out.emplace_back(prefix, j.get<double>());
  } else if (j.is_boolean()) {
    out.emplace_back(prefix, j.get<bool>() ? 1.0 : 0.0);
  }
}

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == s.npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string cell(const json& v) {
  if (v.is_string()) return csv_text(v.get<std::string>());
  return csv_text(value_text(v));
}

}  // namespace

std::vector<std::pair<std::string, double>> flatten_numbers(const json& doc) {
  std::vector<std::pair<std::string, double>> out;
  flatten(doc, "", out);
  return out;
}

SweepTable collect_table(const SweepSpec& spec, const std::vector<Member>& members,
                         const std::vector<MemberStatus>& status, const fs::path& dir) {
  SweepTable t;
  for (const auto& p : spec.parameters) t.parameters.push_back(p.name);
  std::map<std::string, std::size_t> col;
  std::vector<std::vector<std::pair<std::string, double>>> numbers(members.size());
  for (std::size_t m = 0; m < members.size(); ++m) {
    if (status[m].state != "complete") continue;
    std::ifstream in(member_dir(dir, members[m].id) / "summary.json");
    if (!in) continue;
    try {
      numbers[m] = flatten_numbers(json::parse(in));
    } catch (const std::exception&) {
      continue;
    }
    for (const auto& [k, v] : numbers[m])
      if (col.emplace(k, t.metrics.size()).second) t.metrics.push_back(k);
  }
  for (std::size_t m = 0; m < members.size(); ++m) {
    SweepTable::Row r;
    r.index = members[m].index;
    r.id = members[m].id;
    r.state = status[m].state;
    r.error = status[m].error;
    r.values = members[m].values;
    r.metrics.assign(t.metrics.size(), std::nullopt);
    for (const auto& [k, v] : numbers[m]) r.metrics[col[k]] = v;
    t.rows.push_back(std::move(r));
  }
  return t;
}

std::string table_csv(const SweepTable& t) {
  std::ostringstream s;
  s << "index,id,state";
  for (const auto& p : t.parameters) s << "," << csv_text(p);
  for (const auto& m : t.metrics) s << "," << csv_text(m);
  s << ",error\n";
  for (const auto& r : t.rows) {
    s << r.index << "," << r.id << "," << r.state;
    for (const auto& v : r.values) s << "," << cell(v);
    for (const auto& m : r.metrics) s << "," << (m ? fmt::format("{}", *m) : std::string());
    // The error's first line (the full text is in status.json and the member's log.txt).
    s << "," << csv_text(r.error.substr(0, r.error.find('\n'))) << "\n";
  }
  return s.str();
}

}  // namespace floodevac::app::sweep
