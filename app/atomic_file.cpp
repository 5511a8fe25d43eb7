#include "app/atomic_file.hpp"

#include <fstream>

#include "sim/core/error.hpp"

namespace floodevac::app {

void write_text_atomic(const std::filesystem::path& file, const std::string& content) {
  namespace fs = std::filesystem;
  const fs::path tmp = file.string() + ".partial";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(file.string() + ": cannot create the file (does the output folder exist and is it writable?)");
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError(file.string() + ": write failed (disk full?)");
    }
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError(file.string() + ": cannot rename the finished file into place: " + ec.message());
  }
}

}  // namespace floodevac::app
