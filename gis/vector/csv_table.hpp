#pragma once
// Internal: a small CSV table (header + rows, RFC 4180 quotes without embedded line
// breaks, '#' lines and blank lines skipped, a UTF-8 BOM ignored) for the timeline's
// tables (daily profile, ferry timetable). Every row keeps its line number so that
// errors name the file, the line and the column. Not part of the public API.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace floodevac::gis::detail {

struct CsvTable {
  struct Row {
    std::size_t line = 0;  // 1-based line in the file
    std::vector<std::string> cells;
  };
  std::string file;
  std::vector<std::string> header;  // trimmed
  std::vector<Row> rows;

  /// Column index by name (case-insensitive); -1 when absent.
  int column(const std::string& name) const;
  /// "file:line: column 'name'" for messages.
  std::string at(const Row& row, int col) const;
  /// The cell as a finite number; InputError naming the cell when it is not.
  double number(const Row& row, int col, const std::string& expected) const;
};

inline constexpr std::uintmax_t kMaxCsvTableBytes = std::uintmax_t{64} << 20;
inline constexpr std::size_t kMaxCsvLineBytes = 64 * 1024;

/// Reads the table. `what` ("daily profile") starts the messages. Throws InputError: no
/// such file, not a regular file, larger than kMaxCsvTableBytes, a line over
/// kMaxCsvLineBytes, an unbalanced quote, a row whose cell count differs from the
/// header's, an empty or repeated column name, no header.
CsvTable read_csv_table(const std::filesystem::path& path, const std::string& what);

}  // namespace floodevac::gis::detail
