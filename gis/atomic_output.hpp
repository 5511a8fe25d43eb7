#pragma once
// The one way every output file is written (text, COG, GeoJSON): the writer
// fills "<name>.partial" in the same folder, and commit() renames it onto
// <name> once it is complete. A reader never sees a half-written file under
// the final name; a failed write leaves no temporary behind and an existing
// <name> untouched. The suffix is the same for every output, so the
// leftovers of a killed run are easy to find ("*.partial").
//
// One writer per output path at a time (the temporary name is fixed).
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace floodevac::gis {

inline constexpr std::string_view kPartialSuffix = ".partial";

/// "<final_path>.partial".
std::filesystem::path partial_path(const std::filesystem::path& final_path);

/// True for the temporaries an AtomicOutput makes: "<name>.partial" and its
/// companions "<name>.partial<suffix>" (".partial.ovr.tmp", ".partial.aux.xml").
bool is_partial_name(const std::string& file_name);

/// Removes the temporaries a killed writer left in `dir` and its subfolders
/// (regular files and links named as is_partial_name says; links are not
/// followed). Returns what was removed. A missing `dir` is no error.
std::vector<std::filesystem::path> remove_partial_leftovers(const std::filesystem::path& dir);

class AtomicOutput {
 public:
  /// Throws InputError "<context>: ..." when the folder of `final_path` does
  /// not exist or `final_path` is a folder; removes a stale temporary file.
  /// `context` names the output in messages (default: the path).
  explicit AtomicOutput(std::filesystem::path final_path, std::string context = {});
  /// Discards the temporary file unless commit() succeeded.
  ~AtomicOutput();
  AtomicOutput(AtomicOutput&& other) noexcept;
  AtomicOutput& operator=(AtomicOutput&& other) noexcept;
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  const std::filesystem::path& final_path() const { return final_; }
  /// Where the writer writes: partial_path(final_path()).
  const std::filesystem::path& temp_path() const { return temp_; }

  /// A side file the writer may leave next to the temporary one
  /// ("<temp><suffix>", e.g. GDAL's ".aux.xml"): moved to "<final><suffix>"
  /// on commit when it exists, removed on discard.
  void carry_companion(std::string suffix);
  /// A scratch file "<temp><suffix>" (e.g. GDAL's ".ovr.tmp"): removed on
  /// commit and on discard.
  void scratch_companion(std::string suffix);

  /// Renames the temporary file onto the final path and moves the carried
  /// companions. On failure discards everything and throws InputError naming
  /// the output. Calling it twice is an InvariantError.
  void commit();
  /// Removes the temporary file and its companions; no-op after commit().
  void discard() noexcept;
  bool committed() const { return committed_; }

 private:
  std::filesystem::path final_, temp_;
  std::string context_;
  std::vector<std::string> carried_, scratch_;
  bool committed_ = false;
};

}  // namespace floodevac::gis
