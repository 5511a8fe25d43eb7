#include "gis/vector/csv_table.hpp"

#include <fstream>
#include <system_error>

#include "gis/vector/text.hpp"
#include "sim/core/error.hpp"

namespace floodevac::gis::detail {

namespace {

/// One record split at commas; double quotes protect commas, "" is a quote.
bool split_record(const std::string& line, std::vector<std::string>& out) {
  out.clear();
  std::string cur;
  bool in_quotes = false, quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c != '"') {
        cur += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        in_quotes = false;
      }
    } else if (c == '"' && trim(cur).empty() && !quoted) {
      cur.clear();
      in_quotes = quoted = true;
    } else if (c == ',') {
      out.push_back(quoted ? cur : std::string(trim(cur)));
      cur.clear();
      quoted = false;
    } else {
      cur += c;
    }
  }
  if (in_quotes) return false;
  out.push_back(quoted ? cur : std::string(trim(cur)));
  return true;
}

}  // namespace

int CsvTable::column(const std::string& name) const {
  const std::string want = lower(name);
  for (std::size_t i = 0; i < header.size(); ++i)
    if (lower(header[i]) == want) return static_cast<int>(i);
  return -1;
}

std::string CsvTable::at(const Row& row, int col) const {
  std::string s = file + ":" + std::to_string(row.line);
  if (col >= 0 && static_cast<std::size_t>(col) < header.size())
    s += ": column '" + header[static_cast<std::size_t>(col)] + "'";
  return s;
}

double CsvTable::number(const Row& row, int col, const std::string& expected) const {
  const std::string& cell = row.cells.at(static_cast<std::size_t>(col));
  const auto v = parse_double(cell);
  if (!v) throw InputError(at(row, col) + ": '" + cell + "' is not a number. Give " + expected);
  return *v;
}

CsvTable read_csv_table(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw InputError(what + " " + path.string() + ": no such file. Check the path in the scenario");
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(what + " " + path.string() + ": not a regular file. Give a CSV file");
  if (std::filesystem::file_size(path, ec) > kMaxCsvTableBytes)
    throw InputError(what + " " + path.string() + ": larger than " +
                     std::to_string(kMaxCsvTableBytes >> 20) + " MiB; not a " + what + " table");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(what + " " + path.string() + ": cannot open the file");
  CsvTable t;
  t.file = path.string();
  std::string line;
  std::vector<std::string> cells;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > kMaxCsvLineBytes)
      throw InputError(t.file + ":" + std::to_string(line_no) + ": the line is longer than " +
                       std::to_string(kMaxCsvLineBytes / 1024) + " KiB; not a " + what + " table");
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto body = trim(line);
    if (body.empty() || body.front() == '#') continue;
    if (!split_record(line, cells))
      throw InputError(t.file + ":" + std::to_string(line_no) +
                       ": a double quote is not closed. Close it or remove it");
    if (t.header.empty()) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i].empty())
          throw InputError(t.file + ":" + std::to_string(line_no) + ": header column " +
                           std::to_string(i + 1) + " has no name. Name every column");
        for (std::size_t j = 0; j < i; ++j)
          if (lower(cells[j]) == lower(cells[i]))
            throw InputError(t.file + ":" + std::to_string(line_no) + ": column '" + cells[i] +
                             "' is named twice. Name every column once");
      }
      t.header = cells;
      continue;
    }
    if (cells.size() != t.header.size())
      throw InputError(t.file + ":" + std::to_string(line_no) + ": " +
                       std::to_string(cells.size()) + " cells, the header has " +
                       std::to_string(t.header.size()) + ". Give one value per column");
    t.rows.push_back({line_no, cells});
  }
  if (t.header.empty())
    throw InputError(t.file + ": empty; a " + what + " table needs a header and rows");
  return t;
}

}  // namespace floodevac::gis::detail
