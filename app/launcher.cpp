// floodevac — the program a user starts. It sets how OpenMP threads will wait
// (app/omp_wait.hpp: libgomp reads that only when it is loaded), then loads
// the rest of the program, libfloodevac_cli.so beside it, and runs its
// floodevac_main (app/main.cpp). It links neither OpenMP nor GDAL, so every
// library is loaded once, after the setting.
#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "app/omp_wait.hpp"

namespace {

/// The folder of this program: /proc/self/exe, else argv[0]'s folder.
std::string own_folder(const char* argv0) {
  char buf[4096];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  std::string path = n > 0 ? std::string(buf, static_cast<std::size_t>(n))
                           : std::string(argv0 != nullptr ? argv0 : "");
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace

int main(int argc, char** argv) {
  floodevac::app::bound_omp_spinning();  // before libgomp is loaded
  const std::string lib = own_folder(argc > 0 ? argv[0] : nullptr) + "/libfloodevac_cli.so";
  void* handle = dlopen(lib.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    std::fprintf(stderr,
                 "floodevac: cannot load %s: %s\n(the program needs this library beside it: "
                 "rebuild with 'cmake --build build', or copy both files together)\n",
                 lib.c_str(), why != nullptr ? why : "unknown error");
    return 3;  // internal error (app/main.cpp's exit codes)
  }
  using Main = int (*)(int, char**);
  auto entry = reinterpret_cast<Main>(dlsym(handle, "floodevac_main"));
  if (entry == nullptr) {
    std::fprintf(stderr, "floodevac: %s has no floodevac_main (a library of another version?)\n",
                 lib.c_str());
    return 3;
  }
  return entry(argc, argv);
}
