#include "app/view_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "sim/core/error.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;

namespace {

/// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

std::string content_type(const fs::path& p) {
  const std::string e = p.extension().string();
  if (e == ".html") return "text/html; charset=utf-8";
  if (e == ".js") return "text/javascript; charset=utf-8";
  if (e == ".css") return "text/css; charset=utf-8";
  if (e == ".json" || e == ".geojson") return "application/json";
  if (e == ".png") return "image/png";
  if (e == ".txt" || e == ".csv") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void send_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::send(fd, data, n, MSG_NOSIGNAL);
    if (k <= 0) {
      if (k < 0 && errno == EINTR) continue;
      return;  // the browser went away
    }
    data += k;
    n -= static_cast<std::size_t>(k);
  }
}

void respond(int fd, int code, const char* reason, const std::string& type, const std::string& body,
             bool head) {
  std::ostringstream h;
  h << "HTTP/1.0 " << code << ' ' << reason << "\r\nContent-Type: " << type
    << "\r\nContent-Length: " << body.size() << "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
  const std::string hs = h.str();
  send_all(fd, hs.data(), hs.size());
  if (!head) send_all(fd, body.data(), body.size());
}

void handle(int fd, const fs::path& root) {
  // Read the request head (up to 16 KiB, 5 s).
  std::string req;
  char buf[4096];
  while (req.find("\r\n\r\n") == std::string::npos && req.size() < 16384) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0) return;
    const ssize_t k = ::recv(fd, buf, sizeof buf, 0);
    if (k <= 0) return;
    req.append(buf, static_cast<std::size_t>(k));
  }
  std::istringstream line(req.substr(0, req.find("\r\n")));
  std::string method, target;
  line >> method >> target;
  const bool head = method == "HEAD";
  if (method != "GET" && !head) {
    respond(fd, 405, "Method Not Allowed", "text/plain", "GET and HEAD only\n", false);
    return;
  }
  const fs::path file = resolve_request(root, target);
  if (file.empty()) {
    respond(fd, 404, "Not Found", "text/plain", "not found\n", head);
    return;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  respond(fd, 200, "OK", content_type(file), body.str(), head);
}

}  // namespace

fs::path resolve_request(const fs::path& root, const std::string& target) {
  std::string path = target.substr(0, target.find_first_of("?#"));
  std::string decoded;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 &&
        hex_value(path[i + 2]) >= 0) {
      decoded += static_cast<char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
      i += 2;
    } else {
      decoded += path[i];
    }
  }
  if (decoded.empty() || decoded[0] != '/' || decoded.find('\0') != std::string::npos) return {};
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return {};
  fs::path p = fs::weakly_canonical(base / decoded.substr(1), ec);
  if (ec) return {};
  if (fs::is_directory(p, ec)) p /= "index.html";
  p = fs::canonical(p, ec);  // follows links: the target must be inside too
  if (ec || !fs::is_regular_file(p, ec)) return {};
  const auto rel = p.lexically_relative(base);
  if (rel.empty() || *rel.begin() == "..") return {};
  return p;
}

void serve_folder(const fs::path& root, int port, const std::atomic<bool>& stop,
                  const std::function<void(int)>& on_ready) {
  Fd srv(::socket(AF_INET, SOCK_STREAM, 0));
  if (srv.fd < 0) throw InputError(std::string("--serve: no socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(srv.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::bind(srv.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw InputError("--serve: cannot listen on 127.0.0.1:" + std::to_string(port) + ": " +
                     std::strerror(errno) + " (choose another with --port)");
  if (::listen(srv.fd, 64) != 0)
    throw InputError(std::string("--serve: listen failed: ") + std::strerror(errno));
  socklen_t len = sizeof addr;
  ::getsockname(srv.fd, reinterpret_cast<sockaddr*>(&addr), &len);
  on_ready(ntohs(addr.sin_port));
  while (!stop.load()) {
    pollfd p{srv.fd, POLLIN, 0};
    const int r = ::poll(&p, 1, 200);
    if (r <= 0) continue;  // timeout, or EINTR from Ctrl-C: check stop
    Fd client(::accept(srv.fd, nullptr, nullptr));
    if (client.fd < 0) continue;
    handle(client.fd, root);
  }
}

}  // namespace floodevac::app
