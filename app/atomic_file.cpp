#include "app/atomic_file.hpp"

#include <fstream>

#include "gis/atomic_output.hpp"
#include "sim/core/error.hpp"

namespace floodevac::app {

void write_text_atomic(const std::filesystem::path& file, const std::string& content) {
  gis::AtomicOutput out(file);
  {
    std::ofstream f(out.temp_path(), std::ios::binary | std::ios::trunc);
    if (!f) throw InputError(file.string() + ": cannot create the file (is the output folder writable?)");
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    f.flush();
    if (!f) throw InputError(file.string() + ": write failed (disk full?)");
  }
  out.commit();
}

}  // namespace floodevac::app
