#include "app/manifest.hpp"

#include <ctime>

#include "app/atomic_file.hpp"
#include "app/checksum.hpp"
#include "gis/crs.hpp"
#include "sim/core/error.hpp"
#include "sim/core/version.hpp"

namespace floodevac::app {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Manifest::Manifest(fs::path file, const Scenario& sc, const std::vector<std::string>& overrides,
                   int threads)
    : file_(std::move(file)) {
  doc_["tool"] = "floodevac";
  doc_["version"] = version();
  doc_["status"] = "running";
  doc_["started_utc"] = utc_now();
  doc_["scenario_file"] = fs::absolute(sc.file).string();
  doc_["overrides"] = overrides;
  doc_["scenario"] = sc.resolved;
  doc_["threads"] = threads;
  doc_["seed"] = sc.seed;
}

void Manifest::write() const {
  as_output(file_, [&] { write_text_atomic(file_, doc_.dump(2) + "\n"); });
}

void Manifest::complete() {
  doc_["status"] = "complete";
  doc_["finished_utc"] = utc_now();
  write();
}

void Manifest::fail(const std::exception& error) noexcept {
  try {
    doc_["status"] = dynamic_cast<const CancelledError*>(&error) ? "cancelled" : "failed";
    doc_["error"] = error.what();
    doc_["finished_utc"] = utc_now();
    write();
  } catch (...) {
  }
}

/// {"1": steps on one thread, "2": ...}: the counts ThreadChoice ran (zeros left out).
json steps_by_threads_json(const std::vector<std::int64_t>& steps) {
  json j = json::object();
  for (std::size_t n = 1; n < steps.size(); ++n)
    if (steps[n] > 0) j[std::to_string(n)] = steps[n];
  return j;
}

json inputs_json(const std::vector<fs::path>& files) {
  json in = json::array();
  for (const auto& p : files) {
    std::error_code ec;
    in.push_back({{"path", fs::absolute(p).string()},
                  {"bytes", static_cast<std::int64_t>(fs::file_size(p, ec))},
                  {"sha256", sha256_file(p)}});
  }
  return in;
}

json outputs_json(const OutputSet& outputs) {
  json outs = json::array();
  for (const auto& o : outputs.records())
    outs.push_back({{"path", outputs.relative(o)},
                    {"kind", o.kind},
                    {"description", o.description},
                    {"unit", o.unit}});
  return outs;
}

json flood_json(const flood::FloodModel& model, const flood::FloodParams& params,
                const Grid<float>& dem, const FloodFigures& figures) {
  return {{"steps", model.steps_taken()},
          {"rows", dem.rows},
          {"cols", dem.cols},
          {"cell_size_m", dem.geo.dx},
          {"crs", gis::crs_describe(dem.crs_wkt)},
          {"max_depth_m", figures.max_depth_m},
          {"flooded_area_km2", figures.flooded_area_km2},
          {"solver",
           {{"scheme", params.scheme == flood::Scheme::fv ? "fv" : "inertial"},
            {"friction", params.friction == flood::Friction::one_d ? "1d" : "2d"}}},
          {"fast_flow_faces", model.diagnostics().fast_flow_faces},
          {"dry_check_scaled_cells", model.diagnostics().scaled_cells},
          {"visited_cell_steps", model.diagnostics().visited_cell_steps},
          {"steps_by_threads", steps_by_threads_json(model.diagnostics().steps_by_threads)}};
}

}  // namespace floodevac::app
