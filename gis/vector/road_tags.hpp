#pragma once
// Parsers of OSM road tag values (https://wiki.openstreetmap.org/wiki/Key:maxspeed,
// Key:lanes, Key:oneway), shared by the OGR and OSM readers and public for
// tests and other readers.
#include <optional>
#include <string_view>

namespace floodevac::gis {

/// "50", "50 km/h", "50kmh", "50 kph", "30 mph", "10 knots" -> km/h.
/// std::nullopt for anything else (including "none", "signals", "CN:urban",
/// "50;60") and for values <= 0 or not finite.
std::optional<double> parse_maxspeed_kmh(std::string_view value);
/// A positive number of lanes ("2", "2.0"); std::nullopt otherwise ("2;3").
std::optional<double> parse_lanes(std::string_view value);
enum class Oneway { no, forward, backward };
/// yes/true/1 -> forward, -1/reverse -> backward, no/false/0 -> no
/// (case-insensitive); std::nullopt for other values.
std::optional<Oneway> parse_oneway(std::string_view value);

}  // namespace floodevac::gis
