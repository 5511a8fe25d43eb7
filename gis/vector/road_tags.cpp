#include "gis/vector/road_tags.hpp"

#include <cctype>
#include <string>

#include "gis/vector/text.hpp"

namespace floodevac::gis {

std::optional<double> parse_maxspeed_kmh(std::string_view value) {
  const std::string v = detail::lower(detail::trim(value));
  std::size_t i = 0;
  while (i < v.size() && (std::isdigit(static_cast<unsigned char>(v[i])) || v[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  const auto num = detail::parse_double(std::string_view(v).substr(0, i));
  if (!num || !(*num > 0)) return std::nullopt;
  const std::string_view unit = detail::trim(std::string_view(v).substr(i));
  double factor = 0;
  if (unit.empty() || unit == "km/h" || unit == "kmh" || unit == "kph")
    factor = 1.0;
  else if (unit == "mph")
    factor = 1.609344;  // international mile, km
  else if (unit == "knots")
    factor = 1.852;  // nautical mile, km
  else
    return std::nullopt;
  return *num * factor;
}

std::optional<double> parse_lanes(std::string_view value) {
  const auto v = detail::parse_double(value);
  if (!v || !(*v > 0) || *v > 50) return std::nullopt;
  return *v;
}

std::optional<Oneway> parse_oneway(std::string_view value) {
  const std::string v = detail::lower(detail::trim(value));
  if (v == "yes" || v == "true" || v == "1") return Oneway::forward;
  if (v == "-1" || v == "reverse") return Oneway::backward;
  if (v == "no" || v == "false" || v == "0") return Oneway::no;
  return std::nullopt;
}

}  // namespace floodevac::gis
