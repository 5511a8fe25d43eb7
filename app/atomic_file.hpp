#pragma once
// Text outputs written atomically through gis/atomic_output.hpp (the one
// scheme every output uses): a reader never sees a half-written file.
#include <filesystem>
#include <string>

namespace floodevac::app {
/// Writes `content` to "<file>.partial", flushes, then renames onto `file`.
/// Throws InputError naming the file on any failure (and removes the partial file).
void write_text_atomic(const std::filesystem::path& file, const std::string& content);
}  // namespace floodevac::app
