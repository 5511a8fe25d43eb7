#pragma once
// SHA-256 (FIPS 180-4) of a file, for the input checksums in the run manifest.
#include <filesystem>
#include <string>

namespace floodevac::app {
/// Lower-case hex digest of the file's bytes. Throws InputError if unreadable.
std::string sha256_file(const std::filesystem::path& file);
/// Lower-case hex digest of a byte string.
std::string sha256_bytes(const std::string& bytes);
}  // namespace floodevac::app
