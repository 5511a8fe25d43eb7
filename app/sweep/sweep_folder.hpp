#pragma once
// The folder of a sweep: sweep.json (what the sweep is: base scenario, fixed
// overrides, parameters, design and its members, and a fingerprint of them),
// members/<id>/ (each member's run folder, its member.json and log.txt) and
// status.json (how each member ended). A rerun with another fingerprint is
// refused: results of two different sweeps are never mixed.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/sweep/sweep_design.hpp"

namespace floodevac::app::sweep {

/// The overrides of one member, in the order `run` applies them: the sweep's
/// `set:`, the command line's --set, then the member's parameters.
std::vector<std::string> member_overrides(const SweepSpec& spec,
                                          const std::vector<std::string>& global_sets,
                                          const Member& m);

/// sweep.json's document; "fingerprint" is the SHA-256 of the resolved base
/// scenario (its `set:` and --set applied), the parameters and the members.
nlohmann::json sweep_document(const SweepSpec& spec, const std::vector<std::string>& global_sets,
                              const nlohmann::json& base_resolved,
                              const std::vector<Member>& members);

/// Creates `dir` and writes sweep.json, or checks that the sweep.json found
/// there has the same fingerprint (ConfigError naming what differs, with the
/// fix: another -o, or --restart to clear the folder). `restart` removes the
/// members/, ensemble/ and the sweep's own files first.
void open_sweep_folder(const std::filesystem::path& dir, const nlohmann::json& doc, bool restart);

std::filesystem::path member_dir(const std::filesystem::path& dir, const std::string& id);

/// True when the member's manifest says "complete" and it ran with exactly
/// `overrides` (a folder left by another design, or half-written, is not).
bool member_complete(const std::filesystem::path& member_folder,
                     const std::vector<std::string>& overrides);

/// Status of one member in status.json.
struct MemberStatus {
  std::string id;
  int index = 0;
  std::string state = "pending";  // pending, running, complete, failed, cancelled, skipped
  std::string error;              // failed: how it ended and the last lines of its log
  double wall_s = 0;
  int rank = 0;  // MPI rank that ran it (0 without MPI)
};

void write_status(const std::filesystem::path& dir, const std::vector<MemberStatus>& status);

}  // namespace floodevac::app::sweep
