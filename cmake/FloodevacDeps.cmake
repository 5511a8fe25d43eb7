# One place for every external dependency (PDAL keeps one cmake/<dep>.cmake each;
# ours are few enough for one file). All come from Debian 12 packages installed
# by .ci/install-deps.sh.
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
find_package(GDAL CONFIG REQUIRED)
find_package(GEOS REQUIRED)
find_package(PROJ REQUIRED CONFIG)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(valijson REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)  # SHA-256 of the inputs (EVP API)

# libosmium ships no CMake config in Debian: find its headers and the
# compression/XML libraries it needs ourselves.
find_path(OSMIUM_INCLUDE_DIR osmium/version.hpp REQUIRED)
find_path(PROTOZERO_INCLUDE_DIR protozero/version.hpp REQUIRED)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(EXPAT REQUIRED)
find_package(Threads REQUIRED)
add_library(floodevac_osmium INTERFACE)
target_include_directories(floodevac_osmium SYSTEM INTERFACE ${OSMIUM_INCLUDE_DIR} ${PROTOZERO_INCLUDE_DIR})
target_link_libraries(floodevac_osmium INTERFACE ZLIB::ZLIB BZip2::BZip2 EXPAT::EXPAT Threads::Threads)

if(FLOODEVAC_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# Shelter siting (issue 14): LEMON's network simplex for the capacitated assignment
# (Debian liblemon-dev ships a CMake config with a static liblemon.a) and COIN-OR CBC
# for the siting MIP (pkg-config cbc / osi-clp).
find_package(LEMON CONFIG REQUIRED NAMES lemon)
add_library(floodevac_lemon INTERFACE)
target_include_directories(floodevac_lemon SYSTEM INTERFACE ${LEMON_INCLUDE_DIRS})
target_link_libraries(floodevac_lemon INTERFACE ${LEMON_LIBRARIES})
find_package(PkgConfig REQUIRED)
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc osi-clp)
