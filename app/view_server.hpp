#pragma once
// `floodevac view RUN_DIR --serve`: a small static HTTP/1.0 file server on 127.0.0.1 for
// the viewer folder (larger runs load faster over HTTP than from file://). GET and HEAD
// only, one request per connection, served one after the other; only regular files under
// the folder are served (a path leaving it, through ".." or a link, is refused with 404).
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace floodevac::app {

/// Serves `root` on 127.0.0.1:port (0: a free port the system picks) until `stop` is set
/// (checked at least every 200 ms). `on_ready` gets the port once it listens. Throws
/// InputError when the port cannot be bound.
void serve_folder(const std::filesystem::path& root, int port, const std::atomic<bool>& stop,
                  const std::function<void(int port)>& on_ready);

/// The file a request path names under `root`, or empty when it names none (outside
/// `root`, not a regular file). "/" and folders give their index.html.
std::filesystem::path resolve_request(const std::filesystem::path& root, const std::string& target);

}  // namespace floodevac::app
