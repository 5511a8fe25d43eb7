#pragma once
// `floodevac view RUN_DIR`: the interactive map of a finished run (docs/viewer.md).
// Writes RUN_DIR/viewer/: index.html, viewer.js and viewer.css (viz/viewer/, compiled into
// the binary), MapLibre GL JS and deck.gl with their licences (vendor/, copied from
// viz/web/node_modules, which .ci/install-web.sh fills), images (data/images.js: PNGs as data: URLs, a hillshade of the
// DEM, one PNG of the water per depth snapshot) and the run's data as scripts that set
// globals (data/*.js), so the page opens from file:// with no network.
#include <cstdint>
#include <filesystem>
#include <string>

#include "sim/core/log.hpp"

namespace floodevac::app {

struct ViewerWritten {
  std::filesystem::path folder;  // RUN_DIR/viewer
  std::uintmax_t bytes = 0;      // everything in it
  int frames = 0;                // water frames
  std::size_t trips = 0;         // people's trajectories (0 without outputs.viewer)
};

/// Writes (replaces) RUN_DIR/viewer. Throws InputError when RUN_DIR is not a finished run
/// (manifest.json missing or not "complete"), or when the vendored browser libraries are
/// missing (naming `bash .ci/install-web.sh`).
ViewerWritten write_viewer(const std::filesystem::path& run_dir, const Logger& log);

/// Where the vendored browser libraries are looked for: $FLOODEVAC_WEB_DIR if set, else the
/// viz/web/node_modules of the source tree the binary was built from.
std::filesystem::path web_modules_dir();

}  // namespace floodevac::app
