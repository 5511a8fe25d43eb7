#pragma once
// manifest.json: what ran (tool, version, the scenario as resolved, threads,
// seed), on what (input checksums), what came out (outputs, figures, mass
// balance, timings) and how it ended. Written when the run starts with status
// "running", and again at the end: "complete", or "failed"/"cancelled" with
// the reason, so a folder never looks finished when it is not.
#include <exception>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/outputs.hpp"
#include "app/scenario.hpp"
#include "app/summary.hpp"
#include "sim/core/grid.hpp"
#include "sim/flood/flood_model.hpp"

namespace floodevac::app {

class Manifest {
 public:
  /// Status "running"; nothing is written until write().
  Manifest(std::filesystem::path file, const Scenario& scenario,
           const std::vector<std::string>& overrides, int threads);

  const std::filesystem::path& file() const { return file_; }
  void set(const std::string& key, nlohmann::json value) { doc_[key] = std::move(value); }
  /// Writes the manifest atomically.
  void write() const;
  /// Status "complete", the finishing time; written.
  void complete();
  /// Status "failed" (or "cancelled") with the error; written when possible. Never throws.
  void fail(const std::exception& error) noexcept;

 private:
  std::filesystem::path file_;
  nlohmann::json doc_;
};

/// Path, size and SHA-256 of every input file.
nlohmann::json inputs_json(const std::vector<std::filesystem::path>& files);
/// Path (relative to the output folder), kind, description and unit of every output.
nlohmann::json outputs_json(const OutputSet& outputs);
/// The manifest's "flood" section: steps, grid, CRS and the figures.
nlohmann::json flood_json(const flood::FloodModel& model, const flood::FloodParams& params,
                          const Grid<float>& dem, const FloodFigures& figures);

}  // namespace floodevac::app
