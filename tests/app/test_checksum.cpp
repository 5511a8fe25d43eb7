// SHA-256 of the inputs (OpenSSL EVP): known digests, and a file read in
// blocks gives the digest of its whole content.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "app/checksum.hpp"
#include "sim/core/error.hpp"
#include "tests/support/temp_dir.hpp"

namespace floodevac::app {

TEST(Checksum, KnownVectors) {
  // FIPS 180-4 examples.
  EXPECT_EQ(sha256_bytes("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_bytes(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // More than one 64-byte block and a length that is not a multiple of 64.
  EXPECT_EQ(sha256_bytes(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Checksum, FileIsStreamedInBlocks) {
  test::TempDir dir;
  std::ofstream(dir / "abc.txt", std::ios::binary) << "abc";
  EXPECT_EQ(sha256_file(dir / "abc.txt"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Larger than the read buffer (1 MiB) and not a multiple of it.
  std::string big(3 * (1 << 20) + 12345, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::ofstream(dir / "big.bin", std::ios::binary) << big;
  EXPECT_EQ(sha256_file(dir / "big.bin"), sha256_bytes(big));
}

TEST(Checksum, MissingFileNamesIt) {
  test::TempDir dir;
  try {
    sha256_file(dir / "absent.tif");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("absent.tif"), std::string::npos) << e.what();
  }
}

}  // namespace floodevac::app
