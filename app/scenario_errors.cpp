#include "app/scenario_errors.hpp"

#include <cctype>

namespace floodevac::app {

namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// If `text` at `pos` starts with the member (as a whole word), the pointer it maps to.
std::optional<std::string> match_at(const std::string& text, std::size_t pos,
                                    const FieldSource& f) {
  const bool list = f.member.size() > 3 && f.member.compare(f.member.size() - 3, 3, "[#]") == 0;
  const std::string name = list ? f.member.substr(0, f.member.size() - 3) : f.member;
  if (text.compare(pos, name.size(), name) != 0) return std::nullopt;
  std::size_t end = pos + name.size();
  if (!list) {
    if (end < text.size() && word_char(text[end])) return std::nullopt;
    return f.pointer;
  }
  if (end >= text.size() || text[end] != '[') return std::nullopt;
  std::size_t close = end + 1;
  while (close < text.size() && std::isdigit(static_cast<unsigned char>(text[close]))) ++close;
  if (close == end + 1 || close >= text.size() || text[close] != ']') return std::nullopt;
  std::string pointer = f.pointer;
  pointer.replace(pointer.find('#'), 1, text.substr(end + 1, close - end - 1));
  if (close + 1 < text.size() && text[close + 1] == '.') {
    std::size_t sub = close + 2;
    while (sub < text.size() && word_char(text[sub])) ++sub;
    if (sub > close + 2) pointer += "/" + text.substr(close + 2, sub - close - 2);
  }
  return pointer;
}

}  // namespace

const FieldSources& flood_fields() {
  static const FieldSources f = {
      {"theta", "/flood/solver/theta"},
      {"cfl_alpha", "/flood/solver/cfl_alpha"},
      {"max_dt_s", "/flood/solver/max_dt_s"},
      {"h_dry_m", "/flood/solver/h_dry_m"},
      {"infiltration_mm_h", "/flood/losses/infiltration_mm_h"},
      {"drainage_mm_h", "/flood/losses/drainage_mm_h"},
      {"inundation_threshold_m", "/flood/inundation_threshold_m"},
      {"manning_n", "/flood/manning"},
      {"boundaries[#]", "/flood/boundaries/#"},
      {"inflows[#]", "/flood/inflows/#"},
      {"breaches[#]", "/flood/breaches/#"},
      {"breaches", "/flood/breaches"},
      {"rain.uniform_mm_h", "/flood/rain/uniform_mm_h"},
      {"rain.frames_mm_h[#]", "/flood/rain/grids/#"},
      {"rain.frame_t_s", "/flood/rain/grids"},
  };
  return f;
}

const FieldSources& movement_fields() {
  static const FieldSources f = {
      {"step_s", "/evacuation/movement/step_s"},
      {"reroute_interval_s", "/evacuation/movement/reroute_interval_s"},
      {"vehicle_spacing_m", "/evacuation/movement/vehicle_spacing_m"},
      {"walk_speed_mps", "/evacuation/movement/walk_speed_mps"},
      {"exposure_class_min", "/evacuation/exposure/hazard_class_threshold"},
      {"gridlock_stuck_time_s", "/evacuation/gridlock/stuck_time_s"},
      {"output_interval_s", "/time/coupling_interval_s"},
  };
  return f;
}

const FieldSources& demand_fields() {
  static const FieldSources f = {
      {"t50_s", "/evacuation/demand/t50_s"},
      {"scale_s", "/evacuation/demand/scale_s"},
      {"lambda_s", "/evacuation/demand/scale_s"},
      {"sigma_s", "/evacuation/demand/scale_s"},
      {"shape_k", "/evacuation/demand/shape"},
      {"order_time_s", "/evacuation/demand/order_time_s"},
      {"compliance", "/evacuation/demand/compliance"},
      {"car_share", "/evacuation/demand/car_share"},
      {"occupancy", "/evacuation/demand/occupancy"},
  };
  return f;
}

std::optional<std::string> named_field(const Error& error, const FieldSources& fields) {
  const std::string& given = error.context().field;
  if (!given.empty()) {
    for (const auto& f : fields)
      if (auto p = match_at(given, 0, f)) return p;
  }
  const std::string text = error.message();
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if (pos > 0 && (word_char(text[pos - 1]) || text[pos - 1] == '.')) continue;
    for (const auto& f : fields)
      if (auto p = match_at(text, pos, f)) return p;
  }
  return std::nullopt;
}

std::optional<ErrorContext> scenario_context(const Error& error, const SourceMap& sources,
                                             const FieldSources& fields) {
  if (!error.context().file.empty()) return std::nullopt;
  const auto pointer = named_field(error, fields);
  if (!pointer) return std::nullopt;
  ErrorContext c = sources.locate(*pointer);
  c.fix = error.context().fix;
  return c;
}

}  // namespace floodevac::app
