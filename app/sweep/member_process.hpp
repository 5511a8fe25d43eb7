#pragma once
// A sweep member runs as a child process of the same executable
// (`floodevac run BASE --set ... -o MEMBER_DIR`): a member that crashes, runs
// out of memory or is killed cannot take the sweep down with it, and members
// run side by side without sharing OpenMP or GDAL state.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace floodevac::app::sweep {

/// The running executable (/proc/self/exe), the program members are run with.
std::filesystem::path self_executable();

struct ChildExit {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it (then exit_code is -1)
  bool ok() const { return signal == 0 && exit_code == 0; }
  /// "exit code 2" / "killed by signal 11 (Segmentation fault)".
  std::string describe() const;
};

/// Starts `argv` (argv[0] the program) in its own process group (a Ctrl-C on
/// the terminal reaches the sweep, which stops its members once, not twice),
/// stdout and stderr appended to `log_file`. Returns the pid; InputError when
/// it cannot start.
pid_t spawn_member(const std::vector<std::string>& argv, const std::filesystem::path& log_file);

/// Waits for any child (blocking when `block`); nullopt when none has ended.
std::optional<std::pair<pid_t, ChildExit>> wait_child(bool block);

/// The last `max_lines` lines of a text file ("" when unreadable).
std::string tail_lines(const std::filesystem::path& file, int max_lines);

}  // namespace floodevac::app::sweep
