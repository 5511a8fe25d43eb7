#include "app/sweep/member_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>

#include "sim/core/error.hpp"

extern char** environ;

namespace floodevac::app::sweep {

std::filesystem::path self_executable() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw InputError("cannot find the running executable (/proc/self/exe): " + ec.message());
  return p;
}

std::string ChildExit::describe() const {
  if (signal != 0) return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exit code " + std::to_string(exit_code);
}

pid_t spawn_member(const std::vector<std::string>& argv, const std::filesystem::path& log_file) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&attr);
  const std::string log = log_file.string();
  posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0644);
  posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    throw InputError("cannot start a member (" + argv[0] + "): " + std::strerror(rc));
  return pid;
}

std::optional<std::pair<pid_t, ChildExit>> wait_child(bool block) {
  int status = 0;
  pid_t pid;
  do pid = waitpid(-1, &status, block ? 0 : WNOHANG);
  while (pid < 0 && errno == EINTR);
  if (pid <= 0) return std::nullopt;
  ChildExit e;
  if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  return std::make_pair(pid, e);
}

std::string tail_lines(const std::filesystem::path& file, int max_lines) {
  std::ifstream in(file);
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find('\r') != line.npos) line = line.substr(line.rfind('\r') + 1);  // progress bars
    last.push_back(line);
    if (static_cast<int>(last.size()) > max_lines) last.pop_front();
  }
  std::string s;
  for (const auto& l : last) s += l + "\n";
  return s;
}

}  // namespace floodevac::app::sweep
