#pragma once
// SHA-256 (FIPS 180-4) of the inputs for the run manifest, from OpenSSL's EVP API.
#include <filesystem>
#include <string>

namespace floodevac::app {

/// Lower-case hex digest of the file's bytes, read in blocks (a DEM may be
/// larger than memory). Throws InputError naming the file if it cannot be read.
std::string sha256_file(const std::filesystem::path& file);
/// Lower-case hex digest of a byte string.
std::string sha256_bytes(const std::string& bytes);

}  // namespace floodevac::app
