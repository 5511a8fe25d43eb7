#include "gis/atomic_output.hpp"

#include <system_error>
#include <utility>

#include "sim/core/error.hpp"

namespace floodevac::gis {

namespace fs = std::filesystem;

namespace {

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove(p, ec);
}

fs::path with_suffix(const fs::path& p, const std::string& suffix) { return fs::path(p.string() + suffix); }

}  // namespace

fs::path partial_path(const fs::path& final_path) {
  return fs::path(final_path.string() + std::string(kPartialSuffix));
}

bool is_partial_name(const std::string& name) {
  const std::string suffix(kPartialSuffix);
  const auto at = name.find(suffix);
  if (at == std::string::npos || at == 0) return false;
  const std::size_t end = at + suffix.size();
  return end == name.size() || name[end] == '.';
}

std::vector<fs::path> remove_partial_leftovers(const fs::path& dir) {
  std::vector<fs::path> removed;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return removed;
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const auto st = it->symlink_status(ec);
    if (ec) break;
    if ((fs::is_regular_file(st) || fs::is_symlink(st)) &&
        is_partial_name(it->path().filename().string()))
      found.push_back(it->path());
  }
  for (const auto& p : found)
    if (fs::remove(p, ec) && !ec) removed.push_back(p);
  return removed;
}

AtomicOutput::AtomicOutput(fs::path final_path, std::string context)
    : final_(std::move(final_path)), temp_(partial_path(final_)), context_(std::move(context)) {
  if (context_.empty()) context_ = final_.string();
  const fs::path parent = final_.parent_path();
  std::error_code ec;
  if (!parent.empty() && !fs::is_directory(parent, ec))
    throw InputError(context_ + ": the output folder '" + parent.string() +
                     "' does not exist; create it or choose another output path");
  if (fs::is_directory(final_, ec))
    throw InputError(context_ + ": the path is a folder; give a file name");
  remove_quietly(temp_);
}

AtomicOutput::~AtomicOutput() { discard(); }

AtomicOutput::AtomicOutput(AtomicOutput&& o) noexcept
    : final_(std::move(o.final_)),
      temp_(std::move(o.temp_)),
      context_(std::move(o.context_)),
      carried_(std::move(o.carried_)),
      scratch_(std::move(o.scratch_)),
      committed_(std::exchange(o.committed_, true)) {}

AtomicOutput& AtomicOutput::operator=(AtomicOutput&& o) noexcept {
  if (this != &o) {
    discard();
    final_ = std::move(o.final_);
    temp_ = std::move(o.temp_);
    context_ = std::move(o.context_);
    carried_ = std::move(o.carried_);
    scratch_ = std::move(o.scratch_);
    committed_ = std::exchange(o.committed_, true);
  }
  return *this;
}

void AtomicOutput::carry_companion(std::string suffix) {
  remove_quietly(with_suffix(temp_, suffix));
  carried_.push_back(std::move(suffix));
}

void AtomicOutput::scratch_companion(std::string suffix) {
  remove_quietly(with_suffix(temp_, suffix));
  scratch_.push_back(std::move(suffix));
}

void AtomicOutput::commit() {
  if (committed_) throw InvariantError(context_ + ": AtomicOutput::commit() called twice");
  std::error_code ec;
  fs::rename(temp_, final_, ec);
  if (ec) {
    discard();
    throw InputError(context_ + ": cannot move the finished file into place (" + ec.message() +
                     "); check that the path is not a folder and that the folder is writable");
  }
  committed_ = true;
  for (const auto& s : scratch_) remove_quietly(with_suffix(temp_, s));
  for (const auto& s : carried_) {
    const fs::path from = with_suffix(temp_, s);
    if (!fs::exists(from, ec)) continue;
    fs::rename(from, with_suffix(final_, s), ec);
    if (ec) remove_quietly(from);
  }
}

void AtomicOutput::discard() noexcept {
  if (committed_) return;
  remove_quietly(temp_);
  for (const auto& s : carried_) remove_quietly(with_suffix(temp_, s));
  for (const auto& s : scratch_) remove_quietly(with_suffix(temp_, s));
}

}  // namespace floodevac::gis
